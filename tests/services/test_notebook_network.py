"""Notebook servers reach the platform's services and nothing private besides; the metadata server is
blocked by the NetworkPolicy, not by the chart's privileged iptables init container.

The policy is the one the jupyterhub 4.4.0 chart renders from each shipped stack's planned values
(:mod:`.jupyterhub_netpol`, a transcription of the chart's templates at the tag), and every
destination comes from the same plan: the MLflow Deployment's pod labels and port, each
InferenceService's namespace with KServe's pod label and the ServingRuntime's container port, the
Label Studio release's namespace with the chart's app labels and port.
"""

from __future__ import annotations

import pytest

from aiinfra.components.services import labeling
from aiinfra.components.services.notebook_egress import AWS_METADATA_IPV6, METADATA_IP
from aiinfra.components.services.serving import ISVC_POD_LABEL
from aiinfra.stacks import stack_names

from .jupyterhub_netpol import Peer, allows, effective_singleuser, helm_merge, render_egress
from conftest import REPO, cached_plan

HELM = "kubernetes:helm.sh/v3:Release"
POD_IP = "10.44.3.7"  # any pod address: in the private ranges the chart refuses by default


def _notebook_stacks() -> list[str]:
    return [
        s
        for s in stack_names(REPO)
        if any(r.type == HELM and r.name.endswith("-notebooks-hub") for r in cached_plan(s).run.resources)
    ]


def _hub(stack: str):
    (release,) = [
        r for r in cached_plan(stack).run.resources if r.type == HELM and r.name.endswith("-notebooks-hub")
    ]
    return release.inputs["namespace"], release.inputs["values"]


def service_peers(stack: str) -> dict[str, Peer]:
    """Every platform service pod a notebook should reach, from the plan."""
    resources = cached_plan(stack).run.resources
    peers: dict[str, Peer] = {}
    for r in resources:
        if r.type == "kubernetes:apps/v1:Deployment" and r.name.endswith("-mlflow-server"):
            template = r.inputs["spec"]["template"]
            (container,) = template["spec"]["containers"]
            (port,) = container["ports"]
            peers["mlflow"] = Peer(
                POD_IP,
                int(port["containerPort"]),
                namespace=r.inputs["metadata"]["namespace"],
                pod_labels=dict(template["metadata"]["labels"]),
            )
        if r.type == HELM and r.name.endswith("-labeling-app"):
            peers["labeling"] = Peer(
                POD_IP,
                labeling.APP_POD_PORT,
                namespace=r.inputs["namespace"],
                pod_labels=dict(labeling.APP_POD_LABELS),
            )
    runtimes = {
        r.inputs["metadata"]["name"]: r.inputs["spec"]
        for r in resources
        if r.type.endswith(":ServingRuntime")
    }
    for r in resources:
        if r.type.endswith(":InferenceService"):
            runtime = runtimes[r.inputs["spec"]["predictor"]["model"]["runtime"]]
            name = r.inputs["metadata"]["name"]
            for port in runtime["containers"][0]["ports"]:
                peers[f"serving/{name}:{int(port['containerPort'])}"] = Peer(
                    POD_IP,
                    int(port["containerPort"]),
                    namespace=r.inputs["metadata"]["namespace"],
                    pod_labels={ISVC_POD_LABEL: name, "component": "predictor"},
                )
    return peers


def blocked_peers(peers: dict[str, Peer]) -> dict[str, Peer]:
    """What notebooks must not reach."""
    out = {
        "metadata http": Peer(METADATA_IP, 80),
        "metadata ipv6 (aws)": Peer(AWS_METADATA_IPV6, 80),
        "another private address": Peer("10.9.9.9", 5432),
        "the api server's private address": Peer("172.20.0.1", 443),
    }
    for key, p in peers.items():
        out[f"{key} on another port"] = Peer(p.ip, 22, namespace=p.namespace, pod_labels=p.pod_labels)
        out[f"another pod in {p.namespace}"] = Peer(
            p.ip, p.port, namespace=p.namespace, pod_labels={"app": "postgres"}
        )
    return out


NOTEBOOK_STACKS = _notebook_stacks()


def test_some_stacks_have_notebooks_and_services() -> None:
    assert len(NOTEBOOK_STACKS) >= 2
    assert any(service_peers(s) for s in NOTEBOOK_STACKS)


@pytest.mark.parametrize("stack", NOTEBOOK_STACKS)
def test_notebooks_reach_the_platform_services(stack: str) -> None:
    namespace, values = _hub(stack)
    rules = render_egress(effective_singleuser(values))
    assert rules is not None, "the singleuser NetworkPolicy must be rendered"
    peers = service_peers(stack)
    refused = sorted(k for k, p in peers.items() if not allows(rules, p, namespace))
    assert refused == [], f"{stack}: notebooks cannot reach {refused}"
    dns = Peer("10.96.0.10", 53, "UDP", namespace="kube-system", pod_labels={"k8s-app": "kube-dns"})
    assert allows(rules, dns, namespace) and allows(rules, Peer("93.184.216.34", 443), namespace)


@pytest.mark.parametrize("stack", NOTEBOOK_STACKS)
def test_notebooks_do_not_reach_the_metadata_server_or_other_private_addresses(stack: str) -> None:
    namespace, values = _hub(stack)
    singleuser = effective_singleuser(values)
    assert singleuser["cloudMetadata"]["blockWithIptables"] is False  # privileged NET_ADMIN init container
    rules = render_egress(singleuser)
    admitted = sorted(
        k for k, p in blocked_peers(service_peers(stack)).items() if allows(rules, p, namespace)
    )
    assert admitted == [], f"{stack}: notebooks reach {admitted}"


def test_model_detects_the_defects_it_guards() -> None:
    """The transcription is not vacuous: the chart defaults refuse in-cluster services; privateIPs
    admits them and every other private address; cloudMetadataServer admits the metadata server;
    disabling the policy admits everything."""
    mlflow = Peer(POD_IP, 5000, namespace="mlflow", pod_labels={"app.kubernetes.io/name": "mlflow"})
    defaults = render_egress(effective_singleuser({}))
    assert not allows(defaults, mlflow, "jupyterhub")
    assert allows(defaults, Peer(METADATA_IP, 53, "UDP"), "jupyterhub")  # the chart's DNS-on-metadata rule
    private = render_egress(
        effective_singleuser({"singleuser": {"networkPolicy": {"egressAllowRules": {"privateIPs": True}}}})
    )
    assert allows(private, mlflow, "jupyterhub") and allows(private, Peer("10.9.9.9", 5432), "jupyterhub")
    meta = render_egress(
        effective_singleuser(
            {"singleuser": {"networkPolicy": {"egressAllowRules": {"cloudMetadataServer": True}}}}
        )
    )
    assert allows(meta, Peer(METADATA_IP, 80), "jupyterhub")
    assert render_egress(effective_singleuser({"singleuser": {"networkPolicy": {"enabled": False}}})) is None
    assert (
        effective_singleuser({"singleuser": {"networkPolicy": {"enabled": True}}})["cloudMetadata"][
            "blockWithIptables"
        ]
        is True
    )


def test_helm_merge_merges_maps_and_replaces_lists() -> None:
    assert helm_merge({"a": {"b": 1, "c": [1, 2]}}, {"a": {"c": [3]}}) == {"a": {"b": 1, "c": [3]}}
    assert helm_merge({"a": {"b": 1}}, {"a": {"d": 2}}) == {"a": {"b": 1, "d": 2}}
