"""``--program PATH``: the arguments plan and check share for running a user's Pulumi project.

The project is loaded and run by :mod:`aiinfra.engine.project` and :mod:`aiinfra.engine.host`
(the language-host stand-in); this module only wires the command line to them and prints the
program's captured output under ``--verbose`` (to stderr, so reports on stdout stay parseable).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

DEFAULT_STACK = "dev"
STACK_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
"""Pulumi's stack name grammar: ``validateStackName`` in pulumi/pulumi ``pkg/backend/filestate/backend.go``
(``stackNameAndProjectRegexp``; "stack names may only contain alphanumeric, hyphens, underscores, or
periods", at most 100 characters). unverified: read in an older copy of that file (commit not known),
not at the pinned pulumi 3.272 tag."""
PROGRAM_ONLY = ("stack_name", "config_value", "invokes", "stack_outputs", "timeout")
"""Arguments that only mean something for ``--program`` (a shipped stack names its own file and config)."""

EXIT_CODES = (
    "exit codes: 0 clean; 1 mandatory policy violations (with --require-coverage also components not "
    "judged); 2 invalid input (one message naming the field, value and what is allowed); 3 a --program "
    "failed to run offline (its exception with your file:line, or it exited early, was killed or ran past "
    "--timeout); 130/143 interrupted, no report written. See docs/cli.md."
)


DEFAULT_TIMEOUT = 900.0
"""``--timeout`` when not given (kept equal to :data:`aiinfra.engine.stream.DEFAULT_TIMEOUT` by a test;
not imported from there so ``--help`` stays free of the engine's imports)."""


def add_program_arguments(parser: argparse.ArgumentParser) -> None:
    """``--program``, ``--stack-name``, ``--config-value``, ``--invokes``, ``--require-coverage``, ``--verbose``."""
    parser.epilog = EXIT_CODES
    group = parser.add_argument_group("running your own Pulumi project (--program)")
    group.add_argument(
        "--program",
        metavar="PATH",
        help="a Pulumi project directory (with Pulumi.yaml; runtime python or nodejs) or one .py file, "
        "instead of STACKs",
    )
    group.add_argument(
        "--stack-name",
        default=None,
        metavar="NAME",
        help=f"stack whose Pulumi.NAME.yaml config the program gets (default: {DEFAULT_STACK}); "
        "letters, digits, '-', '_' and '.', at most 100",
    )
    group.add_argument(
        "--config-value",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a config value (repeatable); a bare KEY is in the project's namespace",
    )
    group.add_argument(
        "--invokes",
        metavar="FILE.yaml",
        help="pin data-source answers: a YAML map of invoke token to result",
    )
    group.add_argument(
        "--stack-outputs",
        metavar="FILE.yaml",
        help="pin the outputs of stacks the program reads through StackReference: a YAML map of "
        "org/project/stack to outputs (without it they are unknown, and the report says so)",
    )
    group.add_argument(
        "--require-coverage",
        action="store_true",
        help="exit 1 when a component could not be judged offline (remote components, Helm v3 charts)",
    )
    group.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help=f"stop the program and exit 3 when it has not finished after SECONDS (default: {DEFAULT_TIMEOUT:g})",
    )
    group.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="show the program's own stdout/stderr and notes (on stderr)",
    )


def program_arguments_error(args: argparse.Namespace) -> str | None:
    """Why the ``--program`` arguments cannot be used (one line), or None.

    ``--stack-name``, ``--config-value`` and ``--invokes`` without ``--program`` are refused (they would
    be ignored silently), and ``--stack-name`` must follow Pulumi's stack name grammar.
    """
    if not getattr(args, "program", None):
        given = [
            f"--{name.replace('_', '-')}"
            for name in PROGRAM_ONLY
            if getattr(args, name, None) not in (None, [])
        ]
        if given:
            return f"{', '.join(given)} only apply with --program PATH (a shipped stack has its own config)"
        return None
    name = getattr(args, "stack_name", None)
    if name is not None and not STACK_NAME.match(name):
        from aiinfra.policies.yamlfile import shorten

        return (
            f"--stack-name {shorten(name)}: a stack name is 1 to 100 letters, digits, '-', '_' or '.' "
            "(as Pulumi names stacks; give the last part of org/project/stack)"
        )
    return None


