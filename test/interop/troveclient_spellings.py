#!/usr/bin/python3
"""Print, as JSON, every command-line spelling python-troveclient 8 accepts.

Builds troveclient's own argparse parsers -- the legacy `trove` shell's
subcommand parser (troveclient.shell) and each `openstack database ...`
command's parser (the openstack.database.v1 entry points) -- and lists, for
every command, its positional arguments and its options as argparse holds
them: option strings, dest, nargs, action, type and choices. cliff's output
formatter options (-f, -c, --noindent, ...) are left out: they are the
output layer's, not the operation's input.

    {"legacy": {"create": {"positionals": [...], "options": [...]}, ...},
     "osc": {"database_instance_create": {...}, ...}}
"""
import argparse
import json
from importlib.metadata import entry_points

from troveclient import shell

FORMATTER_GROUPS = {'output formatters', 'json formatter', 'shell formatter', 'table formatter', 'csv formatter', 'value formatter'}


def describe(parser, skip_groups=()):
    skipped = {id(a) for g in parser._action_groups if g.title in skip_groups for a in g._group_actions}
    positionals, options = [], []
    for a in parser._actions:
        if isinstance(a, argparse._HelpAction) or id(a) in skipped:
            continue
        kind = type(a).__name__.strip('_').replace('Action', '').lower()  # store, storetrue, append
        spec = {
            'dest': a.dest,
            'nargs': a.nargs,
            'action': kind,
            'type': getattr(a.type, '__name__', None) if a.type else None,
            'choices': list(a.choices) if a.choices else None,
            'required': bool(a.required),
            'hidden': a.help == argparse.SUPPRESS,
        }
        if a.option_strings:
            options.append({**spec, 'strings': list(a.option_strings)})
        else:
            positionals.append(spec)
    return {'positionals': positionals, 'options': options}


def legacy():
    sh = shell.OpenStackTroveShell()
    sh.extensions = []
    parser = sh.get_subcommand_parser('1.0', [])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: describe(p) for name, p in sorted(sub.choices.items()) if name not in ('help', 'bash-completion', 'bash_completion')}


def osc():
    out = {}
    for ep in sorted(entry_points(group='openstack.database.v1'), key=lambda e: e.name):
        cls = ep.load()
        parser = cls(None, None).get_parser('openstack ' + ep.name.replace('_', ' '))
        out[ep.name] = describe(parser, FORMATTER_GROUPS)
    return out


if __name__ == '__main__':
    print(json.dumps({'legacy': legacy(), 'osc': osc()}))
