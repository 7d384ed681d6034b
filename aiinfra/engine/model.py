"""Plain records of what a Pulumi program registered under the offline engine.

These are the shapes every consumer shares: tests, ``aiinfra plan``, ``aiinfra check`` and the
policy runner. Values in ``inputs`` and ``outputs`` are as the engine sees them: camelCase keys,
numbers as floats, secrets wrapped in :class:`Secret`, values unknown at preview as :data:`UNKNOWN`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


class _Unknown:
    """Marker for a value the engine cannot know during preview."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""The single unknown-value marker (compare with ``is``)."""


@dataclass(frozen=True)
class Secret:
    """A value the program marked secret; rendered as ``"[secret]"`` in every report."""

    value: Any

    def __repr__(self) -> str:
        return "Secret([secret])"


@dataclass(frozen=True, slots=True)
class RecordedResource:
    """One resource registration, with the options that matter for review and policy.

    Slotted: a 3,000-pool plan holds over 20,000 of them, and an instance dict per record costs more
    than the record's own fields.
    """

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    inputs: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)
    protect: bool = False
    retain_on_delete: bool = False
    provider: str | None = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    additional_secret_outputs: tuple[str, ...] = ()
    id: str | None = None
    """The physical id the offline engine reports (None for components)."""
    remote: bool = False
    """A multi-language component: its children are created by a component provider, unseen offline."""
    source: tuple[str, int] | None = None
    """Where the program constructed it (file path, line), from the registration's source position."""
    stack_trace: Any = field(default=None, compare=False, repr=False)
    """The registration's stack trace, innermost frame first: (file path, line) frames as the recorder
    resolves them (shared between registrations with the same trace), or the SDK's protobuf message
    where a record is built from one directly; read through :func:`aiinfra.engine.model.frames`."""

    def __getstate__(self) -> dict[str, Any]:
        # The SDK's protobuf trace does not pickle (worker processes of a multi-stack plan send
        # records back): resolve it to plain (file, line) frames on the way out.
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        if state["stack_trace"] is not None and not isinstance(state["stack_trace"], tuple):
            state["stack_trace"] = tuple(frames(self))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    @property
    def is_component(self) -> bool:
        """True for ComponentResources (no provider-side state of their own)."""
        return not self.custom

    @property
    def is_provider(self) -> bool:
        """True for explicit provider resources (``pulumi:providers:<pkg>``)."""
        return self.type.startswith("pulumi:providers:")


@dataclass(frozen=True)
class ProgramRun:
    """Everything one offline run of a Pulumi program produced."""

    project: str
    stack: str
    preview: bool
    resources: tuple[RecordedResource, ...]
    outputs: dict[str, Any]
    invokes: tuple[str, ...] = ()
    synthetic_invokes: tuple[str, ...] = ()
    """Data sources answered with SDK-derived (not real) values, in call order, each once."""

    def by_type(self, type_token: str) -> list[RecordedResource]:
        """All resources of one type token, in registration order."""
        return [r for r in self.resources if r.type == type_token]

    def by_urn(self) -> dict[str, RecordedResource]:
        """Index of resources by URN."""
        return {r.urn: r for r in self.resources}


def frames(record: RecordedResource) -> list[tuple[str, int]]:
    """(file path, line) of each frame of a registration's stack trace, innermost first."""
    trace = record.stack_trace
    if trace is None:
        return [record.source] if record.source else []
    if isinstance(trace, tuple):  # already resolved (a record that crossed a process boundary)
        return list(trace)
    from urllib.parse import unquote

    out = []
    for frame in trace.frames:
        uri = frame.pc.uri
        if uri.startswith("file://"):
            out.append((unquote(uri[len("file://") :]), int(frame.pc.line)))
    return out
