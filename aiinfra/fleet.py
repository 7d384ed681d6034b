"""Planning many stacks at once: a process pool sized to the cores, results in stack order.

``aiinfra plan`` and ``aiinfra check`` over several stacks hand each stack to a worker process
(the Pulumi runtime is process-global state, so stacks cannot share one interpreter concurrently).
Workers return the finished :class:`~aiinfra.plan.StackPlan` (plain dataclasses and pydantic models,
picklable); policy evaluation and rendering stay in the parent, so output is identical to a serial
run and in the order the stacks were given. A stack that fails does not stop the others: its
outcome carries one message naming its stack file and the exit code it earns.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from aiinfra.cli import exitcodes

PROGRAM_FAILED = 3
"""Exit code of a stack whose program raised something other than invalid input (DESIGN.md)."""


@dataclass(frozen=True)
class StackOutcome:
    """What planning one stack produced: a plan, or an error message and its exit code."""

    ref: str
    plan: Any = None  # aiinfra.plan.StackPlan when planned
    error: str | None = None
    exit_code: int = exitcodes.OK
    detail: str | None = None
    """The traceback of an unexpected failure (never of invalid input)."""


def default_jobs() -> int:
    """Worker count when ``--jobs`` is not given: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def stack_file_label(ref: str, root: Path | None = None) -> str | None:
    """The stack file a ref names, relative to the working directory when below it (None if unknown)."""
    from aiinfra.errors import InputError
    from aiinfra.stacks import load_stack

    try:
        path = load_stack(ref, root).path
    except InputError:
        return None
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def plan_one(ref: str, root: Path | None = None) -> StackOutcome:
    """Plan one stack, turning its failure into an outcome that names the stack file."""
    from aiinfra.engine.run import UnansweredStackReference
    from aiinfra.errors import InputError
    from aiinfra.plan import plan_stack

    try:
        return StackOutcome(ref, plan=plan_stack(ref, root=root))
    except (InputError, UnansweredStackReference) as exc:
        return StackOutcome(ref, error=_named(ref, root, str(exc)), exit_code=exitcodes.INVALID_INPUT)
    except Exception as exc:  # the program itself failed: reported with its traceback, exit 3
        message = f"program failed: {type(exc).__name__}: {exc}".strip()
        return StackOutcome(
            ref,
            error=_named(ref, root, message),
            exit_code=PROGRAM_FAILED,
            detail=traceback.format_exc(),
        )


def _named(ref: str, root: Path | None, message: str) -> str:
    label = stack_file_label(ref, root)
    if label is None or label in message or str(Path(label).resolve()) in message:
        return message
    return f"{label}: {message}"


def plan_stacks(
    refs: Sequence[str], *, jobs: int | None = None, root: Path | None = None
) -> list[StackOutcome]:
    """Plan ``refs`` with up to ``jobs`` worker processes (default: the cores); outcomes in ``refs`` order.

    One stack or one job plans in this process (no pool start-up). Workers are spawned, not
    forked: the parent may already hold Pulumi runtime threads and locks.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs: {jobs} must be at least 1")
    workers = min(jobs, len(refs))
    if workers <= 1:
        return [plan_one(ref, root) for ref in refs]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(plan_one, ref, root) for ref in refs]
        return [f.result() for f in futures]


def worst_exit_code(codes: Sequence[int]) -> int:
    """The exit code of a multi-stack run: the highest of its stacks' (0 < 1 < 2 < 3)."""
    return max(codes, default=exitcodes.OK)


def planned_or_reported(command: str, refs: Sequence[str], jobs: int | None) -> tuple[list[Any], list[int]]:
    """Plan ``refs`` in parallel; print each failure to stderr (``<command>: <stack file>: <message>``).

    Returns the plans that succeeded, in ``refs`` order, and the exit codes of those that failed.
    """
    plans, failed = [], []
    for outcome in plan_stacks(refs, jobs=jobs):
        if outcome.plan is not None:
            plans.append(outcome.plan)
            continue
        if outcome.detail:
            sys.stderr.write(outcome.detail)
        print(f"{command}: {outcome.error}", file=sys.stderr)
        failed.append(outcome.exit_code)
    return plans, failed
