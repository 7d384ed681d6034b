"""The ``scheduling`` spec every blueprint takes: teams, cohorts, priorities, preemption and budgets.

Plain structure, validated on its own (names, references, cohort tree); what needs the pools (quota
against capacity, flavors that exist) is checked by :func:`.check.check_plan` once the blueprint has
turned its pools into flavors. Cross-field errors start with the field path so aiinfra/errors.py
names the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal, Self

from pydantic import Field, field_validator, model_validator

from ..spec.base import Labels, ResourceName, Spec

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
BILLING_ACCOUNT_REMOVED = (
    "billing_account: removed; a team budget is now a projected-cost alert rule in the platform's "
    "metrics backend (OpenCost metrics, docs/audit-and-cost.md), which needs no Cloud Billing account; "
    "delete the field"
)


class PriorityClassSpec(Spec):
    """A priority the platform offers: a PriorityClass for pods and a Kueue WorkloadPriorityClass."""

    name: ResourceName = Field(description="PriorityClass / WorkloadPriorityClass name")
    value: int = Field(ge=-2_147_483_648, le=1_000_000_000, description="higher preempts lower")
    preempt: bool = Field(default=True, description="False = preemptionPolicy Never")
    description: str = Field(default="", description="shown by kubectl get priorityclass")


def default_priorities() -> tuple[PriorityClassSpec, ...]:
    """The platform's default priorities: inference over training over opportunistic batch."""
    return (
        PriorityClassSpec(name="inference-critical", value=100_000, description="online inference"),
        PriorityClassSpec(name="training", value=10_000, description="scheduled training runs"),
        PriorityClassSpec(name="batch-low", value=1_000, preempt=False, description="opportunistic batch"),
    )


