"""Helpers for tests that run components under the offline engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiinfra.engine import ProgramRun, RecordedResource, run_program


def run(program: Callable[[], Any], **kwargs: Any) -> ProgramRun:
    """Run ``program`` offline (preview mode unless told otherwise)."""
    return run_program(program, **kwargs)


def only(run_: ProgramRun, type_token: str, name: str | None = None) -> RecordedResource:
    """The single resource of a type (and name); fails loudly when there are zero or several."""
    found = [r for r in run_.resources if r.type == type_token and (name is None or r.name == name)]
    assert len(found) == 1, f"expected one {type_token} {name or ''}, found {[r.name for r in found]}"
    return found[0]


def names(run_: ProgramRun, type_token: str) -> list[str]:
    """Names of every resource of a type, in registration order."""
    return [r.name for r in run_.resources if r.type == type_token]
