"""Shared inputs of the hybrid tests: the shipped hybrid-aws platform config, copied for mutation."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from conftest import REPO

STACK = yaml.safe_load((REPO / "stacks" / "Pulumi.hybrid-aws.yaml").read_text())["config"]


def platform() -> dict[str, Any]:
    """A fresh, mutable copy of hybrid-aws's ``aiinfra:platform``."""
    return copy.deepcopy(STACK["aiinfra:platform"])


def stack_config(raw: dict[str, Any]) -> dict[str, Any]:
    """Engine config for a platform: the stack's secret keys as placeholders plus the platform object."""
    config = {k: "offline-secret" for k in STACK if k != "aiinfra:platform"}
    config["aiinfra:platform"] = raw
    return config


def set_path(raw: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """Set ``value`` at ``path`` inside ``raw`` (in place) and return ``raw``."""
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return raw
