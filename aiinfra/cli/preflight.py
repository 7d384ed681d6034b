"""``aiinfra preflight``: read-only account checks (AWS via boto3, GCP via the Compute Engine API) before ``pulumi up``.

Nothing heavy at import time: boto3 and the checks are imported inside :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys

from aiinfra.cli import exitcodes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``aiinfra preflight``."""
    parser.add_argument("stack", metavar="STACK", help="stack name in stacks/ or path to a stack file")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json (one object per stack)",
    )
    parser.add_argument(
        "--endpoint-url", metavar="URL", help="AWS-compatible endpoint for every client (e.g. a moto server)"
    )
    parser.add_argument("--region", help="check this region instead of the stack's (reported as a warning)")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="make no call: print what the stack alone tells (vCPU/GPU totals per quota, EFA interfaces, "
        "reservations) and mark every check 'not verified'",
    )
    parser.add_argument(
        "--retry-mode",
        choices=("standard", "adaptive"),
        default="standard",
        help="botocore retry mode for throttling and transient errors (default: standard)",
    )
    parser.add_argument(
        "--max-attempts", type=_positive, default=5, help="attempts per call, first included (default: 5)"
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="give up connecting to an endpoint after this long (default: 3)",
    )


def _positive(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 20:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 1 and 20")
    return value


def run(args: argparse.Namespace) -> int:
    """Run the checks; exit 1 when any check fails, 2 on invalid input (one message on stderr)."""
    from aiinfra.errors import InputError
    from aiinfra.preflight import PreflightOptions, run_preflight
    from aiinfra.preflight.render import report_text

    options = PreflightOptions(
        offline=args.offline,
        endpoint_url=args.endpoint_url,
        region=args.region,
        retry_mode=args.retry_mode,
        max_attempts=args.max_attempts,
        connect_timeout=args.connect_timeout,
    )
    try:
        report = run_preflight(args.stack, options)
    except InputError as exc:
        print(f"aiinfra preflight: {exc}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    if args.format == "json":
        json.dump(report.as_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(report_text(report))
    return exitcodes.VIOLATIONS if report.failed else exitcodes.OK
