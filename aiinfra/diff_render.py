"""Renderings of a plan diff (:mod:`aiinfra.diff`): text for a terminal, Markdown sized for a pull- or
merge-request comment, JSON for tools.

The Markdown keeps long lists in collapsible ``<details>`` blocks and caps each at
:data:`MARKDOWN_LIST_CAP` items ("and N more"), and the whole comment under GitHub's 65,536-character
limit for a comment body, so the comment is never rejected; the JSON always holds everything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiinfra.diff import blocking

MARKDOWN_LIST_CAP = 25
"""Items shown per list in Markdown before "and N more"."""
MARKDOWN_PATH_CAP = 6
"""Changed input paths shown per resource in Markdown."""
OPEN_LIST_MAX = 5
"""Lists up to this length are shown open in Markdown; longer ones are collapsed."""
MARKDOWN_MAX_CHARS = 60_000
"""Under GitHub's 65,536-character limit for an issue or pull-request comment body."""

_SIGNS = {"added": "+", "removed": "-", "replaced": "±", "changed": "~"}


def money(value: float | None) -> str:
    """``$1,234.50`` or ``unpriced``."""
    return "unpriced" if value is None else f"${value:,.2f}"


def number(value: Any) -> str:
    """A figure as read: integers without decimals, others to at most 2 decimals, None as ``none``."""
    if value is None:
        return "none"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}" if isinstance(value, (int, float)) else str(value)


def _signed(value: float, fmt: Any = number) -> str:
    """``+$265.44``, ``-16``."""
    return ("+" if value > 0 else "-") + fmt(abs(value))


def kw(value: float | None) -> str:
    """``72.4 kW`` or ``not estimated``."""
    return "not estimated" if value is None else f"{value:,.1f} kW"


def co2(value: float | None) -> str:
    """``23.3 kgCO2e/h`` or ``not estimated``."""
    return "not estimated" if value is None else f"{value:,.1f} kgCO2e/h"


def has_energy(stack: Mapping[str, Any]) -> bool:
    """True when either side of the stack has an energy estimate."""
    return stack["kw"]["base"] is not None or stack["kw"]["new"] is not None


def energy_change(stack: Mapping[str, Any]) -> str:
    """Power and emissions at full scale, before and after (upper-bound estimates)."""
    return (
        f"{change(stack['kw']['base'], stack['kw']['new'], kw)}; "
        f"{change(stack['kg_co2e_per_hour']['base'], stack['kg_co2e_per_hour']['new'], co2)}"
    )


def change(base: Any, new: Any, fmt: Any = number) -> str:
    """``a → b (+d)``, or ``a`` when equal."""
    if base == new:
        return fmt(base)
    text = f"{fmt(base)} → {fmt(new)}"
    if isinstance(base, (int, float)) and isinstance(new, (int, float)):
        text += f" ({_signed(new - base, fmt)})"
    return text


def _coverage_text(cov: Mapping[str, Any] | None) -> str:
    if cov is None:
        return "not recorded"
    text = f"judged {cov['resources_judged']} of {cov['resources_total']}"
    if cov["not_judged"]:
        text += f", {cov['not_judged']} not judged"
    return text + f", types no rule covers: {len(cov['uncovered_types'])}"


def coverage_change(stack: Mapping[str, Any]) -> str:
    """Coverage before and after, and the types that lost or gained a rule."""
    base, new = stack["coverage"]["base"], stack["coverage"]["new"]
    text = change(_coverage_text(base), _coverage_text(new), str)
    if base and new:
        lost = sorted(set(new["uncovered_types"]) - set(base["uncovered_types"]))
        if lost:
            text += "; newly uncovered types: " + ", ".join(lost)
    return text


