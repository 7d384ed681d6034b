"""The shipped aws-training stack plans into a complete, encrypted, private platform."""

from __future__ import annotations

import json

import pytest

from conftest import cached_plan
from engine_helpers import names, only

STACK = "aws-training"
KEY = "aws:kms/key:Key"


@pytest.fixture(scope="module")
def plan():
    return cached_plan(STACK)


def test_summary_figures(plan) -> None:
    s = plan.summary
    assert plan.blueprint == "aws"
    assert [
        (a["pool"], a["machine_type"], a["total"], a["fabric_interfaces"]) for a in s["accelerators"]
    ] == [
        ("h100-train", "p5.48xlarge", 64, 32),
        ("l40s-infer", "g6e.12xlarge", 16, 0),
    ]
    assert s["accelerator_total"] == 80
    # pools at on-demand list price (no sourced CB rate in us-west-2, no spot price) + EKS + 3 NAT gateways
    # + the 2-node m7i.2xlarge system node group
    assert s["estimated_usd_per_hour"] == pytest.approx(
        8 * 55.04 + 4 * 10.49264 + 0.10 + 3 * 0.045 + 2 * 0.4032, abs=0.05
    )
    assert s["critical_path"]["minutes"] > 20
    assert s["critical_path"]["chain"][3] == "aws:eks/cluster:Cluster::llm-train-eks"


def test_every_key_rotated_protected_and_full_window(plan) -> None:
    keys = plan.run.by_type(KEY)
    assert sorted(k.name for k in keys) == sorted(
        f"llm-train-keys-{p}" for p in ("cluster", "nodes", "hot", "warm", "cold", "logs")
    )
    for key in keys:
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["rotationPeriodInDays"] == 90.0
        assert key.inputs["deletionWindowInDays"] == 30.0
        assert (key.protect, key.retain_on_delete) == (True, True)
        policy = json.loads(key.inputs["policy"])
        assert {s["Sid"] for s in policy["Statement"]} >= {
            "AccountAdministers",
            "AutoScalingUsesKeyForNodeVolumes",
        }
        assert "arn:aws:iam::123456789012:root" in key.inputs["policy"]


