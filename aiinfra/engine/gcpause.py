"""Holding back Python's full (oldest-generation) garbage collections while a program registers.

A Pulumi program under the engine allocates millions of tracked objects (Outputs, futures, asyncio
tasks, protobuf wrappers) and keeps every resource alive until the run ends, so the collector's full
passes walk an ever-growing heap: measured on the generated aws blueprint (bench/results.md), they
were ~40% of the CPU time of a 300-pool plan and the reason the cost per registration grew with the
number of pools. Young-generation collections keep running (short-lived cyclic garbage is still
freed, so memory stays close to the SDK's own); only the full passes wait until the run ends. The
collector's previous thresholds are restored afterwards, also when the program raises.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 2**31 - 1
"""A third-generation threshold no run reaches: full collections wait for the restore."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold back full collections for the block (young generations still collect); restore after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
