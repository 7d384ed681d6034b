"""``aiinfra export``: recorded resources as a Terraform plan JSON document or Kubernetes manifests."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_jobs_argument, add_stacks_argument
from aiinfra.cli.program import add_program_arguments

FORMATS = ("terraform-plan", "kubernetes")
SUFFIX = {"terraform-plan": ".tfplan.json", "kubernetes": ".k8s.yaml"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra export`` (no heavy imports here)."""
    add_stacks_argument(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="terraform-plan",
        help="terraform-plan: `terraform show -json` shape for Checkov/Trivy/OPA (AWS and GCP resources); "
        "kubernetes: the Kubernetes objects as multi-document YAML",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write to PATH instead of stdout; with several stacks PATH is a directory and each stack "
        f"gets PATH/<stack>{SUFFIX['terraform-plan']} (or {SUFFIX['kubernetes']})",
    )
    add_program_arguments(parser)
    add_jobs_argument(parser)


def _fail(message: str) -> int:
    print(f"aiinfra export: {message}", file=sys.stderr)
    return exitcodes.INVALID_INPUT


def recorded_runs(args: argparse.Namespace, command: str) -> tuple[list[tuple[Any, Path | None]], list[int]]:
    """(run, project directory or None) for ``--program`` or each STACK, and the exit codes of stacks
    that could not be planned. Raises InputError, ProgramFailed and Interrupted like ``check`` does."""
    if args.program:
        from aiinfra.cli.program import run_user_program

        hosted = run_user_program(args)
        return [(hosted.run, Path(hosted.project.directory))], []
    from aiinfra.fleet import planned_or_reported
    from aiinfra.stacks import stack_names

    refs = args.stacks or stack_names()
    plans, failed = planned_or_reported(f"aiinfra {command}", refs, args.jobs)
    return [(plan.run, None) for plan in plans], failed


def render(fmt: str, run: Any, root: Path | None) -> tuple[str, str]:
    """(document text, one-line summary) of one run in ``fmt``."""
    if fmt == "kubernetes":
        from aiinfra.export.kubernetes import export_manifests, to_yaml

        manifests = export_manifests(run)
        line = f"{len(manifests.manifests)} Kubernetes objects, {len(manifests.skipped)} not converted" + (
            " (" + "; ".join(f"{s.type}: {s.reason.split(':')[0]}" for s in manifests.skipped[:3]) + ")"
            if manifests.skipped
            else ""
        )
        return to_yaml(manifests), line
    from aiinfra.export.terraform import export_plan, summary_line

    plan = export_plan(run, source_root=root or Path.cwd())
    return json.dumps(plan.document, indent=2) + "\n", summary_line(plan)


def run(args: argparse.Namespace) -> int:
    """Export; exit 2 on invalid input, 3 when a --program fails to run offline."""
    from aiinfra.cli.program import program_arguments_error, report_failure, report_interrupted
    from aiinfra.engine.failure import ProgramFailed
    from aiinfra.engine.stream import Interrupted
    from aiinfra.errors import InputError
    from aiinfra.fleet import worst_exit_code

    if args.program and args.stacks:
        return _fail("give either STACK names or --program, not both")
    problem = program_arguments_error(args)
    if problem:
        return _fail(problem)
    if args.require_coverage:
        return _fail(
            "--require-coverage does not apply to export (the document lists what was not converted)"
        )
    several = not args.program and len(args.stacks) != 1
    if several and not args.output:
        return _fail("several stacks: give --output DIR (one file per stack), or name one STACK")
    try:
        runs, failed = recorded_runs(args, "export")
    except InputError as exc:
        return _fail(str(exc))
    except ProgramFailed as failure:
        return report_failure("export", failure, args.verbose)
    except Interrupted as interrupted:
        return report_interrupted("export", interrupted)
    for recorded, root in runs:
        text, line = render(args.format, recorded, root)
        target: Path | None = None
        if args.output:
            target = (
                Path(args.output) / f"{recorded.stack}{SUFFIX[args.format]}" if several else Path(args.output)
            )
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            except OSError as exc:
                return _fail(f"--output {str(target)!r}: cannot write ({exc.strerror or exc})")
        else:
            sys.stdout.write(text)
        where = f" -> {target}" if target else ""
        print(f"aiinfra export: stack {recorded.stack}: {line}{where}", file=sys.stderr)
    return worst_exit_code([*failed, exitcodes.OK])
