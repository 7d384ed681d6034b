"""What went wrong inside a user's program, in the user's own terms (file:line of their code).

A program that raises is not "invalid input" unless the exception is a spec or config error: the
CLI exits 3 for :class:`ProgramFailed` and shows the frames that belong to the user's project,
never only a bare one-line ``ModuleNotFoundError``.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType


@dataclass(frozen=True)
class Frame:
    """One frame of the user's code."""

    file: str
    line: int
    function: str
    code: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line} in {self.function}"
        return f"{text}: {self.code}" if self.code else text


def _display(path: str, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base))
    except ValueError:
        return path


def user_frames(
    exc: BaseException, project_dir: Path, display_base: Path | None = None, limit: int = 8
) -> list[Frame]:
    """Frames of ``exc`` (and the exceptions it chains from) whose files lie in ``project_dir``.

    Outermost first, as Python prints them; paths relative to ``display_base`` (the cwd) when inside it.
    """
    root = project_dir.resolve()
    base = (display_base or Path.cwd()).resolve()
    frames: list[Frame] = []
    seen: set[int] = set()
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in reversed(chain):
        tb: TracebackType | None = item.__traceback__
        for summary in traceback.extract_tb(tb):
            try:
                inside = Path(summary.filename).resolve().is_relative_to(root)
            except (OSError, ValueError):
                inside = False
            if not inside or "site-packages" in summary.filename:
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
    """The user's program raised while running offline (CLI exit 3)."""

    def __init__(self, program: str, exc: BaseException, frames: list[Frame], output: str = "") -> None:
        self.program = program
        self.original = exc
        self.frames = frames
        self.output = output
        detail = str(exc).strip()
        head = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
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
        if isinstance(self.original, ModuleNotFoundError):
            lines.append(
                f"  hint: install the package {self.original.name!r} into the environment aiinfra runs in "
                "(the project's requirements.txt), or check that the module sits in the project directory"
            )
        return "\n".join(lines)
