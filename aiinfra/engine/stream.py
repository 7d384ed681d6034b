"""The judge's side of the program-host stream: start a program host, answer and record its calls.

Language-neutral: :func:`run_child` takes the host's argv, environment and working directory (a Python
host from :mod:`aiinfra.engine.host`, a Node host alike), speaks :mod:`aiinfra.engine.protocol` with it,
answers every monitor call with the same :class:`~aiinfra.engine.recorder.RecordingMonitor` and
:class:`~aiinfra.engine.recorder.FixtureMocks` the in-process engine uses (fixtures, ``--invokes`` pins,
synthetic answers), applies resource transforms as the Pulumi engine does, and returns a
:class:`StreamResult`: the :class:`~aiinfra.engine.model.ProgramRun` of everything the child streamed,
the child's captured stdout/stderr, and what went wrong, if anything.

The child is never trusted. It runs in its own process group (killed, with anything it started, when
the run ends), its stdout/stderr go to files the judge reads afterwards (never the judge's own fds),
and a run is complete only when the child said ``hello``, then ``done``, then exited with status 0, with
every line well formed and every reply answered, within the time-out. Anything else is a failure that
the caller reports as exit 3 with what is known. Ctrl-C (SIGINT) and SIGTERM during a run kill the
child's group and raise :class:`Interrupted`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import selectors
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import protocol
from .confine import reaping_escapees
from .invokes import PinnedInvokes
from .model import ProgramRun
from .protocol import Failure, ProtocolError

DEFAULT_TIMEOUT = 900.0
"""Seconds a program may run before the judge stops it (``--timeout``). The largest benchmarked program
(bench/sidebyside.py, 3,000 pools, ~20,000 registrations) takes ~2.5 minutes on a loaded 2-core machine."""
_TICK = 0.25
"""Seconds between checks that the child is still alive while it is silent."""


class Interrupted(BaseException):
    """The run was interrupted (SIGINT or SIGTERM); the child's process group has been killed."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


class _TimedOut(Exception):
    pass


class _ChildGone(Exception):
    pass


@dataclass(frozen=True)
class ChildCommand:
    """How to start a program host: its argv, environment and working directory."""

    argv: Sequence[str]
    env: Mapping[str, str]
    cwd: Path


@dataclass(frozen=True)
class StreamResult:
    """One run of a program host, as the judge saw it."""

    run: ProgramRun
    """Everything the child registered and the judge recorded (partial when ``failure`` is set)."""
    stdout: str = ""
    stderr: str = ""
    failure: Failure | None = None
    """None only for a complete run: ``hello``, ``done``, exit status 0, every line well formed."""
    language: str = ""
    sdk: str = ""
    logs: tuple[tuple[str, str], ...] = ()
    """``(severity, message)`` of the child's ``log`` events."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """What the judge noticed and did not judge (e.g. invoke transforms)."""
    exit_status: int | None = None
    """The child's exit status (negative: killed by that signal); None if it had to be killed."""

    @property
    def complete(self) -> bool:
        """True when the run finished as the protocol requires."""
        return self.failure is None


def _host_failure(message: str, type_: str = "ProgramHostError") -> Failure:
    return Failure(type=type_, message=message, kind="exception")


