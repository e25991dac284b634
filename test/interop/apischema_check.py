#!/usr/bin/python3
"""Validate values against Trove 18's own API schema pieces.

Reads JSON [[schema_name, value], ...] on stdin and prints a JSON list of
booleans: does trove.common.apischema.<schema_name> accept the value, with
the Draft4 validator Trove's WSGI layer uses (trove/common/wsgi.py).
`instance_replica_count` is the replica_count property of instance create.
"""
import json
import sys

import jsonschema
from trove.common import apischema

SCHEMAS = {
    'non_empty_string': apischema.non_empty_string,
    'name_string': apischema.name_string,
    'host_string': apischema.host_string,
    'uuid': apischema.uuid,
    'ip_address_v4': apischema.ip_address_v4,
    'volume_size': apischema.volume_size,
    'instance_replica_count': apischema.instance['create']['properties']['instance']['properties']['replica_count'],
    'allowed_cidr': apischema.instance['create']['properties']['instance']['properties']['access']['properties']['allowed_cidrs']['items'],
}

cases = json.load(sys.stdin)
print(json.dumps([jsonschema.Draft4Validator(SCHEMAS[name]).is_valid(value) for name, value in cases]))
