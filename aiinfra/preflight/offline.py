"""``--offline`` results: what preflight can compute without an API call, the rest "not verified"."""

from __future__ import annotations

from aiinfra.preflight.model import CheckResult

NOT_VERIFIED = "not verified (offline)"


def not_verified(name: str, what: str, pool: str | None = None, **detail: object) -> CheckResult:
    """A ``skipped`` result that states what was computed and that nothing was checked."""
    return CheckResult(name, "skipped", f"{NOT_VERIFIED}: {what}", pool, dict(detail))
