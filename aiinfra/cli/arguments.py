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
