"""Pausing Python's cyclic garbage collector while a program registers its resources.

A Pulumi program under the engine allocates millions of short-lived tracked objects (Outputs,
futures, asyncio tasks, protobuf wrappers) and keeps every resource alive until the run ends, so the
collector's full passes walk an ever-growing heap: measured on the generated aws blueprint
(bench/results.md), collection was ~40% of the CPU time of a 300-pool plan and the reason the cost
per registration grew with the number of pools. Nothing a run allocates is garbage before the run
ends, so pausing collection for the run costs little memory (bench/results.md records peak RSS);
reference counting still frees acyclic garbage immediately. The collector's previous state is
restored afterwards, also when the program raises.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it afterwards if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
