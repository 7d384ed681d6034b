"""Example TrainJobs shaped from a validated blueprint config: one per pool, through a team's queue.

Pure functions of the config (no resources): the docs generator writes them into
docs/training-and-serving.md and tests validate them against the Trainer CRD.
"""

from __future__ import annotations

from typing import Any

from .pod_requests import placements, services_side
from .training import example_trainjob
from .training_spec import TrainingSpec


def _quota(team: Any, pool: str) -> int:
    quota = team.quotas.get(pool)
    if quota is None:
        return 0
    return quota.accelerators + (quota.borrowing_limit or 0)


def example_job(config: Any, pool_name: str) -> dict[str, Any]:
    """A TrainJob on ``pool_name`` for the team with the most quota there, across as many whole
    nodes as that quota covers (a multi-host TPU slice: all of its hosts)."""
    side = services_side(config)
    placement = placements(config)[pool_name]
    teams = sorted(side.scheduling.teams, key=lambda t: -_quota(t, pool_name))
    if not teams or _quota(teams[0], pool_name) == 0:
        raise ValueError(
            f"pool {pool_name!r}: no team has quota on it; an example job would never be admitted"
        )
    team = teams[0]
    spec = side.services.training if side.services and side.services.training else TrainingSpec()
    tpu = placement.accelerator_kind == "tpu"
    preferred = ("jax", "torch", "mpi") if tpu else ("torch", "mpi", "jax")
    runtime = next(r for r in preferred if r in spec.runtimes)
    whole_nodes = max(1, _quota(team, pool_name) // placement.accelerators_per_node)
    nodes = placement.nodes if tpu else min(placement.nodes, whole_nodes)
    return example_trainjob(
        placement,
        team=team.name,
        namespace=team.ns,
        priority_class=team.priority_class,
        runtime=runtime,
        num_nodes=nodes,
    )
