"""docs/audit-and-cost.md's retention table is rendered from the retention facts (no drift)."""

from __future__ import annotations

import re

from aiinfra.components.audit.retention import MINIMUMS

from conftest import REPO

DOC = REPO / "docs" / "audit-and-cost.md"
BLOCK = re.compile(r"<!-- BEGIN retention table.*?-->\n(.*?)<!-- END retention table -->", re.S)


def render() -> str:
    """The table as the doc holds it."""
    rows = ["| Framework | Total (days) | Searchable (days) | Source | Note |", "|---|---|---|---|---|"]
    rows += [
        f"| `{m.framework}` | {m.total_days} | {m.online_days} | {m.source} | {m.note} |"
        for m in MINIMUMS.values()
    ]
    return "\n".join(rows) + "\n"


def test_retention_table_matches_the_facts() -> None:
    match = BLOCK.search(DOC.read_text(encoding="utf-8"))
    assert match is not None
    assert match.group(1) == render()


def test_every_new_audit_rule_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(f"AIP-AUD-00{i}" in text for i in range(4, 9))
