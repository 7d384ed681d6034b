"""``aiinfra plan``: every resource a stack would create, offline, with cost and policy verdicts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_jobs_argument, add_stacks_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra plan``."""
    add_stacks_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--graph", metavar="FILE", help="write the component tree and dependencies (.dot or .mmd/.mermaid)"
    )
    add_jobs_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Plan each stack; exit 1 when any has unwaived mandatory violations, 2 on invalid input."""
    from aiinfra.errors import InputError
    from aiinfra.fleet import planned_or_reported, worst_exit_code
    from aiinfra.render import graph_dot, graph_mermaid, plan_json, plan_text
    from aiinfra.stacks import stack_names

    graph_path = Path(args.graph) if args.graph else None
    if graph_path is not None and graph_path.suffix not in (".dot", ".gv", ".mmd", ".mermaid"):
        print(
            f"aiinfra plan: --graph {args.graph!r}: use a .dot/.gv (Graphviz) or .mmd/.mermaid (Mermaid) file",
            file=sys.stderr,
        )
        return exitcodes.INVALID_INPUT
    try:
        refs = args.stacks or stack_names()
    except InputError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    plans, failed = planned_or_reported("aiinfra plan", refs, args.jobs)

    documents = []
    blocking = False
    for plan in plans:
        violations = stack_violations(plan)
        blocking = blocking or any(v["enforcement"] == "mandatory" and not v["waived"] for v in violations)
        documents.append((plan, violations))

    if args.format == "json":
        json.dump({"stacks": [plan_json(p, v) for p, v in documents]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif documents:
        print("\n\n".join(plan_text(p, v) for p, v in documents))
    if graph_path is not None:
        render = graph_dot if graph_path.suffix in (".dot", ".gv") else graph_mermaid
        graph_path.write_text("".join(render(p) for p, _ in documents))
    return worst_exit_code([*failed, exitcodes.VIOLATIONS if blocking else exitcodes.OK])


def stack_violations(plan) -> list[dict]:
    """The policy pack's findings for a planned stack (same engine as ``aiinfra check``)."""
    from aiinfra.policies import evaluate

    return list(evaluate(plan.run).violations)
