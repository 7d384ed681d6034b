"""GKE maintenance exclusions and reservation targets for long-running training pools.

A training job on reserved capacity runs for days or weeks; a GKE node upgrade drains and recreates
its nodes and kills the job. Pools holding a reservation therefore get a cluster maintenance exclusion
of scope ``NO_MINOR_OR_NODE_UPGRADES`` ("excludes all minor upgrades for the cluster, and also all node
pool upgrades; only control plane patches are allowed", GKE API ``MaintenanceExclusionOptions.Scope``),
lasting until the end of support of the cluster's minor (pulumi_gcp 10.2
``exclusion_options.end_time_behavior = "UNTIL_END_OF_SUPPORT"``). ``NO_UPGRADES`` exclusions are
limited to 30 days by GKE (maintenance-windows-and-exclusions guide; not re-read here: unverified).

Reservation targets: a bare name (a reservation of the cluster's project), or the full path
``projects/<project>/reservations/<name>`` (a shared reservation of another project), either with an
optional ``/reservationBlocks/<block>`` to pin a block of the reservation (GKE reservation affinity
values; the extended ``name/reservationBlocks/<block>`` form is the one CTK documents).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal, Self

from pydantic import AwareDatetime, Field, model_validator

from ..spec.base import Spec

Scope = Literal["NO_UPGRADES", "NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES"]
NO_UPGRADES_MAX = timedelta(days=30)
HOLDS_NODES = ("NO_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES")
RESERVED_EXCLUSION = "aiinfra-reserved-training"

_NAME = r"[a-z]([-a-z0-9]{0,61}[a-z0-9])?"
_PROJECT = r"[a-z][-a-z0-9]{4,28}[a-z0-9]"
RESERVATION_TARGET = re.compile(
    rf"^(?:projects/(?P<project>{_PROJECT})/reservations/)?(?P<name>{_NAME})(?:/reservationBlocks/(?P<block>{_NAME}))?$"
)


def check_reservation_target(value: str) -> str:
    """``value`` if it is a reservation name or path GKE accepts; else ValueError saying the forms."""
    if not RESERVATION_TARGET.match(value):
        raise ValueError(
            f"{value!r} is not a reservation target (allowed: '<name>', "
            "'projects/<project>/reservations/<name>', either followed by '/reservationBlocks/<block>'; "
            "names are 1-63 lower-case letters, digits and '-')"
        )
    return value


class MaintenanceExclusion(Spec):
    """A GKE maintenance exclusion: no upgrades of ``scope`` between ``start`` and ``end`` (None: until
    the end of support of the cluster's minor version; not for ``NO_UPGRADES``)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][-A-Za-z0-9 _]{0,62}$", description="exclusion name")
    start: AwareDatetime = Field(description="RFC 3339 start, e.g. 2027-01-04T00:00:00Z")
    end: AwareDatetime | None = Field(default=None, description="RFC 3339 end; None: until end of support")
    scope: Scope = Field(default="NO_MINOR_OR_NODE_UPGRADES", description="which upgrades are held")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end is None and self.scope == "NO_UPGRADES":
            raise ValueError("end: a NO_UPGRADES exclusion needs an end (at most 30 days after start)")
        if self.end is not None:
            if self.end <= self.start:
                raise ValueError(f"end: {self.end.isoformat()} must be after start {self.start.isoformat()}")
            if self.scope == "NO_UPGRADES" and self.end - self.start > NO_UPGRADES_MAX:
                raise ValueError(
                    f"end: a NO_UPGRADES exclusion lasts at most 30 days (got {(self.end - self.start).days})"
                )
        return self

    def args(self) -> dict:
        """``maintenance_policy.maintenance_exclusions[]`` entry (pulumi_gcp 10.2)."""
        options: dict[str, str] = {"scope": self.scope}
        entry: dict = {
            "exclusion_name": self.name,
            "start_time": _rfc3339(self.start),
            "exclusion_options": options,
        }
        if self.end is None:
            options["end_time_behavior"] = "UNTIL_END_OF_SUPPORT"
        else:
            entry["end_time"] = _rfc3339(self.end)
        return entry


def _rfc3339(moment) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def exclusions_for(
    declared: tuple[MaintenanceExclusion, ...], *, reserved_pools: bool, start: str
) -> list[MaintenanceExclusion]:
    """The cluster's exclusions: the declared ones, plus :data:`RESERVED_EXCLUSION` (no minor or node
    upgrades until end of support, from ``start``) when a pool holds a reservation and no declared
    exclusion already holds node upgrades."""
    out = list(declared)
    if reserved_pools and not any(e.scope in HOLDS_NODES and e.end is None for e in declared):
        # The start is the maintenance window's RFC 3339 anchor (a fixed time, so plans are stable);
        # that GKE accepts a start in the past for an exclusion lasting until end of support is unverified.
        out.append(MaintenanceExclusion(name=RESERVED_EXCLUSION, start=start))
    return out
