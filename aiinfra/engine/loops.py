"""The event loops of the offline engine, owned and closed by it.

Pulumi's mock monitor runs every RPC (RegisterResource, Invoke, ...) on a worker thread of the event
loop's default executor and calls ``_ensure_event_loop()`` there, which creates a fresh event loop
per worker thread and never closes it; the main thread's loop is never closed either. Unclosed loops
are reclaimed by the cyclic garbage collector (often at interpreter exit), which finalises a loop and
its self-pipe sockets in arbitrary order: when the sockets go first, ``BaseEventLoop.__del__`` calls
``close()`` on a socket whose descriptor is already -1 and Python prints ``Exception ignored in:
<function BaseEventLoop.__del__ ...> ValueError: Invalid file descriptor: -1`` on stderr (about one
run in several). So the engine owns every loop: one main-thread loop per process, reused by every run
and closed at exit; a fresh default executor per run, shut down (threads joined) when the run ends;
and one loop per worker thread, created here before Pulumi would make an unowned one, closed when its
run ends.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

_lock = threading.Lock()
_local = threading.local()
_workers: list[asyncio.AbstractEventLoop] = []
_main: list[asyncio.AbstractEventLoop] = []  # at most one: the engine's main-thread loop


def ensure_worker_loop() -> None:
    """Give the calling monitor worker thread an event loop the engine owns (main thread: no-op)."""
    if threading.current_thread() is threading.main_thread() or getattr(_local, "loop", None):
        return
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    _local.loop = loop
    with _lock:
        _workers.append(loop)


def _close_workers() -> None:
    with _lock:
        loops = list(_workers)
        _workers.clear()
    for loop in loops:
        if not loop.is_closed():
            loop.close()


def _close_all() -> None:
    """At interpreter exit, before teardown: close every loop the engine made."""
    _close_workers()
    for loop in _main:
        if not loop.is_closed():
            loop.close()


def _main_loop() -> asyncio.AbstractEventLoop:
    if not _main or _main[0].is_closed():
        if not _main:
            atexit.register(_close_all)
        _main[:] = [asyncio.new_event_loop()]
    return _main[0]


@contextmanager
def engine_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """The main-thread loop for one run, with a fresh executor whose threads are joined on exit."""
    loop = _main_loop()
    asyncio.set_event_loop(loop)
    executor = ThreadPoolExecutor(thread_name_prefix="aiinfra-engine")
    loop.set_default_executor(executor)
    try:
        yield loop
    finally:
        executor.shutdown(wait=True)
        _close_workers()
        # Later Pulumi calls in this process (outside a run) still find a usable loop and executor.
        loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="aiinfra-engine"))
