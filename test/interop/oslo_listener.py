"""Consume trove-notify's messages with the real oslo.messaging notification
listener and print what it hands its endpoints, one JSON object per line.

usage: oslo_listener.py URL EXCHANGE TOPIC COUNT TIMEOUT_S [CONFIG_FILE]
CONFIG_FILE: an oslo.config file, e.g. [oslo_messaging_rabbit] options
(ssl, ssl_ca_file, rabbit_quorum_queue, ...) the listener connects with.
Run with Debian's /usr/bin/python3 (python3-oslo.messaging).
"""
import json
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging

url, exchange, topic, count, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
config_args = ['--config-file', sys.argv[6]] if len(sys.argv) > 6 else []
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
    print(json.dumps(r, default=str), flush=True)
