"""Shared fixtures: the repository root and cached offline plans of the shipped stacks."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# No test may probe the EC2 instance-metadata endpoint (boto3's credential chain would): only loopback.
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(autouse=True)
def _run_from_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stacks are found relative to the project root, as the CLI does from a checkout."""
    monkeypatch.chdir(REPO)


@cache
def cached_plan(stack: str):
    """Plan a shipped stack once per test session (plans are deterministic)."""
    from aiinfra.plan import plan_stack

    return plan_stack(stack, root=REPO)
