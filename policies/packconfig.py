"""Pack configuration, in the same JSON shape as ``pulumi preview --policy-pack-config``.

``{"all": "advisory", "aip-node-002-imds-hop-limit": {"enforcementLevel": "mandatory", "maxHopLimit": 2}}``.
Keys are CrossGuard policy names; ``aiinfra check --config`` also accepts AIP ids (``AIP-NODE-002``).
Every policy's schema also accepts ``waiversFile`` and ``waivers`` (see :mod:`.waivers`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .registry import Rule, all_rules, get_rule
from .yamlfile import shorten

LEVELS = ("advisory", "mandatory", "remediate", "disabled")

WAIVER_SCHEMA: dict[str, dict[str, Any]] = {
    "waiversFile": {"type": "string", "description": "Path of a waiver YAML file (also $AIINFRA_WAIVERS)."},
    "waivers": {
        "type": "array",
        "items": {"type": "object"},
        "description": "Inline waivers (see docs/policies.md#waivers).",
    },
}


class ConfigError(ValueError):
    """Invalid pack configuration (one clear message)."""


def schema_properties(rule: Rule) -> dict[str, dict[str, Any]]:
    """The JSON-schema properties of a rule's config (its tunables plus the waiver keys)."""
    props = {**WAIVER_SCHEMA, **{k: dict(v) for k, v in rule.config_schema.items()}}
    return props


class PackConfig:
    """Effective enforcement levels and tunables per rule."""

    def __init__(self, raw: Mapping[str, Any] | None = None) -> None:
        self.raw = dict(raw or {})
        self._levels: dict[str, str] = {}
        self._props: dict[str, dict[str, Any]] = {}
        all_level = self.raw.get("all")
        if isinstance(all_level, Mapping):
            all_level = all_level.get("enforcementLevel")
        if all_level is not None and all_level not in LEVELS:
            raise ConfigError(
                f"config 'all': enforcement level {shorten(all_level)} is not one of {', '.join(LEVELS)}"
            )
        for key, value in self.raw.items():
            if key == "all":
                continue
            rule = get_rule(key)
            if rule is None:
                raise ConfigError(f"config key {shorten(key)} is not a policy name or AIP rule id")
            if isinstance(value, str):
                value = {"enforcementLevel": value}
            if not isinstance(value, Mapping):
                raise ConfigError(f"config {shorten(key)} must be an enforcement level or an object")
            value = dict(value)
            level = value.pop("enforcementLevel", None)
            if level is not None:
                if level not in LEVELS:
                    raise ConfigError(
                        f"config {shorten(key)}: enforcementLevel {shorten(level)} is not one of {', '.join(LEVELS)}"
                    )
                self._levels[rule.id] = level
            _validate(rule, value)
            self._props.setdefault(rule.id, {}).update(value)
        self._all = all_level

    def level(self, rule: Rule) -> str:
        """Precedence: the policy's own config → ``all`` → the rule's default (as CrossGuard)."""
        level = self._levels.get(rule.id) or self._all or rule.enforcement
        return "mandatory" if level == "remediate" else level

    def props(self, rule: Rule) -> dict[str, Any]:
        """Defaults from the schema overlaid with the given values."""
        return {**rule.defaults(), **self._props.get(rule.id, {})}


def _validate(rule: Rule, values: Mapping[str, Any]) -> None:
    schema = {"type": "object", "properties": schema_properties(rule)}
    try:
        import jsonschema
    except ImportError:  # pragma: no cover
        return
    try:
        jsonschema.validate(dict(values), schema)
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "value"
        raise ConfigError(f"config {rule.name!r}: {where}: {exc.message[:200]}") from None


def load_config(path: str | Path) -> PackConfig:
    """Read a pack config file (JSON, or YAML by extension)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"config file {str(p)!r} does not exist")
    from .yamlfile import YamlInputError, load

    try:
        data = load(p, "config file", None if p.suffix in (".yaml", ".yml") else json.loads)
    except YamlInputError as exc:
        raise ConfigError(str(exc)) from None
    if not isinstance(data, Mapping):
        raise ConfigError(f"config file {str(p)!r} must hold an object")
    return PackConfig(data)


def example_config() -> dict[str, Any]:
    """A complete example config with every tunable at its default."""
    out: dict[str, Any] = {}
    for rule in all_rules():
        entry: dict[str, Any] = {"enforcementLevel": rule.enforcement}
        entry.update(rule.defaults())
        out[rule.name] = entry
    return out
