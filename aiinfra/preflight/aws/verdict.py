"""Small helpers shared by the AWS checks: fold findings into one result, run a check per item."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from aiinfra.preflight.model import CannotVerify, CheckResult

T = TypeVar("T")


def verdict(
    name: str,
    ok: str,
    *,
    fails: list[str],
    warns: list[str],
    pool: str | None = None,
    detail: dict[str, Any] | None = None,
) -> CheckResult:
    """``fail`` when any failure, else ``warn`` when any warning, else ``pass`` with ``ok``."""
    if fails:
        return CheckResult(name, "fail", " ".join([*fails, *warns]), pool, detail or {})
    if warns:
        return CheckResult(name, "warn", " ".join(warns), pool, detail or {})
    return CheckResult(name, "pass", ok, pool, detail or {})


def each(
    name: str, items: Iterable[T], check: Callable[[T], CheckResult], pool_of: Callable[[T], str | None]
) -> Iterator[CheckResult]:
    """Run ``check`` per item; an item that cannot be verified does not hide the others."""
    for item in items:
        try:
            yield check(item)
        except CannotVerify as exc:
            yield exc.result(name, pool_of(item))
