"""Compliance view of a check: the rules of one framework and, per control, what the run showed.

A control is *covered* when at least one rule mapped to it judged a resource in this run; it is
*passing* when every such evaluation passed (waived findings count as passing with an exception and
are listed), *failing* when any evaluation failed, *unknown* when the only non-passing verdicts were
unknown at preview. Controls the pack maps but that nothing in this program exercised are *not
covered* (no resource of the types the rules judge). Controls of the framework that no AIP rule
supports are outside this report: a configuration scanner supports controls, it does not assess a
whole framework.
"""

from __future__ import annotations

from typing import Any

from .frameworks import FRAMEWORKS, TITLES, all_controls, controls_of
from .registry import Rule, all_rules


class UnknownFrameworkError(ValueError):
    """A ``--framework`` key that is not in :data:`FRAMEWORKS`."""


def framework_rules(key: str) -> list[Rule]:
    """The rules mapped to framework ``key`` (raises :class:`UnknownFrameworkError` for unknown keys)."""
    if key not in FRAMEWORKS:
        raise UnknownFrameworkError(
            f"--framework {key!r} is not a known framework; choose one of {', '.join(FRAMEWORKS)}"
        )
    return [r for r in all_rules() if controls_of(r.id, key)]


def summarize(result: Any, key: str) -> dict[str, Any]:
    """The compliance summary of a :class:`~.runner.CheckResult` for framework ``key``."""
    info = FRAMEWORKS[key]
    verdicts: dict[str, list[Any]] = {}
    for ev in result.evaluations:
        verdicts.setdefault(ev.rule.id, []).append(ev)
    controls = []
    counts = {"covered": 0, "passing": 0, "failing": 0, "unknown": 0, "not_covered": 0}
    for control, rule_ids in all_controls(key).items():
        evs = [ev for rid in rule_ids for ev in verdicts.get(rid, [])]
        failing = sorted({f"{ev.rule.id} {ev.resource}" for ev in evs if ev.verdict == "fail"})
        waived = sorted({f"{ev.rule.id} {ev.resource}" for ev in evs if ev.verdict == "waived"})
        if not evs:
            status = "not-covered"
        elif failing:
            status = "fail"
        elif any(ev.verdict == "unknown" for ev in evs):
            status = "unknown"
        else:
            status = "pass"
        counts[
            {"not-covered": "not_covered", "fail": "failing", "unknown": "unknown", "pass": "passing"}[status]
        ] += 1
        if status != "not-covered":
            counts["covered"] += 1
        controls.append(
            {
                "control": control,
                "title": TITLES.get(key, {}).get(control, ""),
                "status": status,
                "rules": rule_ids,
                "evaluations": len(evs),
                "failing": failing,
                "waived": waived,
            }
        )
    return {
        "framework": key,
        "name": info.name,
        "version": info.version,
        "controls_mapped": len(controls),
        **counts,
        "controls": controls,
    }


def text_lines(summary: dict[str, Any]) -> list[str]:
    """Human-readable lines of a compliance summary (for the text report)."""
    lines = [
        f"  compliance {summary['name']} {summary['version']}: {summary['controls_mapped']} controls mapped, "
        f"{summary['covered']} covered ({summary['passing']} passing, {summary['failing']} failing, "
        f"{summary['unknown']} unknown), {summary['not_covered']} not covered by this program"
    ]
    for c in summary["controls"]:
        detail = f" — {'; '.join(c['failing'][:3])}" if c["failing"] else ""
        lines.append(f"    [{c['status'].upper()}] {c['control']} {c['title']}{detail}")
    return lines
