"""``aiinfra schema``: the JSON Schema of a stack file's ``aiinfra:platform`` object.

Generated from the blueprints' pydantic models (the same source as docs/config-reference.md and
the published ``schema/stack.schema.json``). Imports pydantic models only, never a cloud API.
"""

from __future__ import annotations

import argparse
import json
import sys

from aiinfra.cli import exitcodes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``aiinfra schema``."""
    from aiinfra.blueprints import BLUEPRINTS

    parser.add_argument(
        "--blueprint",
        metavar="NAME",
        help=f"only this blueprint's settings ({', '.join(BLUEPRINTS)}); default: all, picked by 'blueprint'",
    )
    parser.add_argument(
        "--stack-file",
        action="store_true",
        help="the schema of a whole stack file (config.aiinfra:platform), as schema/stack.schema.json",
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema as JSON; exit 2 for an unknown blueprint."""
    from aiinfra.errors import InputError
    from aiinfra.schema import platform_schema, stack_file_schema

    try:
        if args.stack_file:
            if args.blueprint is not None:
                raise InputError("--stack-file: covers every blueprint; drop --blueprint")
            schema = stack_file_schema()
        else:
            schema = platform_schema(args.blueprint)
    except InputError as exc:
        print(f"aiinfra schema: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    json.dump(schema, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return exitcodes.OK
