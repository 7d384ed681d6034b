"""Run a ``runtime: nodejs`` project (TypeScript or JavaScript) in the Node program host, under the judge.

The child is ``node`` running ``js/bootstrap.js`` (see :mod:`aiinfra.engine.nodejs` for how it is started,
as the Pulumi Node.js language host starts a program); it speaks the same program-host stream as the
Python host (:mod:`aiinfra.engine.protocol`), so :func:`aiinfra.engine.stream.run_child` answers and records
both languages with one recorder, the same fixtures, pins and synthesis, and the same rules. This module
only turns the child's ``failed`` event into the CLI's errors in the user's terms: a compile error or an
exception is exit 3 with the user's file:line(:column), source-mapped to the ``.ts`` file; a config error
is exit 2 naming the stack file to set the key in.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .confine import program_environment
from .host import HostedRun, run_in_host
from .invokes import PinnedInvokes
from .nodejs import node_launch
from .project import LoadedProject
from .protocol import Failure
from .stream import ChildCommand


def run_node_project(
    project: LoadedProject,
    *,
    pinned: PinnedInvokes | None = None,
    context: Mapping[str, str] | None = None,
    display_base: Path | None = None,
    timeout: float | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> HostedRun:
    """Run the Node.js ``project`` offline and return its registrations and captured output (the judge's
    side is :func:`~aiinfra.engine.stream.run_child` and :func:`~aiinfra.engine.host.hosted_run`, as for Python).

    Raises ``InputError`` (exit 2) when ``node`` or the project's ``node_modules`` is missing (with the
    command to run) and for config errors; :class:`ProgramFailed` (exit 3) for compile errors, exceptions,
    a child that exits or stops talking early, or a run past ``timeout`` seconds.
    """
    launch = node_launch(project)
    base = (display_base or Path.cwd()).resolve()
    command = ChildCommand(
        argv=launch.argv, env={**program_environment(os.environ), **launch.env}, cwd=launch.cwd
    )
    return run_in_host(
        project,
        command,
        base,
        pinned=pinned,
        context=context,
        timeout=timeout,
        stack_outputs=stack_outputs,
        translate=lambda failure: in_user_terms(failure, project, base),
    )


def in_user_terms(failure: Failure, project: LoadedProject, base: Path) -> Failure:
    """The Node host's failure as the Python host reports one: frame paths relative to ``base`` where
    inside it, and a config error naming the stack file to set the key in."""
    frames = tuple(dataclasses.replace(f, file=_display(Path(f.file), base)) for f in failure.frames)
    message = failure.message
    if failure.kind == "config":
        message = config_message(failure, str(project.stack_file_hint))
    return dataclasses.replace(failure, frames=frames, message=message)


def config_message(failure: Failure, stack_file_hint: str) -> str:
    """The host reports ``missing required configuration 'k'`` or ``configuration 'k' is not ...`` (never
    the value); say where to set it, as the Python host does."""
    message = failure.message.strip()
    if message.startswith("missing required configuration '"):
        key = message.split("'")[1]
        return f"{message}: set it under 'config:' in {stack_file_hint} or pass --config-value {key}=VALUE"
    return f"{message} (in {stack_file_hint})"


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
