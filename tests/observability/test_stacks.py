"""What observability registers in the shipped stacks: exact resources, properties and wiring."""

from __future__ import annotations

import json

import promql_parser as promql
import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError
from aiinfra.plan import plan_stack
from aiinfra.stacks import load_stack

from conftest import REPO, cached_plan

HELM = "kubernetes:helm.sh/v3:Release"


def _of(stack: str, type_: str) -> list:
    return [r for r in cached_plan(stack).run.resources if r.type == type_]


def _one(stack: str, type_: str):
    found = _of(stack, type_)
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def _release(stack: str, chart: str):
    found = [r for r in _of(stack, HELM) if r.inputs["chart"] == chart]
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def _dep_names(stack: str, res, prop: str) -> set[str]:
    by_urn = cached_plan(stack).run.by_urn()
    return {by_urn[u].name for u in res.property_dependencies.get(prop, ())}


def test_aws_workspace_topic_and_collector() -> None:
    s = "aws-training"
    ws = _one(s, "aws:amp/workspace:Workspace")
    assert ws.name == "llm-train-obs-workspace"
    assert _dep_names(s, ws, "kmsKeyArn") == {"llm-train-keys-logs"}
    topic = _one(s, "aws:sns/topic:Topic")
    assert _dep_names(s, topic, "kmsMasterKeyId") == {"llm-train-keys-logs"}
    rules = yaml.safe_load(_one(s, "aws:amp/ruleGroupNamespace:RuleGroupNamespace").inputs["data"])
    assert [r["alert"] for r in rules["groups"][0]["rules"]] == [
        "GpuIdleWhileAllocated",
        "GpuXidError",
        "GpuUncorrectableMemoryError",
        "GpuThermalRisk",
        "FabricNodeNotReady",
        "DevicePluginUnavailable",
        "KueueWorkloadsPending",
        # one per budgeted team and threshold (pretrain, inference x 80 %, 100 %; tests/observability/test_budgets.py)
        *["TeamBudgetProjectedOverrun"] * 4,
    ]
    scraper = _one(s, "aws:amp/scraper:Scraper")
    jobs = [j["job_name"] for j in yaml.safe_load(scraper.inputs["scrapeConfiguration"])["scrape_configs"]]
    assert jobs == ["kube-state-metrics", "dcgm-exporter", "kueue", "opencost"]
    assert _dep_names(s, scraper, "destination") == {"llm-train-obs-workspace"}
    access = _one(s, "aws:eks/accessEntry:AccessEntry")
    assert access.inputs["kubernetesGroups"] == ["aiinfra:amp-scraper"]
    assert _dep_names(s, access, "principalArn") == {"llm-train-obs-scraper"}
    binding = _one(s, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
    assert binding.inputs["subjects"][0]["name"] == "aiinfra:amp-scraper"
    role = _one(s, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")
    verbs = {v for rule in role.inputs["rules"] for v in rule["verbs"]}
    assert verbs == {"get", "list", "watch"}  # read-only collector


def test_aws_dcgm_exporter_on_the_nvidia_pools_only() -> None:
    values = _release("aws-training", "dcgm-exporter").inputs["values"]
    term = values["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
        "nodeSelectorTerms"
    ][0]
    assert term["matchExpressions"] == [
        {"key": "aiinfra.io/accelerator", "operator": "In", "values": ["nvidia-h100", "nvidia-l40s"]}
    ]
    assert values["serviceMonitor"] == {"enabled": False}


def test_aws_key_policy_lets_amp_publish_in_this_account_only() -> None:
    key = next(r for r in _of("aws-training", "aws:kms/key:Key") if r.name == "llm-train-keys-logs")
    statements = {st["Sid"]: st for st in json.loads(key.inputs["policy"])["Statement"]}
    amp = statements["AmpAlertManagerPublishesToEncryptedTopics"]
    assert amp["Principal"] == {"Service": "aps.amazonaws.com"}
    assert set(amp["Condition"]["StringEquals"]) == {"aws:SourceAccount"}


def test_aws_alert_manager_routes_to_the_topic() -> None:
    definition = _one("aws-training", "aws:amp/alertManagerDefinition:AlertManagerDefinition").inputs[
        "definition"
    ]
    config = yaml.safe_load(yaml.safe_load(definition)["alertmanager_config"])
    assert config["route"]["receiver"] == config["receivers"][0]["name"]
    sns = config["receivers"][0]["sns_configs"][0]
    assert sns["topic_arn"].startswith("arn:aws:sns:") and sns["sigv4"] == {"region": "us-west-2"}


@pytest.mark.parametrize(("stack", "dcgm"), [("gcp-training", True), ("gcp-tpu-inference", False)])
def test_gke_managed_collection(stack: str, dcgm: bool) -> None:
    cluster = _one(stack, "gcp:container/cluster:Cluster")
    monitoring = cluster.inputs["monitoringConfig"]
    assert monitoring["managedPrometheus"] == {"enabled": True}
    assert "SYSTEM_COMPONENTS" in monitoring["enableComponents"]
    assert ("DCGM" in monitoring["enableComponents"]) is dcgm


@pytest.mark.parametrize(
    ("stack", "alerts"),
    [
        (
            "gcp-training",
            {
                "GpuIdleWhileAllocated",
                "GpuXidError",
                "GpuUncorrectableMemoryError",
                "GpuThermalRisk",
                "FabricNodeNotReady",
                "DevicePluginUnavailable",
                "KueueWorkloadsPending",
                "TeamBudgetProjectedOverrun",  # the team budgets (tests/observability/test_budgets.py)
            },
        ),
        # TPU-only: no DCGM is collected, so no GPU alert (it could never fire)
        ("gcp-tpu-inference", {"FabricNodeNotReady", "DevicePluginUnavailable", "KueueWorkloadsPending"}),
    ],
)
def test_gcp_alert_policies_carry_the_promql_and_notify_pubsub(stack: str, alerts: set[str]) -> None:
    policies = _of(stack, "gcp:monitoring/alertPolicy:AlertPolicy")
    assert {p.inputs["conditions"][0]["displayName"] for p in policies} == alerts
    channel = _one(stack, "gcp:monitoring/notificationChannel:NotificationChannel")
    assert channel.inputs["type"] == "pubsub"
    topic = _one(stack, "gcp:pubsub/topic:Topic")
    assert _dep_names(stack, topic, "kmsKeyName")  # the platform key
    assert _dep_names(stack, channel, "labels") == {topic.name}
    for p in policies:
        cond = p.inputs["conditions"][0]["conditionPrometheusQueryLanguage"]
        promql.parse(cond["query"])
        assert cond["duration"].endswith("s") and p.inputs["severity"] in ("CRITICAL", "WARNING")
        assert _dep_names(stack, p, "notificationChannels") == {channel.name}


def test_gcp_alert_topic_key_and_publisher_grants() -> None:
    s = "gcp-training"
    grant = next(
        r
        for r in _of(s, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
        if r.name == "llm-train-obs-alerts-key"
    )
    assert grant.inputs["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert grant.inputs["member"].endswith("@gcp-sa-pubsub.iam.gserviceaccount.com")
    topic = _one(s, "gcp:pubsub/topic:Topic")
    assert _dep_names(s, topic, "kmsKeyName") == {"llm-train-keys-cluster"}
    assert grant.urn in topic.dependencies  # the grant exists before the topic uses the key
    publisher = _one(s, "gcp:pubsub/topicIAMMember:TopicIAMMember")
    assert publisher.inputs["role"] == "roles/pubsub.publisher"
    assert publisher.inputs["member"].endswith("@gcp-sa-monitoring-notification.iam.gserviceaccount.com")


def test_tpu_slices_count_as_fabric_nodes() -> None:
    policy = next(
        p
        for p in _of("gcp-tpu-inference", "gcp:monitoring/alertPolicy:AlertPolicy")
        if p.inputs["conditions"][0]["displayName"] == "FabricNodeNotReady"
    )
    assert (
        'resource=~"google_com_tpu"'
        in policy.inputs["conditions"][0]["conditionPrometheusQueryLanguage"]["query"]
    )


def test_onprem_kube_prometheus_stack_on_the_warm_tier() -> None:
    values = _release("onprem", "kube-prometheus-stack").inputs["values"]
    spec = values["prometheus"]["prometheusSpec"]
    assert spec["retention"] == "30d"
    claim = spec["storageSpec"]["volumeClaimTemplate"]["spec"]
    assert (
        claim["storageClassName"] == "aiinfra-warm-rbd"
        and claim["resources"]["requests"]["storage"] == "200Gi"
    )
    receiver = values["alertmanager"]["config"]["receivers"][0]
    assert receiver["webhook_configs"] == [
        {"url": "https://alerts.dc1.example.internal/aiinfra", "send_resolved": True}
    ]
    assert values["grafana"]["admin"]["existingSecret"] == "aiinfra-grafana-admin"
    gpu = _release("onprem", "gpu-operator").inputs["values"]
    # honorLabels: the workload's pod/namespace labels survive the scrape (issue 24 point 11)
    assert gpu["dcgmExporter"] == {"enabled": True, "serviceMonitor": {"enabled": True, "honorLabels": True}}


def test_onprem_rules_monitor_and_dashboards() -> None:
    rule = _one("onprem", "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
    exprs = {r["alert"]: r["expr"] for r in rule.inputs["spec"]["groups"][0]["rules"]}
    assert "rdma_rail0|rdma_rail1" in exprs["FabricNodeNotReady"]
    assert "rdma-shared-dp-ds" in exprs["DevicePluginUnavailable"]
    boards = [
        r
        for r in _of("onprem", "kubernetes:core/v1:ConfigMap")
        if r.inputs["metadata"]["labels"].get("grafana_dashboard") == "1"
    ]
    assert sorted(r.name for r in boards) == [
        "dc1-gpu-obs-dashboard-aiinfra-cost-per-team",
        "dc1-gpu-obs-dashboard-aiinfra-gpu-utilization",
        "dc1-gpu-obs-dashboard-aiinfra-queue-wait",
    ]
    for board in boards:
        (text,) = board.inputs["data"].values()
        for panel in json.loads(text)["panels"]:
            for target in panel["targets"]:
                promql.parse(target["expr"])


def test_plan_lists_metrics_alerts_and_dashboards() -> None:
    for stack in ("aws-training", "gcp-training", "onprem", "hybrid-aws", "hybrid-gcp", "gcp-tpu-inference"):
        obs = cached_plan(stack).summary["observability"]
        assert (
            obs["backends"]
            and obs["metrics"]
            and len(obs["alerts"]) >= (3 if stack == "gcp-tpu-inference" else 6)
        ), stack
    onprem = cached_plan("onprem").summary["observability"]
    assert onprem["dashboards"] == [
        "aiinfra-cost-per-team.json",
        "aiinfra-gpu-utilization.json",
        "aiinfra-queue-wait.json",
    ]
    assert {a["alert"]: a["for"] for a in onprem["alerts"]}["GpuIdleWhileAllocated"] == "30m"
    hybrid = cached_plan("hybrid-gcp").summary["observability"]
    assert set(hybrid["backends"]) == {
        "Google Cloud Managed Service for Prometheus + Cloud Monitoring",
        "kube-prometheus-stack",
    }


def _raw(stack: str) -> dict:
    return load_stack(stack, REPO).config["aiinfra:platform"]


def test_onprem_needs_a_webhook_receiver() -> None:
    raw = _raw("onprem")
    raw["observability"] = {}
    with pytest.raises(InputError, match=r"observability\.receiver\.webhook_url"):
        validate_platform(raw)
    raw["observability"] = {"receiver": {"webhook_url": "http://alerts.example.internal/"}}
    with pytest.raises(InputError, match="must use https"):
        validate_platform(raw)


def test_disabled_registers_nothing(tmp_path) -> None:
    text = (REPO / "stacks" / "Pulumi.aws-training.yaml").read_text()
    doc = yaml.safe_load(text)
    doc["config"]["aiinfra:platform"]["observability"] = {"enabled": False}
    path = tmp_path / "Pulumi.aws-quiet.yaml"
    path.write_text(yaml.safe_dump(doc))
    # a team budget needs the metrics backend that evaluates its alert
    with pytest.raises(InputError, match=r"teams\[0\]\.budget: .*observability\.enabled is false"):
        plan_stack(str(path), root=REPO)
    for team in doc["config"]["aiinfra:platform"]["scheduling"]["teams"]:
        team.pop("budget", None)
    path.write_text(yaml.safe_dump(doc))
    plan = plan_stack(str(path), root=REPO)
    assert not [r.name for r in plan.run.resources if "-obs" in r.name]
    assert "observability" not in plan.summary


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        (
            "aws-training",
            {
                ("kueue", "Amazon Managed Service for Prometheus", "scrape job kueue", "bearer token"),
                ("opencost", "Amazon Managed Service for Prometheus", "scrape job opencost", "none"),
            },
        ),
        (
            "gcp-training",
            {
                (
                    "kueue",
                    "Google Cloud Managed Service for Prometheus",
                    "PodMonitoring kueue-system/kueue",
                    "bearer token",
                ),
                (
                    "opencost",
                    "Google Cloud Managed Service for Prometheus",
                    "PodMonitoring opencost/opencost",
                    "none",
                ),
            },
        ),
        (
            "onprem",
            {
                (
                    "kueue",
                    "kube-prometheus-stack Prometheus",
                    "ServiceMonitor monitoring/aiinfra-kueue",
                    "bearer token",
                ),
                (
                    "opencost",
                    "kube-prometheus-stack Prometheus",
                    "chart ServiceMonitor of opencost (opencost)",
                    "none",
                ),
            },
        ),
    ],
)
def test_plan_says_where_each_exporters_metrics_go(stack: str, expected: set) -> None:
    scrape = cached_plan(stack).summary["observability"]["scrape"]
    rows = {(s["exporter"], s["backend"], s["job"], s["credentials"]) for s in scrape}
    assert expected <= rows, rows


def test_plan_says_where_each_services_metrics_go() -> None:
    """Every service row names its metrics' destination; none of the services is scraped today."""
    rows = cached_plan("aws-training").summary["services"]
    assert rows and all(r["metrics"] for r in rows)
    mlflow = next(r for r in rows if r["service"] == "mlflow")
    assert mlflow["metrics"].startswith("not scraped: no scrape job targets namespace mlflow")


def test_service_metrics_names_the_scrape_job_in_its_namespace() -> None:
    from aiinfra.components.observability.summary import service_metrics

    obs = {
        "backends": ["B"],
        "scrape": [{"backend": "B", "job": "ServiceMonitor mlflow/mlflow", "target": "port http"}],
    }
    row = {"endpoint": "http://mlflow.mlflow.svc.cluster.local:5000"}
    assert service_metrics(row, obs) == "B: ServiceMonitor mlflow/mlflow"
    assert service_metrics({"endpoint": "http://x.other.svc"}, obs).startswith("not scraped")
