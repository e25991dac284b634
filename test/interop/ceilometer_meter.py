"""Consume trove-notify's messages the way Ceilometer does, and print what it makes of them.

Usage: ceilometer_meter.py URL EXCHANGE TOPIC EXPECTED [TIMEOUT_S]

A real oslo.messaging batch notification listener (as Ceilometer's
notification agent runs) consumes `<TOPIC>.info` on EXCHANGE and hands each
batch to Ceilometer's own meter endpoint (ProcessMeterNotifications with the
stock meters.yaml, where trove.instance.exists is a cumulative meter whose
volume is the timedelta plugin over audit_period_beginning/ending). Every
timestamp in a payload is also run through Ceilometer's event trait converter
(models.Trait.convert_value, DATETIME). Prints one JSON document:
{"messages": N, "samples": [{name, volume, resource_id, project_id, user_id}],
 "timestamps": {field: count parsed}, "failures": [...]}.
"""
import json
import sys
import threading
import time

import oslo_messaging

from ceilometer import service
from ceilometer.event import models
from ceilometer.meter import notifications

TIME_FIELDS = ('audit_period_beginning', 'audit_period_ending', 'updated', 'launched_at', 'created_at', 'deleted_at')


def main():
    url, exchange, topic, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 20.0
    conf = service.prepare_service(argv=[], config_files=[])
    samples, failures, parsed = [], [], {}
    seen = [0]
    done = threading.Event()

    class Recorder(object):
        """The publisher Ceilometer's endpoint hands its samples to."""
        def __enter__(self):
            return lambda batch: samples.extend(batch)

        def __exit__(self, *exc):
            return False

    class Endpoint(notifications.ProcessMeterNotifications):
        def info(self, batch):
            for message in batch:
                payload = message.get('payload') or {}
                for field in TIME_FIELDS:
                    if field in payload:
                        try:
                            models.Trait.convert_value(models.Trait.DATETIME_TYPE, payload[field])
                            parsed[field] = parsed.get(field, 0) + 1
                        except Exception as err:  # noqa: BLE001 - report any parse failure
                            failures.append('%s %s=%r: %s' % (message.get('event_type'), field, payload[field], err))
            result = super(Endpoint, self).info(batch)
            seen[0] += len(batch)
            if seen[0] >= expected:
                done.set()
            return result

    # oslo reads amqp:// as AMQP 1.0; RabbitMQ's AMQP 0-9-1 driver is rabbit://
    url = 'rabbit://' + url.split('://', 1)[1] if url.startswith('amqp://') else url
    transport = oslo_messaging.get_notification_transport(conf, url=url)
    target = oslo_messaging.Target(topic=topic, exchange=exchange)
    listener = oslo_messaging.get_batch_notification_listener(
        transport, [target], [Endpoint(conf, Recorder())], executor='threading',
        batch_size=100, batch_timeout=0.2)
    listener.start()
    done.wait(timeout)
    listener.stop()
    listener.wait()
    print(json.dumps({
        'messages': seen[0],
        'samples': [{'name': s.name, 'volume': s.volume, 'resource_id': s.resource_id,
                     'project_id': s.project_id, 'user_id': s.user_id} for s in samples],
        'timestamps': parsed,
        'failures': failures,
    }))


if __name__ == '__main__':
    main()
