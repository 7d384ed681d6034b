"""The time window of an EC2 Capacity Block, as a pool on it must know it.

Facts (read 2026-12-01): Capacity Blocks are bought "in 1-day increments up to 14 days, and in 7-day
increments up to 182 days" and "all Capacity Blocks end at 11:30AM UTC"; an offering's actual
duration may be slightly shorter or longer than the one asked for (EC2 User Guide, "Find and purchase
Capacity Blocks", capacity-blocks-purchase). The duration API field is whole hours
(``CapacityDurationHours``). The EKS user guide asks to scale a node group on a block to zero more than
30 minutes before the block ends so nodes drain before EC2 reclaims them (capacity-blocks.html), to
create a managed node group on a future block with desired size 0, and to upgrade a managed node group
on a block only at desired size 0 (capacity-blocks-mng.html).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Self

from pydantic import AwareDatetime, Field, model_validator

from .base import Spec

MAX_DAYS = 182
END_TIME_UTC = (11, 30)
MIN_SCALE_IN_MINUTES = 30


class CapacityBlockWindow(Spec):
    """When the pool's Capacity Block is active (UTC), and how early to drain before it ends."""

    start: AwareDatetime = Field(
        description="the block's start time (ISO 8601 with zone, e.g. 2027-01-04T11:30:00Z)"
    )
    end: AwareDatetime = Field(description="the block's end time; Capacity Blocks end at 11:30 UTC")
    scale_in_minutes: int = Field(
        default=60,
        ge=MIN_SCALE_IN_MINUTES + 1,
        le=24 * 60,
        description="scale the pool to zero this many minutes before the end (EKS: more than 30)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        start, end = self.start.astimezone(UTC), self.end.astimezone(UTC)
        if end <= start:
            raise ValueError(f"end: {_iso(end)} must be after start {_iso(start)}")
        duration = end - start
        if duration % timedelta(hours=1):
            raise ValueError(
                f"end: the block lasts {duration}, not a whole number of hours (Capacity Blocks are sold in hours)"
            )
        if duration > timedelta(days=MAX_DAYS):
            raise ValueError(
                f"end: the block lasts {duration.days} days; Capacity Blocks last at most {MAX_DAYS}"
            )
        if (end.hour, end.minute, end.second) != (*END_TIME_UTC, 0):
            raise ValueError(f"end: {_iso(end)} is not 11:30 UTC, when every Capacity Block ends")
        if duration <= timedelta(minutes=self.scale_in_minutes):
            raise ValueError(
                f"scale_in_minutes: {self.scale_in_minutes} leaves no time inside a block of {duration}"
            )
        return self

    @property
    def scale_in_at(self) -> datetime:
        """When the pool is scaled to zero (``end - scale_in_minutes``), UTC."""
        return self.end.astimezone(UTC) - timedelta(minutes=self.scale_in_minutes)

    @property
    def hours(self) -> int:
        """The block's length in hours."""
        return int((self.end - self.start) / timedelta(hours=1))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DDTHH:MM:SSZ`` (the form Auto Scaling schedules take)."""
    return _iso(moment)
