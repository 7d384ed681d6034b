"""A replication schedule as a validated five-field cron expression, rendered for DataSync or STS.

Accepted: ``minute hour day-of-month month day-of-week`` with numbers, ``*``, ``*/n``, ranges ``a-b``
and lists ``a,b``. The minute must be fixed (DataSync runs at most once an hour). AWS DataSync takes
``cron(min hour dom month dow year)`` with ``?`` in one of the day fields; Storage Transfer Service
takes a start time of day and a repeat interval, so only daily (``M H * * *``) and every-N-hours
(``M */N * * *``) schedules render for GCP.
"""

from __future__ import annotations

import re
from typing import Any, Self

from pydantic import Field, model_validator

from ..spec.base import Spec

_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 6),
)
_ITEM = re.compile(r"^(\*|\d{1,2}(-\d{1,2})?)(/\d{1,2})?$")


def _check_field(text: str, name: str, low: int, high: int) -> None:
    for item in text.split(","):
        match = _ITEM.match(item)
        if not match:
            raise ValueError(f"cron: {name} field {text!r} is not a number, '*', 'a-b', '*/n' or a list")
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        if any(not low <= n <= high for n in numbers):
            raise ValueError(f"cron: {name} field {text!r} is outside {low}-{high}")
        if len(numbers) == 2 and numbers[0] > numbers[1]:
            raise ValueError(f"cron: {name} range {item!r} runs backwards")
        step = match.group(3)
        if step is not None and not 1 <= int(step[1:]) <= high:
            raise ValueError(f"cron: {name} step {step!r} must be 1-{high}")


class CronSchedule(Spec):
    """When replication runs, in UTC."""

    cron: str = Field(description="five-field cron in UTC, e.g. '0 2 * * *' (daily at 02:00)")

    @model_validator(mode="after")
    def _check(self) -> Self:
        parts = self.cron.split()
        if len(parts) != 5:
            raise ValueError(
                f"cron: {self.cron!r} must have five fields (minute hour day-of-month month day-of-week)"
            )
        for text, (name, low, high) in zip(parts, _FIELDS, strict=True):
            _check_field(text, name, low, high)
        if not parts[0].isdigit():
            raise ValueError(
                f"cron: minute field {parts[0]!r} must be one number (replication runs at most hourly)"
            )
        if parts[2] != "*" and parts[4] != "*":
            raise ValueError(
                f"cron: {self.cron!r} sets both day-of-month and day-of-week; set one and leave the other '*'"
            )
        return self

    def aws_expression(self) -> str:
        """DataSync ``schedule_expression``: ``cron(min hour dom month dow *)`` with ``?`` in one day field."""
        minute, hour, dom, month, dow = self.cron.split()
        if dow == "*":
            dow = "?"
        else:
            dom = "?"
            # AWS numbers weekdays 1-7 from Sunday; cron numbers them 0-6 from Sunday.
            dow = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), dow)
        return f"cron({minute} {hour} {dom} {month} {dow} *)"

    def gcp_schedule(self, start_date: tuple[int, int, int]) -> dict[str, Any]:
        """Storage Transfer ``schedule``: start date, start time of day (UTC) and repeat interval."""
        minute, hour, dom, month, dow = self.cron.split()
        if (dom, month, dow) != ("*", "*", "*"):
            raise ValueError(
                f"replication.schedule.cron: {self.cron!r} cannot be expressed in Storage Transfer Service "
                "(allowed: daily 'M H * * *' or every N hours 'M */N * * *')"
            )
        if hour.isdigit():
            start_hour, every_hours = int(hour), 24
        elif hour == "*":
            start_hour, every_hours = 0, 1
        elif re.fullmatch(r"\*/\d{1,2}", hour):
            start_hour, every_hours = 0, int(hour[2:])
        else:
            raise ValueError(
                f"replication.schedule.cron: hour field {hour!r} cannot be expressed in Storage Transfer "
                "Service (allowed: one hour, or '*/N')"
            )
        year, month_no, day = start_date
        return {
            "schedule_start_date": {"year": year, "month": month_no, "day": day},
            "start_time_of_day": {"hours": start_hour, "minutes": int(minute), "seconds": 0, "nanos": 0},
            "repeat_interval": f"{every_hours * 3600}s",
        }
