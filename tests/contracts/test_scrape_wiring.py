"""Wiring contract: every scrape target names a port the exporter's pod (or Service) really has, uses
its scheme, and carries the credentials the exporter demands, authorized by RBAC the plan creates;
every exporter the stack installs is scraped on its cluster.

Exporter facts (ports, labels, authentication) come from the charts' templates at the pinned tags
(components/payloads/chart_pods.py). Issue 24 points 6, 7 and 10 are what this catches on the code
before the fix: GMP's Kueue PodMonitoring named port ``https`` (Kueue's container port is
``metrics``) without credentials, the AMP ``kueue`` job sent no credentials, and OpenCost was scraped
by nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from aiinfra.components.payloads.chart_pods import METRICS_ENDPOINTS, MetricsEndpoint

from .plans import STACKS, chart, metadata, of_type, releases
from .scrape_targets import (
    ACCESS_ENTRY,
    CLUSTER_ROLE,
    CLUSTER_ROLE_BINDING,
    ROLE,
    ROLE_BINDING,
    SECRET,
    Target,
    all_targets,
    cluster_of,
    custom_resources,
    exporter_releases,
)

# Kueue on an on-prem cluster is a precondition (blueprints/onprem.py), not a release of the plan.
PRECONDITION_CHARTS = {"kueue"}
# Exporters knowingly left unscraped, with why (the test fails if one of these becomes scraped or
# disappears, so the list cannot rot).
KNOWN_UNSCRAPED = {
    ("hybrid-gcp", "dc2-hybrid-worker-kueue-kueue"): "MultiKueue worker on the burst cluster; queue alerts "
    "watch the on-prem manager's queues",
    ("hybrid-aws", "dc1-hybrid-worker-kueue-kueue"): "MultiKueue worker on the burst cluster; queue alerts "
    "watch the on-prem manager's queues",
}
# kube-prometheus-stack 88.5.3 templates/prometheus/clusterrole.yaml grants Prometheus's service
# account ``get`` on the non-resource URL /metrics; prometheusSpec.arbitraryFSAccessThroughSMs is false
# (values.yaml), so a ServiceMonitor may read the token file (commit ea930baeebeb).
PROMETHEUS_GETS_METRICS = "kube-prometheus-stack"


def _subset(small: dict[str, str], big: dict[str, str]) -> bool:
    return bool(small) and all(big.get(k) == v for k, v in small.items())


def _selects(t: Target, e: MetricsEndpoint) -> bool:
    if t.service is not None:
        return t.service == e.service
    if t.port_kind == "service":
        return _subset(t.service_labels, dict(e.service_labels or e.pod_labels))
    return _subset(t.pod_labels, dict(e.pod_labels))


def installed(stack: str, cluster: str | None) -> dict[str, str]:
    """Exporter chart -> its namespace, for the exporters installed on ``cluster``."""
    out = {chart(r): r.inputs.get("namespace") for r in exporter_releases(stack) if cluster_of(r) == cluster}
    for r in releases(stack, "gpu-operator"):
        if cluster_of(r) == cluster:
            out["gpu-operator"] = r.inputs.get("namespace")
    return out


def resolve(stack: str, t: Target) -> tuple[MetricsEndpoint | None, str | None]:
    """The exporter a target scrapes on its cluster, or why none."""
    present = installed(stack, t.cluster)
    for e in METRICS_ENDPOINTS:
        if not _selects(t, e):
            continue
        ns = present.get(e.chart)
        if ns is None and e.chart in PRECONDITION_CHARTS and e.namespace in t.namespaces:
            return e, None
        if ns is None:
            return None, f"selects {e.chart}, which the stack does not install on that cluster"
        if ns not in t.namespaces:
            return None, f"looks in {list(t.namespaces)}, but {e.chart} runs in {ns}"
        return e, None
    return None, "selects no exporter recorded in components/payloads/chart_pods.py"


def _own_workload(stack: str, t: Target) -> dict[str, Any] | None:
    """A DaemonSet/Deployment the program itself creates that the target selects (e.g. the Neuron monitor)."""
    for r in of_type(stack, "kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1:Deployment"):
        template = (r.inputs.get("spec") or {}).get("template") or {}
        if cluster_of(r) == t.cluster and _subset(
            t.pod_labels, (template.get("metadata") or {}).get("labels") or {}
        ):
            return template.get("spec") or {}
    return None


def wiring_problems(stack: str) -> list[str]:
    """Every target whose port, scheme or credentials do not match the exporter it scrapes."""
    out = []
    for t in all_targets(stack):
        e, why = resolve(stack, t)
        if e is None:
            own = _own_workload(stack, t) if t.port_kind == "container" else None
            if own is None:
                out.append(f"{t.name}: {why}")
                continue
            ports = {p.get("name") for c in own.get("containers") or () for p in c.get("ports") or ()}
            if t.port not in ports:
                out.append(
                    f"{t.name}: port {t.port!r} is not a container port of the pods it selects {sorted(ports)}"
                )
            continue
        want = e.service_port if t.port_kind == "service" else e.container_port
        if t.port is None:
            out.append(f"{t.name}: keeps every port of {e.chart}; the metrics port is {want!r}")
        elif t.port != want:
            where = "Service" if t.port_kind == "service" else "container"
            out.append(f"{t.name}: port {t.port!r} is not {e.chart}'s {where} metrics port {want!r}")
        if t.port_kind == "service" and t.service is None:
            for other in e.other_services:
                if _subset(t.service_labels, dict(other)):
                    out.append(
                        f"{t.name}: selector {t.service_labels} also selects {e.chart}'s Service labelled "
                        f"{dict(other)}, whose {want!r} port is not the metrics endpoint"
                    )
        if t.scheme != e.scheme:
            out.append(f"{t.name}: scheme {t.scheme} but {e.chart} serves {e.scheme}")
        if e.auth == "kubernetes" and not t.credentials:
            out.append(
                f"{t.name}: {e.chart} demands a bearer token (authn/authz filter); the target sends none (401)"
            )
    return out


def _grants_metrics(role: Any) -> bool:
    return any(
        "/metrics" in (rule.get("nonResourceURLs") or ()) and "get" in (rule.get("verbs") or ())
        for rule in role.inputs.get("rules") or ()
    )


def _bound_to_metrics(stack: str, subject: dict[str, str]) -> bool:
    roles = {metadata(r).get("name"): r for r in of_type(stack, CLUSTER_ROLE)}
    for b in of_type(stack, CLUSTER_ROLE_BINDING):
        subjects = [{k: s.get(k) for k in subject} for s in b.inputs.get("subjects") or ()]
        role = roles.get((b.inputs.get("roleRef") or {}).get("name"))
        if subject in subjects and role is not None and _grants_metrics(role):
            return True
    return False


def authorization_problems(stack: str) -> list[str]:
    """Credentials sent to a Kubernetes-authenticated exporter must be authorized for ``/metrics``."""
    out = []
    for t in all_targets(stack):
        e, _ = resolve(stack, t)
        if e is None or e.auth != "kubernetes" or not t.credentials:
            continue
        if t.backend == "AMP":
            groups = [g for a in of_type(stack, ACCESS_ENTRY) for g in a.inputs.get("kubernetesGroups") or ()]
            if not any(_bound_to_metrics(stack, {"kind": "Group", "name": g}) for g in groups):
                out.append(f"{t.name}: the collector's groups {groups} are not bound to get /metrics")
        elif t.backend == "GMP":
            out += _gmp_token_problems(stack, t)
        elif not any(cluster_of(r) == t.cluster for r in releases(stack, PROMETHEUS_GETS_METRICS)):
            out.append(f"{t.name}: no kube-prometheus-stack Prometheus on that cluster to present its token")
    return out


def _gmp_token_problems(stack: str, t: Target) -> list[str]:
    monitor = next(r for r in custom_resources(stack, "PodMonitoring") if t.name.endswith(r.name))
    (ns,) = t.namespaces
    secret_ref = (
        (monitor.inputs["spec"]["endpoints"][0].get("authorization") or {}).get("credentials") or {}
    ).get("secret") or {}
    secrets = [s for s in of_type(stack, SECRET) if metadata(s).get("name") == secret_ref.get("name")]
    if not secrets or metadata(secrets[0]).get("namespace") != ns:
        return [f"{t.name}: credentials Secret {secret_ref.get('name')!r} is not created in {ns}"]
    secret = secrets[0]
    account = (metadata(secret).get("annotations") or {}).get("kubernetes.io/service-account.name")
    out = []
    if secret.inputs.get("type") != "kubernetes.io/service-account-token" or not account:
        out.append(f"{t.name}: Secret {secret_ref['name']} is not a service-account token")
    elif not _bound_to_metrics(stack, {"kind": "ServiceAccount", "name": account, "namespace": ns}):
        out.append(f"{t.name}: service account {account} is not bound to get /metrics")
    readable = [
        r
        for r in of_type(stack, ROLE)
        if metadata(r).get("namespace") == ns
        and any(
            "secrets" in (rule.get("resources") or ())
            and secret_ref["name"] in (rule.get("resourceNames") or ())
            for rule in r.inputs.get("rules") or ()
        )
    ]
    collector = {"kind": "ServiceAccount", "name": "collector", "namespace": "gmp-system"}
    if not any(
        metadata(b).get("namespace") == ns
        and (b.inputs.get("roleRef") or {}).get("name") in {metadata(r).get("name") for r in readable}
        and collector in [{k: s.get(k) for k in collector} for s in b.inputs.get("subjects") or ()]
        for b in of_type(stack, ROLE_BINDING)
    ):
        out.append(f"{t.name}: gmp-system/collector may not read Secret {secret_ref['name']}")
    return out


def unscraped(stack: str) -> list[str]:
    """Exporter releases no target on their cluster scrapes."""
    out = []
    for r in exporter_releases(stack):
        scraped = any(
            resolve(stack, t)[0] is not None and resolve(stack, t)[0].chart == chart(r)
            for t in all_targets(stack)
            if t.cluster == cluster_of(r)
        )
        if not scraped:
            out.append(r.name)
    return out


@pytest.mark.parametrize("stack", STACKS)
def test_scrape_targets_name_the_exporters_port_scheme_and_credentials(stack: str) -> None:
    problems = wiring_problems(stack)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stack", STACKS)
def test_credentials_are_authorized_for_metrics(stack: str) -> None:
    problems = authorization_problems(stack)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stack", STACKS)
def test_every_exporter_is_scraped(stack: str) -> None:
    missing = unscraped(stack)
    known = {name for (s, name) in KNOWN_UNSCRAPED if s == stack}
    assert sorted(set(missing) - known) == [], (
        f"{stack}: exporters nothing scrapes: {sorted(set(missing) - known)}"
    )
    assert known <= set(missing), (
        f"{stack}: now scraped, drop from KNOWN_UNSCRAPED: {sorted(known - set(missing))}"
    )


def test_every_stack_has_scrape_targets_to_judge() -> None:
    assert all(all_targets(s) for s in STACKS), [s for s in STACKS if not all_targets(s)]


@pytest.mark.parametrize("stack", STACKS)
def test_exporter_facts_were_read_at_the_pinned_versions(stack: str) -> None:
    """A chart bump must re-read its ports and authentication (components/payloads/chart_pods.py)."""
    recorded = {e.chart: e.version for e in METRICS_ENDPOINTS}
    stale = [
        f"{r.name}: {chart(r)} {r.inputs.get('version')} installed, facts recorded for {recorded[chart(r)]}"
        for r in [*exporter_releases(stack), *releases(stack, "gpu-operator")]
        if str(r.inputs.get("version")) != recorded[chart(r)]
    ]
    assert not stale, "\n".join(stale)
