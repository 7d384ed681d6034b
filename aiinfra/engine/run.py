"""Run a Pulumi program in-process under the recording mocks and return what it registered."""

from __future__ import annotations

import dataclasses
import heapq
import runpy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.sync_await import _sync_await

from .fixtures import FixtureContext
from .gcpause import paused_gc
from .invokes import PinnedInvokes
from .loops import engine_loop
from .model import UNKNOWN, ProgramRun, RecordedResource, Secret
from .recorder import DuplicateResourceURN, FixtureMocks, RecordingMonitor


def _config_strings(config: Mapping[str, Any]) -> dict[str, str]:
    """Pulumi hands config to programs as strings; structured values as JSON."""
    import json

    out = {}
    for key, value in config.items():
        out[key] = value if isinstance(value, str) else json.dumps(value)
    return out


def _fixture_context(
    project: str, stack: str, config: Mapping[str, Any], stack_outputs, overrides: Mapping[str, str] | None
) -> FixtureContext:
    def pick(key: str, default: str) -> str:
        value = config.get(key)
        return value if isinstance(value, str) else default

    ctx = FixtureContext(
        stack=stack,
        project=project,
        aws_region=pick("aws:region", "us-east-1"),
        gcp_project=pick("gcp:project", "aiinfra-demo"),
        gcp_region=pick("gcp:region", "us-central1"),
        stack_outputs=stack_outputs or {},
    )
    return dataclasses.replace(ctx, **dict(overrides or {}))


def _resolve_output(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        known = _sync_await(value.is_known())
        secret = _sync_await(value.is_secret())
        resolved = _sync_await(value.future()) if known else UNKNOWN
        resolved = _resolve_output(resolved)
        return Secret(resolved) if secret else resolved
    if isinstance(value, dict):
        return {k: _resolve_output(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_resolve_output(v) for v in value]
    return value


class UnansweredStackReference(LookupError):
    """A StackReference the offline engine has no plan for."""


def stable_order(records: list[RecordedResource]) -> tuple[RecordedResource, ...]:
    """Registrations in a deterministic order that still puts parents, providers and dependencies first.

    The engine registers concurrently, so arrival order varies between runs; a topological sort with
    URN tie-breaks gives every plan of the same stack the same order.
    """
    by_urn = {r.urn: r for r in records}
    waits: dict[str, set[str]] = {}
    for r in records:
        before = {*r.dependencies, *(p for p in (r.parent, r.provider) if p)}
        waits[r.urn] = {u for u in before if u in by_urn and u != r.urn}
    ready = sorted(u for u, deps in waits.items() if not deps)
    dependants: dict[str, list[str]] = {u: [] for u in by_urn}
    for urn, deps in waits.items():
        for dep in deps:
            dependants[dep].append(urn)
    ordered: list[RecordedResource] = []
    while ready:
        urn = heapq.heappop(ready)
        ordered.append(by_urn[urn])
        for nxt in dependants[urn]:
            waits[nxt].discard(urn)
            if not waits[nxt]:
                heapq.heappush(ready, nxt)
    if len(ordered) != len(records):  # a cycle cannot come from one Pulumi run; keep everything anyway
        seen = {r.urn for r in ordered}
        ordered.extend(sorted((r for r in records if r.urn not in seen), key=lambda r: r.urn))
    return tuple(ordered)


def run_program(
    program: Callable[[], Any],
    *,
    project: str = "aiinfra",
    stack: str = "dev",
    config: Mapping[str, Any] | None = None,
    secret_keys: list[str] | None = None,
    preview: bool = True,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    context: Mapping[str, str] | None = None,
    pinned_invokes: PinnedInvokes | None = None,
) -> ProgramRun:
    """Run ``program`` under the offline engine and return every registration it made.

    ``config`` maps ``project:key`` to values (structured values allowed); ``stack_outputs`` answers
    StackReferences by fully qualified stack name; ``context`` overrides fixture facts such as
    ``aws_region`` or ``gcp_project``; ``pinned_invokes`` answers data sources before the fixtures.
    Exceptions raised by the program propagate.
    """
    config = dict(config or {})
    ctx = _fixture_context(project, stack, config, stack_outputs, context)
    mocks = FixtureMocks(ctx, pinned_invokes)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.reset_options(project=project, stack=stack, preview=preview)
    pulumi.runtime.set_all_config(_config_strings(config), secret_keys or [])
    with engine_loop():
        pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
        # see gcpause: full collections made cost per registration grow with size; the one pass held
        # back runs once the engine's own bookkeeping (the stable order) is done
        with paused_gc():
            pulumi.runtime.test(program)()
            if monitor.duplicates:
                raise DuplicateResourceURN(monitor.duplicates[0])
            if mocks.errors:
                raise UnansweredStackReference("; ".join(dict.fromkeys(mocks.errors)))
            root = pulumi_settings.get_root_resource()
            outputs = {name: _resolve_output(value) for name, value in getattr(root, "outputs", {}).items()}
            resources = stable_order(monitor.records)
    return ProgramRun(
        project=project,
        stack=stack,
        preview=preview,
        resources=resources,
        outputs=outputs,
        invokes=tuple(mocks.invokes),
        synthetic_invokes=tuple(mocks.synthetic),
    )


def run_program_file(path: str | Path, **kwargs: Any) -> ProgramRun:
    """Run a Pulumi Python program file (a ``__main__.py`` or any script) under the offline engine."""
    program_path = Path(path).resolve()
    if not program_path.is_file():
        raise FileNotFoundError(f"program file {str(program_path)!r} does not exist")
    return run_program(lambda: runpy.run_path(str(program_path), run_name="__main__"), **kwargs)