def _seconds(text: str) -> float:
    """``--timeout``: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"--timeout {text[:20]!r}: expected a positive number of seconds")
    return value


JUDGE_MODULES = (
    "aiinfra.engine.fixtures.aws",
    "aiinfra.engine.fixtures.gcp",
    "aiinfra.engine.fixtures.kubernetes",
    "aiinfra.engine.fixtures.lookups",
    "aiinfra.engine.synth",
    "aiinfra.components.spec",
    "aiinfra.policies.frameworks",
    "aiinfra.policies.meta",
    "aiinfra.policies.packconfig",
    "aiinfra.policies.runner",
    "aiinfra.policies.waivers",
    "aiinfra.cost",
    "aiinfra.pricing",
    "aiinfra.components.catalog",
    "aiinfra.components.catalog.aws",
    "aiinfra.components.catalog.gcp",
    "aiinfra.components.catalog.onprem",
    "aiinfra.components.catalog.energy",
    "aiinfra.components.catalog.fabric_bandwidth",
    "aiinfra.energy",
    "aiinfra.envelope",
    "aiinfra.program_accelerators",
    "aiinfra.export.terraform",
    "aiinfra.export.kubernetes",
    "aiinfra.export.checkov",
)
"""Modules of the judge that ``check``/``plan`` would otherwise first import after the program started
(``tests/test_program_host.py`` keeps the list complete)."""


def preload_judge() -> None:
    """Import the judge's own code before the judged program starts.

    The program runs as the same user: a module first imported after it started could be one it rewrote
    on disk (appending ``os._exit(0)`` to a rule module once gave exit 0 and no report). Code already
    imported is out of its reach.
    """
    from importlib import import_module

    from aiinfra.policies.registry import all_rules

    all_rules()
    for name in JUDGE_MODULES:
        import_module(name)


def run_user_program(args: argparse.Namespace) -> Any:
    """Load and run ``args.program``; returns a :class:`~aiinfra.engine.host.HostedRun`.

    Raises ``InputError`` (exit 2) for bad paths, config and specs, ``ProgramFailed`` (exit 3)
    when the program fails to run to completion, and ``Interrupted`` on SIGINT/SIGTERM (the program's
    process group is killed first; the caller writes no report).
    """
    from aiinfra.engine.failure import ProgramFailed
    from aiinfra.engine.host import run_project
    from aiinfra.engine.invokes import load_pinned
    from aiinfra.engine.project import load_project
    from aiinfra.engine.redact import redact_config_error, redact_failure, secret_values
    from aiinfra.engine.stackoutputs import load_stack_outputs
    from aiinfra.errors import InputError

    stack = args.stack_name or DEFAULT_STACK
    preload_judge()
    project = load_project(args.program, stack=stack, config_values=args.config_value or ())
    pinned = load_pinned(args.invokes) if getattr(args, "invokes", None) else None
    outputs_file = getattr(args, "stack_outputs", None)
    stack_outputs = load_stack_outputs(outputs_file) if outputs_file else None
    try:
        hosted = run_project(
            project, pinned=pinned, timeout=getattr(args, "timeout", None), stack_outputs=stack_outputs
        )
    except ProgramFailed as failure:  # its message may carry a secret config value: never shown
        raise redact_failure(failure, project) from None
    except InputError as exc:
        raise InputError(redact_config_error(str(exc), secret_values(project))) from None
    if getattr(args, "verbose", False):
        show_output(hosted)
    return hosted


def show_output(hosted: Any) -> None:
    """The program's captured output and the run's notes, on stderr, with every declared secret masked."""
    from aiinfra.engine.redact import redact, secret_values

    secrets = secret_values(hosted.project)
    for label, text in (("stdout", hosted.stdout), ("stderr", hosted.stderr)):
        text = redact(text, secrets)
        if text:
            sys.stderr.write(f"--- program {label} ---\n{text}")
            if not text.endswith("\n"):
                sys.stderr.write("\n")
    for note in hosted.notes:
        sys.stderr.write(f"note: {note}\n")


def report_failure(command: str, failure: Any, verbose: bool) -> int:
    """Print a :class:`~aiinfra.engine.failure.ProgramFailed` and return exit code 3."""
    from aiinfra.cli import exitcodes

    print(f"aiinfra {command}: {failure.describe()}", file=sys.stderr)
    if verbose and failure.output:
        sys.stderr.write(f"--- program output ---\n{failure.output}")
    return exitcodes.PROGRAM_FAILED


def report_interrupted(command: str, interrupted: Any) -> int:
    """Say that the run was interrupted and no report was written; the shell's code for the signal."""
    print(
        f"aiinfra {command}: interrupted ({interrupted}); the program was stopped, no report written",
        file=sys.stderr,
    )
    return 128 + int(interrupted.signum)


def report_context(hosted: Any, result: Any, waivers_path: str | None) -> Any:
    """Coverage and code locations of a checked program, for the report formats."""
    from aiinfra.report.coverage import ReportContext, coverage
    from aiinfra.report.locations import construction_lines, waiver_lines

    return ReportContext(
        coverage=coverage(hosted.run, result, tuple(hosted.notes)),
        locations=construction_lines(hosted.run, hosted.project.directory),
        waiver_file=waivers_path,
        waiver_lines=waiver_lines(waivers_path) if waivers_path else {},
    )