def _pool_text(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "none"
    fabric = (
        row["fabric"] if row["fabric"] in (None, "none") else f"{row['fabric']} x{row['fabric_interfaces']}"
    )
    return (
        f"{row['max_nodes']} x {row['machine_type']} = {row['total']} {row['accelerator']} ({row['capacity']}), "
        f"fabric {fabric}, {money(row['usd_per_hour'])}/h"
    )


def pool_line(pool: Mapping[str, Any]) -> str:
    """One pool: accelerators, fabric and $/h, before -> after when it changed."""
    if pool["status"] == "unchanged":
        return f"{pool['pool']}: {_pool_text(pool['new'])}"
    if pool["status"] in ("added", "removed"):
        return f"{pool['pool']} ({pool['status']}): {_pool_text(pool['new'] or pool['base'])}"
    return f"{pool['pool']}: {_pool_text(pool['base'])} → {_pool_text(pool['new'])}"


def finding_text(finding: Mapping[str, Any]) -> str:
    """``[mandatory/high] AIP-001 name: message``."""
    flag = " (waived)" if finding["waived"] else ""
    return (
        f"[{finding['enforcement']}/{finding['severity']}] {finding['policy_id']} {finding['resource']}: "
        f"{finding['message']}{flag}"
    )


def _resource_counts(res: Mapping[str, Any]) -> str:
    return (
        f"{len(res['added'])} added, {len(res['removed'])} removed, {len(res['replaced'])} replaced, "
        f"{len(res['changed'])} changed, {res['unchanged']} unchanged"
    )


def headline(diff: Mapping[str, Any]) -> str:
    """``1 of 6 stacks changed; 0 new mandatory findings``."""
    s = diff["summary"]
    return (
        f"{s['stacks_changed']} of {len(diff['stacks'])} stacks changed; "
        f"{s['new_mandatory_findings']} new mandatory finding(s), {s['findings_new']} new, {s['findings_fixed']} fixed"
    )


def diff_text(diff: Mapping[str, Any]) -> str:
    """The terminal view: every changed stack with every list in full."""
    out = [f"aiinfra diff {diff['base']} → {diff['new']}: {headline(diff)}"]
    unchanged = [s["stack"] for s in diff["stacks"] if s["status"] == "unchanged"]
    for stack in diff["stacks"]:
        if stack["status"] == "unchanged":
            continue
        res = stack["resources"]
        out += ["", f"Stack {stack['stack']} ({stack['status']})"]
        out.append(
            f"  $/h at full scale: {change(stack['usd_per_hour']['base'], stack['usd_per_hour']['new'], money)}"
        )
        out.append(f"  accelerators: {change(stack['accelerators']['base'], stack['accelerators']['new'])}")
        if has_energy(stack):
            out.append(f"  power and carbon at full scale: {energy_change(stack)}")
        out.append(f"  resources: {_resource_counts(res)}")
        for kind in ("added", "removed", "replaced", "changed"):
            for r in res[kind]:
                out.append(f"    {_SIGNS[kind]} {r['urn']}")
                if kind == "replaced":
                    out.append(f"        was {r['base_urn']}: {r['reason']}")
                if kind == "changed":
                    out.append(f"        {', '.join(r['paths'])}")
        out.append("  pools (accelerators, fabric, $/h at full scale):")
        out += [
            f"    {'~' if p['status'] != 'unchanged' else ' '} {pool_line(p)}" for p in stack["pools"]
        ] or ["    none"]
        if stack["figures"]:
            out.append("  figures:")
            out += [f"    {f['figure']}: {change(f['base'], f['new'])}" for f in stack["figures"]]
        findings = stack["findings"]
        out.append(f"  findings: {len(findings['new'])} new, {len(findings['fixed'])} fixed")
        out += [f"    new   {finding_text(f)}" for f in findings["new"]]
        out += [f"    fixed {finding_text(f)}" for f in findings["fixed"]]
        out.append(f"  coverage: {coverage_change(stack)}")
    if unchanged:
        out += ["", f"Unchanged: {', '.join(unchanged)}"]
    return "\n".join(out) + "\n"


def diff_json(diff: Mapping[str, Any]) -> str:
    """The diff document as JSON (everything, uncapped)."""
    return json.dumps(diff, indent=2) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _capped(items: list[str], cap: int = MARKDOWN_LIST_CAP) -> list[str]:
    if len(items) <= cap:
        return items
    return [*items[:cap], f"- ... and {len(items) - cap} more (all of them in `aiinfra diff --format json`)"]


def _section(title: str, items: list[str]) -> list[str]:
    """A list under a bold title, collapsed in <details> when longer than :data:`OPEN_LIST_MAX`."""
    if not items:
        return []
    if len(items) <= OPEN_LIST_MAX:
        return [f"**{title}**", "", *items, ""]
    return [f"<details><summary><b>{title}</b></summary>", "", *_capped(items), "", "</details>", ""]


def _resource_item(kind: str, r: Mapping[str, Any]) -> str:
    text = f"- {kind} `{r['urn']}`"
    if kind == "replaced":
        text += f" (was `{r['base_urn']}`: {_md(r['reason'])})"
    if kind == "changed":
        paths = [f"`{_md(p)}`" for p in r["paths"][:MARKDOWN_PATH_CAP]]
        more = len(r["paths"]) - MARKDOWN_PATH_CAP
        text += ": " + ", ".join(paths) + (f" and {more} more" if more > 0 else "")
    return text


def _stack_markdown(stack: Mapping[str, Any]) -> list[str]:
    res, findings = stack["resources"], stack["findings"]
    out = [f"### {stack['stack']} ({stack['status']})", ""]
    out += [
        f"- $/h at full scale: {change(stack['usd_per_hour']['base'], stack['usd_per_hour']['new'], money)}",
        f"- accelerators: {change(stack['accelerators']['base'], stack['accelerators']['new'])}",
        *(
            [f"- power and carbon at full scale (upper bound): {energy_change(stack)}"]
            if has_energy(stack)
            else []
        ),
        f"- resources: {_resource_counts(res)}",
        f"- coverage: {_md(coverage_change(stack))}",
        "",
    ]
    new_blocking = [f for f in findings["new"] if blocking(f)]
    out += _section(
        f"New mandatory findings ({len(new_blocking)}), these fail the check",
        [f"- {_md(finding_text(f))}" for f in new_blocking],
    )
    out += _section(
        f"Other new findings ({len(findings['new']) - len(new_blocking)})",
        [f"- {_md(finding_text(f))}" for f in findings["new"] if not blocking(f)],
    )
    out += _section(
        f"Fixed findings ({len(findings['fixed'])})", [f"- {_md(finding_text(f))}" for f in findings["fixed"]]
    )
    if stack["pools"]:
        out += ["| pool | accelerators and fabric | $/h at full scale |", "|---|---|---|"]
        for p in stack["pools"]:
            base, new = p["base"], p["new"]
            label = p["pool"] if p["status"] in ("unchanged", "changed") else f"{p['pool']} ({p['status']})"
            shape = change(_pool_shape(base), _pool_shape(new), str)
            cost = change((base or {}).get("usd_per_hour"), (new or {}).get("usd_per_hour"), money)
            out.append(f"| {_md(label)} | {_md(shape)} | {_md(cost)} |")
        out.append("")
    items = [
        _resource_item(kind, r) for kind in ("added", "removed", "replaced", "changed") for r in res[kind]
    ]
    out += _section(f"Resources ({len(items)} not unchanged)", items)
    out += _section(
        f"Figures that changed ({len(stack['figures'])})",
        [f"- `{_md(f['figure'])}`: {change(f['base'], f['new'])}" for f in stack["figures"]],
    )
    return out


def _pool_shape(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "none"
    fabric = (
        "no fabric" if row["fabric"] in (None, "none") else f"{row['fabric']} x{row['fabric_interfaces']}"
    )
    return f"{row['max_nodes']} x {row['machine_type']} = {row['total']} {row['accelerator']} ({row['capacity']}), {fabric}"


def diff_markdown(diff: Mapping[str, Any]) -> str:
    """A pull-request comment: a one-line verdict, a table per stack, details collapsed and capped."""
    changed = [s for s in diff["stacks"] if s["status"] != "unchanged"]
    unchanged = [s["stack"] for s in diff["stacks"] if s["status"] == "unchanged"]
    verdict = ":x:" if diff["summary"]["new_mandatory_findings"] else ":white_check_mark:"
    out = [
        f"## aiinfra diff `{_md(diff['base'])}` → `{_md(diff['new'])}`",
        "",
        f"{verdict} {headline(diff)}",
        "",
    ]
    if changed:
        out += [
            "| stack | resources + / - / ± / ~ | accelerators | $/h at full scale | findings new / fixed |",
            "|---|---|---|---|---|",
        ]
        for s in changed:
            res = s["resources"]
            counts = " / ".join(str(len(res[k])) for k in ("added", "removed", "replaced", "changed"))
            out.append(
                f"| {s['stack']} ({s['status']}) | {counts} | {change(s['accelerators']['base'], s['accelerators']['new'])} "
                f"| {change(s['usd_per_hour']['base'], s['usd_per_hour']['new'], money)} "
                f"| {len(s['findings']['new'])} / {len(s['findings']['fixed'])} |"
            )
        out.append("")
    if unchanged:
        out += [f"Unchanged: {', '.join(unchanged)}", ""]
    for stack in changed:
        out += _stack_markdown(stack)
    text = "\n".join(out).rstrip("\n") + "\n"
    if len(text) > MARKDOWN_MAX_CHARS:
        cut = text.rfind("\n", 0, MARKDOWN_MAX_CHARS - 200)
        text = text[:cut] + "\n</details>" * (text[:cut].count("<details>") - text[:cut].count("</details>"))
        text += "\n\n... (comment cut at the size limit; all of it in `aiinfra diff --format json`)\n"
    return text
