"""Run a user's Pulumi project in-process the way the Python language host runs it, under the mocks.

What the language host does and this stand-in reproduces: the project directory is the working
directory and the first ``sys.path`` entry (so ``import iam`` finds a sibling module and
``open("app/index.html")`` resolves against the project), ``main:`` (or the folder's
``__main__.py``) runs as ``__main__``, and the project and stack names the CLI would use go into
every URN. The program's own stdout/stderr is captured (Python-level and file-descriptor level)
so it never mixes into a report written to stdout. Modules imported from the project directory are
dropped afterwards so two projects with an ``iam.py`` each do not see one another's.

unverified: with ``main: src/`` the Python language host may run the program with ``src/`` as the
working directory; here (as issue 12 specifies) the working directory is always the project directory,
while ``sys.path[0]`` is the folder holding the entry (so ``src/helpers.py`` imports as ``helpers``).
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError

from .failure import ProgramFailed, user_frames
from .invokes import PinnedInvokes
from .model import ProgramRun
from .project import LoadedProject


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


@contextlib.contextmanager
def _captured() -> Iterator[dict[str, str]]:
    """Capture Python-level and fd-level stdout/stderr; the texts land in the yielded dict."""
    result = {"stdout": "", "stderr": ""}
    out_buf, err_buf = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        saved: list[tuple[int, int, Any]] = []
        for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
            try:
                stream.flush()
                copy = os.dup(fd)
            except (OSError, ValueError, io.UnsupportedOperation):
                continue
            tmp = stack.enter_context(tempfile.TemporaryFile(mode="w+b"))
            os.dup2(tmp.fileno(), fd)
            saved.append((fd, copy, tmp))
        try:
            with contextlib.redirect_stdout(out_buf), contextlib.redirect_stderr(err_buf):
                yield result
        finally:
            fd_text = {1: "", 2: ""}
            for fd, copy, tmp in saved:
                os.dup2(copy, fd)
                os.close(copy)
                tmp.seek(0)
                fd_text[fd] = tmp.read().decode("utf-8", errors="replace")
            result["stdout"] = out_buf.getvalue() + fd_text[1]
            result["stderr"] = err_buf.getvalue() + fd_text[2]


@contextlib.contextmanager
def _language_host(project: LoadedProject) -> Iterator[None]:
    """cwd and ``sys.path[0]`` = the project directory; project modules forgotten afterwards."""
    directory = str(project.directory)
    before = set(sys.modules)
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    old_argv = list(sys.argv)
    entry_dir = str(project.entry if project.entry.is_dir() else project.entry.parent)
    os.chdir(directory)
    sys.path.insert(0, entry_dir)
    if entry_dir != directory:
        sys.path.insert(1, directory)
    sys.argv = [str(project.entry)]
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        sys.argv = old_argv
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            file = getattr(module, "__file__", None) or ""
            if file and Path(file).resolve().is_relative_to(project.directory):
                del sys.modules[name]


def _is_spec_error(exc: BaseException) -> bool:
    """Errors aiinfra's own specs and components raise for bad values (named field, allowed values)."""
    from pydantic import ValidationError

    if isinstance(exc, (ValidationError, InputError)):
        return True
    if isinstance(exc, (ValueError, KeyError)):
        import traceback

        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            innermost = Path(frames[-1].filename).resolve()
            package_roots = [Path(p).resolve() for p in _aiinfra_roots()]
            return any(innermost.is_relative_to(root) for root in package_roots)
    return False


def _aiinfra_roots() -> list[str]:
    """The folders of aiinfra's own packages (components and blueprints live beside ``aiinfra/``)."""
    from importlib import import_module

    roots: list[str] = []
    for name in ("aiinfra", "aiinfra.components", "aiinfra.blueprints"):
        roots.extend(getattr(import_module(name), "__path__", []))
    return roots


def _spec_message(exc: BaseException) -> str:
    from pydantic import ValidationError

    from aiinfra.errors import describe_validation_error

    if isinstance(exc, ValidationError):
        return describe_validation_error(exc, exc.title)
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return text.strip() or type(exc).__name__


def _config_message(exc: BaseException, project: LoadedProject) -> str | None:
    import pulumi

    if isinstance(exc, pulumi.ConfigMissingError):
        return (
            f"missing required configuration {exc.key!r}: set it under 'config:' in {project.stack_file_hint} "
            f"or pass --config-value {exc.key}=VALUE"
        )
    if isinstance(exc, pulumi.ConfigTypeError):
        return f"configuration {exc.key!r}: {exc.value!r} is not a {exc.expect_type} (in {project.stack_file_hint})"
    return None


def run_project(
    project: LoadedProject,
    *,
    pinned: PinnedInvokes | None = None,
    context: Mapping[str, str] | None = None,
    display_base: Path | None = None,
) -> HostedRun:
    """Run ``project`` offline and return its registrations and captured output.

    Raises :class:`SpecError` (exit 2) for spec and config errors raised by the program, with the
    user's file:line, and :class:`ProgramFailed` (exit 3) for anything else the program raised.
    """
    from .run import run_program

    base = (display_base or Path.cwd()).resolve()
    entry = str(project.entry)

    def program() -> None:
        runpy.run_path(entry, run_name="__main__")

    with _captured() as output:
        try:
            with _language_host(project):
                run = run_program(
                    program,
                    project=project.name,
                    stack=project.stack,
                    config=project.config,
                    secret_keys=list(project.secret_keys),
                    context=context,
                    pinned_invokes=pinned,
                )
        except (Exception, SystemExit) as exc:  # the user's program (sys.exit too): classified below
            failure: BaseException = exc
        else:
            failure = None  # type: ignore[assignment]
    shown = _display(project.entry, base)
    if failure is not None:
        frames = user_frames(failure, project.directory, base)
        config = _config_message(failure, project)
        if config is not None:
            raise SpecError(config) from None
        if _is_spec_error(failure):
            where = f" (at {frames[-1].file}:{frames[-1].line})" if frames else ""
            raise SpecError(f"{_spec_message(failure)}{where}") from None
        raise ProgramFailed(shown, failure, frames, output["stdout"] + output["stderr"]) from None
    return HostedRun(project, run, output["stdout"], output["stderr"], project.notes)


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
