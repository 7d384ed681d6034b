"""The mock monitor that records registrations with their options and dependencies."""

from __future__ import annotations

import threading
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs

from .fixtures import FixtureContext, answer_invoke, computed_outputs, resource_id
from .loops import ensure_worker_loop
from .model import RecordedResource
from .values import decode_struct, unwrap_secrets

STACK_REFERENCE = "pulumi:pulumi:StackReference"


class FixtureMocks(pulumi.runtime.Mocks):
    """Answers registrations and data sources from the built-in fixtures."""

    def __init__(self, ctx: FixtureContext) -> None:
        self.ctx = ctx
        self.invokes: list[str] = []
        self.errors: list[str] = []
        """Problems found while answering registrations; raised once the program has finished
        (raising inside the mock monitor's thread leaves the Python runtime in a broken state)."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict]:
        """Inputs echoed back plus the computed outputs the provider would add."""
        if args.typ == STACK_REFERENCE:
            return self._stack_reference(args)
        plain = unwrap_secrets(args.inputs)
        rid = resource_id(args.typ, args.name, plain, self.ctx)
        return rid, {**args.inputs, **computed_outputs(args.typ, args.name, plain, self.ctx)}

    def call(self, args: MockCallArgs) -> dict:
        """Data-source answers; an unknown token is an error, never a guess."""
        self.invokes.append(args.token)
        return answer_invoke(args.token, args.args, self.ctx)

    def _stack_reference(self, args: MockResourceArgs) -> tuple[str, dict]:
        name = str(args.inputs.get("name", args.name))
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


class RecordingMonitor(MockMonitor):
    """A MockMonitor that also keeps what the plain monitor drops: options, parents, dependencies."""

    def __init__(self, mocks: FixtureMocks) -> None:
        super().__init__(mocks)
        self.records: list[RecordedResource] = []
        self._lock = threading.Lock()

    def Invoke(self, request: Any) -> Any:
        """Answer a data source on a worker thread whose event loop the engine owns (engine/loops.py)."""
        ensure_worker_loop()
        return super().Invoke(request)

    def ReadResource(self, request: Any) -> Any:
        """Read a resource on a worker thread whose event loop the engine owns (engine/loops.py)."""
        ensure_worker_loop()
        return super().ReadResource(request)

    def RegisterResource(self, request: Any) -> Any:
        """Register through the stock mock monitor, then record the request's options."""
        ensure_worker_loop()
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        parent = request.parent or None
        if parent is not None and parent.split("::")[2] == "pulumi:pulumi:Stack":
            parent = None
        state = self.resources[response.urn].state
        record = RecordedResource(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=parent,
            inputs=decode_struct(request.object),
            outputs={k: v for k, v in state.items() if k not in request.object.fields},
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            provider=request.provider.rsplit("::", 1)[0] if request.provider else None,
            dependencies=tuple(sorted(set(request.dependencies))),  # arrival order varies; sorted is stable
            property_dependencies={
                k: tuple(sorted(v.urns)) for k, v in sorted(request.propertyDependencies.items())
            },
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            id=(response.id or None) if request.custom else None,
        )
        with self._lock:
            self.records.append(record)
        return response
