"""What a check did and did not judge: resources judged / total, remote components, uncovered types.

An offline check can only judge what the program registered. Multi-language (remote) components
such as ``awsx`` or ``pulumi_eks`` register one component whose children the component provider
creates at deploy time; Helm v3 ``Chart`` objects come from ``helm template``, which does not run
offline. Each is reported as *not judged* in every format so a clean verdict is never mistaken for
coverage, and ``--require-coverage`` turns them into exit 1.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HELM_V3_CHART = "kubernetes:helm.sh/v3:Chart"
KUSTOMIZE_DIRECTORY = "kubernetes:kustomize:Directory"


@dataclass(frozen=True)
class NotJudged:
    """A registration whose real children are invisible offline."""

    urn: str
    type: str
    name: str
    reason: str
    source: tuple[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON view."""
        return {"urn": self.urn, "type": self.type, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class Coverage:
    """Coverage of one checked run."""

    resources_total: int
    resources_judged: int
    not_judged: tuple[NotJudged, ...] = ()
    uncovered_types: tuple[str, ...] = ()
    """Resource types in the run that no enabled rule evaluates."""
    synthetic_invokes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when nothing the program declared is hidden from the rules."""
        return not self.not_judged

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``coverage`` entry of one stack or program."""
        return {
            "resources_total": self.resources_total,
            "resources_judged": self.resources_judged,
            "not_judged": [n.to_dict() for n in self.not_judged],
            "uncovered_types": list(self.uncovered_types),
            "synthetic_invokes": list(self.synthetic_invokes),
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        """Text summary lines (indented by the caller)."""
        out = [f"judged {self.resources_judged} of {self.resources_total} resources"]
        out += [f"{n.type} {n.name}: {n.reason}" for n in self.not_judged]
        if self.uncovered_types:
            out.append("types no rule covers: " + ", ".join(self.uncovered_types))
        if self.synthetic_invokes:
            out.append(
                "data sources answered synthetically (not real values): " + ", ".join(self.synthetic_invokes)
            )
        out += [f"note: {n}" for n in self.notes]
        return out


def _children(resources: Any) -> Counter[str]:
    return Counter(r.parent for r in resources if r.parent)


def not_judged(run: Any, judged_rules: dict[str, list[str]] | None = None) -> list[NotJudged]:
    """Remote components, unrendered Helm v3 charts and kustomize directories, in registration order.

    ``judged_rules`` maps a URN to the rules that judged the component's own inputs (a pulumi_eks
    Cluster's endpoint settings): the reason names them, its children stay not judged."""
    kids = _children(run.resources)
    synthetic = getattr(run, "synthetic_invokes", ()) or ()
    helm_offline = "kubernetes:helm:template" in synthetic
    kustomize_offline = "kubernetes:kustomize:directory" in synthetic
    out = []
    for r in run.resources:
        if r.custom:
            continue
        if getattr(r, "remote", False):
            count = kids.get(r.urn, 0)
            reason = (
                f"not judged (remote component {r.type}, {count} children seen offline, "
                "the rest unknown: its provider creates them at deploy time)"
            )
            rules = (judged_rules or {}).get(r.urn)
            if rules:
                reason += f"; its own inputs were judged by {', '.join(rules)}"
        elif r.type == HELM_V3_CHART and helm_offline and kids.get(r.urn, 0) == 0:
            reason = f"not judged (Helm chart {r.type}: helm template does not run offline, its objects are unknown)"
        elif r.type == KUSTOMIZE_DIRECTORY and kustomize_offline and kids.get(r.urn, 0) == 0:
            reason = (
                f"not judged ({r.type}: the kustomization was not rendered offline (it needs kubectl or "
                "kustomize on PATH and a local directory), its objects are unknown)"
            )
        else:
            continue
        out.append(NotJudged(r.urn, r.type, r.name, reason, getattr(r, "source", None)))
    return out


def coverage(run: Any, result: Any, notes: tuple[str, ...] = ()) -> Coverage:
    """Coverage of ``result`` (a :class:`~aiinfra.policies.runner.CheckResult`) over ``run``."""
    judged_urns = {e.urn for e in result.evaluations if e.urn}
    subjects = [r for r in run.resources if r.custom and not r.type.startswith("pulumi:providers:")]
    remote = {r.urn for r in run.resources if getattr(r, "remote", False)}
    by_component: dict[str, list[str]] = {}
    for e in result.evaluations:
        if e.urn in remote and e.rule.id not in by_component.setdefault(e.urn, []):
            by_component[e.urn].append(e.rule.id)
    hidden = not_judged(run, by_component)
    judged = [r for r in subjects if r.urn in judged_urns]
    covered_types = {r.type for r in judged}
    uncovered = sorted({r.type for r in subjects} - covered_types)
    return Coverage(
        resources_total=len(subjects) + len(hidden),
        resources_judged=len(judged),
        not_judged=tuple(hidden),
        uncovered_types=tuple(uncovered),
        synthetic_invokes=tuple(getattr(run, "synthetic_invokes", ()) or ()),
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class ReportContext:
    """Extra facts a report shows for one checked run: coverage and where things are in the code."""

    coverage: Coverage | None = None
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    """URN -> (path, line) where the user's code constructed it."""
    waiver_file: str | None = None
    waiver_lines: dict[int, int] = field(default_factory=dict)
    """0-based index of a waiver in ``waiver_file`` -> its line."""
