"""Arguments several subcommands share, declared once."""

from __future__ import annotations

import argparse


def add_stacks_argument(parser: argparse.ArgumentParser) -> None:
    """``STACK ...``: stack names in stacks/ or paths to stack files; none means every stack."""
    parser.add_argument(
        "stacks",
        nargs="*",
        metavar="STACK",
        help="stack name in stacks/ or path to a stack file (default: all)",
    )


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs: {value!r} is not a whole number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs: {jobs} must be at least 1")
    return jobs


def add_jobs_argument(parser: argparse.ArgumentParser) -> None:
    """``--jobs N``: worker processes for several stacks (default: the cores)."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="plan up to N stacks at once in worker processes (default: number of cores)",
    )


def add_quiet_argument(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress display on stderr (it is shown only on a terminal anyway)."""
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress on stderr while several stacks are planned (shown only when stderr is a terminal)",
    )
