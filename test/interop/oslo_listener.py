"""Consume trove-notify's messages with the real oslo.messaging notification
listener and print what it hands its endpoints, one JSON object per line.

usage: oslo_listener.py URL EXCHANGE TOPIC COUNT TIMEOUT_S [CONFIG_FILE] [raw]
CONFIG_FILE: an oslo.config file, e.g. [oslo_messaging_rabbit] options
(ssl, ssl_ca_file, rabbit_quorum_queue, ...) the listener connects with.
With `raw`, each record also carries the AMQP message as the listener's
rabbit driver took it off the wire: `raw_body` (base64 of the bytes) and
`raw_properties` (kombu's properties and headers, content type and encoding).
Run with Debian's /usr/bin/python3 (python3-oslo.messaging).
"""
import base64
import json
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging

url, exchange, topic, count, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
extra = sys.argv[6:]
raw = 'raw' in extra
config_args = [a for x in extra if x != 'raw' for a in ('--config-file', x)]
raw_by_id = {}
if raw:
    from oslo_messaging._drivers import impl_rabbit
    _init = impl_rabbit.RabbitMessage.__init__

    def _capture(self, raw_message):
        _init(self, raw_message)
        inner = json.loads(self['oslo.message']) if 'oslo.message' in self else dict(self)
        body = raw_message.body
        if isinstance(body, str):  # py-amqp decodes the body with its content_encoding: encode it back
            body = body.encode(raw_message.content_encoding or 'utf-8')
        raw_by_id[inner.get('message_id')] = {
            'raw_body': base64.b64encode(body).decode('ascii'),
            'raw_properties': dict(raw_message.properties, headers=raw_message.headers,
                                   content_type=raw_message.content_type, content_encoding=raw_message.content_encoding),
        }
    impl_rabbit.RabbitMessage.__init__ = _capture
conf = cfg.ConfigOpts()
conf(config_args, project='trove-notify-interop')
transport = oslo_messaging.get_notification_transport(conf, url=url)
received = []
done = threading.Event()
lock = threading.Lock()


class Endpoint(object):
    def _record(self, priority, ctxt, publisher_id, event_type, payload, metadata):
        with lock:
            received.append({'priority': priority, 'ctxt': ctxt, 'publisher_id': publisher_id,
                             'event_type': event_type, 'payload': payload, 'metadata': metadata})
            if len(received) >= count:
                done.set()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('info', ctxt, publisher_id, event_type, payload, metadata)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('error', ctxt, publisher_id, event_type, payload, metadata)


targets = [oslo_messaging.Target(topic=topic, exchange=exchange)]
listener = oslo_messaging.get_notification_listener(transport, targets, [Endpoint()], executor='threading')
listener.start()
print(json.dumps({'ready': True}), flush=True)
done.wait(timeout)
listener.stop()
listener.wait()
transport.cleanup()
for r in received:
    if raw:
        r.update(raw_by_id.get(r['metadata'].get('message_id'), {}))
    print(json.dumps(r, default=str), flush=True)
