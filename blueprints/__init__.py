"""Blueprints: pure functions of a validated config that compose components into a platform.

The registry maps a blueprint name to its module; a module exposes ``Config`` (the pydantic model of
its stack settings) and ``build(config) -> dict`` (stack outputs). Modules are imported on demand so
planning an on-prem stack never imports a cloud SDK.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from aiinfra.errors import InputError, describe_validation_error

BLUEPRINTS: dict[str, str] = {
    "aws": "aiinfra.blueprints.aws",
    "gcp": "aiinfra.blueprints.gcp",
    "onprem": "aiinfra.blueprints.onprem",
    "hybrid": "aiinfra.blueprints.hybrid",
}


def blueprint_module(name: str) -> ModuleType:
    """The module of blueprint ``name``; unknown names raise :class:`InputError` listing the choices."""
    if name not in BLUEPRINTS:
        raise InputError(
            f"platform.blueprint: {name!r} is not a blueprint (allowed: {', '.join(BLUEPRINTS)})"
        )
    return import_module(BLUEPRINTS[name])


def validate_platform(raw: Any, *, root: str = "platform") -> Any:
    """Validate a stack's ``aiinfra:platform`` object into its blueprint's Config model.

    Raises :class:`InputError` naming the field for anything invalid; nothing is registered.
    """
    if not isinstance(raw, dict):
        raise InputError(f"{root}: expected a mapping with a 'blueprint' key, got {type(raw).__name__}")
    name = raw.get("blueprint")
    if not isinstance(name, str):
        raise InputError(f"{root}.blueprint: required (allowed: {', '.join(BLUEPRINTS)})")
    module = blueprint_module(name)
    try:
        return module.Config.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, root, model=module.Config, raw=raw)) from None


def build(config: Any) -> dict[str, Any]:
    """Build the blueprint a validated config names; returns the stack outputs."""
    return blueprint_module(config.blueprint).build(config)
