"""Progress of a multi-stack ``plan`` or ``check`` on standard error, only when it is a terminal.

One line per stack (rich's live progress display): waiting, planning with the time so far, or done
with its resource count and seconds (failed stacks say so). Nothing is shown when stderr is piped or
redirected, with ``--quiet``, or for a single stack; standard output (the report) is never touched.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def _silent(event: str, ref: str, detail: Any) -> None:
    """The listener when no progress is shown."""


class _Display:
    """rich's Progress over stderr, started on the first event (after the worker processes are forked:
    its refresh thread must not exist when they are)."""

    def __init__(self, refs: Sequence[str], stream: Any) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("{task.description}"),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=Console(file=stream, stderr=True),
            transient=False,
        )
        self.tasks = {
            ref: self.progress.add_task(ref, total=1, start=False, status="waiting") for ref in refs
        }
        self.begun: dict[str, float] = {}
        self.live = False

    def __call__(self, event: str, ref: str, detail: Any) -> None:
        if not self.live:
            self.progress.start()
            self.live = True
        task = self.tasks.get(ref)
        if task is None:
            return
        if event == "started":
            self.begun[ref] = time.perf_counter()
            self.progress.start_task(task)
            self.progress.update(task, status="planning")
        elif event == "finished":
            self.progress.start_task(task)  # a worker's "started" may arrive with its result
            seconds = time.perf_counter() - self.begun.get(ref, time.perf_counter())
            plan = getattr(detail, "plan", None)
            if plan is not None:
                status = f"{plan.summary.get('resource_count', 0)} resources in {seconds:.1f} s"
            else:
                status = f"failed (exit {getattr(detail, 'exit_code', '?')})"
            self.progress.update(task, completed=1, status=status)

    def close(self) -> None:
        if self.live:
            self.progress.stop()


@contextmanager
def stack_progress(refs: Sequence[str], *, enabled: bool = True, stream: Any = None) -> Iterator[Any]:
    """A listener for :func:`aiinfra.fleet.plan_stacks`: a live display on ``stream`` (default stderr)
    when ``enabled`` and the stream is a terminal, else one that does nothing."""
    stream = sys.stderr if stream is None else stream
    if not enabled or stream is None or not _is_terminal(stream):
        yield _silent
        return
    display = _Display(refs, stream)
    try:
        yield display
    finally:
        display.close()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
