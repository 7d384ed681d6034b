"""Helpers for the GCP tests: stack configs as dicts, and running the gcp blueprint offline."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.engine import ProgramRun, run_program

REPO = Path(__file__).resolve().parents[2]


@cache
def _stack_platform(stack: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    return data["config"]["aiinfra:platform"]


def platform(stack: str = "gcp-training", **changes: Any) -> dict[str, Any]:
    """A deep copy of a shipped stack's platform object with top-level keys replaced.

    Replacing the pools drops the stack's ``scheduling`` (its quotas name the shipped pools) and its
    ``services`` (training needs scheduling) unless the change gives one.
    """
    raw = copy.deepcopy(_stack_platform(stack))
    if {"pools", "tpu_slices"} & set(changes) and "scheduling" not in changes:
        raw.pop("scheduling", None)
        raw.pop("services", None)  # training needs the scheduling section
    raw.update(changes)
    return raw


def run_platform(raw: dict[str, Any]) -> ProgramRun:
    """Validate ``raw`` and build the gcp blueprint under the offline engine."""
    from aiinfra.blueprints.gcp import build

    config = validate_platform(raw)
    return run_program(lambda: build(config), stack="test", context=config.offline_context())


def by_name(run: ProgramRun) -> dict[str, Any]:
    """Resources by name."""
    return {r.name: r for r in run.resources}
