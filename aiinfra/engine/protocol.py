"""The program-host stream, v1: the line protocol between the judge (parent) and a program host (child).

The judge never runs a user's program in its own process. It starts a program host (a Python or Node
process running the program under its SDK's own mocks) whose mock monitor answers nothing itself: it
forwards every monitor call to the parent over two extra pipes, and the parent answers, records and
judges. The child writes to fd W and reads from fd R, named in the child's environment as
``AIINFRA_HOST_FDS="W,R"``. Every message is one line of UTF-8 JSON.

child -> parent
  ``{"v":1,"event":"hello","language":"python"|"nodejs","sdk":"<pulumi SDK version>"}`` (first line)
  ``{"id":N,"call":"<Method>","req":"<base64 request protobuf>"}`` (a monitor call, see :data:`METHODS`)
  ``{"id":N,"res":"<base64 CallbackInvokeResponse>"}`` | ``{"id":N,"error":"<text>"}`` (a callback's answer)
  ``{"event":"log","severity":"info"|"warning"|"error","message":"..."}``
  ``{"event":"done"}`` (the program finished and every registration settled; nothing may follow)
  ``{"event":"failed","error":{"type","message","frames":[{"file","line","column","function","code"}],
  "kind":"exception"|"compile"|"config"|"spec"}}``

parent -> child
  ``{"id":N,"res":"<base64 response protobuf>"}`` | ``{"id":N,"error":"<text>"}`` (answer to call N)
  ``{"id":M,"callback":"<base64 pulumirpc.CallbackInvokeRequest>"}`` (run a callback the child registered,
  today only resource transforms: the request bytes inside are a ``pulumirpc.TransformRequest``, the answer's
  response bytes a ``pulumirpc.TransformResponse``). Callback ids are the parent's own sequence.

Transforms are applied by the parent as the Pulumi engine applies them (the resource's own transforms, then
each ancestor's, then the stack's; pulumi/pulumi pkg/resource/deploy/source_eval.go ``RegisterResource``,
read through the code index 2026-12-07; the exact release tag of that copy is unverified). A child that
exits (any code, any signal) without ``done``, sends a malformed line or anything after ``done``, or stops
talking past the time-out is a failed run. This module holds only the framing and the message shapes, so
the Python host (:mod:`aiinfra.engine.pyhost`), the Node host and the parent (:mod:`aiinfra.engine.stream`)
share one definition.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

VERSION = 1
"""The protocol version every ``hello`` must carry."""
ENV_FDS = "AIINFRA_HOST_FDS"
"""Environment variable naming the child's pipe fds: ``"W,R"`` (child writes W, reads R)."""
ENV_SPEC = "AIINFRA_HOST_SPEC"
"""Environment variable with the Python host's run description (JSON; see :mod:`aiinfra.engine.pyhost`)."""
MAX_LINE = 256 * 1024 * 1024
"""A longer line is malformed (a registration's inputs are far smaller; this bounds parent memory)."""
LANGUAGES = ("python", "nodejs")
FAILURE_KINDS = ("exception", "compile", "config", "spec")
SEVERITIES = ("info", "warning", "error")

METHODS: dict[str, tuple[str, str]] = {
    "RegisterResource": ("resource_pb2.RegisterResourceRequest", "resource_pb2.RegisterResourceResponse"),
    "RegisterResourceOutputs": ("resource_pb2.RegisterResourceOutputsRequest", "empty_pb2.Empty"),
    "ReadResource": ("resource_pb2.ReadResourceRequest", "resource_pb2.ReadResourceResponse"),
    "Invoke": ("resource_pb2.ResourceInvokeRequest", "resource_pb2.ResourceInvokeResponse"),
    "Call": ("resource_pb2.ResourceCallRequest", "provider_pb2.CallResponse"),
    "ExistsResource": ("resource_pb2.ExistsResourceRequest", "resource_pb2.ExistsResourceResponse"),
    "RegisterPackage": ("resource_pb2.RegisterPackageRequest", "resource_pb2.RegisterPackageResponse"),
    "SignalAndWaitForShutdown": ("empty_pb2.Empty", "empty_pb2.Empty"),
    "SupportsFeature": ("resource_pb2.SupportsFeatureRequest", "resource_pb2.SupportsFeatureResponse"),
    "GetDeploymentInfo": ("empty_pb2.Empty", "resource_pb2.DeploymentInfo"),
    "RegisterStackTransform": ("callback_pb2.Callback", "empty_pb2.Empty"),
    "RegisterStackInvokeTransform": ("callback_pb2.Callback", "empty_pb2.Empty"),
    "RegisterResourceHook": ("resource_pb2.RegisterResourceHookRequest", "empty_pb2.Empty"),
    "RegisterErrorHook": ("resource_pb2.RegisterErrorHookRequest", "empty_pb2.Empty"),
}
"""Monitor methods a child may call: name -> (request message, response message), ``module.Message`` in
``pulumi.runtime.proto`` (``empty_pb2`` is ``google.protobuf.empty_pb2``). The parent refuses any other."""


