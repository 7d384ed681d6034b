"""The check registry: which checks exist per cloud, and which cloud a blueprint's stack is checked on.

A cloud module registers its checks with :func:`register` when imported and exposes
``open_session(target, settings, options)`` (see :mod:`aiinfra.preflight.aws`). A blueprint is mapped
to a cloud and to an adapter that turns its validated Config into that cloud's check target, so a
later blueprint (``hybrid`` bursting to AWS, ``gcp``) only adds a line to :data:`BLUEPRINT_TARGETS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from aiinfra.errors import InputError
from aiinfra.preflight.model import CheckResult

CheckFn = Callable[[Any], Iterable[CheckResult]]

CLOUD_MODULES: dict[str, str] = {"aws": "aiinfra.preflight.aws", "gcp": "aiinfra.preflight.gcp"}
"""cloud -> module that registers the cloud's checks and opens its session."""

BLUEPRINT_TARGETS: dict[str, tuple[str, str]] = {
    "aws": ("aws", "aiinfra.preflight.aws.target:from_aws_config"),
    "hybrid": ("aws", "aiinfra.preflight.aws.target:from_hybrid_config"),  # stacks that burst to AWS
    "gcp": ("gcp", "aiinfra.preflight.gcp.target:from_gcp_config"),
}
HYBRID_TARGETS: dict[str, tuple[str, str]] = {
    "aws": ("aws", "aiinfra.preflight.aws.target:from_hybrid_config"),
    "gcp": ("gcp", "aiinfra.preflight.gcp.target:from_hybrid_config"),
}
"""hybrid stacks are checked on their burst cloud (``cloud.blueprint``)."""
"""blueprint -> (cloud, "module:function" adapting the blueprint Config to the cloud's target)."""


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: stable name, what it verifies, the read-only permissions it needs."""

    name: str
    cloud: str
    summary: str
    permissions: tuple[str, ...]
    run: CheckFn


_CHECKS: dict[str, list[CheckSpec]] = {}


def register(cloud: str, name: str, summary: str, permissions: Iterable[str]) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register ``fn(context) -> results`` as check ``name`` of ``cloud`` (in order)."""

    def wrap(fn: CheckFn) -> CheckFn:
        specs = _CHECKS.setdefault(cloud, [])
        if any(s.name == name for s in specs):
            raise ValueError(f"preflight check {name!r} is registered twice for {cloud}")
        specs.append(CheckSpec(name, cloud, summary, tuple(permissions), fn))
        return fn

    return wrap


def cloud_module(cloud: str) -> Any:
    """The module of ``cloud``'s checks (imported on first use, which registers them)."""
    return import_module(CLOUD_MODULES[cloud])


def checks(cloud: str) -> tuple[CheckSpec, ...]:
    """The checks of ``cloud`` in registration order."""
    cloud_module(cloud)
    return tuple(_CHECKS.get(cloud, ()))


def permissions(cloud: str) -> list[str]:
    """Every IAM action the checks of ``cloud`` may call, sorted (the minimal read-only policy)."""
    return sorted({p for spec in checks(cloud) for p in spec.permissions})


def resolve(config: Any, stack: str) -> tuple[str, Any]:
    """(cloud, check target) for a validated blueprint config; InputError when preflight has no checks."""
    blueprint = getattr(config, "blueprint", None)
    if blueprint not in BLUEPRINT_TARGETS:
        supported = ", ".join(sorted(BLUEPRINT_TARGETS))
        raise InputError(
            f"stack {stack!r} uses blueprint {blueprint!r}; preflight has checks for blueprints: {supported}"
        )
    cloud, adapter = BLUEPRINT_TARGETS[blueprint]
    if blueprint == "hybrid":
        cloud, adapter = HYBRID_TARGETS[config.cloud_kind]
    module, _, function = adapter.partition(":")
    return cloud, getattr(import_module(module), function)(config)
