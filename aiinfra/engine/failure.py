"""What went wrong inside a user's program, in the user's own terms (file:line of their code).

A program that raises is not "invalid input" unless the exception is a spec or config error: the
CLI exits 3 for :class:`ProgramFailed` and shows the frames that belong to the user's project,
never only a bare one-line ``ModuleNotFoundError``.
"""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Frame:
    """One frame of the user's code."""

    file: str
    line: int
    function: str
    code: str
    column: int = 0
    """1-based column where the host knows it (a TypeScript compiler diagnostic, a Node.js stack frame)."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        text = f"{where} in {self.function}" if self.function else where
        return f"{text}: {self.code}" if self.code else text


def _display(path: str, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base))
    except ValueError:
        return path


def _library_roots() -> tuple[Path, ...]:
    """Folders whose files are never the user's code: the interpreter's standard library, installed
    packages' prefixes and aiinfra itself."""
    import importlib.util
    import sys
    import sysconfig

    roots = {Path(__file__).resolve().parents[1]}  # the aiinfra package
    for name in ("aiinfra.components", "aiinfra.blueprints", "aiinfra.policies"):  # mapped from other folders
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            roots.update(Path(p).resolve() for p in (spec.submodule_search_locations or ()) if spec)
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(KeyError):
            roots.add(Path(sysconfig.get_paths()[key]).resolve())
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        roots.add((Path(prefix) / "lib").resolve())
    return tuple(roots)


def _users(filename: str, root: Path, libraries: tuple[Path, ...]) -> bool:
    """True for a file of the project, or of the user's own code beside it (a team library on
    ``sys.path``), never of an installed package or the interpreter."""
    if filename.startswith("<") or "site-packages" in filename or "dist-packages" in filename:
        return False
    try:
        path = Path(filename).resolve()
    except (OSError, ValueError):
        return False
    if path.is_relative_to(root):
        return True
    return path.is_file() and not any(path.is_relative_to(lib) for lib in libraries)


def user_frames(
    exc: BaseException,
    project_dir: Path,
    display_base: Path | None = None,
    limit: int = 8,
    extra: Iterable[traceback.FrameSummary] = (),
) -> list[Frame]:
    """Frames of ``exc`` (and the exceptions it chains from) in the user's own code: files of
    ``project_dir`` and of the user's libraries beside it (outside every installed package and the
    interpreter), then ``extra`` frames (those noted where an ``apply`` function raised).

    Outermost first, as Python prints them; paths relative to ``display_base`` (the cwd) when inside it.
    """
    root = project_dir.resolve()
    base = (display_base or Path.cwd()).resolve()
    libraries = _library_roots()
    frames: list[Frame] = []
    seen: set[int] = set()
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    summaries = [s for item in reversed(chain) for s in traceback.extract_tb(item.__traceback__)]
    for summary in [*summaries, *extra]:
        if not _users(summary.filename, root, libraries):
            continue
        frame = Frame(
            _display(summary.filename, base),
            summary.lineno or 0,
            summary.name,
            (summary.line or "").strip(),
        )
        if frame not in frames:
            frames.append(frame)
    return frames[-limit:]


class ProgramFailed(Exception):
    """The user's program failed to run offline (CLI exit 3): it raised, exited early, was killed,
    broke the host protocol or ran past the time-out."""

    def __init__(
        self,
        program: str,
        type_name: str,
        detail: str,
        frames: list[Frame],
        output: str = "",
        registered: int = 0,
    ) -> None:
        self.program = program
        self.type_name = type_name
        self.detail = detail
        self.frames = frames
        self.output = output
        self.registered = registered
        """How many registrations the judge had recorded when the program stopped (what is known)."""
        detail = detail.strip()
        head = f"{type_name}: {detail}" if detail else type_name
        super().__init__(head)

    def describe(self) -> str:
        """A few lines: what was raised, then the user's frames, innermost last."""
        first, *rest = str(self).splitlines() or [""]
        lines = [f"the program {self.program} failed to run offline: {first}"]
        lines += [f"  {line}" for line in rest[:6]]
        if self.frames:
            lines.append("  raised from your code at:")
            lines += [f"    {f}" for f in self.frames]
        else:
            lines.append("  (no frame of the project's own files in the traceback)")
        if self.registered:
            lines.append(f"  registrations recorded before it stopped: {self.registered}; nothing was judged")
        module = re.match(r"No module named '([^']+)'", self.detail)
        if self.type_name == "ModuleNotFoundError" and module:
            lines.append(
                f"  hint: install the package {module.group(1)!r} into the environment aiinfra runs in "
                "(the project's requirements.txt), or check that the module sits in the project directory"
            )
        return "\n".join(lines)
