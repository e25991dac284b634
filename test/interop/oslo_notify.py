"""Publish one notification per case with the real oslo.messaging notifier,
each case with its own [oslo_messaging_rabbit] options, so a test can look at
what oslo declared for them (exchange, queue, arguments) and compare it with
trove-notify's declarations.

usage: oslo_notify.py URL < CASES_JSON
CASES_JSON: [{"exchange": E, "topic": T, "rabbit": {"rabbit_quorum_queue": true, ...}}, ...]
Prints one JSON line per case: {"ok": true} or {"error": "..."} (what oslo
raised or logged while sending). Run with Debian's /usr/bin/python3.
"""
import json
import logging
import os
import sys
import tempfile

from oslo_config import cfg
import oslo_messaging


class Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += ' (%s: %s)' % (type(record.exc_info[1]).__name__, record.exc_info[1])
        self.messages.append(text)


errors = Errors()
logging.getLogger().addHandler(errors)
logging.getLogger().setLevel(logging.ERROR)

url = sys.argv[1]
for case in json.load(sys.stdin):
    errors.messages.clear()
    fd, path = tempfile.mkstemp(suffix='.conf')
    with os.fdopen(fd, 'w') as f:
        f.write('[DEFAULT]\ncontrol_exchange = %s\n[oslo_messaging_rabbit]\n' % case['exchange'])
        for k, v in case.get('rabbit', {}).items():
            f.write('%s = %s\n' % (k, v))
    conf = cfg.ConfigOpts()
    conf(['--config-file', path], project='trove-notify-interop')
    result = {}
    try:
        transport = oslo_messaging.get_notification_transport(conf, url=url)
        # retry=0: a refused declaration is reported, not retried for ever.
        notifier = oslo_messaging.Notifier(transport, publisher_id='oslo.interop', driver='messagingv2',
                                           topics=[case['topic']], retry=0)
        notifier.info({}, 'dbaas.interop.check', {'case': case['topic']})
        transport.cleanup()
    except Exception as e:  # what oslo raises to its caller
        result['error'] = '%s: %s' % (type(e).__name__, e)
    if 'error' not in result and errors.messages:
        result['error'] = ' | '.join(errors.messages)
    result.setdefault('ok', 'error' not in result)
    os.unlink(path)
    print(json.dumps(result), flush=True)
