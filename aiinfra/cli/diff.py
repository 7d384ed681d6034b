"""``aiinfra diff``: what a change does to the plans, for a pull-request review."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aiinfra.cli import exitcodes

FORMATS = ("text", "json", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra diff``."""
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="BASE NEW | STACK",
        help="two plan documents (`aiinfra plan --format json` output: BASE.json NEW.json); "
        "with --base, stack names to plan on both sides (default: all)",
    )
    parser.add_argument(
        "--base",
        metavar="REF",
        help="compare the working tree with this git ref (branch, tag or commit), each planned by its own code",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for a terminal, markdown for a pull/merge-request comment, json for tools (default: text)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the diff to FILE instead of stdout")


def _fail(message: str) -> int:
    print(f"aiinfra diff: {message}", file=sys.stderr)
    return exitcodes.INVALID_INPUT


def _read_document(path: str) -> object:
    from aiinfra.errors import InputError
    from aiinfra.policies.yamlfile import shorten

    file = Path(path)
    if not file.is_file():
        raise InputError(f"plan document {shorten(path)} does not exist")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{shorten(path)}: not JSON ({exc.__class__.__name__}: {str(exc)[:80]})") from None


def run(args: argparse.Namespace) -> int:
    """Diff two plan documents or the working tree against ``--base``; exit 1 when new mandatory
    findings appear, 2 on invalid input."""
    from aiinfra.diff import DiffInputError, diff_documents
    from aiinfra.diff_render import diff_json, diff_markdown, diff_text
    from aiinfra.errors import InputError

    try:
        if args.base is not None:
            from aiinfra.diff_base import plan_against_ref
            from aiinfra.stacks import project_root

            base, new, base_label = plan_against_ref(project_root(), args.base, args.inputs)
            new_label = "working tree"
        else:
            if len(args.inputs) != 2:
                return _fail(
                    f"give two plan documents (BASE.json NEW.json) or --base REF; got {len(args.inputs)} argument(s)"
                )
            base, new = (_read_document(p) for p in args.inputs)
            base_label, new_label = args.inputs
        diff = diff_documents(base, new, base_label=base_label, new_label=new_label)
    except (InputError, DiffInputError) as exc:
        return _fail(str(exc))
    render = {"text": diff_text, "json": diff_json, "markdown": diff_markdown}[args.format]
    text = render(diff)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"--output {args.output!r}: cannot write ({exc.strerror or exc})")
    else:
        sys.stdout.write(text)
    return exitcodes.VIOLATIONS if diff["summary"]["new_mandatory_findings"] else exitcodes.OK
