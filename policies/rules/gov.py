"""AIP-GOV: waiver hygiene."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..registry import RULES, RuleContext, StackView, rule


@rule(
    "AIP-GOV-001",
    "waiver-hygiene",
    title="Waivers are owned, justified and short-lived",
    severity="high",
    enforcement="mandatory",
    types=(),
    stack=True,
    description="Every waiver names a known rule, a resource selector, an owner and a reason, and expires within maxWaiverDays (default 90); expired waivers fail.",
    remediation="Renew or remove expired waivers, fix unknown rule ids, and shorten expiries to at most 90 days (re-review instead of long exceptions).",
    unknown="Waivers are plain data and never unknown.",
    references=("Trivy exp:/expired_at", "pulumi-policy#438", "pulumi-policy#225"),
    config={
        "maxWaiverDays": {"type": "number", "minimum": 1, "default": 90},
        "waiversFile": {
            "type": "string",
            "default": "",
            "description": "Path of a waiver YAML file (also $AIINFRA_WAIVERS).",
        },
        "waivers": {
            "type": "array",
            "items": {"type": "object"},
            "default": [],
            "description": "Inline waivers.",
        },
    },
)
def gov_001(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    waivers = ctx.config.get("_waiver_set")
    if waivers is None:
        return
    today = ctx.config.get("_today") or dt.date.today()
    for message in waivers.hygiene(RULES.keys(), today, float(ctx.config.get("maxWaiverDays", 90))):
        yield None, message