def test_eks_cluster_private_encrypted_logged(plan) -> None:
    cluster = only(plan.run, "aws:eks/cluster:Cluster")
    assert cluster.inputs["vpcConfig"]["endpointPublicAccess"] is False
    assert cluster.inputs["vpcConfig"]["endpointPrivateAccess"] is True
    assert len(cluster.inputs["vpcConfig"]["subnetIds"]) == 3
    cluster_key = only(plan.run, KEY, "llm-train-keys-cluster")
    assert cluster.inputs["encryptionConfig"] == {
        "provider": {"keyArn": cluster_key.outputs["arn"]},
        "resources": ["secrets"],
    }
    assert cluster.inputs["enabledClusterLogTypes"] == [
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
    ]
    assert cluster.inputs["accessConfig"]["authenticationMode"] == "API"
    oidc = only(plan.run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert oidc.inputs["url"] == cluster.outputs["identities"][0]["oidcs"][0]["issuer"]
    assert sorted(names(plan.run, "aws:eks/addon:Addon")) == [
        "llm-train-addons-aws-ebs-csi-driver",
        "llm-train-addons-coredns",
        "llm-train-eks-pod-identity-agent",
        "llm-train-kube-proxy",
        "llm-train-vpc-cni",
    ]
    cni = only(plan.run, "aws:eks/addon:Addon", "llm-train-vpc-cni")
    # The CNI finds efa-only ENIs itself (>= v1.18.5); the add-on schema has no enableEfaOnly key.
    # Its only configuration turns NetworkPolicy enforcement on.
    assert json.loads(cni.inputs["configurationValues"]) == {"enableNetworkPolicy": "true"}
    assert cni.inputs["addonVersion"] == "v1.21.1-eksbuild.3"


def test_network_private_subnets_endpoints_and_flow_logs(plan) -> None:
    vpc = only(plan.run, "aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.40.0.0/16"
    subnets = {r.name: r.inputs for r in plan.run.by_type("aws:ec2/subnet:Subnet")}
    assert [subnets[f"llm-train-net-private-{i}"]["availabilityZoneId"] for i in range(3)] == [
        "usw2-az1",
        "usw2-az2",
        "usw2-az3",
    ]
    assert [subnets[f"llm-train-net-private-{i}"]["cidrBlock"] for i in range(3)] == [
        "10.40.0.0/18",
        "10.40.64.0/18",
        "10.40.128.0/18",
    ]
    assert all(s.get("mapPublicIpOnLaunch", False) is False for s in subnets.values())
    endpoints = {r.name: r.inputs["serviceName"] for r in plan.run.by_type("aws:ec2/vpcEndpoint:VpcEndpoint")}
    network = sorted(v for k, v in endpoints.items() if k.startswith("llm-train-net-"))
    assert network == [f"com.amazonaws.us-west-2.{s}" for s in ("ecr.api", "ecr.dkr", "s3", "sts")]
    # the only other one: the Managed Grafana workspace's (observability.grafana in this stack)
    assert {k: v for k, v in endpoints.items() if not k.startswith("llm-train-net-")} == {
        "llm-train-obs-grafana-endpoint": "com.amazonaws.us-west-2.grafana-workspace"
    }
    assert len(plan.run.by_type("aws:ec2/natGateway:NatGateway")) == 3
    flow_log = only(plan.run, "aws:ec2/flowLog:FlowLog")
    assert flow_log.inputs["trafficType"] == "ALL"
    log_group = only(plan.run, "aws:cloudwatch/logGroup:LogGroup", "llm-train-net-flow-logs")
    assert log_group.inputs["kmsKeyId"] == only(plan.run, KEY, "llm-train-keys-logs").outputs["arn"]


def test_training_pool_is_efa_capacity_block_in_its_zone(plan) -> None:
    lt = only(plan.run, "aws:ec2/launchTemplate:LaunchTemplate", "llm-train-h100-train-lt")
    assert sum(1 for i in lt.inputs["networkInterfaces"] if i["interfaceType"] == "efa-only") == 32
    assert lt.inputs["instanceMarketOptions"] == {"marketType": "capacity-block"}
    assert (
        names(plan.run, "aws:ec2/placementGroup:PlacementGroup") == []
    )  # the capacity block forbids a forced CPG
    ng = only(plan.run, "aws:eks/nodeGroup:NodeGroup", "llm-train-h100-train-ng")
    subnet = only(plan.run, "aws:ec2/subnet:Subnet", "llm-train-net-private-1")
    assert ng.inputs["subnetIds"] == [subnet.outputs.get("id", ng.inputs["subnetIds"][0])]
    assert len(ng.inputs["subnetIds"]) == 1
    infer = only(plan.run, "aws:eks/nodeGroup:NodeGroup", "llm-train-l40s-infer-ng")
    assert infer.inputs["capacityType"] == "SPOT" and len(infer.inputs["subnetIds"]) == 3


def test_storage_tiers_encrypted_and_protected(plan) -> None:
    run = plan.run
    bucket = only(run, "aws:s3/bucket:Bucket", "llm-train-data-cold")
    assert (bucket.protect, bucket.retain_on_delete) == (True, True)
    assert bucket.inputs["forceDestroy"] is False
    sse = only(
        run,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "llm-train-data-cold-encryption",
    )
    rule = sse.inputs["rules"][0]
    assert rule["applyServerSideEncryptionByDefault"] == {
        "sseAlgorithm": "aws:kms",
        "kmsMasterKeyId": only(run, KEY, "llm-train-keys-cold").outputs["arn"],
    }
    pab = only(
        run,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "llm-train-data-cold-public-access-block",
    )
    assert all(
        pab.inputs[k] is True
        for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    assert only(run, "aws:s3/bucketVersioning:BucketVersioning", "llm-train-data-cold-versioning").inputs[
        "versioningConfiguration"
    ] == {"status": "Enabled"}
    policy = json.loads(
        only(run, "aws:s3/bucketPolicy:BucketPolicy", "llm-train-data-cold-tls-only").inputs["policy"]
    )
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    lifecycle = only(
        run,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "llm-train-data-cold-lifecycle",
    ).inputs["rules"][0]
    assert lifecycle["transitions"] == [
        {"days": 30.0, "storageClass": "STANDARD_IA"},
        {"days": 90.0, "storageClass": "GLACIER_IR"},
        {"days": 180.0, "storageClass": "DEEP_ARCHIVE"},
    ]
    lustre = only(run, "aws:fsx/lustreFileSystem:LustreFileSystem")
    assert lustre.inputs["deploymentType"] == "PERSISTENT_2"
    assert lustre.inputs["perUnitStorageThroughput"] == 500.0
    assert lustre.inputs["storageCapacity"] == 14400.0
    assert lustre.inputs["kmsKeyId"] == only(run, KEY, "llm-train-keys-hot").outputs["arn"]
    assert (lustre.protect, lustre.retain_on_delete) == (True, True)
    assert (
        lustre.inputs["subnetIds"]
        == only(run, "aws:eks/nodeGroup:NodeGroup", "llm-train-h100-train-ng").inputs["subnetIds"][0]
    )
    dra = only(run, "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation")
    assert dra.inputs["dataRepositoryPath"] == f"s3://{bucket.outputs['bucket']}/datasets"
    assert dra.inputs["s3"]["autoImportPolicy"]["events"] == ["NEW", "CHANGED", "DELETED"]
    sc = only(run, "kubernetes:storage.k8s.io/v1:StorageClass")
    assert sc.inputs["reclaimPolicy"] == "Retain"
    assert sc.inputs["parameters"]["encrypted"] == "true"
    assert sc.inputs["parameters"]["kmsKeyId"] == only(run, KEY, "llm-train-keys-warm").outputs["arn"]
    assert (sc.protect, sc.retain_on_delete) == (True, True)


def test_node_groups_wait_for_cni_but_storage_does_not_wait_for_nodes(plan) -> None:
    run = plan.run
    by_urn = run.by_urn()
    ng = only(run, "aws:eks/nodeGroup:NodeGroup", "llm-train-h100-train-ng")
    assert any(by_urn[d].name == "llm-train-vpc-cni" for d in ng.dependencies)
    lt = only(run, "aws:ec2/launchTemplate:LaunchTemplate", "llm-train-h100-train-lt")
    assert not any(by_urn[d].type == "aws:eks/addon:Addon" for d in lt.dependencies)
    storage_types = ("aws:fsx/lustreFileSystem:LustreFileSystem", "aws:s3/bucket:Bucket")
    for res in [r for r in run.resources if r.type in storage_types]:  # the tiers and the audit bucket
        assert not any(by_urn[d].type == "aws:eks/nodeGroup:NodeGroup" for d in res.dependencies)
    coredns = only(run, "aws:eks/addon:Addon", "llm-train-addons-coredns")
    assert {by_urn[d].name for d in coredns.dependencies} >= {
        "llm-train-h100-train-ng",
        "llm-train-l40s-infer-ng",
    }


def test_kubeconfig_is_secret_and_explicit_providers(plan) -> None:
    from aiinfra.engine import Secret

    assert isinstance(plan.run.outputs["kubeconfig"], Secret)
    provider = only(plan.run, "pulumi:providers:aws")
    assert provider.inputs["region"] == "us-west-2"
    assert all(
        r.provider == provider.urn for r in plan.run.resources if r.custom and r.type.startswith("aws:")
    )


def test_nothing_unencrypted(plan) -> None:
    """Every data-bearing resource names a KMS key from the platform keys."""
    key_arns = {k.outputs["arn"] for k in plan.run.by_type(KEY)}
    checks = {
        "aws:fsx/lustreFileSystem:LustreFileSystem": lambda i: i["kmsKeyId"],
        "aws:cloudwatch/logGroup:LogGroup": lambda i: i["kmsKeyId"],
        "aws:ec2/launchTemplate:LaunchTemplate": lambda i: i["blockDeviceMappings"][0]["ebs"]["kmsKeyId"],
    }
    for type_token, key_of in checks.items():
        for res in plan.run.by_type(type_token):
            assert key_of(res.inputs) in key_arns, res.name


def test_addons_device_plugins_and_ebs_csi_irsa(plan) -> None:
    run = plan.run
    releases = {
        r.inputs["chart"]: r for r in run.by_type("kubernetes:helm.sh/v3:Release") if "-addons-" in r.name
    }
    assert set(releases) == {"nvidia-device-plugin", "aws-efa-k8s-device-plugin"}
    nvidia = releases["nvidia-device-plugin"].inputs
    assert (nvidia["version"], nvidia["repositoryOpts"]["repo"]) == (
        "0.20.0",
        "https://nvidia.github.io/k8s-device-plugin",
    )
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in nvidia["values"][
        "tolerations"
    ]
    efa = releases["aws-efa-k8s-device-plugin"].inputs
    assert efa["version"] == "v0.5.30" and efa["values"]["nodeSelector"] == {"aiinfra.io/fabric": "efa"}
    k8s_provider = only(run, "pulumi:providers:kubernetes")
    assert all(r.provider == k8s_provider.urn for r in releases.values())
    role = only(run, "aws:iam/role:Role", "llm-train-addons-ebs-csi-role")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    oidc = only(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert trust["Principal"] == {"Federated": oidc.outputs["arn"]}
    host = oidc.inputs["url"].removeprefix("https://")
    assert (
        trust["Condition"]["StringEquals"][f"{host}:sub"]
        == "system:serviceaccount:kube-system:ebs-csi-controller-sa"
    )
    csi = only(run, "aws:eks/addon:Addon", "llm-train-addons-aws-ebs-csi-driver")
    assert csi.inputs["serviceAccountRoleArn"] == role.outputs["arn"]
    kms = json.loads(
        only(run, "aws:iam/rolePolicy:RolePolicy", "llm-train-addons-ebs-csi-kms").inputs["policy"]
    )
    warm_key = only(run, KEY, "llm-train-keys-warm").outputs["arn"]
    assert all(statement["Resource"] == warm_key for statement in kms["Statement"])
