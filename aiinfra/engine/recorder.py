"""The mock monitor that records registrations with their options and dependencies."""

from __future__ import annotations

import threading
from typing import Any

import pulumi
from google.protobuf import struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs

from .fixtures import FixtureContext, computed_outputs, resource_id
from .invokes import SYNTHETIC, PinnedInvokes, answer, mark_secret_results
from .model import RecordedResource
from .values import decode_struct, leaf_texts, mark_secret_texts, serialize_now, to_wire, unwrap_secrets

STACK_REFERENCE = "pulumi:pulumi:StackReference"
STACK = "pulumi:pulumi:Stack"


class DuplicateResourceURN(Exception):
    """Two registrations with one URN: ``pulumi preview`` fails the run, and so does the engine."""


class FixtureMocks(pulumi.runtime.Mocks):
    """Answers registrations and data sources from the built-in fixtures."""

    def __init__(
        self,
        ctx: FixtureContext,
        pinned: PinnedInvokes | None = None,
        *,
        unpinned_references_unknown: bool = False,
    ) -> None:
        self.ctx = ctx
        self.pinned = pinned
        self.unpinned_references_unknown = unpinned_references_unknown
        """True for a user's program (``--program``): a StackReference nobody pinned answers with unknown
        outputs, as ``pulumi preview`` shows a value it cannot know, instead of failing the run."""
        self.unpinned_references: list[str] = []
        """Stack names answered with unknown outputs (the report says so)."""
        self.invokes: list[str] = []
        self.synthetic: list[str] = []
        self.errors: list[str] = []
        """Problems found while answering registrations; raised once the program has finished
        (raising inside the mock monitor's thread leaves the Python runtime in a broken state)."""
        self.secret_texts: set[str] = set()
        """Strings this mock answered as secrets (see :data:`.invokes.SECRET_RESULTS`)."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict]:
        """Inputs echoed back plus the computed outputs the provider would add."""
        if args.typ == STACK_REFERENCE:
            return self._stack_reference(args)
        if args.custom is False:  # reads (Resource.get) leave custom unset
            # Components have no provider state. A remote (multi-language) component's outputs come
            # from its provider at deploy time: echoing its inputs would hand the SDK values of the
            # wrong shape (awsx.ec2.Vpc's nat_gateways input is a strategy, its output a list).
            return "", {}
        plain = unwrap_secrets(args.inputs)
        # a read (Resource.get) or an import names its physical id; keep it
        rid = args.resource_id or resource_id(args.typ, args.name, plain, self.ctx)
        return rid, {**args.inputs, **computed_outputs(args.typ, args.name, plain, self.ctx)}

    def call(self, args: MockCallArgs) -> dict:
        """Data-source answers: pinned, then fixtures, then SDK-derived (recorded as synthetic)."""
        self.invokes.append(args.token)
        result, origin = answer(args.token, unwrap_secrets(args.args), self.ctx, self.pinned)
        if origin == SYNTHETIC and args.token not in self.synthetic:
            self.synthetic.append(args.token)
        marked = mark_secret_results(args.token, result, _wire_secret)
        if marked is not result:
            self.secret_texts |= leaf_texts({k: v for k, v in result.items() if marked[k] is not v})
        return marked

    def _stack_reference(self, args: MockResourceArgs) -> tuple[str, dict]:
        name = str(args.inputs.get("name", args.name))
        if name not in self.ctx.stack_outputs and self.unpinned_references_unknown:
            if name not in self.unpinned_references:
                self.unpinned_references.append(name)
            # ``outputs`` unknown: get_output/require_output give unknown Outputs and applies on them
            # do not run, exactly as in a preview whose referenced stack has not been deployed yet
            return name, {"name": name, "outputs": rpc.UNKNOWN, "secretOutputNames": []}
        if name not in self.ctx.stack_outputs:
            known = ", ".join(sorted(self.ctx.stack_outputs)) or "none"
            self.errors.append(
                f"stack reference {name!r} has no offline plan to answer from (known: {known})"
            )
            return name, {"name": name, "outputs": {}, "secretOutputNames": []}
        outputs = dict(self.ctx.stack_outputs[name])
        secret_names = sorted(k for k, v in outputs.items() if isinstance(v, dict) and v.get("__secret__"))
        for key in secret_names:
            outputs[key] = outputs[key]["value"]
        return name, {"name": name, "outputs": outputs, "secretOutputNames": secret_names}


def _wire_secret(value: Any) -> dict[str, Any]:
    """A value as the engine sends a secret (the SDK reads it back as a secret)."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def _source(request: Any) -> tuple[str, int] | None:
    """The file and line the SDK reports as the registration's source position."""
    position = getattr(request, "sourcePosition", None)
    uri = getattr(position, "uri", "") if position is not None else ""
    if not uri.startswith("file://"):
        return None
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path), int(position.line)


