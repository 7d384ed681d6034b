"""Drive ``pulumi preview``/``pulumi up`` over a fleet with the Automation API, in dependency order.

Each stack runs in a LocalWorkspace over this project (``Pulumi.yaml``, ``stackConfigDir: stacks``):
``create_or_select_stack(stack, work_dir=project)``, then ``preview()`` or ``up()``. Up to
``parallel`` stacks run at once (each is a ``pulumi`` subprocess); a stack starts only when every
stack it reads has succeeded, and the dependants of a failed stack are skipped, not attempted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path

from .order import FleetGraph

Progress = Callable[[str], None]


@dataclass
class StackRun:
    """The outcome of one stack: succeeded | failed | skipped, with timing and changes."""

    stack: str
    status: str = "pending"
    seconds: float = 0.0
    changes: dict[str, int] = field(default_factory=dict)
    message: str = ""


def _operate(stack: str, work_dir: Path, preview: bool) -> dict[str, int]:
    """One stack's preview or up through the Automation API; returns its resource changes."""
    from pulumi import automation as auto

    target = auto.create_or_select_stack(stack_name=stack, work_dir=str(work_dir))
    if preview:
        return dict(target.preview().change_summary or {})
    return dict(target.up().summary.resource_changes or {})


def _first_line(exc: BaseException) -> str:
    """The most telling line of a failed command: the last line of its stderr, else the error itself."""
    text = str(exc)
    if "stderr:" in text:
        lines = [ln.strip() for ln in text.split("stderr:", 1)[1].splitlines() if ln.strip()]
        if lines:
            return lines[-1]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


def run_fleet(
    graph: FleetGraph,
    *,
    work_dir: Path,
    preview: bool = False,
    parallel: int = 2,
    progress: Progress = print,
    operate: Callable[[str, Path, bool], dict[str, int]] = _operate,
) -> list[StackRun]:
    """Run every stack of ``graph``; results in ``graph.stacks`` order."""
    verb = "preview" if preview else "up"
    runs = {s: StackRun(s) for s in graph.stacks}
    sorter = TopologicalSorter({s: set(graph.needs(s)) for s in graph.stacks})
    sorter.prepare()
    total, finished = len(graph.stacks), 0
    started: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        running: dict[Future[dict[str, int]], str] = {}
        while sorter.is_active():
            for stack in sorted(sorter.get_ready()):
                blocked = [d for d in graph.needs(stack) if runs[d].status != "succeeded"]
                if blocked:
                    finished += 1
                    runs[stack].status = "skipped"
                    runs[stack].message = f"not run: {', '.join(blocked)} did not succeed"
                    progress(f"[{finished}/{total}] {stack}: skipped ({', '.join(blocked)} did not succeed)")
                    sorter.done(stack)
                    continue
                started[stack] = time.perf_counter()
                progress(f"[{finished}/{total}] {stack}: {verb} started")
                running[pool.submit(operate, stack, work_dir, preview)] = stack
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f]):
                stack = running.pop(future)
                run = runs[stack]
                run.seconds = round(time.perf_counter() - started[stack], 2)
                finished += 1
                error = future.exception()
                if error is None:
                    run.status, run.changes = "succeeded", future.result()
                    changes = ", ".join(f"{k} {v}" for k, v in sorted(run.changes.items())) or "no changes"
                    progress(
                        f"[{finished}/{total}] {stack}: {verb} succeeded in {run.seconds:.1f} s ({changes})"
                    )
                else:
                    run.status, run.message = "failed", _first_line(error)
                    progress(
                        f"[{finished}/{total}] {stack}: {verb} FAILED in {run.seconds:.1f} s: {run.message}"
                    )
                sorter.done(stack)
    return [runs[s] for s in graph.stacks]
