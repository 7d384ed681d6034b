"""The AIP policy pack: rules as plain functions, run offline by ``aiinfra check`` and by CrossGuard.

Importing this package never constructs a ``PolicyPack`` (that only happens in the pack's
``__main__.py`` via :func:`aiinfra.policies.crossguard.build_pack`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .runner import CheckResult

__all__ = ["CheckResult", "all_rules", "evaluate"]


def evaluate(run: Any, *, config: Any = None, waivers: Any = None, **kwargs: Any) -> CheckResult:
    """Run the pack over a :class:`~aiinfra.engine.model.ProgramRun`; see :func:`.runner.evaluate`."""
    from .runner import evaluate as _evaluate

    return _evaluate(run, config=config, waivers=waivers, **kwargs)


def all_rules() -> list[Any]:
    """Every registered rule, sorted by id."""
    from .registry import all_rules as _all

    return _all()


def __getattr__(name: str) -> Any:
    if name == "CheckResult":
        from .runner import CheckResult

        return CheckResult
    raise AttributeError(name)
