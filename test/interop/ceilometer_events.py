"""Convert notifications with Ceilometer's own event converter.

Usage: ceilometer_events.py DEFINITIONS.yaml < messages.jsonl

Loads the event definitions with ceilometer.event.converter.setup_events (the
code ceilometer-agent-notification runs), then converts each inner oslo
message read from stdin (one JSON object per line) the way the notification
listener hands it over: ctxt from the _context_* keys, metadata with
message_id and timestamp. Prints one JSON line per message:
{"event_type": ..., "traits": {name: [type, value]}} or {"event_type": ..., "dropped": true}.
"""
import json
import sys

from oslo_config import cfg
from stevedore import extension

from ceilometer.event import converter
from ceilometer.event import models

TYPE_NAMES = {models.Trait.TEXT_TYPE: 'text', models.Trait.INT_TYPE: 'int',
              models.Trait.FLOAT_TYPE: 'float', models.Trait.DATETIME_TYPE: 'datetime'}


def main():
    conf = cfg.ConfigOpts()
    conf.register_opts(converter.OPTS, group='event')
    conf([], project='ceilometer')
    conf.set_override('definitions_cfg_file', sys.argv[1], group='event')
    conf.set_override('drop_unmatched_notifications', True, group='event')
    plugins = extension.ExtensionManager(namespace='ceilometer.event.trait_plugin')
    conv = converter.setup_events(conf, plugins)
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        body = {
            'ctxt': {k[len('_context_'):]: v for k, v in msg.items() if k.startswith('_context_')},
            'publisher_id': msg['publisher_id'],
            'event_type': msg['event_type'],
            'payload': msg['payload'],
            'metadata': {'message_id': msg['message_id'], 'timestamp': msg['timestamp']},
        }
        event = conv.to_event(msg['priority'].lower(), body)
        if event is None:
            print(json.dumps({'event_type': msg['event_type'], 'dropped': True}))
            continue
        traits = {t.name: [TYPE_NAMES[t.dtype], t.value.isoformat() if hasattr(t.value, 'isoformat') else t.value]
                  for t in event.traits}
        print(json.dumps({'event_type': event.event_type, 'message_id': event.message_id,
                          'generated': event.generated.isoformat(), 'traits': traits}))


if __name__ == '__main__':
    main()
