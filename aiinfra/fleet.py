"""Planning many stacks at once: a process pool sized to the cores, results in stack order.

``aiinfra plan`` and ``aiinfra check`` over several stacks hand each stack to a worker process
(the Pulumi runtime is process-global state, so stacks cannot share one interpreter concurrently).
Workers return the finished :class:`~aiinfra.plan.StackPlan` (plain dataclasses and pydantic models,
picklable); policy evaluation and rendering stay in the parent, so output is identical to a serial
run and in the order the stacks were given. A stack that fails does not stop the others: its
outcome carries one message naming its stack file and the exit code it earns.

The parent imports what every worker needs (the engine, the blueprints the stacks name and, through
them, the provider SDKs) before the pool starts, and the workers are forked from it, so they share
those imports instead of each repeating them (spawned workers made ``--jobs 2`` slower than
``--jobs 1``; bench/results.md). Each worker reports "started" and "finished" on a queue for the
progress display (:mod:`aiinfra.progress`).
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
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


Listener = Callable[[str, str, Any], None]
"""``(event, ref, detail)``: ``("started", ref, None)`` or ``("finished", ref, StackOutcome)``."""

_events: Any = None  # in a forked worker: the queue back to the parent


def _worker_init(events: Any) -> None:
    global _events
    _events = events


def _plan_reported(ref: str, root: Path | None) -> StackOutcome:
    """``plan_one`` in a worker, telling the parent when it starts (the parent sees it finish)."""
    if _events is not None:
        _events.put(("started", ref))
    return plan_one(ref, root)


def preload(refs: Sequence[str], root: Path | None = None) -> None:
    """Import, once in the parent, what planning ``refs`` needs: the engine, the policy pack and the
    blueprint each stack names (with its components and their provider SDKs). Unreadable stacks are
    left to the workers, which report them."""
    from importlib import import_module

    import aiinfra.engine.run
    import aiinfra.plan
    import aiinfra.program  # noqa: F401
    from aiinfra.blueprints import BLUEPRINTS
    from aiinfra.errors import InputError
    from aiinfra.plan import PLATFORM_KEY
    from aiinfra.stacks import load_stack

    names = set()
    for ref in refs:
        try:
            raw = load_stack(ref, root).config.get(PLATFORM_KEY)
        except InputError:
            continue
        name = raw.get("blueprint") if isinstance(raw, dict) else None
        if name in BLUEPRINTS:
            import_module(BLUEPRINTS[name])
            names.add(name)
    clouds = {"aws": {"aws"}, "gcp": {"gcp"}, "hybrid": {"aws", "gcp"}}
    warm_sdk_classes({"k8s", "random", "grafana"}.union(*(clouds.get(n, set()) for n in names)))


_SDK_ALIASES = {
    "aws": "pulumi_aws",
    "gcp": "pulumi_gcp",
    "k8s": "pulumi_kubernetes",
    "random": "pulumi_random",
    "grafana": "pulumiverse_grafana",
}
"""How components and blueprints import each provider SDK (``import pulumi_aws as aws``)."""
_SDK_CLASS = re.compile(r"\b(aws|gcp|k8s|random|grafana)((?:\.[a-z0-9_]+)+)\.([A-Z]\w*)\b")


def warm_sdk_classes(aliases: set[str]) -> None:
    """Load the provider SDK classes the components and blueprints name (``aws.ec2.LaunchTemplate``), for
    the SDKs in ``aliases``: with lazy SDK packages (engine/lazysdk.py) a worker would otherwise
    import each resource module again on first use."""
    from importlib import import_module

    from aiinfra import blueprints, components

    folders = [Path(components.__file__).parent, Path(blueprints.__file__).parent]
    seen: set[tuple[str, str, str]] = set()
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        seen.update(m for m in _SDK_CLASS.findall(path.read_text(encoding="utf-8")) if m[0] in aliases)
    for alias, chain, name in sorted(seen):
        try:
            target: Any = import_module(_SDK_ALIASES[alias])
            for part in [*chain.strip(".").split("."), name]:
                target = getattr(target, part)
        except (ImportError, AttributeError):  # a local variable named like an SDK, or an older SDK
            continue


def plan_stacks(
    refs: Sequence[str],
    *,
    jobs: int | None = None,
    root: Path | None = None,
    listener: Listener | None = None,
) -> list[StackOutcome]:
    """Plan ``refs`` with up to ``jobs`` worker processes (default: the cores); outcomes in ``refs`` order.

    One stack or one job plans in this process (no pool start-up). Several are planned by workers
    forked after :func:`preload` (the parent has run no Pulumi program, so it holds no runtime
    threads or locks to inherit); where fork is unavailable, or threads are running, they are
    spawned. ``listener`` hears each stack start and finish.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs: {jobs} must be at least 1")
    tell = listener or (lambda event, ref, detail: None)
    workers = min(jobs, len(refs))
    if workers <= 1:
        outcomes = []
        for ref in refs:
            tell("started", ref, None)
            outcomes.append(plan_one(ref, root))
            tell("finished", ref, outcomes[-1])
        return outcomes
    preload(refs, root)
    forkable = sys.platform == "linux" and threading.active_count() == 1
    context = get_context("fork" if forkable else "spawn")
    events = context.SimpleQueue()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(events,)
    ) as pool:
        futures = {pool.submit(_plan_reported, ref, root): ref for ref in refs}
        pending = set(futures)
        while pending:
            while not events.empty():
                event, ref = events.get()
                tell(event, ref, None)
            for future in [f for f in pending if f.done()]:
                pending.discard(future)
                while not events.empty():  # its "started" before its "finished"
                    event, ref = events.get()
                    tell(event, ref, None)
                tell("finished", futures[future], future.result())
            if pending:
                time.sleep(0.02)
        return [f.result() for f in futures]


def worst_exit_code(codes: Sequence[int]) -> int:
    """The exit code of a multi-stack run: the highest of its stacks' (0 < 1 < 2 < 3)."""
    return max(codes, default=exitcodes.OK)


def planned_or_reported(
    command: str, refs: Sequence[str], jobs: int | None, *, quiet: bool = False
) -> tuple[list[Any], list[int]]:
    """Plan ``refs`` in parallel; print each failure to stderr (``<command>: <stack file>: <message>``).

    Returns the plans that succeeded, in ``refs`` order, and the exit codes of those that failed.
    Several stacks show their progress on stderr when it is a terminal (not with ``quiet``).
    """
    from aiinfra.progress import stack_progress

    plans, failed = [], []
    with stack_progress(refs, enabled=not quiet and len(refs) > 1) as listener:
        outcomes = plan_stacks(refs, jobs=jobs, listener=listener)
    for outcome in outcomes:
        if outcome.plan is not None:
            plans.append(outcome.plan)
            continue
        if outcome.detail:
            sys.stderr.write(outcome.detail)
        print(f"{command}: {outcome.error}", file=sys.stderr)
        failed.append(outcome.exit_code)
    return plans, failed
