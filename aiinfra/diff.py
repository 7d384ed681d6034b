"""``aiinfra diff``: what changes between two plan documents (``aiinfra plan --format json``).

A reviewer of a pull request wants, per stack: the resources added, removed, replaced and changed
(by URN, with the input paths that changed), the accelerators and fabric of every pool, the cost per
hour at full scale, the policy findings that appear and the ones that are fixed, and whether the
offline check still judges as much as before. This module compares two documents and returns that
as plain data; :mod:`aiinfra.diff_render` draws it as text, Markdown or JSON.

Replaced or changed in place: a Pulumi provider decides at preview whether a changed input is
updated in place or forces a replacement (the ``forceNew`` / ``replaceOnChanges`` marks live in the
provider plugin's schema, which the offline engine does not have; the Python SDKs do not carry
them). So a resource whose URN is the same is reported as **changed**, with its input paths, never
guessed to be replaced. **Replaced** is reported where the offline plan knows Pulumi will delete and
create: the same type and name under a new URN (its parent moved) with no alias, which Pulumi treats
as a different resource.

Numeric figures are compared generically: every number in a stack's ``summary`` (totals such as
``estimated_usd_per_hour``, and per-pool rows: any list of objects keyed by ``pool``) is a figure, so a
figure added to the plan JSON later (e.g. kW per pool) shows up in the diff without changing it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from aiinfra.policies.yamlfile import shorten

DIFF_VERSION = 1
"""Version of the diff JSON document (``aiinfra diff --format json``)."""

POOL_FIELDS = (
    "cloud",
    "machine_type",
    "accelerator",
    "per_node",
    "max_nodes",
    "total",
    "capacity",
    "fabric",
    "fabric_interfaces",
    "zones",
    "placement",
    "usd_per_hour",
)
"""The fields of a pool row (``summary.accelerators[]``) a reviewer reads: accelerators and fabric."""

_RESOURCE_OPTIONS = ("protect", "retain_on_delete")


class DiffInputError(ValueError):
    """A document that is not a plan document (the message names what is wrong)."""


def stacks_of(document: Any, label: str) -> dict[str, dict[str, Any]]:
    """The stacks of one plan document by name; raises :class:`DiffInputError` for another shape."""
    label = shorten(label)
    if not isinstance(document, Mapping) or not isinstance(document.get("stacks"), list):
        raise DiffInputError(f"{label}: not a plan document (expected a JSON object with a 'stacks' list)")
    out: dict[str, dict[str, Any]] = {}
    for index, stack in enumerate(document["stacks"]):
        if not isinstance(stack, Mapping) or not isinstance(stack.get("stack"), str):
            raise DiffInputError(f"{label}: stacks[{index}] has no 'stack' name")
        for key, kind in (("resources", list), ("summary", dict), ("violations", list)):
            if not isinstance(stack.get(key), kind):
                raise DiffInputError(
                    f"{label}: stacks[{index}].{key} is missing or not a {kind.__name__} "
                    "(give the output of `aiinfra plan --format json`)"
                )
        out[stack["stack"]] = dict(stack)
    return out


def diff_documents(
    base: Any, new: Any, *, base_label: str = "base", new_label: str = "new"
) -> dict[str, Any]:
    """The diff of two plan documents: one entry per stack in either, in name order."""
    base_stacks = stacks_of(base, base_label)
    new_stacks = stacks_of(new, new_label)
    stacks = [
        diff_stack(name, base_stacks.get(name), new_stacks.get(name))
        for name in sorted({*base_stacks, *new_stacks})
    ]
    return {
        "diff_version": DIFF_VERSION,
        "base": base_label,
        "new": new_label,
        "stacks": stacks,
        "summary": {
            "stacks_changed": sum(1 for s in stacks if s["status"] != "unchanged"),
            "new_mandatory_findings": sum(1 for s in stacks for f in s["findings"]["new"] if blocking(f)),
            "findings_new": sum(len(s["findings"]["new"]) for s in stacks),
            "findings_fixed": sum(len(s["findings"]["fixed"]) for s in stacks),
        },
    }


def blocking(finding: Mapping[str, Any]) -> bool:
    """A finding that fails a plan: mandatory, not waived, judged on a known value."""
    return (
        finding.get("enforcement") == "mandatory" and not finding.get("waived") and not finding.get("unknown")
    )


def diff_stack(name: str, base: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """One stack compared: resources, pools, figures, findings and coverage."""
    empty: Mapping[str, Any] = {"resources": [], "summary": {}, "violations": []}
    old_side, new_side = base or empty, new or empty
    resources = diff_resources(old_side["resources"], new_side["resources"])
    pools = diff_pools(
        old_side["summary"].get("accelerators") or [], new_side["summary"].get("accelerators") or []
    )
    figures = diff_figures(old_side["summary"], new_side["summary"])
    findings = diff_findings(old_side["violations"], new_side["violations"])
    changed = any(resources[k] for k in ("added", "removed", "replaced", "changed")) or any(
        p["status"] != "unchanged" for p in pools
    )
    changed = changed or bool(figures) or bool(findings["new"]) or bool(findings["fixed"])
    status = "added" if base is None else "removed" if new is None else "changed" if changed else "unchanged"
    return {
        "stack": name,
        "status": status,
        "blueprint": {"base": old_side.get("blueprint"), "new": new_side.get("blueprint")},
        "usd_per_hour": {
            "base": old_side["summary"].get("estimated_usd_per_hour"),
            "new": new_side["summary"].get("estimated_usd_per_hour"),
        },
        "accelerators": {
            "base": old_side["summary"].get("accelerator_total"),
            "new": new_side["summary"].get("accelerator_total"),
        },
        "kw": {"base": _energy(old_side, "total_kw"), "new": _energy(new_side, "total_kw")},
        "kg_co2e_per_hour": {
            "base": _energy(old_side, "total_kg_co2e_per_hour"),
            "new": _energy(new_side, "total_kg_co2e_per_hour"),
        },
        "resources": resources,
        "pools": pools,
        "figures": figures,
        "findings": findings,
        "coverage": {
            "base": _coverage(old_side["summary"]) if base is not None else None,
            "new": _coverage(new_side["summary"]) if new is not None else None,
        },
    }


def _energy(side: Mapping[str, Any], key: str) -> float | None:
    """A total of the plan's energy section (None when the plan has none or estimated nothing)."""
    energy = side["summary"].get("energy") or {}
    if not energy.get("pools") or len(energy.get("excluded_power") or []) == len(energy["pools"]):
        return None
    value = energy.get(key)
    return float(value) if isinstance(value, (int, float)) else None


