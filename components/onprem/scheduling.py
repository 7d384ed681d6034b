"""On-prem scheduling: the cloud-neutral :class:`~..scheduling.component.KueueScheduling` over the
on-prem pools, under its original type token (``aiinfra:onprem:GpuScheduling``) so deployed stacks
keep their resource identities.

Kueue itself is assumed installed on the existing cluster. Quotas were checked against the pools'
physical inventory (:func:`..spec.check_scheduling`) before anything is registered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

from ..scheduling.component import KueueScheduling
from ..scheduling.flavors import SchedulingPlan, onprem_flavors, plan_of
from ..scheduling.spec import SchedulingSpec
from .spec import NodePoolSpec, PriorityClassSpec, TeamSpec


def onprem_plan(
    pools: Sequence[NodePoolSpec],
    spec: SchedulingSpec,
    *,
    cohort: str,
    fabric_pools: Sequence[str] = (),
) -> SchedulingPlan:
    """The scheduling plan of on-prem pools: one reserved flavor per pool, the platform cohort."""
    return plan_of(spec, onprem_flavors(pools, fabric_pools), root_cohort=cohort, cloud="onprem")


class GpuScheduling(KueueScheduling):
    """PriorityClasses, per-team namespaces/ResourceQuotas/LocalQueues/ClusterQueues, per-pool flavors."""

    TOKEN = "aiinfra:onprem:GpuScheduling"

    def __init__(
        self,
        name: str,
        pools: Sequence[NodePoolSpec] | None = None,
        teams: Sequence[TeamSpec] | None = None,
        priorities: Sequence[PriorityClassSpec] | None = None,
        *,
        cohort: str | None = None,
        labels: Mapping[str, str],
        plan: SchedulingPlan | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        if plan is None:
            if pools is None or teams is None or priorities is None or cohort is None:
                raise TypeError("GpuScheduling: give plan=, or pools, teams, priorities and cohort")
            spec = SchedulingSpec(teams=tuple(teams), priority_classes=tuple(priorities))
            plan = onprem_plan(pools, spec, cohort=cohort)
        super().__init__(name, plan, labels=labels, opts=opts)
