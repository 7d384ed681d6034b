"""Run a user's Pulumi project the way the Python language host runs it: in a child process, under the mocks.

The program never shares a process with the judge. :func:`run_project` starts the Python program host
(:mod:`aiinfra.engine.pyhost`) in its own process group with the judge's interpreter and import path;
the host forwards every monitor call over the program-host stream (:mod:`aiinfra.engine.protocol`)
and the judge answers and records them (:mod:`aiinfra.engine.stream`). What the language host does and
the child reproduces: the project directory is the working directory, the entry's folder the first
``sys.path`` entry (so ``import iam`` finds a sibling module and ``open("app/index.html")`` resolves
against the project), ``main:`` (or the folder's ``__main__.py``) runs as ``__main__``, config and
secrets reach ``pulumi.Config``, and the project and stack names the CLI would use go into every URN.
The program's stdout/stderr are files the judge reads afterwards (``--verbose`` shows them), so nothing
the program writes, from any thread or straight to fd 1, reaches a report.

unverified: with ``main: src/`` the Python language host may run the program with ``src/`` as the
working directory; here (as issue 12 specifies) the working directory is always the project directory,
while ``sys.path[0]`` is the folder holding the entry (so ``src/helpers.py`` imports as ``helpers``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError

from . import protocol
from .confine import program_environment
from .failure import Frame, ProgramFailed
from .invokes import PinnedInvokes
from .model import ProgramRun
from .project import LoadedProject
from .protocol import Failure
from .stream import ChildCommand, StreamResult


@dataclass(frozen=True)
class HostedRun:
    """One offline run of a user's project: what it registered and what it printed."""

    project: LoadedProject
    run: ProgramRun
    stdout: str = ""
    stderr: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


class SpecError(InputError):
    """A spec or config error raised inside the user's program (CLI exit 2)."""


def is_spec_error(exc: BaseException) -> bool:
    """Errors aiinfra's own specs and components raise for bad values (named field, allowed values)."""
    from pydantic import ValidationError

    if isinstance(exc, (ValidationError, InputError)):
        return True
    if isinstance(exc, (ValueError, KeyError)):
        import traceback

        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            innermost = Path(frames[-1].filename).resolve()
            package_roots = [Path(p).resolve() for p in aiinfra_roots()]
            return any(innermost.is_relative_to(root) for root in package_roots)
    return False


def aiinfra_roots() -> list[str]:
    """The folders of aiinfra's own packages (components and blueprints live beside ``aiinfra/``)."""
    from importlib import import_module

    roots: list[str] = []
    for name in ("aiinfra", "aiinfra.components", "aiinfra.blueprints"):
        roots.extend(getattr(import_module(name), "__path__", []))
    return roots


def spec_message(exc: BaseException) -> str:
    """The one-line message of a spec error (a pydantic error names the field)."""
    from pydantic import ValidationError

    from aiinfra.errors import describe_validation_error

    if isinstance(exc, ValidationError):
        return describe_validation_error(exc, exc.title)
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return text.strip() or type(exc).__name__


def config_message(exc: BaseException, stack_file_hint: str) -> str | None:
    """The message of a missing or mistyped config key, naming the stack file it belongs in."""
    import pulumi

    if isinstance(exc, pulumi.ConfigMissingError):
        return (
            f"missing required configuration {exc.key!r}: set it under 'config:' in {stack_file_hint} "
            f"or pass --config-value {exc.key}=VALUE"
        )
    if isinstance(exc, pulumi.ConfigTypeError):
        return f"configuration {exc.key!r}: {exc.value!r} is not a {exc.expect_type} (in {stack_file_hint})"
    return None