class ProtocolError(Exception):
    """The child broke the protocol (a malformed or unexpected line)."""


@cache
def message_class(path: str) -> type:
    """The protobuf class named ``module.Message`` in :data:`METHODS`."""
    module_name, _, name = path.partition(".")
    if module_name == "empty_pb2":
        from google.protobuf import empty_pb2

        return getattr(empty_pb2, name)
    from importlib import import_module

    return getattr(import_module(f"pulumi.runtime.proto.{module_name}"), name)


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line (compact JSON, ASCII-safe, newline-terminated)."""
    return json.dumps(message, separators=(",", ":")).encode("ascii") + b"\n"


def pack(proto: Any) -> str:
    """A protobuf message as the base64 text a line carries."""
    return base64.b64encode(proto.SerializeToString()).decode("ascii")


def unpack(text: Any, cls: type) -> Any:
    """The protobuf message of class ``cls`` from a line's base64 text; :class:`ProtocolError` if it is not one."""
    if not isinstance(text, str):
        raise ProtocolError("a protobuf payload is not a base64 string")
    try:
        return cls.FromString(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError(f"a payload is not a valid {cls.__name__}: {str(exc)[:80]}") from None
    except Exception as exc:  # protobuf's DecodeError and friends
        raise ProtocolError(f"a payload is not a valid {cls.__name__}: {type(exc).__name__}") from None


def unpack_bytes(data: bytes, cls: type) -> Any:
    """The protobuf message of class ``cls`` from raw bytes (a callback's payload); :class:`ProtocolError`
    if they are not one."""
    try:
        return cls.FromString(data)
    except Exception as exc:  # protobuf's DecodeError and friends
        raise ProtocolError(f"a payload is not a valid {cls.__name__}: {type(exc).__name__}") from None


def decode(line: bytes) -> dict[str, Any]:
    """One line as a JSON object; :class:`ProtocolError` for anything else."""
    try:
        message = json.loads(line)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nesting deeper than the stack
        raise ProtocolError(f"not a JSON line: {_prefix(line)}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"not a JSON object: {_prefix(line)}")
    return message


def _prefix(line: bytes) -> str:
    text = line[:60].decode("utf-8", errors="replace")
    return repr(text + ("..." if len(line) > 60 else ""))


@dataclass(frozen=True)
class Frame:
    """One frame of the user's code, as a ``failed`` event reports it."""

    file: str
    line: int
    function: str = ""
    column: int = 0
    code: str = ""


@dataclass(frozen=True)
class Failure:
    """What a child reported in its ``failed`` event."""

    type: str
    message: str
    kind: str
    frames: tuple[Frame, ...] = ()


def parse_failure(message: dict[str, Any]) -> Failure:
    """The ``error`` of a ``failed`` event; :class:`ProtocolError` when its shape is wrong."""
    error = message.get("error")
    if not isinstance(error, dict):
        raise ProtocolError("a 'failed' event without an 'error' object")
    kind = error.get("kind", "exception")
    if kind not in FAILURE_KINDS:
        raise ProtocolError(f"a 'failed' event with kind {str(kind)[:30]!r}")
    raw_frames = error.get("frames") or []
    if not isinstance(raw_frames, list):
        raise ProtocolError("a 'failed' event whose 'frames' is not a list")
    frames = []
    for raw in raw_frames:
        if not isinstance(raw, dict) or not isinstance(raw.get("file"), str):
            raise ProtocolError("a 'failed' event with a malformed frame")
        line = raw.get("line", 0)
        column = raw.get("column", 0)
        frames.append(
            Frame(
                file=raw["file"],
                line=line if isinstance(line, int) else 0,
                function=str(raw.get("function") or ""),
                column=column if isinstance(column, int) else 0,
                code=str(raw.get("code") or ""),
            )
        )
    return Failure(
        type=str(error.get("type") or "Error"),
        message=str(error.get("message") or ""),
        kind=kind,
        frames=tuple(frames),
    )


def failure_event(failure: Failure) -> dict[str, Any]:
    """The ``failed`` event for ``failure`` (what a host sends)."""
    return {
        "event": "failed",
        "error": {
            "type": failure.type,
            "message": failure.message,
            "kind": failure.kind,
            "frames": [
                {"file": f.file, "line": f.line, "column": f.column, "function": f.function, "code": f.code}
                for f in failure.frames
            ],
        },
    }