@contextlib.contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Interrupted` for the block (SIGINT already raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Pipe:
    """The two protocol pipes seen from the parent: line reads and writes bounded by one deadline."""

    def __init__(self, read_fd: int, write_fd: int, deadline: float) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.deadline = deadline
        self._buffer = bytearray()
        self._lines: deque[bytes] = deque()
        self.eof = False
        os.set_blocking(write_fd, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(read_fd, selectors.EVENT_READ)

    def close(self) -> None:
        self._selector.close()
        for fd in (self.read_fd, self.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _TimedOut()
        return remaining

    def read_line(self, alive: Any) -> bytes | None:
        """The next line (without its newline), or None at end of stream.

        ``alive()`` is asked while the pipe is silent: a child that exited while something it started
        still holds the pipe open ends the stream too.
        """
        while not self._lines:
            if self.eof:
                return None
            events = self._selector.select(min(self._remaining(), _TICK))
            if not events:
                if not alive():
                    self._drain()
                continue
            self._fill(os.read(self.read_fd, 1 << 20))
        return self._lines.popleft()

    def _fill(self, chunk: bytes) -> None:
        if not chunk:
            self.eof = True
            if self._buffer:
                raise ProtocolError("the stream ended in the middle of a line")
            return
        self._buffer += chunk
        if b"\n" not in chunk:
            # only the new chunk is searched: a long line costs its length once, not once per read
            if len(self._buffer) > protocol.MAX_LINE:
                raise ProtocolError(f"a line longer than {protocol.MAX_LINE} bytes")
            return
        *complete, rest = self._buffer.split(b"\n")
        if len(rest) > protocol.MAX_LINE or any(len(line) > protocol.MAX_LINE for line in complete):
            raise ProtocolError(f"a line longer than {protocol.MAX_LINE} bytes")
        self._lines.extend(bytes(line) for line in complete)
        self._buffer = bytearray(rest)

    def _drain(self) -> None:
        """Read what is left without blocking; the child is gone, so the stream ends here."""
        os.set_blocking(self.read_fd, False)
        try:
            while True:
                chunk = os.read(self.read_fd, 1 << 20)
                if not chunk:
                    break
                self._fill(chunk)
        except BlockingIOError:
            pass
        if not self.eof:
            self._fill(b"")

    def write(self, data: bytes) -> None:
        """Write ``data`` whole; :class:`_ChildGone` when the child closed its end."""
        view = memoryview(data)
        while view:
            try:
                written = os.write(self.write_fd, view)
            except BlockingIOError:
                written = 0
            except (BrokenPipeError, OSError) as exc:
                if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
                    raise _ChildGone() from None
                raise
            view = view[written:]
            if view:
                with selectors.DefaultSelector() as selector:
                    selector.register(self.write_fd, selectors.EVENT_WRITE)
                    selector.select(min(self._remaining(), _TICK))


class _Session:
    """Answers one child's calls: the recording monitor, resource transforms, the stack's outputs."""

    def __init__(self, pipe: _Pipe, process: subprocess.Popen, monitor: Any, mocks: Any) -> None:
        self.pipe = pipe
        self.process = process
        self.monitor = monitor
        self.mocks = mocks
        self.hello: dict[str, Any] | None = None
        self.finished = False
        self.failure: Failure | None = None
        self.fatal: Failure | None = None
        """A failure the judge found itself (duplicate URN): the run fails whatever the child says next."""
        self.logs: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.outputs: dict[str, Any] = {}
        self._pending: deque[dict[str, Any]] = deque()
        self._callback_ids = 0
        self._own_transforms: dict[str, list[Any]] = {}
        self._parents: dict[str, str] = {}
        self._stack_transforms: list[Any] = []
        self._stack_urn = ""
        self._stacks: set[str] = set()

    def alive(self) -> bool:
        return self.process.poll() is None

    def _next(self) -> dict[str, Any] | None:
        if self._pending:
            return self._pending.popleft()
        line = self.pipe.read_line(self.alive)
        return None if line is None else protocol.decode(line)

    def serve(self) -> None:
        """Read and answer until the stream ends (the child closed it or exited)."""
        while True:
            message = self._next()
            if message is None:
                return
            if self.finished:
                raise ProtocolError("a line after the child said it had finished")
            if self.hello is None:
                self._hello(message)
            elif "call" in message:
                self._answer(message)
            elif "event" in message:
                self._event(message)
            else:
                raise ProtocolError(f"an unexpected message (keys {sorted(message)[:5]})")

    def _hello(self, message: dict[str, Any]) -> None:
        if message.get("event") != "hello":
            raise ProtocolError("the first line is not a 'hello'")
        if message.get("v") != protocol.VERSION:
            raise ProtocolError(
                f"protocol version {str(message.get('v'))[:10]!r}, expected {protocol.VERSION}"
            )
        if message.get("language") not in protocol.LANGUAGES:
            raise ProtocolError(f"unknown language {str(message.get('language'))[:20]!r}")
        self.hello = message

    def _event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if event == "done":
            self.finished = True
        elif event == "failed":
            self.failure = protocol.parse_failure(message)
            self.finished = True
        elif event == "log":
            severity = message.get("severity")
            if severity not in protocol.SEVERITIES or not isinstance(message.get("message"), str):
                raise ProtocolError("a malformed 'log' event")
            self.logs.append((severity, message["message"]))
        else:
            raise ProtocolError(f"an unknown event {str(event)[:30]!r}")

    def _answer(self, message: dict[str, Any]) -> None:
        call_id = message.get("id")
        method = message.get("call")
        if not isinstance(call_id, int) or isinstance(call_id, bool):
            raise ProtocolError("a call without an integer 'id'")
        if not isinstance(method, str) or method not in protocol.METHODS:
            raise ProtocolError(f"an unknown method {str(method)[:40]!r}")
        request_type, _ = protocol.METHODS[method]
        request = protocol.unpack(message.get("req"), protocol.message_class(request_type))
        try:
            response = self._dispatch(method, request)
        except _Fatal as exc:
            self._lose(exc.kind, str(exc))
            self.pipe.write(protocol.encode({"id": call_id, "error": str(exc)}))
            return
        except (ProtocolError, _TimedOut, _ChildGone, Interrupted, KeyboardInterrupt):
            raise
        except Exception as exc:  # the monitor refused the call: the child's SDK raises it into the program
            text = f"{type(exc).__name__}: {exc}"
            if method in _REGISTRATIONS:
                # a registration the judge could not record must not vanish because the program
                # caught the error: the run fails whatever the child says next
                self._lose(type(exc).__name__, text)
            self.pipe.write(protocol.encode({"id": call_id, "error": text}))
            return
        self.pipe.write(protocol.encode({"id": call_id, "res": protocol.pack(response)}))

    def _lose(self, type_name: str, message: str) -> None:
        """Remember the first registration the judge refused (the run's failure)."""
        if self.fatal is None:
            self.fatal = Failure(type=type_name, message=message, kind="exception")

    def _dispatch(self, method: str, request: Any) -> Any:
        from google.protobuf import empty_pb2
        from pulumi.runtime.proto import resource_pb2

        if method == "RegisterResource":
            return self._register(request)
        if method == "ReadResource":
            self._refuse_duplicate(self.monitor.make_urn(request.parent, request.type, request.name))
            return self.monitor.ReadResource(request)
        if method == "RegisterResourceOutputs":
            if request.urn and request.urn == self._stack_urn:
                from .values import decode_struct

                self.outputs = decode_struct(request.outputs)
            return empty_pb2.Empty()
        if method == "SupportsFeature":
            # as the SDK's MockMonitor: "outputValues" off so inputs reach the monitor as plain values
            return resource_pb2.SupportsFeatureResponse(hasSupport=request.id != "outputValues")
        if method == "RegisterStackTransform":
            self._stack_transforms.append(request)
            return empty_pb2.Empty()
        if method == "RegisterStackInvokeTransform":
            note = "invoke transforms (register_invoke_transform) are not applied offline"
            if note not in self.notes:
                self.notes.append(note)
            return empty_pb2.Empty()
        if method in ("RegisterResourceHook", "RegisterErrorHook", "SignalAndWaitForShutdown"):
            return empty_pb2.Empty()
        if method == "Call":
            raise RuntimeError("method calls on components (ResourceCallRequest) are not answered offline")
        return getattr(self.monitor, method)(request)

    def _refuse_duplicate(self, urn: str) -> None:
        from .recorder import DuplicateResourceURN

        try:
            self.monitor.refuse_duplicate(urn)
        except DuplicateResourceURN as exc:
            raise _Fatal(str(exc), "DuplicateResourceURN") from None

    def _register(self, request: Any) -> Any:
        from .recorder import STACK

        if request.type == STACK:
            urn = self.monitor.make_urn(request.parent, request.type, request.name)
            if urn in self._stacks:  # the stock mock keeps no record of stacks to refuse them by
                text = f"Duplicate resource URN '{urn}'; try giving it a unique name"
                self.monitor.duplicates.append(text)
                raise _Fatal(text, "DuplicateResourceURN")
            self._stacks.add(urn)
            response = self.monitor.RegisterResource(request)
            # only the root stack (named <project>-<stack>, as the SDK names it) carries the stack's outputs:
            # another resource of the stack's type, registered before or after it, cannot take them over
            root = f"{self.monitor.project}-{self.monitor.stack}"
            if not request.parent and request.name == root:
                self._stack_urn = response.urn
            return response
        own = list(request.transforms)
        urn = self.monitor.make_urn(request.parent, request.type, request.name)
        self._refuse_duplicate(urn)
        chain = [*own]
        current = request.parent
        ancestors = {urn}
        while current:
            if current in ancestors:
                # only a parent named before it was registered can close a loop (a forged URN string)
                raise _Fatal(f"the parents of {urn[:200]!r} form a cycle", "ResourceParentCycle")
            ancestors.add(current)
            chain.extend(self._own_transforms.get(current, ()))
            current = self._parents.get(current, "")
        chain.extend(self._stack_transforms)
        if chain:
            request = self._transformed(request, chain)
        response = self.monitor.RegisterResource(request)
        if own:
            self._own_transforms[response.urn] = own
        if request.parent:
            self._parents[response.urn] = request.parent
        return response

    def _transformed(self, request: Any, transforms: list[Any]) -> Any:
        """``request`` after each transform, in the engine's order; the options map both ways as the
        engine maps them (source_eval.go builds ``TransformResourceOptions`` from the request)."""
        from pulumi.runtime.proto import callback_pb2, resource_pb2

        options = resource_pb2.TransformResourceOptions(
            depends_on=request.dependencies,
            ignore_changes=request.ignoreChanges,
            replace_on_changes=request.replaceOnChanges,
            version=request.version,
            aliases=request.aliases,
            provider=request.provider,
            providers=dict(request.providers),
            plugin_download_url=request.pluginDownloadURL,
            deleted_with=request.deletedWith,
            additional_secret_outputs=request.additionalSecretOutputs,
            plugin_checksums=dict(request.pluginChecksums),
        )
        if request.HasField("customTimeouts"):
            options.custom_timeouts.CopyFrom(request.customTimeouts)
        if request.HasField("protect"):
            options.protect = request.protect
        if request.HasField("retainOnDelete"):
            options.retain_on_delete = request.retainOnDelete
        if request.deleteBeforeReplaceDefined:
            options.delete_before_replace = request.deleteBeforeReplace
        properties = request.object
        for callback in transforms:
            ask = resource_pb2.TransformRequest(
                type=request.type,
                name=request.name,
                custom=request.custom,
                parent=request.parent,
                properties=properties,
                options=options,
            )
            reply = self._callback(
                callback_pb2.CallbackInvokeRequest(token=callback.token, request=ask.SerializeToString())
            )
            answer = protocol.unpack_bytes(reply.response, resource_pb2.TransformResponse)
            if answer.HasField("properties"):
                properties = answer.properties
            if answer.HasField("options"):
                options = answer.options
        out = resource_pb2.RegisterResourceRequest()
        out.CopyFrom(request)
        out.object.CopyFrom(properties)
        kept = set(properties.fields)
        property_deps = {k: list(v.urns) for k, v in request.propertyDependencies.items() if k in kept}
        out.ClearField("propertyDependencies")
        for key, urns in property_deps.items():
            out.propertyDependencies[key].urns.extend(urns)
        out.ClearField("dependencies")
        out.dependencies.extend(
            sorted({*options.depends_on, *(u for urns in property_deps.values() for u in urns)})
        )
        for target, source in (
            ("ignoreChanges", options.ignore_changes),
            ("replaceOnChanges", options.replace_on_changes),
            ("additionalSecretOutputs", options.additional_secret_outputs),
        ):
            out.ClearField(target)
            getattr(out, target).extend(source)
        out.ClearField("aliases")
        out.aliases.extend(options.aliases)
        out.ClearField("providers")
        out.providers.update(dict(options.providers))
        out.version = options.version
        out.provider = options.provider
        out.pluginDownloadURL = options.plugin_download_url
        out.deletedWith = options.deleted_with
        out.ClearField("protect")
        if options.HasField("protect"):
            out.protect = options.protect
        out.ClearField("retainOnDelete")
        if options.HasField("retain_on_delete"):
            out.retainOnDelete = options.retain_on_delete
        if options.HasField("delete_before_replace"):
            out.deleteBeforeReplace = options.delete_before_replace
            out.deleteBeforeReplaceDefined = True
        out.ClearField("customTimeouts")
        if options.HasField("custom_timeouts"):
            out.customTimeouts.CopyFrom(options.custom_timeouts)
        return out

    def _callback(self, request: Any) -> Any:
        """Ask the child to run one callback and wait for its answer; calls arriving meanwhile wait."""
        from pulumi.runtime.proto import callback_pb2

        self._callback_ids += 1
        callback_id = self._callback_ids
        self.pipe.write(protocol.encode({"id": callback_id, "callback": protocol.pack(request)}))
        while True:
            line = self.pipe.read_line(self.alive)
            if line is None:
                raise _ChildGone()
            message = protocol.decode(line)
            if "call" in message or message.get("event") == "log":
                self._pending.append(message)
                continue
            if message.get("id") != callback_id or "event" in message:
                raise ProtocolError("an answer to a callback the judge did not ask for")
            if "error" in message:
                raise _Fatal(f"a transform failed: {str(message['error'])[:2000]}", "TransformFailed")
            return protocol.unpack(message.get("res"), callback_pb2.CallbackInvokeResponse)


class _Fatal(Exception):
    """A registration the judge refuses; the child's SDK raises the text into the program, and the run
    fails even if the program catches it."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


_REGISTRATIONS = frozenset({"RegisterResource", "ReadResource", "RegisterResourceOutputs"})


def _read(file: Any) -> str:
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()


def run_child(
    command: ChildCommand,
    *,
    project: str,
    stack: str,
    config: Mapping[str, Any] | None = None,
    preview: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    pinned_invokes: PinnedInvokes | None = None,
    context: Mapping[str, str] | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> StreamResult:
    """Start the program host ``command``, answer it until it ends, and return what it registered.

    ``project``/``stack`` name every URN; ``config`` (fully qualified keys) picks fixture facts such as
    ``aws:region`` (the child hands the config to the program itself). Raises :class:`Interrupted` on
    SIGINT/SIGTERM after killing the child's process group; every other way a child can end is in the
    result's ``failure``.
    """
    settings = _Settings(
        project, stack, dict(config or {}), preview, timeout, pinned_invokes, context, stack_outputs
    )
    with tempfile.TemporaryFile() as stdout_file, tempfile.TemporaryFile() as stderr_file:
        try:
            with _terminate_raises(), reaping_escapees():
                return _run(command, settings, stdout_file, stderr_file)
        except KeyboardInterrupt:
            raise Interrupted(signal.SIGINT) from None


@dataclass(frozen=True)
class _Settings:
    project: str
    stack: str
    config: dict[str, Any]
    preview: bool
    timeout: float
    pinned_invokes: PinnedInvokes | None
    context: Mapping[str, str] | None
    stack_outputs: Mapping[str, Mapping[str, Any]] | None


def _run(command: ChildCommand, settings: _Settings, stdout_file: Any, stderr_file: Any) -> StreamResult:
    """Spawn, serve and judge one child (see :func:`run_child`)."""
    deadline = time.monotonic() + settings.timeout
    to_child_read, to_child_write = os.pipe()
    from_child_read, from_child_write = os.pipe()
    env = dict(command.env)
    env[protocol.ENV_FDS] = f"{from_child_write},{to_child_read}"
    process: subprocess.Popen | None = None
    pipe: _Pipe | None = None
    try:
        try:
            process = subprocess.Popen(
                list(command.argv),
                cwd=str(command.cwd),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=stdout_file,
                stderr=stderr_file,
                pass_fds=(from_child_write, to_child_read),
                start_new_session=True,
            )
        finally:
            os.close(from_child_write)
            os.close(to_child_read)
        pipe = _Pipe(from_child_read, to_child_write, deadline)
        # the judge's own imports and fixtures are built while the child starts (two cores, two processes)
        from .recorder import FixtureMocks, RecordingMonitor
        from .run import _fixture_context

        ctx = _fixture_context(
            settings.project, settings.stack, settings.config, settings.stack_outputs, settings.context
        )
        mocks = FixtureMocks(ctx, settings.pinned_invokes, unpinned_references_unknown=True)
        monitor = RecordingMonitor(mocks, project=settings.project, stack=settings.stack)
        session = _Session(pipe, process, monitor, mocks)
        failure, exit_status = _serve(session, process, deadline, settings.timeout)
    finally:
        if process is not None:
            _kill_group(process)
        if pipe is not None:
            pipe.close()
        else:
            for fd in (from_child_read, to_child_write):
                with contextlib.suppress(OSError):
                    os.close(fd)
    return _result(session, failure, exit_status, settings, _read(stdout_file), _read(stderr_file))


def _serve(
    session: _Session, process: subprocess.Popen, deadline: float, timeout: float
) -> tuple[Failure | None, int | None]:
    """Answer the child until its stream ends and it exits; (a failure of the run itself, exit status)."""
    from .gcpause import paused_gc
    from .loops import engine_loop

    try:
        with engine_loop(), paused_gc():
            session.serve()
        return None, process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except _TimedOut:
        message = f"the program did not finish within {timeout:g} s (--timeout); it was stopped"
    except subprocess.TimeoutExpired:
        message = f"the program host did not exit within {timeout:g} s (--timeout); it was stopped"
    except ProtocolError as exc:
        return _host_failure(f"the program host broke the protocol: {exc}", "ProtocolError"), None
    except _ChildGone:
        return None, process.wait()
    return _host_failure(message, "TimedOut"), None


def _result(
    session: _Session,
    failure: Failure | None,
    exit_status: int | None,
    settings: _Settings,
    stdout: str,
    stderr: str,
) -> StreamResult:
    from .run import UnansweredStackReference, stable_order

    mocks, monitor = session.mocks, session.monitor
    if failure is None:
        failure = _verdict(session, exit_status)
    if failure is None and mocks.errors:
        failure = _host_failure("; ".join(dict.fromkeys(mocks.errors)), UnansweredStackReference.__name__)
    run = ProgramRun(
        project=settings.project,
        stack=settings.stack,
        preview=settings.preview,
        resources=stable_order(monitor.records),
        outputs=session.outputs,
        invokes=tuple(mocks.invokes),
        synthetic_invokes=tuple(mocks.synthetic),
    )
    hello = session.hello or {}
    notes = [*session.notes, *map(unpinned_reference_note, mocks.unpinned_references)]
    if failure is not None and failure.kind == "exception" and mocks.synthetic:
        failure = dataclasses.replace(failure, message=failure.message + synthetic_note(mocks.synthetic))
    return StreamResult(
        run=run,
        stdout=stdout,
        stderr=stderr,
        failure=failure,
        language=str(hello.get("language", "")),
        sdk=str(hello.get("sdk", "")),
        logs=tuple(session.logs),
        notes=tuple(notes),
        exit_status=exit_status,
    )


def unpinned_reference_note(stack: str) -> str:
    """The report's note for a StackReference answered with unknown outputs."""
    return (
        f"stack reference {stack!r}: its outputs are unknown offline (as in a preview before that stack "
        "is deployed); rules see unknown values where they are used. Pin them with --stack-outputs FILE"
    )


def synthetic_note(tokens: Sequence[str]) -> str:
    """What a failure message adds when data sources were answered with made-up values before it: a
    made-up answer (an AMI description, a subnet list) is a common cause of a program's own exception."""
    return (
        "\ndata sources answered with made-up values before it failed (a value from one may have fed it): "
        + ", ".join(tokens)
        + "; pin their real answers with --invokes FILE"
    )


def _verdict(session: _Session, exit_status: int | None) -> Failure | None:
    """The failure of a run whose stream ended, or None when it completed as the protocol requires."""
    if session.fatal is not None:
        return session.fatal
    if session.failure is not None:
        return session.failure
    status = _describe_status(exit_status)
    if session.hello is None:
        return _host_failure(f"the program host {status} before it said hello")
    if not session.finished:
        return _host_failure(f"the program {status} before it finished")
    if exit_status != 0:
        return _host_failure(f"the program host {status} after it finished")
    return None


def _describe_status(exit_status: int | None) -> str:
    if exit_status is None:
        return "stopped"
    if exit_status < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-exit_status).name}"
        return f"was killed by signal {-exit_status}"
    return f"exited with status {exit_status}"
