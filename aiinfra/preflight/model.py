"""Result records of a preflight run: one named check outcome, and the report of a stack."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "warn", "fail", "skipped"]
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail", "skipped")
CANNOT_VERIFY = "cannot verify: "
"""Prefix of every message of a check that could not get an answer (status ``warn``)."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check (optionally for one pool): a status and a message saying what to do."""

    name: str
    status: Status
    message: str
    pool: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The JSON form of the DESIGN.md contract (``name``, ``status``, ``message``) plus extras."""
        doc: dict[str, Any] = {"name": self.name, "status": self.status, "message": self.message}
        if self.pool is not None:
            doc["pool"] = self.pool
        if self.detail:
            doc["detail"] = self.detail
        return doc


class CannotVerify(Exception):
    """A check could not get an answer (permission, throttling, unreachable or incapable endpoint)."""

    def __init__(self, reason: str, **detail: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    def result(self, name: str, pool: str | None = None) -> CheckResult:
        """The ``warn`` result reporting that ``name`` could not be verified, and why."""
        return CheckResult(name, "warn", CANNOT_VERIFY + self.reason, pool, dict(self.detail))


@dataclass(frozen=True)
class PreflightReport:
    """Every check result of one stack."""

    stack: str
    blueprint: str
    cloud: str
    region: str | None
    checks: tuple[CheckResult, ...]
    endpoint_url: str | None = None
    offline: bool = False

    @property
    def failed(self) -> bool:
        """True when any check failed (CLI exit code 1)."""
        return any(c.status == "fail" for c in self.checks)

    def counts(self) -> dict[str, int]:
        """How many checks ended in each status."""
        seen = Counter(c.status for c in self.checks)
        return {s: seen.get(s, 0) for s in STATUSES}

    def as_json(self) -> dict[str, Any]:
        """``{"stack", "checks": [...]}`` as DESIGN.md fixes it, plus blueprint, region and a summary."""
        return {
            "stack": self.stack,
            "blueprint": self.blueprint,
            "cloud": self.cloud,
            "region": self.region,
            "endpoint_url": self.endpoint_url,
            "offline": self.offline,
            "checks": [c.as_json() for c in self.checks],
            "summary": self.counts(),
        }