class RecordingMonitor(MockMonitor):
    """A MockMonitor that also keeps what the plain monitor drops: options, parents, dependencies."""

    def __init__(self, mocks: FixtureMocks, *, project: str | None = None, stack: str | None = None) -> None:
        super().__init__(mocks)
        self.project = project
        """The project name in URNs; None reads the SDK's settings (the in-process engine)."""
        self.stack = stack
        self.records: list[RecordedResource] = []
        self.duplicates: list[str] = []
        """Messages for URNs registered twice (the run fails with them, as ``pulumi preview`` fails)."""
        self._lock = threading.Lock()
        self._traces: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}
        """Resolved stack traces by their wire frames: registrations made in a loop share one."""
        self._urns: dict[str, str] = {}
        """One string object per URN: dependency lists name the same few URNs thousands of times."""

    def _urn_tuple(self, urns: Any) -> tuple[str, ...]:
        """Sorted, de-duplicated URNs (arrival order varies; sorted is stable), each string shared."""
        shared = self._urns
        return tuple(sorted({shared.setdefault(u, u) for u in urns}))

    def _stack_trace(self, request: Any) -> tuple[tuple[str, int], ...] | None:
        """The registration's stack trace as (file path, line) frames, innermost first.

        Resolved here rather than kept as the request's protobuf sub-message, which would keep the
        whole request (its serialised inputs too) alive until the plan is done with.
        """
        trace = getattr(request, "stackTrace", None)
        if trace is None:
            return None
        wire = tuple((frame.pc.uri, frame.pc.line) for frame in trace.frames)
        resolved = self._traces.get(wire)
        if resolved is None:
            from urllib.parse import unquote

            resolved = tuple(
                (unquote(uri[len("file://") :]), int(line)) for uri, line in wire if uri.startswith("file://")
            )
            self._traces[wire] = resolved
        return resolved

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the Pulumi engine forms them: ``urn:pulumi:<stack>::<project>::<qualified type>::<name>``
        where the qualified type is the parent's whole qualified type, ``$``, the type, and the root
        stack's type is skipped (pulumi/pulumi pkg/resource/deploy/deployment.go ``generateURN``; the
        URN form in pkg.go.dev sdk/v3/go/common/resource/urn; both read 2026-12-01). The stock mock keeps
        only the last parent type and prefixes ``pulumi:pulumi:Stack$``, which no CrossGuard waiver matches."""
        from pulumi.runtime.settings import get_project, get_stack

        if parent:
            qualified = parent.split("::")[2]
            if qualified != STACK:
                type_ = f"{qualified}${type_}"
        project = self.project if self.project is not None else get_project()
        stack = self.stack if self.stack is not None else get_stack()
        return "urn:pulumi:" + "::".join([stack, project, type_, name])

    def refuse_duplicate(self, urn: str) -> None:
        """Raise :class:`DuplicateResourceURN` (and remember it) when ``urn`` is already registered.

        The message is the engine's: pulumi/pulumi pkg/diag/errors.go ``GetDuplicateResourceURNError``
        (code 2001), read through the code index 2026-12-07 (the release tag of that copy is unverified).
        """
        if urn in self.resources:
            text = f"Duplicate resource URN '{urn}'; try giving it a unique name"
            self.duplicates.append(text)
            raise DuplicateResourceURN(text)

    def Invoke(self, request: Any) -> Any:
        """Answer a data source (or the SDK's ``getResource``) without pumping the event loop.

        The monitor runs inline on the program's loop (engine/loops.py); the stock mock serialises its
        answer with a nested pump of that loop, one per pending call.
        """
        from pulumi.runtime.proto import provider_pb2, resource_pb2

        args = rpc.deserialize_properties(request.args)
        failures = None
        if request.tok == "pulumi:pulumi:getResource":
            registered = self.resources.get(args["urn"])
            if registered is None:
                raise KeyError(f"unknown resource {args['urn']}")
            result = registered._asdict()
        else:
            answer_ = self.mocks.call(MockCallArgs(token=request.tok, args=args, provider=request.provider))
            result, checks = (answer_, ()) if isinstance(answer_, dict) else answer_
            failures = [provider_pb2.CheckFailure(property=p, reason=r) for p, r in checks] or None
        return resource_pb2.ResourceInvokeResponse(failures=failures, **{"return": serialize_now(result)})

    def ReadResource(self, request: Any) -> Any:
        """A read (``Resource.get``) keeps the id the program asked for (the stock mock drops it, which
        leaves ``.id`` unknown in preview where the real engine knows it)."""
        from pulumi.runtime.proto import resource_pb2

        urn, rid, state = self._answer_from_mocks(request, request.properties, request.id, custom=None)
        return resource_pb2.ReadResourceResponse(urn=urn, id=rid, properties=serialize_now(state))

    def _stack_reference(self, request: Any) -> Any:
        """A StackReference answered from the offline plans of the stacks it names."""
        from pulumi.runtime.proto import resource_pb2

        urn, rid, state = self._answer_from_mocks(
            request, request.object, request.importId, custom=bool(request.custom)
        )
        return resource_pb2.RegisterResourceResponse(urn=urn, id=rid, object=serialize_now(state))

    def _answer_from_mocks(
        self, request: Any, wire: struct_pb2.Struct, resource_id: str, *, custom: bool | None
    ) -> tuple[str, str, dict[str, Any]]:
        """Ask the mocks for a resource's id and state (SDK-deserialised inputs) and keep the answer.

        ``custom`` is left unset for reads, as the SDK leaves it; an empty answered id keeps
        ``resource_id``.
        """
        self.refuse_duplicate(self.make_urn(request.parent, request.type, request.name))
        rid, state = self.mocks.new_resource(
            MockResourceArgs(
                typ=request.type,
                name=request.name,
                inputs=rpc.deserialize_properties(wire),
                provider=request.provider,
                resource_id=resource_id,
                custom=custom,
            )
        )
        urn = self.make_urn(request.parent, request.type, request.name)
        rid = rid or resource_id
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, rid, state)
        return urn, rid, state

    def _register(self, request: Any, inputs: dict[str, Any]) -> Any:
        """Answer a registration (its ``inputs`` already decoded) without rehydrating them.

        The stock mock deserialises the inputs into SDK objects in the monitor's thread; a resource
        reference among them (``role=lambda_role``) then starts a ``get_resource`` task on that
        thread's event loop, which the program's loop later awaits: "attached to a different loop",
        intermittently. Here the inputs are decoded to plain values for the fixtures, and the echoed
        state is the request's own wire object plus the computed outputs. Those are plain JSON values
        (strings, numbers, lists, maps), so they go onto the wire with ``Struct.update`` rather than the
        SDK's asynchronous serialiser, which costs an event-loop turn per registration; top-level
        nulls are dropped as that serialiser drops them.
        """
        from pulumi.runtime.proto import resource_pb2

        urn = self.make_urn(request.parent, request.type, request.name)
        self.refuse_duplicate(urn)
        mocks = self.mocks
        state = struct_pb2.Struct()
        computed: dict[str, Any] = {}
        rid = ""
        if request.custom:
            plain = unwrap_secrets(inputs)
            rid = request.importId or resource_id(request.type, request.name, plain, mocks.ctx)
            computed = computed_outputs(request.type, request.name, plain, mocks.ctx)
            state.CopyFrom(request.object)
            if computed:
                state.update({key: to_wire(value) for key, value in computed.items() if value is not None})
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, rid, computed)
        return resource_pb2.RegisterResourceResponse(urn=urn, id=rid, object=state)

    def RegisterResource(self, request: Any) -> Any:
        """Register (the stock mock answers the stack itself), then record the options."""
        if request.type == STACK:
            return super().RegisterResource(request)
        inputs = decode_struct(request.object)
        if self.mocks.secret_texts:  # a secret answer read in plain form stays a secret in the record
            inputs = mark_secret_texts(inputs, frozenset(self.mocks.secret_texts))
        if request.type == STACK_REFERENCE:
            response = self._stack_reference(request)
        else:
            response = self._register(request, inputs)
        parent = request.parent or None
        if parent is not None and parent.split("::")[2] == STACK:
            parent = None
        state = self.resources[response.urn].state
        record = RecordedResource(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=parent,
            inputs=inputs,
            outputs={k: v for k, v in state.items() if k not in request.object.fields},  # computed only
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            provider=request.provider.rsplit("::", 1)[0] if request.provider else None,
            dependencies=self._urn_tuple(request.dependencies),
            property_dependencies={
                k: self._urn_tuple(v.urns) for k, v in sorted(request.propertyDependencies.items())
            },
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            id=(response.id or None) if request.custom else None,
            remote=bool(getattr(request, "remote", False)),
            source=_source(request),
            stack_trace=self._stack_trace(request),
        )
        with self._lock:
            self.records.append(record)
        return response
