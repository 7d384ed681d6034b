"""Quota checks of a scheduling plan against what the pools supply at full scale.

A team cannot be promised more than a pool has at ``max_nodes``; the nominal quotas of a cohort,
and of the whole platform, must fit each pool; spot and flex-start capacity is never promised
(the cohort owns it, teams borrow it); multi-host TPU quotas are whole slices. Every message names
the team (or cohort), the pool and both numbers.
"""

from __future__ import annotations

from .flavors import FlavorSource, SchedulingPlan

MAX_FLAVORS = 64  # ClusterQueue v1beta2: resourceGroups[].flavors maxItems (kueue CRD at ff69552e)


def _prefix(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


def _size(f: FlavorSource) -> str:
    return f"{f.nodes} x {f.machine_type} at full scale"


def check_plan(plan: SchedulingPlan, where: str = "scheduling") -> None:
    """Raise ``ValueError`` (message starts with the field path) for a quota that cannot be kept."""
    spec = plan.spec
    flavors = {f.name: f for f in plan.flavors}
    if len(flavors) > MAX_FLAVORS:
        raise ValueError(
            f"{_prefix(where, 'teams')}: {len(flavors)} pools would be {len(flavors)} flavors in each team's "
            f"resource group; Kueue allows at most {MAX_FLAVORS} (ClusterQueue CRD, resourceGroups[].flavors)"
        )
    declared = {c.name for c in spec.cohorts}
    if plan.root_cohort in declared:
        raise ValueError(
            f"{_prefix(where, 'cohorts')}: {plan.root_cohort!r} is the platform cohort every cohort nests "
            "under; give the declared cohort another name"
        )
    if plan.root_cohort in {t.name for t in spec.teams}:
        raise ValueError(
            f"{_prefix(where, 'teams')}: team {plan.root_cohort!r} has the platform's name, which is the "
            "platform cohort's name; rename the team"
        )
    for i, team in enumerate(spec.teams):
        for pool, quota in team.quotas.items():
            field = _prefix(where, f"teams[{i}].quotas.{pool}")
            if pool not in flavors:
                raise ValueError(
                    f"{field}: team {team.name!r} names unknown pool {pool!r}, so no flavor supplies it "
                    f"(pools: {', '.join(flavors)})"
                )
            flavor = flavors[pool]
            n = quota.accelerators
            if flavor.shared and n > 0:
                raise ValueError(
                    f"{field}: team {team.name!r} asks a nominal {n} {flavor.unit} of pool {pool!r}, which is "
                    f"{flavor.kind} capacity: its {flavor.accelerators} {flavor.unit} belong to the cohort and "
                    "every team borrows them (set accelerators: 0, optionally with a borrowing_limit)"
                )
            if n > flavor.accelerators:
                raise ValueError(
                    f"{field}: team {team.name!r} asks {n} {flavor.unit} of pool {pool!r}, which has "
                    f"{flavor.accelerators} ({_size(flavor)})"
                )
            if quota.borrowing_limit is not None and n + quota.borrowing_limit > flavor.accelerators:
                raise ValueError(
                    f"{field}.borrowing_limit: team {team.name!r} could reach {n} + {quota.borrowing_limit} = "
                    f"{n + quota.borrowing_limit} {flavor.unit} of pool {pool!r}, which has {flavor.accelerators}"
                )
            if flavor.slice_chips and n % flavor.slice_chips:
                raise ValueError(
                    f"{field}: {n} {flavor.unit} of pool {pool!r} is not a whole number of "
                    f"{flavor.slice_chips}-chip slices (multi-host TPU slices are scheduled whole)"
                )
    groups: dict[str, list[int]] = {}
    for i, team in enumerate(spec.teams):
        groups.setdefault(spec.cohort_of(team, plan.root_cohort), []).append(i)
    scopes = [(f"cohort {c!r}", c, members) for c, members in groups.items()]
    if len(groups) > 1:
        scopes.append(("the platform", plan.root_cohort, list(range(len(spec.teams)))))
    for label, cohort, members in scopes:
        for flavor in plan.flavors:
            shares = {
                spec.teams[i].name: spec.teams[i].quotas[flavor.name].accelerators
                for i in members
                if flavor.name in spec.teams[i].quotas and spec.teams[i].quotas[flavor.name].accelerators
            }
            total = sum(shares.values())
            if total > flavor.accelerators:
                listed = ", ".join(f"team {k!r} {v}" for k, v in shares.items())
                field = (
                    _prefix(where, "teams")
                    if cohort == plan.root_cohort
                    else _prefix(where, f"cohorts.{cohort}")
                )
                raise ValueError(
                    f"{field}: quotas on pool {flavor.name!r} add up to {total} {flavor.unit} but the pool has "
                    f"{flavor.accelerators} ({_size(flavor)}; in {label}: {listed})"
                )
