"""Validate documents against a JSON Schema with the python jsonschema library (draft 2020-12).

Usage: json_schema_validate.py SCHEMA.json [DEF] < documents.jsonl
DEF names a $defs entry to validate against instead of the root (e.g. envelope).
Prints one JSON line per document: a list of error messages (empty when valid).
The schema itself is checked against the draft 2020-12 metaschema first.
"""
import json
import sys

from jsonschema import Draft202012Validator


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    target = schema
    if len(sys.argv) > 2:
        target = {'$ref': '#/$defs/' + sys.argv[2], '$defs': schema['$defs']}
    validator = Draft202012Validator(target)
    for line in sys.stdin:
        if line.strip():
            doc = json.loads(line)
            print(json.dumps(sorted(e.message for e in validator.iter_errors(doc))))


if __name__ == '__main__':
    main()
