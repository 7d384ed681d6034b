"""``aiinfra deploy``: preview or deploy many stacks through the Automation API in dependency order."""

from __future__ import annotations

import argparse
import sys

from aiinfra.cli import exitcodes
from aiinfra.cli.arguments import add_stacks_argument

FAILED = 1
"""Exit code when a stack's preview/up failed (its dependants are skipped)."""


def _count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--parallel: {value!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"--parallel: {count} must be at least 1")
    return count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra deploy`` (no heavy imports here)."""
    add_stacks_argument(parser)
    parser.add_argument("--preview", action="store_true", help="run `pulumi preview` instead of `pulumi up`")
    parser.add_argument(
        "--parallel", type=_count, default=None, metavar="N", help="stacks at once (default: number of cores)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the deploy order and exit (needs no Pulumi CLI)"
    )


def _order_lines(graph, parallel: int) -> list[str]:
    waves = graph.waves()
    lines = [f"Deploy order: {len(graph.stacks)} stacks in {len(waves)} waves, up to {parallel} at once"]
    for i, wave in enumerate(waves, 1):
        parts = []
        for stack in wave:
            notes = [f"after {', '.join(graph.needs(stack))}"] if graph.needs(stack) else []
            notes += [f"reads {s} (not in this run: must already be deployed)" for s in graph.outside(stack)]
            parts.append(f"{stack} ({'; '.join(notes)})" if notes else stack)
        lines.append(f"  {i}. {', '.join(parts)}")
    return lines


PULUMI_INSTALL = "https://www.pulumi.com/docs/iac/download-install/"
"""Where the Pulumi CLI's install instructions live (curl -fsSL https://get.pulumi.com | sh, brew, ...)."""


def pulumi_cli_missing() -> str | None:
    """One line saying the Pulumi CLI is missing and how to install it (None when it is on PATH).

    The Automation API runs the ``pulumi`` command found on PATH; without it every stack would fail
    with a bare ``[Errno 2] No such file or directory: 'pulumi'``.
    """
    import shutil

    if shutil.which("pulumi"):
        return None
    return (
        "the Pulumi CLI ('pulumi') is not on PATH; deploy drives it through the Automation API. Install it "
        f"(`curl -fsSL https://get.pulumi.com | sh`, see {PULUMI_INSTALL}) or use --dry-run for the order only"
    )


def run(args: argparse.Namespace) -> int:
    """Dry run: the order. Otherwise preview/up each stack; exit 1 when any failed, 2 on invalid input."""
    from aiinfra.deploy import fleet_graph, run_fleet
    from aiinfra.errors import InputError
    from aiinfra.fleet import default_jobs
    from aiinfra.stacks import project_root, stack_names

    parallel = args.parallel or default_jobs()
    try:
        refs = args.stacks or stack_names()
        graph = fleet_graph(refs)
        lines = _order_lines(graph, parallel)
        root = project_root()
    except InputError as exc:
        print(f"aiinfra deploy: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    print("\n".join(lines), flush=True)
    if args.dry_run:
        return exitcodes.OK
    missing = pulumi_cli_missing()
    if missing:
        print(f"aiinfra deploy: {missing}", file=sys.stderr)
        return exitcodes.INVALID_INPUT

    def progress(line: str) -> None:
        print(line, flush=True)

    runs = run_fleet(graph, work_dir=root, preview=args.preview, parallel=parallel, progress=progress)
    counts = {s: sum(1 for r in runs if r.status == s) for s in ("succeeded", "failed", "skipped")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()), flush=True)
    return FAILED if counts["failed"] or counts["skipped"] else exitcodes.OK
