"""``aiinfra plan``: every resource a stack would create, offline, with cost and policy verdicts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_stacks_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra plan``."""
    add_stacks_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--graph",
        metavar="FILE",
        help="write the components, dependencies and critical path: .dot/.gv, .mmd/.mermaid, or .svg/.png/.pdf "
        "rendered through Graphviz; one file per stack (FILE-<stack>.ext) when several are planned",
    )


def run(args: argparse.Namespace) -> int:
    """Plan each stack; exit 1 when any has unwaived mandatory violations, 2 on invalid input."""
    from aiinfra.errors import InputError
    from aiinfra.graph import GraphError, check_target, targets, write_graph
    from aiinfra.plan import plan_stack
    from aiinfra.render import plan_json, plan_text
    from aiinfra.stacks import stack_names

    graph_path = Path(args.graph) if args.graph else None
    try:
        if graph_path is not None:
            check_target(graph_path)
    except GraphError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    try:
        refs = args.stacks or stack_names()
        plans = [plan_stack(ref) for ref in refs]
    except InputError as exc:
        print(f"aiinfra plan: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT

    documents = []
    blocking = False
    for plan in plans:
        violations = stack_violations(plan)
        blocking = blocking or any(v["enforcement"] == "mandatory" and not v["waived"] for v in violations)
        documents.append((plan, violations))

    if args.format == "json":
        json.dump({"stacks": [plan_json(p, v) for p, v in documents]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(plan_text(p, v) for p, v in documents))
    if graph_path is not None:
        for (plan, _), target in zip(
            documents, targets(graph_path, [p.stack for p, _ in documents]), strict=True
        ):
            write_graph(plan, target)
            print(f"aiinfra plan: wrote {target}", file=sys.stderr)
    return exitcodes.VIOLATIONS if blocking else exitcodes.OK


def stack_violations(plan) -> list[dict]:
    """The policy pack's findings for a planned stack (same engine as ``aiinfra check``)."""
    from aiinfra.policies import evaluate

    return list(evaluate(plan.run).violations)
