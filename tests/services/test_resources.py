"""What the services register on each platform: exact resources, properties, options and identities."""

from __future__ import annotations

import inspect
import json

import pytest

from aiinfra.components.payloads.registry import helm_values_problems
from aiinfra.components.services.postgres.aws import instance_args
from aiinfra.components.services.postgres.gcp import instance_settings
from aiinfra.components.services.spec import DatabaseSpec

from conftest import cached_plan

RDS = "aws:rds/instance:Instance"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
HELM = "kubernetes:helm.sh/v3:Release"
CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster"


def _named(stack: str, type_: str, name: str):
    matches = [r for r in cached_plan(stack).run.resources if r.type == type_ and r.name == name]
    assert len(matches) == 1, f"{stack}: {type_} {name}: {len(matches)} found"
    return matches[0]


def _services(stack: str) -> list:
    return [r for r in cached_plan(stack).run.resources if "-services" in r.name]


def test_aws_rds_is_private_encrypted_with_the_warm_key_and_protected() -> None:
    db = _named("aws-training", RDS, "llm-train-services-mlflow-db")
    i = db.inputs
    assert (i["engine"], i["engineVersion"], i["dbName"], i["username"]) == (
        "postgres",
        "17",
        "mlflow",
        "mlflow",
    )
    assert (
        i["storageEncrypted"] is True and i["publiclyAccessible"] is False and i["deletionProtection"] is True
    )
    assert i["multiAz"] is True and i["backupRetentionPeriod"] == 14.0 and i["skipFinalSnapshot"] is False
    assert i["allocatedStorage"] == 100.0 and i["iamDatabaseAuthenticationEnabled"] is True
    assert db.property_dependencies["kmsKeyId"][0].endswith("aws:kms/key:Key::llm-train-keys-warm")
    assert db.property_dependencies["performanceInsightsKmsKeyId"] == db.property_dependencies["kmsKeyId"]
    assert (db.protect, db.retain_on_delete) == (True, True)
    assert repr(i["password"]) == "Secret([secret])"
    sg = _named("aws-training", "aws:ec2/securityGroup:SecurityGroup", "llm-train-services-mlflow-sg")
    assert sg.inputs["ingress"] == [
        {
            "protocol": "tcp",
            "fromPort": 5432.0,
            "toPort": 5432.0,
            "cidrBlocks": ["10.40.0.0/16"],
            "description": "PostgreSQL from the VPC",
        }
    ]
    params = _named(
        "aws-training", "aws:rds/parameterGroup:ParameterGroup", "llm-train-services-mlflow-params"
    )
    assert params.inputs["parameters"] == [
        {"name": "rds.force_ssl", "value": "1"},
        {"name": "log_connections", "value": "1"},
        {"name": "log_disconnections", "value": "1"},
        {"name": "log_statement", "value": "ddl"},
        {"name": "log_min_duration_statement", "value": "-1"},
    ]


def test_rds_arguments_are_aws_rds_instance_arguments() -> None:
    import pulumi_aws as aws

    accepted = set(inspect.signature(aws.rds.InstanceArgs.__init__).parameters)
    args = instance_args("p-services-mlflow", "mlflow", DatabaseSpec(), "arn:aws:kms:us-west-2:1:key/k")
    assert set(args) <= accepted, set(args) - accepted


def test_cloud_sql_settings_are_gcp_sql_settings_arguments() -> None:
    import pulumi_gcp as gcp

    settings = instance_settings(DatabaseSpec(), "projects/p/global/networks/n")
    shapes = {
        None: gcp.sql.DatabaseInstanceSettingsArgs,
        "ip_configuration": gcp.sql.DatabaseInstanceSettingsIpConfigurationArgs,
        "backup_configuration": gcp.sql.DatabaseInstanceSettingsBackupConfigurationArgs,
    }
    for key, cls in shapes.items():
        block = settings if key is None else settings[key]
        accepted = set(inspect.signature(cls.__init__).parameters)
        assert set(block) <= accepted, (key, set(block) - accepted)
    retention = gcp.sql.DatabaseInstanceSettingsBackupConfigurationBackupRetentionSettingsArgs
    assert set(settings["backup_configuration"]["backup_retention_settings"]) <= set(
        inspect.signature(retention.__init__).parameters
    )


def test_mlflow_identity_reaches_only_its_prefix() -> None:
    policy = json.loads(
        _named("aws-training", "aws:iam/rolePolicy:RolePolicy", "llm-train-services-mlflow-data").inputs[
            "policy"
        ]
    )
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["ListOwnPrefix"]["Condition"] == {
        "StringLike": {"s3:prefix": ["services/mlflow/", "services/mlflow/*"]}
    }
    assert by_sid["ObjectsUnderOwnPrefix"]["Resource"].endswith("/services/mlflow/*")
    assert by_sid["ColdKeyThroughS3"]["Condition"] == {
        "StringEquals": {"kms:ViaService": "s3.us-west-2.amazonaws.com"}
    }
    trust = json.loads(
        _named("aws-training", "aws:iam/role:Role", "llm-train-services-mlflow-role").inputs[
            "assumeRolePolicy"
        ]
    )
    (condition,) = trust["Statement"][0]["Condition"].values()
    assert [v for k, v in condition.items() if k.endswith(":sub")] == ["system:serviceaccount:mlflow:mlflow"]
    account = _named("aws-training", "kubernetes:core/v1:ServiceAccount", "llm-train-services-mlflow-sa")
    assert account.inputs["metadata"]["annotations"]["eks.amazonaws.com/role-arn"].startswith("arn:aws:iam::")


