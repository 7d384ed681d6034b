"""Entry point of the ``aiinfra`` console script."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from aiinfra import __version__
from aiinfra.cli import exitcodes

# name -> (module, one-line help). Modules are imported only to build their own parser.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("aiinfra.cli.plan", "show offline every resource a stack would create, its cost and verdicts"),
    "check": ("aiinfra.cli.check", "run the AIP policy pack offline over a stack or a Pulumi program"),
    "diff": ("aiinfra.cli.diff", "compare two plans (JSON files, or the working tree with a git ref)"),
    "catalog": ("aiinfra.cli.catalog", "list the accelerator catalog"),
    "preflight": ("aiinfra.cli.preflight", "read-only account checks before `pulumi up` (AWS and GCP)"),
    "deploy": ("aiinfra.cli.deploy", "preview/deploy stacks through the Automation API in dependency order"),
    "schema": ("aiinfra.cli.schema", "print the JSON Schema of a stack file's aiinfra:platform settings"),
    "export": (
        "aiinfra.cli.export",
        "the recorded resources as a Terraform plan JSON document or Kubernetes manifests (Checkov, Trivy, OPA)",
    ),
    "policy": (
        "aiinfra.cli.policy",
        "policy pack tools: `policy export DIR` writes a self-contained CrossGuard pack",
    ),
}


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad arguments already; keep the message to one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(exitcodes.INVALID_INPUT, f"aiinfra: error: {message}\n")


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The top-level parser; only the subcommand actually named on the command line is imported."""
    parser = _Parser(prog="aiinfra", description="Infrastructure as code for AI platforms, offline tools.")
    parser.add_argument("--version", action="version", version=f"aiinfra {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            import_module(module).add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, dispatch to the subcommand and return its exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from aiinfra.engine import lazysdk

    lazysdk.install()  # planning imports only the SDK resource modules a stack uses
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return exitcodes.INVALID_INPUT
    report = _ReportStream(sys.stdout)
    sys.stdout = report  # type: ignore[assignment]
    try:
        code = int(import_module(SUBCOMMANDS[args.command][0]).run(args))
        report.flush()  # a full disk or a closed pipe shows here, before the exit code is final
    except OSError as exc:
        if report.error is None:
            raise
        _say(
            f"aiinfra {args.command}: cannot write to standard output ({exc.strerror or exc}); "
            "the report is incomplete"
        )
        return exitcodes.INVALID_INPUT
    finally:
        sys.stdout = report.stream
    return code


class _ReportStream:
    """Standard output that remembers a failed write (full disk, closed pipe: ``... | head -c 10``).

    Such a failure is exit 2 with one line on stderr: a gate must not pass on a report nobody got.
    After it, the descriptor points at /dev/null so the interpreter's flush at exit cannot fail again.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.error: OSError | None = None

    def write(self, text: str) -> int:
        try:
            if self.stream is None:  # started with stdout closed (`aiinfra plan >&-`)
                raise OSError(errno.EBADF, "standard output is closed")
            return self.stream.write(text)
        except OSError as exc:
            self._failed(exc)
            raise

    def flush(self) -> None:
        try:
            if self.stream is not None:
                self.stream.flush()
        except OSError as exc:
            self._failed(exc)
            raise

    def _failed(self, exc: OSError) -> None:
        self.error = exc
        # a test harness's stream has no real descriptor
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _say(message: str) -> None:
    """One line on stderr, even when stderr itself is closed or full."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):
        print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
