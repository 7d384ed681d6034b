"""``aiinfra check``: the AIP policy pack offline over shipped stacks or any Pulumi Python program."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_jobs_argument, add_quiet_argument, add_stacks_argument
from aiinfra.cli.program import add_program_arguments

FORMATS = ("text", "json", "sarif", "junit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra check`` (no heavy imports here)."""
    add_stacks_argument(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="report format: text (default), json, sarif (code scanning) or junit (CI test reports)",
    )
    parser.add_argument("--waivers", metavar="FILE", help="waiver YAML file (see docs/policies.md#waivers)")
    parser.add_argument(
        "--config", metavar="FILE", help="pack config JSON/YAML, same shape as --policy-pack-config"
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--source-root",
        metavar="DIR",
        help="root SARIF artifact URIs are relative to (%%SRCROOT%%; default: the current directory)",
    )
    parser.add_argument(
        "--with",
        dest="with_scanners",
        action="append",
        choices=("checkov",),
        default=[],
        metavar="SCANNER",
        help="also run a peer scanner on the export and merge its findings (advisory): checkov",
    )
    parser.add_argument(
        "--checkov",
        metavar="PATH",
        help="the checkov executable, or the Python of a venv that has Checkov "
        "(default: $AIINFRA_CHECKOV, then checkov on PATH; never installed into aiinfra's own env)",
    )
    add_program_arguments(parser)
    add_jobs_argument(parser)
    add_quiet_argument(parser)
    from aiinfra.policies.frameworks import framework_keys

    parser.add_argument(
        "--framework",
        choices=framework_keys(),
        help="run only the rules mapped to this compliance framework and add its compliance summary",
    )


def _fail(message: str) -> int:
    print(f"aiinfra check: {message}", file=sys.stderr)
    return exitcodes.INVALID_INPUT


def _checkov_command(args: argparse.Namespace) -> list[str] | None:
    """The Checkov command when ``--with checkov`` was given (raises CheckovMissing, exit 2), else None."""
    if "checkov" not in (getattr(args, "with_scanners", None) or []):
        if getattr(args, "checkov", None):
            from aiinfra.errors import InputError

            raise InputError("--checkov only applies with --with checkov")
        return None
    from aiinfra.export.checkov import checkov_command

    return checkov_command(args.checkov)


def _merge(result, run, command: list[str], root: Path) -> None:
    """Checkov's verdicts on the run's export, merged into ``result``; a summary line on stderr."""
    from aiinfra.export.checkov import merge_checkov

    ran = merge_checkov(result, run, command, root)
    failed = sum(1 for r in ran.results if not r.passed)
    print(
        f"aiinfra check: Checkov {ran.version or '?'} on stack {result.stack}: {ran.resource_count} resources, "
        f"{len(ran.results) - failed} passed, {failed} failed, {len(ran.parsing_errors)} parse errors "
        "(failures an AIP rule with the same peer check judged are left to that rule)",
        file=sys.stderr,
    )


def run(args: argparse.Namespace) -> int:
    """Check; exit 1 on unwaived mandatory violations (or, with --require-coverage, components not
    judged), 2 on invalid input, 3 when a --program raises."""
    from aiinfra.cli.program import (
        program_arguments_error,
        report_context,
        report_failure,
        report_interrupted,
        run_user_program,
    )
    from aiinfra.engine.failure import ProgramFailed
    from aiinfra.engine.stream import Interrupted
    from aiinfra.errors import InputError
    from aiinfra.fleet import planned_or_reported, worst_exit_code
    from aiinfra.policies.compliance import framework_rules, summarize
    from aiinfra.policies.packconfig import ConfigError, PackConfig, load_config
    from aiinfra.policies.runner import evaluate
    from aiinfra.policies.waivers import WaiverError, load_waivers
    from aiinfra.report import render

    if args.program and args.stacks:
        return _fail("give either STACK names or --program, not both")
    problem = program_arguments_error(args)
    if problem:
        return _fail(problem)
    try:
        config = load_config(args.config) if args.config else PackConfig()
        waivers = load_waivers(args.waivers) if args.waivers else None
        framework = getattr(args, "framework", None)
        rules = framework_rules(framework) if framework else None
        checkov = _checkov_command(args)
        checked = []
        failed: list[int] = []
        if args.program:
            hosted = run_user_program(args)
            result = evaluate(hosted.run, config=config, waivers=waivers, rules=rules)
            if checkov:
                _merge(result, hosted.run, checkov, Path(hosted.project.directory))
            checked.append((result, args.program, report_context(hosted, result, args.waivers)))
        else:
            from aiinfra.stacks import stack_names

            refs = args.stacks or stack_names()
            if not refs:
                return _fail("no stacks found in stacks/ (give a STACK or --program)")
            from aiinfra.report.coverage import ReportContext, coverage

            plans, failed = planned_or_reported("aiinfra check", refs, args.jobs, quiet=args.quiet)
            for plan in plans:
                source = str(getattr(plan, "path", "") or "") or None
                result = evaluate(plan.run, config=config, waivers=waivers, rules=rules)
                if checkov:
                    _merge(result, plan.run, checkov, Path.cwd())
                checked.append((result, source, ReportContext(coverage=coverage(plan.run, result))))
    except (InputError, ConfigError, WaiverError) as exc:
        return _fail(str(exc))
    except ProgramFailed as failure:
        return report_failure("check", failure, args.verbose)
    except Interrupted as interrupted:
        return report_interrupted("check", interrupted)
    if framework:
        for item in checked:
            item[0].compliance = summarize(item[0], framework)

    text = render(args.format, checked, source_root=args.source_root)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"cannot write {args.output!r}: {exc.strerror}")
    else:
        sys.stdout.write(text)
    blocking = any(item[0].blocking for item in checked)
    uncovered = args.require_coverage and any(
        len(item) > 2 and item[2].coverage is not None and not item[2].coverage.complete for item in checked
    )
    if uncovered:
        print(
            "aiinfra check: --require-coverage: some components were not judged (see the report)",
            file=sys.stderr,
        )
    return worst_exit_code([*failed, exitcodes.VIOLATIONS if blocking or uncovered else exitcodes.OK])