class TeamQuota(Spec):
    """A team's share of one pool (flavor), in whole accelerators (GPUs, TPU chips, Neuron devices).

    CPU and memory follow the accelerator share (the pool's host figures from the catalog).
    """

    accelerators: int = Field(ge=0, le=1_000_000, description="nominal quota: guaranteed accelerators")
    borrowing_limit: int | None = Field(
        default=None, ge=0, le=1_000_000, description="most it may borrow from the cohort (None: no limit)"
    )
    lending_limit: int | None = Field(
        default=None, ge=0, le=1_000_000, description="most of its idle nominal it lends (None: all of it)"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.lending_limit is not None and self.lending_limit > self.accelerators:
            raise ValueError(
                f"lending_limit: {self.lending_limit} exceeds the nominal quota of {self.accelerators}"
            )
        return self


class BudgetSpec(Spec):
    """A team's monthly budget: one alert rule per threshold in the platform's metrics backend, firing
    when the team's cost (OpenCost: allocation x node hourly price over its namespace) projected from
    the last 24 hours (x 730 h) exceeds the threshold (components/observability/budgets.py)."""

    monthly_usd: int = Field(ge=1, le=100_000_000, description="monthly budget in US dollars")
    alert_emails: tuple[str, ...] = Field(
        min_length=1,
        max_length=10,
        description="who owns the budget (named in the alert; it goes to the platform's alert receiver)",
    )
    thresholds_percent: tuple[int, ...] = Field(
        default=(80, 100),
        min_length=1,
        max_length=5,
        description="alert when the projected month exceeds these percentages of monthly_usd (1-1000)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        for i, email in enumerate(self.alert_emails):
            if not _EMAIL.match(email):
                raise ValueError(f"alert_emails[{i}]: {email!r} is not an e-mail address")
        for i, pct in enumerate(self.thresholds_percent):
            if not 1 <= pct <= 1000:
                raise ValueError(f"thresholds_percent[{i}]: {pct} is outside 1-1000")
        return self


def _accelerators_or_quota(schema: dict[str, Any]) -> None:
    """JSON Schema of ``quotas`` values as written in stack files: whole accelerators or a TeamQuota."""
    schema["additionalProperties"] = {
        "anyOf": [{"type": "integer", "minimum": 0, "maximum": 1_000_000}, schema["additionalProperties"]]
    }


class TeamSpec(Spec):
    """A team: its namespace, quota per pool, cohort, fair-sharing weight, priority and budget.

    ``quotas`` maps a pool name to whole accelerators (``h100-train: 32``) or to a
    :class:`TeamQuota` with borrowing and lending limits.
    """

    name: ResourceName = Field(description="team name: ClusterQueue, LocalQueue, identity")
    namespace: ResourceName | None = Field(default=None, description="default: team-<name>")
    quotas: dict[str, TeamQuota] = Field(
        min_length=1,
        description="pool name -> accelerators or TeamQuota",
        json_schema_extra=_accelerators_or_quota,
    )
    priority_class: str = Field(default="training", description="the team's default priority class")
    cohort: ResourceName | None = Field(default=None, description="cohort (default: the platform cohort)")
    weight: float = Field(default=1.0, ge=0, le=1000, description="fair-sharing weight in its cohort")
    budget: BudgetSpec | None = Field(
        default=None, description="monthly budget: projected-cost alerts from OpenCost metrics"
    )
    labels: Labels = Field(default_factory=dict, description="extra labels on the team's objects")

    @field_validator("quotas", mode="before")
    @classmethod
    def _plain_quotas(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {k: ({"accelerators": v} if isinstance(v, int) else v) for k, v in raw.items()}
        return raw

    @property
    def ns(self) -> str:
        """The team's namespace."""
        return self.namespace or f"team-{self.name}"


class CohortSpec(Spec):
    """A cohort: teams in it borrow each other's idle quota; nested under ``parent`` or the platform."""

    name: ResourceName = Field(description="Cohort name")
    parent: ResourceName | None = Field(default=None, description="parent cohort (default: the platform)")
    weight: float | None = Field(default=None, ge=0, le=1000, description="fair-sharing weight in its parent")


class PreemptionSpec(Spec):
    """ClusterQueue preemption (Kueue ``spec.preemption``)."""

    within_cluster_queue: Literal["Never", "LowerPriority", "LowerOrNewerEqualPriority"] = Field(
        default="LowerPriority", description="preempt lower-priority work of the same team"
    )
    reclaim_within_cohort: Literal["Never", "LowerPriority", "Any"] = Field(
        default="Any", description="reclaim lent quota from borrowers"
    )
    borrow_within_cohort: Literal["Never", "LowerPriority"] = Field(
        default="LowerPriority",
        description="preempt lower-priority work while borrowing (ignored when fair sharing is on)",
    )


class SchedulingSpec(Spec):
    """Kueue scheduling for a platform: the same shape on AWS, GCP, on-prem and hybrid."""

    teams: tuple[TeamSpec, ...] = Field(min_length=1, max_length=256, description="the teams")
    cohorts: tuple[CohortSpec, ...] = Field(default=(), max_length=64, description="extra cohorts")
    priority_classes: tuple[PriorityClassSpec, ...] = Field(
        default_factory=default_priorities, min_length=1, description="priorities offered"
    )
    preemption: PreemptionSpec = Field(default_factory=PreemptionSpec, description="preemption policy")
    fair_sharing: bool = Field(default=True, description="weighted fair sharing of borrowed quota")
    topology_aware: bool = Field(default=True, description="TAS flavors for the fabric pools")
    install: bool = Field(default=True, description="cloud: install Kueue, JobSet and LWS (Helm)")
    prefer_low_carbon: bool = Field(
        default=False,
        description=(
            "try flavors of the same capacity kind in order of full-load power per accelerator, lowest "
            "first (lower CO2e per accelerator-hour on the cluster's grid; docs/energy.md)"
        ),
    )
    team_tag: str = Field(
        default="aiinfra-team", pattern=r"^[a-z][a-z0-9_-]{0,62}$", description="cost-allocation tag key"
    )

    @model_validator(mode="before")
    @classmethod
    def _removed_fields(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and "billing_account" in raw:
            raise ValueError(BILLING_ACCOUNT_REMOVED)
        return raw

    @model_validator(mode="after")
    def _check(self) -> Self:
        _unique("teams", [t.name for t in self.teams])
        _unique("teams[].namespace", [t.ns for t in self.teams])
        _unique("priority_classes", [p.name for p in self.priority_classes])
        _unique("cohorts", [c.name for c in self.cohorts])
        allowed = [p.name for p in self.priority_classes]
        cohorts = {c.name: c for c in self.cohorts}
        clash = sorted({t.name for t in self.teams} & set(cohorts))
        if clash:
            # Kueue keeps ClusterQueues and Cohorts in one tree; distinct names keep it unambiguous.
            raise ValueError(
                f"cohorts: {clash} are also team (ClusterQueue) names; give cohorts their own names"
            )
        for i, team in enumerate(self.teams):
            if team.priority_class not in allowed:
                raise ValueError(
                    f"teams[{i}].priority_class: {team.priority_class!r} is not a platform priority class "
                    f"(allowed: {', '.join(allowed)})"
                )
            if team.cohort is not None and team.cohort not in cohorts:
                raise ValueError(
                    f"teams[{i}].cohort: {team.cohort!r} is not a declared cohort "
                    f"(cohorts: {', '.join(cohorts) or 'none declared'})"
                )
        for i, cohort in enumerate(self.cohorts):
            seen = {cohort.name}
            parent = cohort.parent
            while parent is not None:
                if parent not in cohorts:
                    raise ValueError(
                        f"cohorts[{i}].parent: {parent!r} is not a declared cohort (cohorts: {', '.join(cohorts)})"
                    )
                if parent in seen:
                    raise ValueError(f"cohorts[{i}].parent: cohort {cohort.name!r} is its own ancestor")
                seen.add(parent)
                parent = cohorts[parent].parent
        return self

    def cohort_of(self, team: TeamSpec, root: str) -> str:
        """The cohort a team's ClusterQueue joins: its own, else the platform (root) cohort."""
        return team.cohort or root

    def budgeted_teams(self) -> list[TeamSpec]:
        """Teams with a budget alert."""
        return [t for t in self.teams if t.budget is not None]


def _unique(field: str, names: Sequence[str]) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"{field}: names must be unique; repeated: {repeated}")