def run_project(
    project: LoadedProject,
    *,
    pinned: PinnedInvokes | None = None,
    context: Mapping[str, str] | None = None,
    display_base: Path | None = None,
    timeout: float | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> HostedRun:
    """Run ``project`` offline in a program host and return its registrations and captured output.

    Raises :class:`SpecError` (exit 2) for spec and config errors raised by the program, with the
    user's file:line, and :class:`ProgramFailed` (exit 3) for anything else: the program raised (any
    ``BaseException``, ``sys.exit`` too), exited or was killed before it finished, broke the protocol,
    registered one URN twice, or ran past ``timeout`` seconds (default :data:`.stream.DEFAULT_TIMEOUT`).
    :class:`.stream.Interrupted` propagates on SIGINT/SIGTERM, after the child's process group is killed.
    """
    if project.runtime == "nodejs":
        from .nodehost import run_node_project

        return run_node_project(
            project,
            pinned=pinned,
            context=context,
            display_base=display_base,
            timeout=timeout,
            stack_outputs=stack_outputs,
        )
    from .run import _config_strings

    base = (display_base or Path.cwd()).resolve()
    spec = {
        "project": project.name,
        "stack": project.stack,
        "directory": str(project.directory),
        "entry": str(project.entry),
        "config": _config_strings(project.config),
        "secret_keys": list(project.secret_keys),
        # the judge's import path (an empty entry is its working directory), as in-process runs had it
        "sys_path": [entry or os.getcwd() for entry in sys.path],
        "display_base": str(base),
        "stack_file_hint": str(project.stack_file_hint),
    }
    env = program_environment(os.environ)
    env[protocol.ENV_SPEC] = json.dumps(spec)
    env["PYTHONPATH"] = os.pathsep.join(spec["sys_path"])
    command = ChildCommand(
        argv=(sys.executable, "-P", "-m", "aiinfra.engine.pyhost"), env=env, cwd=project.directory
    )
    return run_in_host(
        project, command, base, pinned=pinned, context=context, timeout=timeout, stack_outputs=stack_outputs
    )


def run_in_host(
    project: LoadedProject,
    command: ChildCommand,
    display_base: Path,
    *,
    pinned: PinnedInvokes | None,
    context: Mapping[str, str] | None,
    timeout: float | None,
    translate: Callable[[Failure], Failure] | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> HostedRun:
    """Run one program host ``command`` for ``project`` under the judge and turn its result into a
    :class:`HostedRun` (:func:`hosted_run`); ``translate`` puts a host's failure in the user's terms."""
    from .stream import DEFAULT_TIMEOUT, run_child

    context = {"program_directory": str(project.directory), **(context or {})}
    result = run_child(
        command,
        project=project.name,
        stack=project.stack,
        config=project.config,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        pinned_invokes=pinned,
        context=context,
        stack_outputs=stack_outputs,
    )
    if translate is not None and result.failure is not None:
        result = dataclasses.replace(result, failure=translate(result.failure))
    return hosted_run(project, result, display_base)


def hosted_run(project: LoadedProject, result: StreamResult, display_base: Path) -> HostedRun:
    """A program host's :class:`StreamResult` as a :class:`HostedRun`, or the error the CLI reports.

    Language-neutral (a Node host's result goes through here too): ``config``/``spec`` failures are
    :class:`SpecError` (exit 2, with the innermost user frame), every other failure :class:`ProgramFailed`
    (exit 3, with the user's frames, the captured output and how many registrations were recorded).
    """
    notes = (*project.notes, *result.notes)
    failure = result.failure
    if failure is None:
        return HostedRun(project, result.run, result.stdout, result.stderr, notes)
    frames = [Frame(f.file, f.line, f.function, f.code, f.column) for f in failure.frames]
    if failure.kind == "config":
        raise SpecError(failure.message) from None
    if failure.kind == "spec":
        where = f" (at {frames[-1].file}:{frames[-1].line})" if frames else ""
        raise SpecError(f"{failure.message}{where}") from None
    raise ProgramFailed(
        _display(project.entry, display_base),
        failure.type,
        failure.message,
        frames,
        result.stdout + result.stderr,
        registered=len(result.run.resources),
    ) from None


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
