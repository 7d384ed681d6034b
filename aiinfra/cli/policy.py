"""``aiinfra policy``: policy-pack tools (``export DIR`` writes a self-contained CrossGuard pack)."""

from __future__ import annotations

import argparse
import sys

from aiinfra.cli import exitcodes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra policy`` (no heavy imports here)."""
    sub = parser.add_subparsers(dest="policy_command", metavar="ACTION", parser_class=type(parser))
    export = sub.add_parser(
        "export",
        help="write a self-contained CrossGuard pack (PulumiPolicy.yaml, __main__.py, rules, requirements.txt)",
    )
    export.add_argument(
        "dir", metavar="DIR", help="destination directory (created; must be empty unless --force)"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="rewrite the pack's files in a non-empty DIR; files the export did not write are kept "
        "(its manifest, DIR/.aiinfra-export.json, lists what it wrote)",
    )


def run(args: argparse.Namespace) -> int:
    """Dispatch ``aiinfra policy ACTION``; exit 2 on invalid input."""
    if getattr(args, "policy_command", None) != "export":
        print("aiinfra policy: give an action: export DIR", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    from aiinfra.policies.export import ExportError, export_pack
    from aiinfra.policies.registry import all_rules

    try:
        written = export_pack(args.dir, force=args.force)
    except (ExportError, OSError) as exc:
        print(f"aiinfra policy export: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    print(f"exported {len(all_rules())} rules to {args.dir} ({len(written)} files)")
    print(f"next: cd {args.dir} && python -m venv venv && venv/bin/pip install -r requirements.txt")
    return exitcodes.OK
