"""An AWS platform with a Trainium pool and Amazon Managed Grafana: the Neuron monitor on the Neuron
nodes only, scraped like DCGM, its alerts; the private, query-only Grafana workspace and the
dashboards provisioned into it; the policy pack clean on it. (The shipped stacks have no Neuron pool.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import kubernetes_validate
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from onprem.k8s_objects import k8s_object
from onprem.test_schemas import K8S_VERSION

from aiinfra.blueprints import validate_platform
from aiinfra.components.observability.grafana_spec import GrafanaSpec
from aiinfra.errors import InputError
from aiinfra.plan import plan_stack
from aiinfra.policies.runner import evaluate
from aiinfra.stacks import load_stack

from conftest import REPO, cached_plan

TRN_POOL = {
    "name": "trn-train",
    "machine_type": "trn1.32xlarge",
    "min_nodes": 0,
    "desired_nodes": 2,
    "max_nodes": 4,
    "capacity": "on_demand",
    "zone": "usw2-az1",
    "fabric": {"type": "efa"},
}


def _raw(**observability) -> dict:
    raw = load_stack("aws-training", REPO).config["aiinfra:platform"]
    raw = json.loads(json.dumps(raw))
    raw["pools"].append(TRN_POOL)
    raw["observability"].update(observability)
    return raw


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    doc = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    doc["config"]["aiinfra:platform"] = _raw(grafana={"enabled": True})
    path = tmp_path_factory.mktemp("neuron") / "Pulumi.aws-neuron.yaml"
    path.write_text(yaml.safe_dump(doc))
    return plan_stack(str(path), root=REPO)


def _of(plan, type_: str) -> list:
    return [r for r in plan.run.resources if r.type == type_]


def _one(plan, type_: str, name: str | None = None):
    found = [r for r in _of(plan, type_) if name is None or r.name == name]
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def _deps(plan, res, prop: str) -> set[str]:
    by_urn = plan.run.by_urn()
    return {by_urn[u].name for u in res.property_dependencies.get(prop, ())}


def test_neuron_monitor_runs_on_the_neuron_pool_only(plan) -> None:
    ds = _one(plan, "kubernetes:apps/v1:DaemonSet", "llm-train-obs-neuron-monitor")
    pod = ds.inputs["spec"]["template"]["spec"]
    term = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
        "nodeSelectorTerms"
    ]
    assert term == [
        {
            "matchExpressions": [
                {"key": "aiinfra.io/accelerator", "operator": "In", "values": ["aws-trainium"]}
            ]
        }
    ]
    assert pod["tolerations"] == [
        {"key": "aws.amazon.com/neuron", "operator": "Exists", "effect": "NoSchedule"}
    ]
    (c,) = pod["containers"]
    assert c["image"] == "public.ecr.aws/neuron/neuron-monitor:1.3.0"
    assert c["ports"] == [{"name": "metrics", "containerPort": 8000}] and c["args"][:2] == ["--port", "8000"]
    assert pod["automountServiceAccountToken"] is False
    assert ds.inputs["metadata"]["namespace"] == "aiinfra-monitoring"
    kubernetes_validate.validate(k8s_object(ds), K8S_VERSION, strict=True)
    # the DCGM exporter stays on the NVIDIA pools
    dcgm = [r for r in _of(plan, "kubernetes:helm.sh/v3:Release") if r.inputs["chart"] == "dcgm-exporter"]
    values = dcgm[0].inputs["values"]["affinity"]["nodeAffinity"][
        "requiredDuringSchedulingIgnoredDuringExecution"
    ]
    assert "aws-trainium" not in values["nodeSelectorTerms"][0]["matchExpressions"][0]["values"]


def test_shipped_aws_stack_has_no_neuron_monitor() -> None:
    assert not [r for r in cached_plan("aws-training").run.resources if r.name.endswith("-neuron-monitor")]


def test_collector_scrapes_the_neuron_monitor_with_its_node(plan) -> None:
    scraper = _one(plan, "aws:amp/scraper:Scraper")
    jobs = {j["job_name"]: j for j in yaml.safe_load(scraper.inputs["scrapeConfiguration"])["scrape_configs"]}
    assert list(jobs) == ["kube-state-metrics", "dcgm-exporter", "neuron-monitor", "kueue", "opencost"]
    neuron = jobs["neuron-monitor"]
    assert neuron["kubernetes_sd_configs"] == [
        {"role": "pod", "namespaces": {"names": ["aiinfra-monitoring"]}}
    ]
    keep = {
        tuple(r["source_labels"]): r["regex"] for r in neuron["relabel_configs"] if r.get("action") == "keep"
    }
    assert keep == {
        ("__meta_kubernetes_pod_label_app_kubernetes_io_name",): "neuron-monitor",
        ("__meta_kubernetes_pod_container_port_name",): "metrics",
    }
    assert {"source_labels": ["__meta_kubernetes_pod_node_name"], "target_label": "node"} in neuron[
        "relabel_configs"
    ]
    # kube-state-metrics keeps its own node label (the node a series is about), so joins on node work
    assert all(r.get("target_label") != "node" for r in jobs["kube-state-metrics"]["relabel_configs"])
    assert "llm-train-obs-neuron-monitor" in {plan.run.by_urn()[u].name for u in scraper.dependencies}


def test_neuron_alerts_are_evaluated(plan) -> None:
    rules = yaml.safe_load(_one(plan, "aws:amp/ruleGroupNamespace:RuleGroupNamespace").inputs["data"])
    names = [r["alert"] for r in rules["groups"][0]["rules"]]
    assert {"NeuronCoreIdleWhileAllocated", "NeuronHardwareError", "NeuronRuntimeErrors"} <= set(names)
    idle = next(r for r in rules["groups"][0]["rules"] if r["alert"] == "NeuronCoreIdleWhileAllocated")
    assert idle["for"] == "30m" and idle["expr"].endswith("< 0.1")


def test_grafana_workspace_is_private_encrypted_and_customer_managed(plan) -> None:
    ws = _one(plan, "aws:grafana/workspace:Workspace")
    assert ws.name == "llm-train-obs-grafana-workspace"
    assert ws.inputs["permissionType"] == "CUSTOMER_MANAGED"
    assert ws.inputs["authenticationProviders"] == ["AWS_SSO"]
    assert ws.inputs["dataSources"] == ["PROMETHEUS"] and ws.inputs["accountAccessType"] == "CURRENT_ACCOUNT"
    assert ws.inputs["grafanaVersion"] == "13.2"
    assert ws.inputs["networkAccessControl"]["prefixListIds"] == []
    assert _deps(plan, ws, "networkAccessControl") == {"llm-train-obs-grafana-endpoint"}
    assert _deps(plan, ws, "kmsKeyId") == {"llm-train-keys-logs"}
    assert _deps(plan, ws, "roleArn") == {"llm-train-obs-grafana-role"}
    endpoint = _one(plan, "aws:ec2/vpcEndpoint:VpcEndpoint", "llm-train-obs-grafana-endpoint")
    assert endpoint.inputs["serviceName"] == "com.amazonaws.us-west-2.grafana-workspace"
    assert endpoint.inputs["vpcEndpointType"] == "Interface" and endpoint.inputs["privateDnsEnabled"] is True
    rule = _one(
        plan,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "llm-train-obs-grafana-endpoint-https",
    )
    assert (rule.inputs["cidrIpv4"], rule.inputs["fromPort"], rule.inputs["toPort"]) == (
        "10.40.0.0/16",
        443,
        443,
    )


def test_grafana_role_only_queries_this_amp_workspace(plan) -> None:
    role = _one(plan, "aws:iam/role:Role", "llm-train-obs-grafana-role")
    (trust,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert trust["Principal"] == {"Service": "grafana.amazonaws.com"}
    assert set(trust["Condition"]["StringEquals"]) == {"aws:SourceAccount"}
    (inline,) = role.inputs["inlinePolicies"]
    (statement,) = json.loads(inline["policy"])["Statement"]
    assert sorted(statement["Action"]) == [
        "aps:GetLabels",
        "aps:GetMetricMetadata",
        "aps:GetSeries",
        "aps:QueryMetrics",
    ]
    amp = _one(plan, "aws:amp/workspace:Workspace")
    assert statement["Resource"] == amp.outputs["arn"]  # this workspace, not "*"
    assert not role.inputs.get("managedPolicyArns")


def test_dashboards_are_provisioned_through_the_grafana_provider(plan) -> None:
    provider = _one(plan, "pulumi:providers:grafana")
    boards = _of(plan, "grafana:oss/dashboard:Dashboard")
    assert sorted(json.loads(b.inputs["configJson"])["uid"] for b in boards) == [
        "aiinfra-cost-per-team",
        "aiinfra-gpu-utilization",
        "aiinfra-neuron-utilization",
        "aiinfra-queue-wait",
    ]
    assert all(b.provider and b.provider.startswith(provider.urn) for b in boards)
    source = _one(plan, "grafana:oss/dataSource:DataSource")
    # Grafana 12+ (the spec's default 13.2): SigV4 lives in the AMP plugin, not core Prometheus
    assert source.inputs["type"] == "grafana-amazonprometheus-datasource"
    assert source.inputs["isDefault"] is True
    for board in boards:
        model = json.loads(board.inputs["configJson"])
        assert model["templating"]["list"][0]["query"] == "grafana-amazonprometheus-datasource"
        assert {p["datasource"]["type"] for p in model["panels"]} == {"grafana-amazonprometheus-datasource"}
    assert json.loads(source.inputs["jsonDataEncoded"])["sigV4Auth"] is True
    assert _deps(plan, source, "url") == {"llm-train-obs-workspace"}
    token = _one(plan, "aws:grafana/workspaceServiceAccountToken:WorkspaceServiceAccountToken")
    assert token.inputs["secondsToLive"] == 30 * 86400
    assert (
        _one(plan, "aws:grafana/workspaceServiceAccount:WorkspaceServiceAccount").inputs["grafanaRole"]
        == "ADMIN"
    )
    obs = plan.summary["observability"]
    assert "Amazon Managed Grafana" in obs["backends"]
    assert sorted(obs["dashboards"]) == sorted(
        f"{json.loads(b.inputs['configJson'])['uid']}.json" for b in boards
    )
    assert "Neuron monitor" in {m["source"] for m in obs["metrics"]}


def test_policy_pack_is_clean_on_it(plan) -> None:
    result = evaluate(plan.run)
    assert [(f.rule.id, f.resource, f.message) for f in result.blocking] == []
    judged = {f.rule.id for f in result.findings}
    assert not judged & {"AIP-OBS-004", "AIP-OBS-005", "AIP-OBS-006", "AIP-OBS-007", "AIP-K8S-001"}


def test_grafana_is_off_by_default_and_aws_only() -> None:
    assert not [r for r in cached_plan("hybrid-aws").run.resources if "grafana" in r.type]
    gcp = load_stack("gcp-training", REPO).config["aiinfra:platform"]
    gcp = {**gcp, "observability": {**gcp.get("observability", {}), "grafana": {"enabled": True}}}
    with pytest.raises(InputError, match="grafana"):
        validate_platform(gcp)


@pytest.mark.parametrize(
    ("grafana", "match"),
    [
        ({"enabled": True, "authentication": ["OIDC"]}, "authentication"),
        ({"enabled": True, "authentication": []}, "authentication"),
        ({"enabled": True, "authentication": ["SAML", "SAML"]}, "twice"),
        ({"enabled": True, "prefix_list_ids": ["10.0.0.0/8"]}, "prefix_list_ids.*10.0.0.0/8"),
        ({"enabled": True, "token_days": 31}, "token_days"),
        ({"enabled": True, "grafana_version": "8.4"}, "grafana_version"),
    ],
)
def test_bad_grafana_settings_name_the_field(grafana: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        validate_platform(_raw(grafana=grafana))


def test_shipped_aws_training_provisions_its_dashboards_into_grafana() -> None:
    obs = cached_plan("aws-training").summary["observability"]
    assert "Amazon Managed Grafana" in obs["backends"]
    assert obs["dashboards"] == [
        "aiinfra-cost-per-team.json",
        "aiinfra-gpu-utilization.json",
        "aiinfra-queue-wait.json",
    ]  # no Neuron pool there: no Neuron dashboard


def test_grafana_sdk_is_imported_only_when_dashboards_are_provisioned() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from aiinfra.plan import plan_stack\n"
        f"plan_stack('hybrid-aws', root=Path({str(REPO)!r}))\n"
        "print('pulumiverse_grafana' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"pl-[0-9a-f]{8,17}", fullmatch=True), st.text(min_size=1, max_size=24))
def test_prefix_lists_are_accepted_by_shape_only(good: str, other: str) -> None:
    assert GrafanaSpec(prefix_list_ids=(good,)).prefix_list_ids == (good,)
    if not re.fullmatch(r"pl-[0-9a-f]{8,17}", other.strip()):
        with pytest.raises(ValueError, match="prefix_list_ids"):
            GrafanaSpec(prefix_list_ids=(other,))


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("10.4", "prometheus"),
        ("12.4", "grafana-amazonprometheus-datasource"),
        ("13.2", "grafana-amazonprometheus-datasource"),
    ],
)
def test_amp_data_source_type_follows_the_grafana_version(version: str, expected: str) -> None:
    from aiinfra.components.observability.grafana import amp_datasource_type

    assert amp_datasource_type(version) == expected
