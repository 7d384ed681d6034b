"""Text sections of ``aiinfra plan``: accelerators with zones and placement, storage, cost, findings."""

from __future__ import annotations

from typing import Any


def _money(value: float | None) -> str:
    return "no price" if value is None else f"${value:,.2f}/h"


def accelerator_lines(summary: dict[str, Any]) -> list[str]:
    """One line per pool: nodes x machine, accelerators, fabric, capacity, zone(s) and placement."""
    lines = ["Accelerators at full scale:"]
    for a in summary["accelerators"]:
        fabric = "no fabric" if a["fabric"] == "none" else f"{a['fabric']} x{a['fabric_interfaces']}"
        lines.append(
            f"  {a['pool']:<16} {a['max_nodes']:>4} x {a['machine_type']:<20} {a['total']:>5} x {a['accelerator']:<16}"
            f" {fabric:<12} {a['capacity']:<14} zone {a.get('zones') or '-'}; placement {a.get('placement') or '-'}"
        )
        if a.get("cpu_architecture"):
            lines.append(f"  {'':<16} {_domain(a)}")
    lines.append(f"  total {summary['accelerator_total']} accelerators")
    for n in summary.get("accelerators_not_counted") or ():
        lines.append(f"  not counted: {n['pool']} ({n['machine_type']}): {n['reason']}")
    return lines


def _domain(a: dict[str, Any]) -> str:
    """Host architecture and the NVLink domain of one pool's accelerators (racks for rack-scale pools)."""
    text = f"arch {a['cpu_architecture']}; NVLink domain "
    rack = a.get("rack")
    if rack:
        return text + (
            f"{rack['accelerators_per_rack']} accelerators = 1 rack of {rack['hosts_per_rack']} hosts "
            f"({rack['name']}); {rack['racks']} rack{'s' if rack['racks'] != 1 else ''}"
        )
    if a.get("nvlink_domain"):
        return text + f"{a['nvlink_domain']} accelerators within one host"
    return text + "none (PCIe or single accelerator)"


def dra_lines(dra: dict[str, Any]) -> list[str]:
    """Dynamic Resource Allocation: driver, DeviceClasses, pools on DRA, ComputeDomains per rack pool."""
    lines = [f"Dynamic Resource Allocation ({dra['api_version']}, NVIDIA DRA driver {dra['driver']}):"]
    lines.append(f"  DeviceClasses  {', '.join(dra['device_classes'])}")
    if dra["gpu_pools"]:
        lines.append(
            f"  GPUs via DRA   {', '.join(dra['gpu_pools'])} (Kueue counts claims as nvidia.com/gpu)"
        )
    for r in dra["rack_pools"]:
        lines.append(
            f"  rack pool      {r['pool']}: {r['racks']} x {r['hosts_per_rack']} {r['machine_type']}, "
            f"NVLink domain {r['nvlink_domain']} GPUs per rack (Kueue topology level nvidia.com/gpu.clique)"
        )
    for cd in dra["compute_domains"]:
        lines.append(
            f"  ComputeDomain  {cd['namespace']}/{cd['name']} -> ResourceClaimTemplate {cd['resource_claim_template']}"
        )
    return lines


def storage_lines(summary: dict[str, Any]) -> list[str]:
    """The storage tiers: kind, size, throughput, zone and key."""
    rows = summary.get("storage") or []
    if not rows:
        return ["Storage: none"]
    lines = ["Storage:"]
    for r in rows:
        lines.append(
            f"  {r['tier']:<11} {r['kind']:<34} {r['size']:<11} {r['throughput']:<30} zone {r['zone']}; key {r['key']}"
        )
    return lines


def cost_lines(summary: dict[str, Any]) -> list[str]:
    """Cost per hour at full scale: pools by capacity kind, fixed costs with sources, what is excluded."""
    cost = summary.get("cost") or {}
    unknown = cost.get("unclassified_types") or []
    unknown_line = f"  not known to the estimate (priced by neither rule nor note): {', '.join(unknown)}"
    if not cost.get("applicable"):
        return [f"Cost: {cost.get('note', 'not estimated')}", *([unknown_line] if unknown else [])]
    lines = ["Cost per hour at full scale:"]
    items = [f"{f['item']} x{f['quantity']}" if f["quantity"] > 1 else f["item"] for f in cost["fixed"]]
    width = min(max([26, *(len(p["pool"]) for p in cost["pools"]), *(len(i) for i in items)]), 64)
    for p in cost["pools"]:
        dated = f"  [{p['source']}, {p['as_of']}]" if p.get("source") else ""
        lines.append(f"  pool  {p['pool']:<{width}} {_money(p['usd_per_hour']):>14}  {p['basis']}{dated}")
    for item, f in zip(items, cost["fixed"], strict=True):
        source = f"  [{f['source']}, {f['as_of']}]" if f["source"] else ""
        lines.append(f"  fixed {item:<{width}} {_money(f['usd_per_hour']):>14}  {f['basis']}{source}")
    excluded = []
    if cost["excluded_pools"]:
        n = len(cost["excluded_pools"])
        excluded.append(f"{n} unpriced pool{'s' if n > 1 else ''} ({', '.join(cost['excluded_pools'])})")
    if cost["excluded_fixed"]:
        n = len(cost["excluded_fixed"])
        excluded.append(f"{n} fixed item{'s' if n > 1 else ''}")
    tail = f", excluding {' and '.join(excluded)}" if excluded else ""
    pools_text = (
        f"pools ${cost['pools_usd_per_hour']:,.2f}"
        if any(p["usd_per_hour"] is not None for p in cost["pools"])
        else "no pool priced"
    )
    fixed_text = (
        f"fixed ${cost['fixed_usd_per_hour']:,.2f}"
        if any(f["usd_per_hour"] is not None for f in cost["fixed"])
        else "no fixed cost priced"
    )
    lines.append(f"  total ${cost['total_usd_per_hour']:,.2f}/h ({pools_text} + {fixed_text}){tail}")
    lines.append(f"  {cost['note']}")
    if unknown:
        lines.append(unknown_line)
    return lines


