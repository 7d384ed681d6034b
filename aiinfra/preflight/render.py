"""Text rendering of a preflight report: an aligned table and a one-line summary."""

from __future__ import annotations

import textwrap

from aiinfra.preflight.model import PreflightReport

_MESSAGE_WIDTH = 88


def report_text(report: PreflightReport) -> str:
    """The report as a table (STATUS, CHECK, POOL, MESSAGE), long messages wrapped, then counts."""
    reasons = {c.message for c in report.checks}
    if report.checks and len(reasons) == 1 and all(c.status == "skipped" for c in report.checks):
        names = ", ".join(c.name for c in report.checks)
        return (
            f"preflight {report.stack} ({report.blueprint}): every check skipped - {reasons.pop()}\n({names})"
        )
    rows = [(c.status.upper(), c.name, c.pool or "-", c.message) for c in report.checks]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("STATUS", "CHECK", "POOL"))]
    indent = sum(widths) + 2 * len(widths)
    where = report.region or "?"
    if report.endpoint_url:
        where += f" via {report.endpoint_url}"
    lines = [f"preflight {report.stack} ({report.blueprint}, {where})"]
    head = ("STATUS", "CHECK", "POOL")
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  MESSAGE")
    for *cells, message in rows:
        wrapped = textwrap.wrap(message, _MESSAGE_WIDTH, break_on_hyphens=False) or [""]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + wrapped[0])
        lines.extend(" " * indent + more for more in wrapped[1:])
    counts = report.counts()
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()) + (" - FAILED" if report.failed else ""))
    if report.offline:
        lines.append(
            "offline: nothing was verified against the account; exit 0 only because --offline was asked for"
        )
    return "\n".join(lines)
