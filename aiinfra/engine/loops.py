"""The event loop of the offline engine: one per process, owned and closed by it, with RPCs inline.

The Pulumi SDK sends every RPC (RegisterResource, Invoke, ...) through
``loop.run_in_executor(None, call)``: against a real engine that keeps the loop free while a gRPC
call waits on the network. Under the engine the "RPC" is the recording monitor, plain CPU-bound
Python under the GIL, so worker threads buy no parallelism; they cost GIL hand-offs, lock waits
and a queue of submitted calls with their requests held alive. Measured on bench/sidebyside.py's
1,000-pool program under load: threads 6.91 ms per registration and 756 MiB peak, inline 6.35 ms
and 698 MiB (2026-12-01). So the engine's loop runs those calls inline and hands back a finished
future; calls with an explicit executor still go to it.

Inline calls must not pump the loop (``pulumi.runtime.sync_await._sync_await``), or a program with
many pending data sources nests one pump per call until the interpreter's recursion limit: the
recording monitor answers without it (engine/recorder.py). Running on the main thread also means
resource references the monitor decodes land on the program's own loop, never a worker thread's.
"""

from __future__ import annotations

import asyncio
import atexit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_main: list[asyncio.AbstractEventLoop] = []  # at most one: the engine's main-thread loop


class InlineRpcLoop(asyncio.SelectorEventLoop):
    """A selector loop whose default-executor calls run inline and return a finished future."""

    def run_in_executor(self, executor: Any, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Run ``func(*args)`` now when no executor is named; otherwise defer to the named executor."""
        if executor is not None:
            return super().run_in_executor(executor, func, *args)
        future = self.create_future()
        try:
            future.set_result(func(*args))
        except Exception as exn:  # delivered to the awaiting SDK coroutine, as a worker thread would
            future.set_exception(exn)
        return future


def _close_main() -> None:
    """At interpreter exit, before teardown: close the engine's loop."""
    for loop in _main:
        if not loop.is_closed():
            loop.close()


def _main_loop() -> asyncio.AbstractEventLoop:
    if not _main or _main[0].is_closed():
        if not _main:
            atexit.register(_close_main)
        _main[:] = [InlineRpcLoop()]
    return _main[0]


@contextmanager
def engine_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """The engine's main-thread loop, set as the current loop for one run."""
    loop = _main_loop()
    asyncio.set_event_loop(loop)
    yield loop