def test_mlflow_server_runs_the_registry_on_the_database_and_the_cold_tier() -> None:
    deploy = _named("aws-training", "kubernetes:apps/v1:Deployment", "llm-train-services-mlflow-server")
    pod = deploy.inputs["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == "ghcr.io/mlflow/mlflow:v3.18.0-full"  # the core image has no psycopg2/boto3
    args = container["args"]
    assert "--backend-store-uri=$(MLFLOW_BACKEND_STORE_URI)" in args and "--serve-artifacts" in args
    (dest,) = [a for a in args if a.startswith("--artifacts-destination=")]
    assert dest.startswith("--artifacts-destination=s3://llm-train-data-cold") and dest.endswith(
        "/services/mlflow/"
    )
    env = {e["name"]: e for e in container["env"]}
    assert env["MLFLOW_BACKEND_STORE_URI"]["valueFrom"] == {
        "secretKeyRef": {"name": "mlflow-db", "key": "uri"}
    }
    assert env["MLFLOW_SERVER_ALLOWED_HOSTS"]["value"] == (
        "mlflow:5000,mlflow.mlflow:5000,mlflow.mlflow.svc:5000,mlflow.mlflow.svc.cluster.local:5000"
    )
    assert pod["serviceAccountName"] == "mlflow" and pod["securityContext"]["runAsNonRoot"] is True
    svc = _named("aws-training", "kubernetes:core/v1:Service", "llm-train-services-mlflow-svc")
    assert svc.inputs["spec"]["type"] == "ClusterIP"


def test_database_password_never_appears_in_plan_json() -> None:
    from aiinfra.render import plan_json

    text = json.dumps(plan_json(cached_plan("aws-training"), []))
    assert '"[secret]"' in text and "postgresql://mlflow:" not in text


def test_jupyterhub_values() -> None:
    release = _named("aws-training", HELM, "llm-train-services-notebooks-hub")
    assert (release.inputs["chart"], release.inputs["version"], release.inputs["namespace"]) == (
        "jupyterhub",
        "4.4.0",
        "team-evals",
    )
    values = release.inputs["values"]
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "generic-oauth"
    assert values["hub"]["config"]["GenericOAuthenticator"]["allowed_groups"] == ["ml-research"]
    assert values["proxy"]["service"] == {
        "type": "LoadBalancer",
        "annotations": {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"},
    }
    assert values["cull"] == {"enabled": True, "timeout": 3600.0, "every": 600.0}
    assert values["singleuser"]["storage"]["dynamic"]["storageClass"] == "llm-train-data-warm-gp3"
    assert values["singleuser"]["extraLabels"]["kueue.x-k8s.io/queue-name"] == "evals"
    assert values["singleuser"]["cloudMetadata"] == {"blockWithIptables": False}
    netpol = values["singleuser"]["networkPolicy"]
    assert netpol["enabled"] is True and netpol["egressAllowRules"] == {
        "cloudMetadataServer": False,
        "privateIPs": False,
    }
    assert [r["to"][0]["namespaceSelector"]["matchLabels"] for r in netpol["egress"]] == [
        {"kubernetes.io/metadata.name": "mlflow"},
        {"kubernetes.io/metadata.name": "label-studio"},
        {"kubernetes.io/metadata.name": "serving"},
    ]
    profiles = {p["display_name"]: p for p in values["singleuser"]["profileList"]}
    assert list(profiles) == ["1 x NVIDIA H100 (h100-train)", "1 x NVIDIA L40S (l40s-infer)", "CPU only"]
    h100 = profiles["1 x NVIDIA H100 (h100-train)"]["kubespawner_override"]
    assert h100["extra_resource_limits"] == {"nvidia.com/gpu": "1"}
    assert h100["node_selector"] == {"aiinfra.io/pool": "h100-train"}
    assert {"key": "nvidia.com/gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"} in h100[
        "tolerations"
    ]
    assert helm_values_problems("jupyterhub", "4.4.0", values) == []
    assert helm_values_problems("jupyterhub", "4.4.0", {"singleuser": {"storrage": {}}}) != []


def test_label_studio_on_its_database_and_the_cold_tier() -> None:
    release = _named("aws-training", HELM, "llm-train-services-labeling-app")
    values = release.inputs["values"]
    pg = values["global"]["pgConfig"]
    assert pg["dbName"] == "labelstudio" and pg["password"] == {
        "secretName": "labelstudio-db",
        "secretKey": "password",
    }
    s3 = values["global"]["persistence"]["config"]["s3"]
    assert values["global"]["persistence"]["type"] == "s3" and s3["folder"] == "services/label-studio/"
    assert values["postgresql"] == {"enabled": False}
    assert values["app"]["serviceAccount"]["annotations"]["eks.amazonaws.com/role-arn"].startswith(
        "arn:aws:iam::"
    )
    assert helm_values_problems("label-studio", "2.0.5", values) == []


def test_gcp_cloud_sql_private_ip_cmek_after_its_grant_and_private_access() -> None:
    sql = _named("gcp-training", SQL, "llm-train-services-mlflow-db")
    i = sql.inputs
    assert i["databaseVersion"] == "POSTGRES_17" and i["deletionProtection"] is True
    ip = i["settings"]["ipConfiguration"]
    assert ip["ipv4Enabled"] is False and ip["sslMode"] == "ENCRYPTED_ONLY" and ip["privateNetwork"]
    backups = i["settings"]["backupConfiguration"]
    assert backups["enabled"] is True and backups["pointInTimeRecoveryEnabled"] is True
    assert sql.property_dependencies["encryptionKeyName"][0].endswith(
        "gcp:kms/cryptoKey:CryptoKey::llm-train-keys-warm"
    )
    deps = set(sql.dependencies)
    assert any(d.endswith("::llm-train-services-mlflow-sql-key") for d in deps)
    assert any(d.endswith("gcp:servicenetworking/connection:Connection::llm-train-net-psa") for d in deps), (
        deps
    )
    assert (sql.protect, sql.retain_on_delete) == (True, True)
    member = _named(
        "gcp-training", "gcp:storage/bucketIAMMember:BucketIAMMember", "llm-train-services-mlflow-data"
    )
    assert 'objects/services/mlflow/")' in member.inputs["condition"]["expression"]
    wi = _named("gcp-training", "gcp:serviceaccount/iAMMember:IAMMember", "llm-train-services-mlflow-wi")
    assert wi.inputs["member"].endswith(".svc.id.goog[mlflow/mlflow]")


def test_onprem_mlflow_on_cloudnativepg() -> None:
    operator = _named("onprem", HELM, "dc1-gpu-services-cnpg")
    assert (operator.inputs["chart"], operator.inputs["version"]) == ("cloudnative-pg", "0.29.0")
    assert operator.parent.endswith("aiinfra:services:PlatformServices::dc1-gpu-services")
    db = _named("onprem", CLUSTER, "dc1-gpu-services-mlflow-db")
    spec = db.inputs["spec"]
    assert spec["storage"] == {"storageClass": "aiinfra-warm-rbd", "size": "50Gi"}
    assert (
        spec["bootstrap"] == {"initdb": {"database": "mlflow", "owner": "mlflow"}}
        and spec["instances"] == 3.0
    )
    assert spec["enableSuperuserAccess"] is False
    assert (db.protect, db.retain_on_delete) == (True, True)
    assert any(d.endswith("::dc1-gpu-services-cnpg") for d in db.dependencies)
    deploy = _named("onprem", "kubernetes:apps/v1:Deployment", "dc1-gpu-services-mlflow-server")
    env = {e["name"]: e for e in deploy.inputs["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MLFLOW_BACKEND_STORE_URI"]["valueFrom"]["secretKeyRef"] == {
        "name": "mlflow-db-app",
        "key": "uri",
    }
    assert env["MLFLOW_S3_ENDPOINT_URL"]["value"] == "https://rook-ceph-rgw-aiinfra-cold.rook-ceph.svc:443"
    assert not [r for r in _services("onprem") if r.type.startswith(("aws:", "gcp:", "random:"))]


def test_hybrid_services_live_on_the_onprem_side() -> None:
    resources = _services("hybrid-gcp")
    assert {r.name for r in resources if r.type == CLUSTER} == {"dc2-gpu-services-mlflow-db"}
    assert not [r for r in resources if r.name.startswith("dc2-gcp-")]


@pytest.mark.parametrize("stack", ["aws-training", "gcp-training", "onprem", "hybrid-gcp"])
def test_services_add_no_policy_findings(stack: str) -> None:
    violations = [
        v for v in cached_plan(stack).summary.get("violations", []) if "-services" in str(v.get("resource"))
    ]
    assert violations == []


def test_plan_services_section() -> None:
    rows = cached_plan("aws-training").summary["services"]
    assert [r["service"] for r in rows] == [
        "notebooks",
        "mlflow",
        "labeling",
        "training",
        "serving",
        "serving",
    ]
    mlflow = rows[1]
    assert mlflow["endpoint"] == "http://mlflow.mlflow.svc.cluster.local:5000 (ClusterIP)"
    assert mlflow["stores"][0].startswith("database: RDS PostgreSQL 17 (Multi-AZ")
    assert mlflow["identity"] == "mlflow/mlflow: IRSA role, prefix services/mlflow/ only"
    onprem = cached_plan("hybrid-gcp").summary["services"]
    assert [(r["side"], r["service"]) for r in onprem] == [("onprem", "mlflow")]
