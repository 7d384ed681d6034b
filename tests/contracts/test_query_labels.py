"""Wiring contract: every label an alert or dashboard query reads (matchers, ``by``, ``on``,
``group_left``, ``label_replace`` sources) is on the series as the stack's backend stores it, and
where the exporter sets that label itself it is still the exporter's value after the scrape.

Issue 24 point 11 is what this catches on the code before the fix: the GPU Operator's DCGM
ServiceMonitor without ``honorLabels`` turns the workload's ``pod``/``namespace`` into
``exported_*``, so ``avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL)`` groups by the exporter pod.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from .plans import STACKS, cluster_of_release, custom_resources, metadata, of_type, releases
from .promql_labels import label_problems
from .scrape_targets import OPERATOR_LABELS, Target, all_targets
from .series_labels import EXPORTER_LABELS, GKE_MANAGED, stored_labels
from .test_rules_promtool import AMP_RULES, GCP_POLICY
from .test_scrape_wiring import _own_workload, resolve

EXPORTER_OF_CHART = {
    "dcgm-exporter": "dcgm",
    "gpu-operator": "dcgm",
    "kube-state-metrics": "kube-state-metrics",
    "kueue": "kueue",
    "opencost": "opencost",
}
GKE_CLUSTER = "gcp:container/cluster:Cluster"


def exporter_targets(stack: str) -> dict[str, list[Target]]:
    """Exporter -> the targets that scrape it in the stack."""
    out: dict[str, list[Target]] = {}
    for t in all_targets(stack):
        e, _ = resolve(stack, t)
        if e is not None:
            out.setdefault(EXPORTER_OF_CHART[e.chart], []).append(t)
        elif t.port_kind == "container" and _own_workload(stack, t) is not None:
            out.setdefault(t.pod_labels.get("app.kubernetes.io/name", ""), []).append(t)
    # kube-prometheus-stack scrapes its bundled kube-state-metrics with honorLabels true
    # (values.yaml kube-state-metrics.prometheus.monitor.honorLabels, 88.5.3)
    for r in releases(stack, "kube-prometheus-stack"):
        out.setdefault("kube-state-metrics", []).append(
            Target(
                "ServiceMonitor",
                f"bundled kube-state-metrics of {r.name}",
                cluster_of_release(r),
                (),
                honor_labels=True,
                target_labels=OPERATOR_LABELS,
            )
        )
    return out


def gke_managed_dcgm(stack: str) -> bool:
    """GKE's managed DCGM package collects DCGM fields (not a target of ours: not judged)."""
    return any(
        "DCGM" in ((r.inputs.get("monitoringConfig") or {}).get("enableComponents") or [])
        for r in of_type(stack, GKE_CLUSTER)
    )


def _in_scope(t: Target, scope: str) -> bool:
    return t.backend == scope if scope in ("AMP", "GMP") else t.cluster == scope


def lookup_for(stack: str, scope: str):
    """metric -> its labels as the backend of ``scope`` stores them (None: not judged). ``scope``:
    "AMP", "GMP" or a Kubernetes provider (the cluster whose Prometheus evaluates the query)."""
    targets = exporter_targets(stack)

    def lookup(metric: str) -> dict[str, str] | None:
        if metric in GKE_MANAGED:
            return None
        if metric not in EXPORTER_LABELS:
            raise AssertionError(f"{metric}: no recorded exporter labels (tests/contracts/series_labels.py)")
        exporter, native = EXPORTER_LABELS[metric]
        found = [t for t in targets.get(exporter, []) if _in_scope(t, scope)]
        if not found:
            if exporter == "dcgm" and scope == "GMP" and gke_managed_dcgm(stack):
                return None
            return {f"(not collected: nothing scrapes {exporter} for {scope.rsplit('::', 1)[-1]})": "ok"}
        merged: dict[str, str] | None = None
        for t in found:
            stored = {
                k: ("clobbered" if v == "target" and k in native else "ok")
                for k, v in stored_labels(native, t.target_labels, t.honor_labels).items()
            }
            if merged is None:
                merged = stored
            else:
                merged = {
                    k: ("clobbered" if "clobbered" in (v, stored[k]) else "ok")
                    for k, v in merged.items()
                    if k in stored
                }
        return merged

    return lookup


def queries(stack: str) -> list[tuple[str, str, str]]:
    """(where, PromQL, scope) for every alert rule and dashboard panel the stack ships."""
    out = []
    for r in custom_resources(stack, "PrometheusRule"):
        for group in (r.inputs.get("spec") or {}).get("groups", []):
            out += [
                (f"{r.name} alert {x['alert']}", x["expr"], cluster_of_release(r)) for x in group["rules"]
            ]
    for r in of_type(stack, AMP_RULES):
        for group in yaml.safe_load(r.inputs["data"])["groups"]:
            out += [(f"{r.name} alert {x['alert']}", x["expr"], "AMP") for x in group["rules"]]
    for r in of_type(stack, GCP_POLICY):
        for cond in r.inputs.get("conditions") or []:
            q = cond["conditionPrometheusQueryLanguage"]
            out.append((f"{r.name} alert {q['alertRule']}", q["query"], "GMP"))
    boards: list[tuple[dict[str, Any], str]] = []
    for r in of_type(stack, "kubernetes:core/v1:ConfigMap"):
        if (metadata(r).get("labels") or {}).get("grafana_dashboard") == "1":
            boards += [(json.loads(v), cluster_of_release(r)) for v in (r.inputs.get("data") or {}).values()]
    for r in of_type(stack, "grafana:oss/dashboard:Dashboard"):
        boards.append((json.loads(r.inputs["configJson"]), "AMP"))  # Managed Grafana reads the AMP workspace
    for board, scope in boards:
        for panel in board.get("panels", []):
            for target in panel.get("targets", []):
                out.append((f"dashboard {board['uid']} panel {panel['title']!r}", target["expr"], scope))
    return out


def problems_of(stack: str) -> list[str]:
    """Every label problem of every query the stack ships."""
    lookups: dict[str, Any] = {}
    out = []
    for where, expr, scope in queries(stack):
        lookup = lookups.setdefault(scope, lookup_for(stack, scope))
        out += [f"{where}: {p}" for p in label_problems(expr, lookup)]
    return out


@pytest.mark.parametrize("stack", STACKS)
def test_every_label_a_query_reads_survives_the_scrape(stack: str) -> None:
    problems = problems_of(stack)
    assert not problems, "\n".join(problems)


def test_queries_are_found_on_every_stack() -> None:
    assert all(queries(s) for s in STACKS)
    assert any("dashboard" in w for s in STACKS for w, _, _ in queries(s))


def test_a_clobbered_label_is_reported() -> None:
    """DCGM scraped by a ServiceMonitor without honorLabels: pod/namespace become the exporter pod's."""
    native = EXPORTER_LABELS["DCGM_FI_DEV_GPU_UTIL"][1]
    stored = stored_labels(native, OPERATOR_LABELS, honor=False)
    assert stored["pod"] == "target" and stored["exported_pod"] == "exporter"
    labels = {k: ("clobbered" if v == "target" and k in native else "ok") for k, v in stored.items()}
    problems = label_problems(
        'avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL{pod!=""}) < 10', lambda m: labels
    )
    assert len(problems) == 3 and all("exported_" in p for p in problems)
    assert stored_labels(native, OPERATOR_LABELS, honor=True)["pod"] == "exporter"
