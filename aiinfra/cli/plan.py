"""``aiinfra plan``: every resource a stack would create, offline, with cost and policy verdicts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_jobs_argument, add_quiet_argument, add_stacks_argument
from aiinfra.cli.program import add_program_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra plan``."""
    add_stacks_argument(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default: resource tree, accelerators, cost, verdicts) or json (the CLI contract's plan document)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the plan to FILE instead of stdout")
    parser.add_argument(
        "--graph",
        metavar="FILE",
        help="write a picture of the plan: .svg (the overview needs nothing installed), .mmd/.mermaid or "
        ".dot/.gv (text), or .png/.pdf rendered by Graphviz's dot; one file per stack (FILE-<stack>.ext) "
        "when several are planned",
    )
    parser.add_argument(
        "--graph-view",
        choices=("overview", "resources"),
        default="overview",
        help="overview: one box per top-level component (pools, storage tiers, dependencies, critical path); "
        "resources: every resource inside its component (default: overview)",
    )
    add_program_arguments(parser)
    add_jobs_argument(parser)
    add_quiet_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Plan each stack (or ``--program``); exit 1 on unwaived mandatory violations, 2 on invalid input,
    3 when a --program raises."""
    from aiinfra.errors import InputError
    from aiinfra.fleet import planned_or_reported, worst_exit_code
    from aiinfra.graph import GraphError, check_target, targets
    from aiinfra.render import PLAN_FORMAT, plan_json, plan_text
    from aiinfra.stacks import stack_names

    graph_path = Path(args.graph) if args.graph else None
    try:
        if graph_path is not None:
            check_target(graph_path, args.graph_view)
    except GraphError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    from aiinfra.cli.program import program_arguments_error

    if args.program and args.stacks:
        print("aiinfra plan: give either STACK names or --program, not both", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    problem = program_arguments_error(args)
    if problem:
        print(f"aiinfra plan: {problem}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    if args.program:
        return _plan_program(args, graph_path)
    try:
        refs = args.stacks or stack_names()
    except InputError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    plans, failed = planned_or_reported("aiinfra plan", refs, args.jobs, quiet=args.quiet)

    documents = []
    blocking = False
    for plan in plans:
        violations = stack_violations(plan)
        blocking = blocking or any(v["enforcement"] == "mandatory" and not v["waived"] for v in violations)
        documents.append((plan, violations))

    if args.format == "json":
        report = (
            json.dumps(
                {"plan_format": PLAN_FORMAT, "stacks": [plan_json(p, v) for p, v in documents]}, indent=2
            )
            + "\n"
        )
    else:
        report = "\n\n".join(plan_text(p, v) for p, v in documents) + "\n" if documents else ""
    if not _emit(args, report):
        return exitcodes.INVALID_INPUT
    if graph_path is not None:
        for (plan, _), target in zip(
            documents, targets(graph_path, [p.stack for p, _ in documents]), strict=True
        ):
            if not _wrote_graph(plan, target, args.graph_view):
                failed.append(exitcodes.INVALID_INPUT)
    return worst_exit_code([*failed, exitcodes.VIOLATIONS if blocking else exitcodes.OK])


_PIECE = 8192


def _emit(args: argparse.Namespace, report: str) -> bool:
    """The report on stdout, or in ``--output FILE`` (a file that cannot be written: one line, False)."""
    if not args.output:
        # in pieces, as json.dump wrote it: a reader that went away (`| head -c 10`) shows as a failed
        # write (exit 2) instead of one large write the pipe may swallow whole
        for start in range(0, len(report), _PIECE):
            sys.stdout.write(report[start : start + _PIECE])
        return True
    try:
        Path(args.output).write_text(report, encoding="utf-8")
    except OSError as exc:
        print(
            f"aiinfra plan: --output {args.output!r}: cannot write ({exc.strerror or exc})", file=sys.stderr
        )
        return False
    return True


def _wrote_graph(plan, target: Path, view: str = "overview") -> bool:
    """Write one ``--graph`` file; a failure is one line on stderr (exit 2), not a traceback."""
    from aiinfra.graph import GraphError, write_graph

    try:
        write_graph(plan, target, view)
    except OSError as exc:
        print(f"aiinfra plan: --graph {str(target)!r}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return False
    except GraphError as exc:
        print(f"aiinfra plan: --graph {str(target)!r}: {exc}", file=sys.stderr)
        return False
    print(f"aiinfra plan: wrote {target}", file=sys.stderr)
    return True


def stack_violations(plan) -> list[dict]:
    """The policy pack's findings for a planned stack (same engine as ``aiinfra check``); the check's
    coverage (resources judged / total, types no rule covers) goes into the plan's summary."""
    from aiinfra.policies import evaluate
    from aiinfra.report.coverage import coverage

    result = evaluate(plan.run)
    plan.summary.setdefault("coverage", coverage(plan.run, result).to_dict())
    return list(result.violations)


def _plan_program(args: argparse.Namespace, graph_path: Path | None) -> int:
    """``aiinfra plan --program PATH``: the same summary as a stack's, plus what was not judged."""
    from aiinfra.cli.program import report_failure, report_interrupted, run_user_program
    from aiinfra.engine.failure import ProgramFailed
    from aiinfra.engine.stream import Interrupted
    from aiinfra.errors import InputError
    from aiinfra.policies import evaluate
    from aiinfra.program_plan import plan_program
    from aiinfra.render import PLAN_FORMAT, plan_json, plan_text
    from aiinfra.report.coverage import coverage

    try:
        hosted = run_user_program(args)
    except InputError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    except ProgramFailed as failure:
        return report_failure("plan", failure, args.verbose)
    except Interrupted as interrupted:
        return report_interrupted("plan", interrupted)
    plan = plan_program(hosted)
    result = evaluate(plan.run)
    violations = list(result.violations)
    cov = coverage(plan.run, result, tuple(hosted.notes))
    plan.summary["coverage"] = cov.to_dict()
    blocking = any(
        v["enforcement"] == "mandatory" and not v["waived"] and not v.get("unknown") for v in violations
    )
    if args.format == "json":
        doc = plan_json(plan, violations)
        doc["project"] = hosted.project.name
        report = json.dumps({"plan_format": PLAN_FORMAT, "stacks": [doc]}, indent=2) + "\n"
    else:
        text = plan_text(plan, violations).replace(
            f"Stack {plan.stack} (blueprint ", f"Stack {plan.stack} of project {hosted.project.name} (", 1
        )
        report = "\n".join([text, "", *(f"  {line}" for line in cov.lines())]) + "\n"
    if not _emit(args, report):
        return exitcodes.INVALID_INPUT
    if graph_path is not None and not _wrote_graph(plan, graph_path, args.graph_view):
        return exitcodes.INVALID_INPUT
    uncovered = args.require_coverage and not cov.complete
    return exitcodes.VIOLATIONS if blocking or uncovered else exitcodes.OK
