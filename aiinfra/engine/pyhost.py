"""The Python program host: the child process that runs a user's Pulumi program for the judge.

Started by :func:`aiinfra.engine.host.run_project` as ``python -P -m aiinfra.engine.pyhost`` with
``AIINFRA_HOST_FDS`` (the protocol pipes) and ``AIINFRA_HOST_SPEC`` (JSON: ``project``, ``stack``,
``directory``, ``entry``, ``config`` as strings, ``secret_keys``, ``sys_path``, ``display_base``,
``stack_file_hint``). It does what the Python language host does — the project directory is the working
directory and the entry's folder the first ``sys.path`` entry, ``main:`` runs as ``__main__``, config and
secrets reach ``pulumi.Config`` — under the SDK's own mocks, with a monitor that answers nothing itself: every
call goes to the judge (:mod:`aiinfra.engine.protocol`), which answers, records and judges. Nothing this
process computes decides a verdict; its stdout and stderr are files the judge reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import os
import runpy
import sys
import threading
from pathlib import Path
from typing import Any

from . import protocol


class MonitorError(Exception):
    """The judge refused a monitor call (its text is the judge's)."""


class Channel:
    """The child's end of the stream: one call at a time, callbacks answered while a call waits."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self._out = os.fdopen(write_fd, "wb", buffering=1 << 16)
        self._in = os.fdopen(read_fd, "rb", buffering=1 << 16)
        self._ids = 0

    def send(self, message: dict[str, Any]) -> None:
        """Write one line and flush it."""
        self._out.write(protocol.encode(message))
        self._out.flush()

    def call(self, method: str, request: Any) -> Any:
        """Forward one monitor call and return the judge's response message."""
        self._ids += 1
        call_id = self._ids
        self.send({"id": call_id, "call": method, "req": protocol.pack(request)})
        _, response_type = protocol.METHODS[method]
        while True:
            line = self._in.readline()
            if not line:
                raise MonitorError("the judge closed the stream")
            message = protocol.decode(line)
            if "callback" in message:
                self._run_callback(message)
                continue
            if message.get("id") != call_id:
                raise MonitorError("the judge answered a call that was not asked")
            if "error" in message:
                raise MonitorError(str(message["error"]))
            return protocol.unpack(message.get("res"), protocol.message_class(response_type))

    def _run_callback(self, message: dict[str, Any]) -> None:
        from pulumi.runtime._callbacks import _CallbackServicer
        from pulumi.runtime.proto import callback_pb2

        request = protocol.unpack(message["callback"], callback_pb2.CallbackInvokeRequest)
        callback = None
        for servicer in _CallbackServicer._servicers:
            callback = servicer._callbacks.get(request.token) or callback
        if callback is None:
            self.send({"id": message.get("id"), "error": f"no callback with token {request.token[:40]!r}"})
            return
        try:
            answer = _run_coroutine_apart(callback, request.request)
        except Exception as exc:  # the user's transform raised: the judge fails the registration
            self.send({"id": message.get("id"), "error": f"{type(exc).__name__}: {exc}"})
            return
        response = callback_pb2.CallbackInvokeResponse(response=answer.SerializeToString())
        self.send({"id": message.get("id"), "res": protocol.pack(response)})


def _run_coroutine_apart(function: Any, argument: Any) -> Any:
    """Run ``await function(argument)`` to completion on a fresh loop in a helper thread.

    The program's own loop is busy: it is inside the monitor call waiting for the judge. Context
    variables (the SDK's settings, the root stack) are copied into the helper thread. unverified
    beyond the transforms in the test suite: a transform that awaits an Output of the program's loop
    fails here (the run then fails, exit 3), where the engine would wait for it.
    """
    context = contextvars.copy_context()
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = context.run(asyncio.run, function(argument))
        except BaseException as exc:  # handed back to the calling thread
            result["error"] = exc

    thread = threading.Thread(target=target, name="aiinfra-callback", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def _forwarding_monitor(channel: Channel) -> Any:
    """A MockMonitor whose every method forwards to the judge."""
    from pulumi.runtime.mocks import MockMonitor

    def forward(method: str) -> Any:
        def call(self: Any, request: Any) -> Any:
            return channel.call(method, request)

        call.__name__ = method
        return call

    namespace = {name: forward(name) for name in protocol.METHODS}
    monitor_class = type("ForwardingMonitor", (MockMonitor,), namespace)
    return monitor_class(_NoMocks())


class _NoMocks:
    """The SDK's mocks object is never asked: the forwarding monitor does not consult it."""

    def new_resource(self, args: Any) -> tuple[str, dict]:
        raise AssertionError("the forwarding monitor answers no registration itself")

    def call(self, args: Any) -> dict:
        raise AssertionError("the forwarding monitor answers no invoke itself")

    def register_transform(self, transform: Any) -> None:
        """Stack transforms reach the judge through the monitor (RegisterStackTransform)."""

    def register_invoke_transform(self, transform: Any) -> None:
        """Invoke transforms likewise."""


def _local_callbacks(monitor: Any) -> Any:
    """The SDK's callback registry without its gRPC server: the judge reaches callbacks through the stream."""
    from pulumi.runtime._callbacks import _CallbackServicer

    class _NoServer:
        async def start(self) -> None:
            """Nothing to start."""

        async def stop(self, grace: Any = None) -> None:
            """Nothing to stop."""

    servicer = _CallbackServicer.__new__(_CallbackServicer)
    servicer._callbacks = {}
    servicer._transforms = {}
    servicer._state_migrations = {}
    servicer._monitor = monitor
    servicer._server = _NoServer()
    servicer._target = "aiinfra-program-host"
    servicer._loop = asyncio.get_event_loop()
    _CallbackServicer._servicers.append(servicer)
    return servicer


def _stack_outputs(channel: Channel) -> None:
    """Send the stack's exported outputs as the engine receives them (RegisterResourceOutputs on the stack).

    The SDK's mocks mark the root stack finished before the program runs, so ``pulumi.export`` values
    never reach the monitor on their own.
    """
    from pulumi.runtime import rpc
    from pulumi.runtime.proto import resource_pb2
    from pulumi.runtime.settings import get_root_resource
    from pulumi.runtime.sync_await import _sync_await

    root = get_root_resource()
    if root is None:
        return
    urn = _sync_await(root.urn.future())
    try:
        struct = _sync_await(rpc.serialize_properties(dict(getattr(root, "outputs", {})), {}))
    except Exception as exc:
        from .applyerrors import STACK_OUTPUT, TARGET, origin

        with contextlib.suppress(AttributeError):
            setattr(origin(exc), TARGET, STACK_OUTPUT)
        raise
    channel.call(
        "RegisterResourceOutputs", resource_pb2.RegisterResourceOutputsRequest(urn=urn, outputs=struct)
    )


def _run(spec: dict[str, Any], channel: Channel) -> None:
    import pulumi
    from pulumi.runtime import settings

    from .gcpause import paused_gc
    from .loops import engine_loop
    from .project import OFFLINE_ORGANIZATION

    directory = spec["directory"]
    entry = Path(spec["entry"])
    entry_dir = str(entry if entry.is_dir() else entry.parent)
    os.chdir(directory)
    sys.path[:] = [entry_dir, *([directory] if entry_dir != directory else []), *spec["sys_path"]]
    sys.argv = [str(entry)]
    project, stack = spec["project"], spec["stack"]
    pulumi.runtime.reset_options(project=project, stack=stack, preview=True)
    pulumi.runtime.set_all_config(spec["config"], spec["secret_keys"])
    monitor = _forwarding_monitor(channel)
    from .applyerrors import install

    install()
    with engine_loop():
        pulumi.runtime.set_mocks(
            monitor.mocks,
            project=project,
            stack=stack,
            preview=True,
            monitor=monitor,
            organization=spec.get("organization") or OFFLINE_ORGANIZATION,
        )
        settings.SETTINGS.callbacks = _local_callbacks(monitor)
        with paused_gc():
            pulumi.runtime.test(lambda: runpy.run_path(str(entry), run_name="__main__"))()
            _stack_outputs(channel)


def _failure(exc: BaseException, spec: dict[str, Any]) -> protocol.Failure:
    """What went wrong, in the user's terms, with any value Pulumi's ``ConfigTypeError`` quotes for a key
    read through ``require_secret*``/``get_secret*`` masked here, where the exception still exists (the
    judge sees only the event; it masks the stack's declared secrets itself)."""
    import dataclasses

    from .redact import redact, secrets_in_failure

    failure = _describe_failure(exc, spec)
    secrets = secrets_in_failure(exc)
    if not secrets:
        return failure
    return dataclasses.replace(
        failure,
        message=redact(failure.message, secrets),
        frames=tuple(dataclasses.replace(f, code=redact(f.code, secrets)) for f in failure.frames),
    )


def _describe_failure(exc: BaseException, spec: dict[str, Any]) -> protocol.Failure:
    """What went wrong, in the user's terms: config and spec errors named, the user's own frames."""
    from .applyerrors import apply_frames, computing, origin
    from .failure import user_frames
    from .host import config_message, is_spec_error, spec_message

    directory = Path(spec["directory"])
    base = Path(spec["display_base"])
    raised = origin(exc)
    where = computing(raised)
    frames = [
        protocol.Frame(file=f.file, line=f.line, function=f.function, code=f.code)
        for f in user_frames(exc, directory, base, extra=apply_frames(raised))
    ]
    if raised is not exc and isinstance(raised, Exception):  # the SDK's "While processing ..." wrappers
        exc = raised
    if isinstance(exc, SyntaxError) and exc.filename:
        inside = Path(exc.filename).resolve().is_relative_to(directory.resolve())
        if inside:
            shown = _display(exc.filename, base)
            frames.append(protocol.Frame(file=shown, line=exc.lineno or 0, column=exc.offset or 0))
        detail = str(exc.msg)
        return protocol.Failure(type=type(exc).__name__, message=detail, kind="compile", frames=tuple(frames))
    config = config_message(exc, spec["stack_file_hint"]) if isinstance(exc, Exception) else None
    if config is not None:
        return protocol.Failure(type=type(exc).__name__, message=config, kind="config", frames=tuple(frames))
    if isinstance(exc, Exception) and is_spec_error(exc):
        return protocol.Failure(
            type=type(exc).__name__, message=spec_message(exc), kind="spec", frames=tuple(frames)
        )
    detail = str(exc).strip()
    if isinstance(exc, SystemExit) and not detail:
        detail = "sys.exit() before the program finished"
    if where:
        detail = f"{detail}\n{where}"
    return protocol.Failure(type=type(exc).__name__, message=detail, kind="exception", frames=tuple(frames))


def _display(path: str, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base))
    except ValueError:
        return path


def main() -> None:
    """Run the program described by the environment and report to the judge; never returns."""
    import importlib.metadata

    spec = json.loads(os.environ.pop(protocol.ENV_SPEC))
    write_fd, read_fd = (int(part) for part in os.environ.pop(protocol.ENV_FDS).split(","))
    channel = Channel(write_fd, read_fd)
    try:
        sdk = importlib.metadata.version("pulumi")
    except importlib.metadata.PackageNotFoundError:
        sdk = "unknown"
    channel.send({"v": protocol.VERSION, "event": "hello", "language": "python", "sdk": sdk})
    from .lazysdk import install

    install()  # the program's SDK imports load only the resource modules it uses
    status = 0
    try:
        _run(spec, channel)
    except BaseException as exc:  # anything the program raised, SystemExit and KeyboardInterrupt too
        status = 1
        try:
            event = protocol.failure_event(_failure(exc, spec))
        except Exception as inner:  # describing the failure failed: say so plainly
            event = protocol.failure_event(
                protocol.Failure(type=type(exc).__name__, message=f"{exc} ({inner})"[:2000], kind="exception")
            )
        channel.send(event)
    else:
        channel.send({"event": "done"})
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)  # no interpreter teardown: threads the program left behind cannot hold the exit


if __name__ == "__main__":
    main()
