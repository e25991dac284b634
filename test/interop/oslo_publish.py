"""Publish notifications with the real oslo.messaging notifier (messagingv2,
as Trove does), one per JSON line of stdin:
  {"event_type": …, "priority": "info"|"error"|…, "publisher_id": …, "payload": {…}, "ctxt": {…}}
Prints {"sent": N} when every one was handed to the broker.

usage: oslo_publish.py URL EXCHANGE TOPIC
Run with Debian's /usr/bin/python3 (python3-oslo.messaging).
"""
import json
import sys

from oslo_config import cfg
import oslo_messaging

url, exchange, topic = sys.argv[1], sys.argv[2], sys.argv[3]
oslo_messaging.set_transport_defaults(control_exchange=exchange)
conf = cfg.ConfigOpts()
conf([], project='trove-notify-interop')
transport = oslo_messaging.get_notification_transport(conf, url=url)
sent = 0
for line in sys.stdin:
    if not line.strip():
        continue
    n = json.loads(line)
    notifier = oslo_messaging.Notifier(transport, publisher_id=n['publisher_id'], driver='messagingv2', topics=[topic])
    getattr(notifier, n.get('priority', 'info'))(n.get('ctxt', {}), n['event_type'], n['payload'])
    sent += 1
transport.cleanup()
print(json.dumps({'sent': sent}), flush=True)