def _coverage(summary: Mapping[str, Any]) -> dict[str, Any] | None:
    """The coverage figures a reviewer compares (None when the plan JSON did not record them)."""
    cov = summary.get("coverage")
    if not isinstance(cov, Mapping):
        return None
    return {
        "resources_judged": cov.get("resources_judged"),
        "resources_total": cov.get("resources_total"),
        "not_judged": len(cov.get("not_judged") or []),
        "uncovered_types": list(cov.get("uncovered_types") or []),
    }


def _brief(resource: Mapping[str, Any]) -> dict[str, Any]:
    return {"urn": resource["urn"], "type": resource.get("type"), "name": resource.get("name")}


def diff_resources(base: list[Mapping[str, Any]], new: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Custom resources added, removed, replaced (same type and name, new URN) and changed (inputs or
    protect/retain_on_delete differ under the same URN). Components are not counted: their children are."""
    old = {r["urn"]: r for r in base if r.get("custom", True)}
    cur = {r["urn"]: r for r in new if r.get("custom", True)}
    added = [u for u in cur if u not in old]
    removed = [u for u in old if u not in cur]
    removed_by_key = {(old[u].get("type"), old[u].get("name")): u for u in removed}
    replaced = []
    for urn in list(added):
        key = (cur[urn].get("type"), cur[urn].get("name"))
        if key in removed_by_key:
            before = removed_by_key.pop(key)
            removed.remove(before)
            added.remove(urn)
            replaced.append(
                {
                    **_brief(cur[urn]),
                    "base_urn": before,
                    "reason": "URN changed (its parent moved); without an alias Pulumi deletes and recreates it",
                }
            )
    changed = []
    for urn, resource in cur.items():
        if urn not in old:
            continue
        paths = list(changed_paths(old[urn].get("inputs"), resource.get("inputs")))
        paths += [
            f"({opt})" for opt in _RESOURCE_OPTIONS if bool(old[urn].get(opt)) != bool(resource.get(opt))
        ]
        if paths:
            changed.append({**_brief(resource), "paths": paths})
    return {
        "added": [_brief(cur[u]) for u in added],
        "removed": [_brief(old[u]) for u in removed],
        "replaced": replaced,
        "changed": changed,
        "unchanged": sum(1 for u in cur if u in old) - len(changed),
    }


def changed_paths(base: Any, new: Any, prefix: str = "") -> Iterator[str]:
    """Input paths whose values differ (``scalingConfig.maxSize``, ``tags.team``, ``rules[2].ports``).

    Lists of different lengths are one change at the list itself; equal-length lists are compared
    item by item.
    """
    if isinstance(base, Mapping) and isinstance(new, Mapping):
        for key in sorted({*base, *new}):
            yield from changed_paths(base.get(key), new.get(key), f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(base, list) and isinstance(new, list) and len(base) == len(new):
        for index, (a, b) in enumerate(zip(base, new, strict=True)):
            yield from changed_paths(a, b, f"{prefix}[{index}]")
    elif base != new:
        yield prefix or "(inputs)"


def diff_pools(base: list[Mapping[str, Any]], new: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every pool in either plan with its accelerators and fabric before and after."""
    old = {p["pool"]: p for p in base if isinstance(p, Mapping) and "pool" in p}
    cur = {p["pool"]: p for p in new if isinstance(p, Mapping) and "pool" in p}
    rows = []
    for pool in [*cur, *(p for p in old if p not in cur)]:
        before = {k: old[pool].get(k) for k in POOL_FIELDS} if pool in old else None
        after = {k: cur[pool].get(k) for k in POOL_FIELDS} if pool in cur else None
        fields = [k for k in POOL_FIELDS if before and after and before[k] != after[k]]
        status = (
            "added"
            if before is None
            else "removed"
            if after is None
            else "changed"
            if fields
            else "unchanged"
        )
        rows.append({"pool": pool, "status": status, "base": before, "new": after, "changed": fields})
    return rows


def numeric_figures(summary: Mapping[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Every number in a plan summary by path: ``estimated_usd_per_hour``, ``critical_path.minutes``,
    ``accelerators[h100-train].usd_per_hour`` (rows of a list keyed by their ``pool``).

    A null where a number could be (an unpriced pool) is kept as None so "priced -> unpriced" shows.
    Lists not keyed by pool (resource chains, team tables) are left out.
    """
    out: dict[str, float | None] = {}
    for key, value in summary.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)) or (value is None and _numeric_name(key)):
            out[path] = value
        elif isinstance(value, Mapping):
            out.update(numeric_figures(value, path))
        elif isinstance(value, list):
            for row in value:
                if isinstance(row, Mapping) and isinstance(row.get("pool"), str):
                    out.update(
                        numeric_figures(
                            {k: v for k, v in row.items() if k != "pool"}, f"{path}[{row['pool']}]"
                        )
                    )
    return out


def _numeric_name(key: str) -> bool:
    """Keys that hold a number when known (null meaning "no figure"): ``usd_per_hour``, ``*_kw``..."""
    return key.startswith(("usd", "estimated")) or key.endswith(
        ("usd_per_hour", "_kw", "_kwh", "_co2", "_minutes")
    )


def diff_figures(base: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The numeric figures of two summaries that differ: path, base, new and the difference."""
    old, cur = numeric_figures(base), numeric_figures(new)
    rows = []
    for path in [*cur, *(p for p in old if p not in cur)]:
        a, b = old.get(path), cur.get(path)
        if a == b:
            continue
        delta = round(b - a, 6) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
        rows.append({"figure": path, "base": a, "new": b, "delta": delta})
    return rows


def _finding_key(finding: Mapping[str, Any]) -> tuple[str, str]:
    return (str(finding.get("policy_id")), str(finding.get("urn") or finding.get("resource")))


def diff_findings(
    base: list[Mapping[str, Any]], new: list[Mapping[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Findings that appear (new) and disappear (fixed), matched by rule id and resource URN."""
    old_keys = Counter(_finding_key(f) for f in base)
    new_keys = Counter(_finding_key(f) for f in new)
    appeared, gone = new_keys - old_keys, old_keys - new_keys
    return {"new": _take(new, appeared), "fixed": _take(base, gone)}


def _take(findings: list[Mapping[str, Any]], wanted: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    left = Counter(wanted)
    out = []
    for finding in findings:
        key = _finding_key(finding)
        if left[key] > 0:
            left[key] -= 1
            out.append(
                {
                    **{
                        k: finding.get(k)
                        for k in ("policy_id", "severity", "enforcement", "resource", "urn", "message")
                    },
                    "waived": bool(finding.get("waived")),
                    "unknown": bool(finding.get("unknown")),
                }
            )
    return out