def finding_lines(summary: dict[str, Any]) -> list[str]:
    """Plan findings (not policy verdicts): placement problems the config allows but should not want."""
    findings = summary.get("findings") or []
    return [f"Findings: {len(findings)}", *[f"  {f}" for f in findings]]


def service_lines(summary: dict[str, Any]) -> list[str]:
    """Platform services: what, internal endpoint, backing stores, identity."""
    lines = ["Services:"]
    for r in summary.get("services") or []:
        side = f"{r['side']} " if r.get("side") else ""
        lines.append(f"  {side}{r['service']:<10} {r['what']}")
        lines.append(f"  {'':<10} endpoint {r['endpoint']}")
        lines += [f"  {'':<10} {store}" for store in r["stores"]]
        lines.append(f"  {'':<10} identity {r['identity']}")
        if r.get("metrics"):
            lines.append(f"  {'':<10} metrics  {r['metrics']}")
    return lines


def observability_lines(obs: dict[str, Any]) -> list[str]:
    """Metrics backend, sources, alerts (with their hold time) and dashboards."""
    lines = [f"Observability: {', '.join(obs['backends']) or 'no backend'}"]
    lines += [f"  metrics   {m['source']:<40} via {m['via']}" for m in obs["metrics"]]
    lines += [
        f"  scrape    {s['exporter']:<40} -> {s['backend']}: {s['job']}, {s['target']}"
        + (f", {s['credentials']}" if s["credentials"] != "none" else "")
        for s in obs.get("scrape") or []
    ]
    lines += [f"  alert     {a['alert']:<40} for {a['for']:<6} {a['severity']}" for a in obs["alerts"]]
    lines += [f"  dashboard {d}" for d in obs["dashboards"]] or [
        "  dashboards: none provisioned (JSON ships with aiinfra)"
    ]
    return lines


def _kw(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} kW"


def energy_lines(summary: dict[str, Any]) -> list[str]:
    """Power and emissions at full scale per pool and in total, labelled as an upper bound."""
    energy = summary.get("energy")
    if not energy or not energy["pools"]:
        return []
    lines = [f"Energy and carbon at full scale ({energy['label']}):"]
    for p in energy["pools"]:
        if p["it_kw"] is None:
            lines.append(f"  pool  {p['pool']:<26} {p['reason']}")
            continue
        facility = (
            f"{_kw(p['facility_kw'])} at PUE {p['pue']:.2f}, {p['kwh_per_day']:,.0f} kWh/day"
            if p["facility_kw"] is not None
            else f"{_kw(p['it_kw'])} IT"
        )
        carbon = (
            f"{p['kg_co2e_per_hour']:,.1f} kgCO2e/h at {p['grid_g_co2e_per_kwh']:,.0f} g/kWh ({p['region']})"
            if p["kg_co2e_per_hour"] is not None
            else p["reason"]
        )
        mark = "" if p["verified"] else "; some figures unverified"
        lines.append(
            f"  pool  {p['pool']:<26} {p['nodes']} x {p['machine_kw']:.2f} kW = {facility}; {carbon}{mark}"
        )
    tail = []
    if energy["excluded_power"]:
        tail.append(f"power excludes {', '.join(energy['excluded_power'])}")
    if energy["excluded_carbon"]:
        tail.append(f"carbon excludes {', '.join(energy['excluded_carbon'])}")
    estimated = len(energy["pools"]) - len(energy["excluded_power"])
    if estimated == 0:
        total = "total not estimated"
    else:
        carbon = (
            "carbon not estimated"
            if len(energy["excluded_carbon"]) == len(energy["pools"])
            else f"{energy['total_kg_co2e_per_hour']:,.1f} kgCO2e/h"
        )
        total = f"total {energy['total_kw']:,.1f} kW, {energy['total_kwh_per_day']:,.0f} kWh/day, {carbon}"
    lines.append(f"  {total}" + (f" ({'; '.join(tail)})" if tail else ""))
    lines.append("  sources: --format json lists each pool's; method and limits: docs/energy.md")
    return lines
