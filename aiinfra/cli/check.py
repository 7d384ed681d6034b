"""``aiinfra check``: the AIP policy pack offline over shipped stacks or any Pulumi Python program."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_stacks_argument

FORMATS = ("text", "json", "sarif", "junit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra check`` (no heavy imports here)."""
    add_stacks_argument(parser)
    parser.add_argument(
        "--program", metavar="FILE.py", help="check a Pulumi Python program file instead of stacks"
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--waivers", metavar="FILE", help="waiver YAML file (see docs/policies.md#waivers)")
    parser.add_argument(
        "--config", metavar="FILE", help="pack config JSON/YAML, same shape as --policy-pack-config"
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--stack-name", default="dev", help="stack name for --program runs (default: dev)")
    from aiinfra.policies.frameworks import framework_keys

    parser.add_argument(
        "--framework",
        choices=framework_keys(),
        help="run only the rules mapped to this compliance framework and add its compliance summary",
    )


def _fail(message: str) -> int:
    print(f"aiinfra check: {message}", file=sys.stderr)
    return exitcodes.INVALID_INPUT


def _run_program(path: str, stack: str):
    from aiinfra.engine.run import run_program_file

    program = Path(path)
    if not program.is_file():
        raise _CheckInputError(f"program file {path!r} does not exist")
    try:
        return run_program_file(program, stack=stack)
    except Exception as exc:  # a program that raises is invalid input, reported in one line
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise _CheckInputError(
            f"program {path!r} failed: {type(exc).__name__}{': ' + detail if detail else ''}"
        ) from None


class _CheckInputError(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    """Check; exit 1 on unwaived mandatory violations, 2 on invalid input."""
    from aiinfra.errors import InputError
    from aiinfra.policies.compliance import framework_rules, summarize
    from aiinfra.policies.packconfig import ConfigError, PackConfig, load_config
    from aiinfra.policies.runner import evaluate
    from aiinfra.policies.waivers import WaiverError, load_waivers
    from aiinfra.report import render

    if args.program and args.stacks:
        return _fail("give either STACK names or --program, not both")
    try:
        config = load_config(args.config) if args.config else PackConfig()
        waivers = load_waivers(args.waivers) if args.waivers else None
        framework = getattr(args, "framework", None)
        rules = framework_rules(framework) if framework else None
        checked = []
        if args.program:
            run_ = _run_program(args.program, args.stack_name)
            checked.append((evaluate(run_, config=config, waivers=waivers, rules=rules), args.program))
        else:
            from aiinfra.plan import plan_stack
            from aiinfra.stacks import stack_names

            refs = args.stacks or stack_names()
            if not refs:
                return _fail("no stacks found in stacks/ (give a STACK or --program)")
            for ref in refs:
                plan = plan_stack(ref)
                source = str(getattr(plan, "path", "") or "") or None
                checked.append((evaluate(plan.run, config=config, waivers=waivers, rules=rules), source))
    except (InputError, ConfigError, WaiverError, _CheckInputError) as exc:
        return _fail(str(exc))
    if framework:
        for result, _ in checked:
            result.compliance = summarize(result, framework)

    text = render(args.format, checked)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"cannot write {args.output!r}: {exc.strerror}")
    else:
        sys.stdout.write(text)
    blocking = any(result.blocking for result, _ in checked)
    return exitcodes.VIOLATIONS if blocking else exitcodes.OK
