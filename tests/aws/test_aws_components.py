"""PlatformKeys, Network and TieredStorage under variations the shipped stack does not exercise."""

from __future__ import annotations

import pytest

from aiinfra.components.aws.encryption import PlatformKeys
from aiinfra.components.aws.network import Network, NetworkSpec, subnet_plan
from aiinfra.components.aws.storage import TieredStorage
from aiinfra.components.spec import EncryptionPolicy, StorageTiers

from engine_helpers import names, only, run

TAGS = {"team": "ml", "project": "p", "cost-center": "cc"}


def test_shared_key_scope_creates_one_key() -> None:
    result = run(lambda: PlatformKeys("k", EncryptionPolicy(key_scope="shared"), tags=TAGS))
    assert names(result, "aws:kms/key:Key") == ["k-platform"]
    assert only(result, "aws:kms/alias:Alias").inputs["name"] == "alias/k-platform"


def test_allow_destroy_is_the_only_way_to_unprotect_keys() -> None:
    result = run(
        lambda: PlatformKeys("k", EncryptionPolicy(allow_destroy=True, deletion_window_days=7), tags=TAGS)
    )
    for key in result.by_type("aws:kms/key:Key"):
        assert (key.protect, key.retain_on_delete) == (False, False)
        assert key.inputs["deletionWindowInDays"] == 7.0


def test_network_without_az_ids_asks_the_region_and_single_nat() -> None:
    spec = NetworkSpec(az_count=2, nat="single")
    result = run(
        lambda: Network("n", spec, tags=TAGS, log_key_arn="arn:key"), context={"aws_region": "eu-west-1"}
    )
    subnets = {r.name: r.inputs for r in result.by_type("aws:ec2/subnet:Subnet")}
    assert subnets["n-private-0"]["availabilityZoneId"] == "euw1-az1"
    assert subnets["n-private-1"]["availabilityZoneId"] == "euw1-az2"
    assert names(result, "aws:ec2/natGateway:NatGateway") == ["n-nat-0"]
    routes = [
        r.inputs["routes"][0] for r in result.by_type("aws:ec2/routeTable:RouteTable") if "private" in r.name
    ]
    assert len({r["natGatewayId"] for r in routes}) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cidr": "10.0.0.0/8"}, "must be an IPv4 /16 to /20"),
        ({"cidr": "banana"}, "is not an IPv4 network"),
        ({"az_ids": ["a", "a"]}, "duplicate availability-zone ids"),
    ],
)
def test_network_spec_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NetworkSpec(**kwargs)


def test_subnet_plan_never_overlaps() -> None:
    import ipaddress

    for zones in range(2, 7):
        private, public = subnet_plan("10.0.0.0/16", zones)
        nets = [ipaddress.ip_network(c) for c in private + public]
        assert len(private) == len(public) == zones
        assert not any(a.overlaps(b) for i, a in enumerate(nets) for b in nets[i + 1 :])


def _storage(tiers: StorageTiers, provider: bool = False):
    def program() -> None:
        k8s_provider = None
        if provider:
            import pulumi_kubernetes as k8s

            k8s_provider = k8s.Provider("k8s", kubeconfig="{}")
        TieredStorage(
            "d",
            tiers,
            key_arns={"hot": "arn:hot", "warm": "arn:warm", "cold": "arn:cold"},
            vpc_id="vpc-1",
            vpc_cidr="10.0.0.0/16",
            hot_subnet_id="subnet-1",
            client_security_group_ids=["sg-nodes"],
            tags=TAGS,
            kubernetes_provider=k8s_provider,
        )

    return run(program)


def test_cold_only_with_object_lock_and_allow_destroy() -> None:
    tiers = StorageTiers.model_validate(
        {"warm": None, "cold": {"object_lock_days": 30, "allow_destroy": True}}
    )
    result = _storage(tiers)
    bucket = only(result, "aws:s3/bucket:Bucket")
    assert bucket.inputs["objectLockEnabled"] is True
    assert (bucket.protect, bucket.retain_on_delete) == (False, False)
    lock = only(result, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert lock.inputs["rule"] == {"defaultRetention": {"mode": "GOVERNANCE", "days": 30.0}}
    assert names(result, "aws:fsx/lustreFileSystem:LustreFileSystem") == []


def test_hot_tier_security_group_opens_only_lustre_ports() -> None:
    tiers = StorageTiers.model_validate({"hot": {"capacity_gib": 2400}, "warm": None})
    result = _storage(tiers)
    rules = result.by_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert sorted({(r.inputs["fromPort"], r.inputs["toPort"]) for r in rules}) == [
        (988.0, 988.0),
        (1018.0, 1023.0),
    ]
    assert all(r.inputs["ipProtocol"] == "tcp" and "cidrIpv4" not in r.inputs for r in rules)


def test_warm_tier_needs_a_kubernetes_provider() -> None:
    with pytest.raises(Exception, match="warm tier: a Kubernetes provider for the cluster is required"):
        _storage(StorageTiers.model_validate({"cold": None}))
    result = _storage(
        StorageTiers.model_validate({"cold": None, "warm": {"volume_type": "io2", "iops": 64000}}),
        provider=True,
    )
    sc = only(result, "kubernetes:storage.k8s.io/v1:StorageClass")
    assert sc.inputs["parameters"] == {
        "type": "io2",
        "encrypted": "true",
        "kmsKeyId": "arn:warm",
        "iops": "64000",
    }
    assert sc.inputs["provisioner"] == "ebs.csi.aws.com"


def test_neuron_pools_get_the_neuron_device_plugin() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.aws.addons import ClusterAddons

    def program(neuron: bool):
        def build() -> None:
            ClusterAddons(
                "a",
                cluster_name="c",
                oidc_provider_arn="arn:oidc",
                oidc_issuer="https://oidc.example/id/X",
                warm_key_arn="arn:warm",
                kubernetes_provider=k8s.Provider("k8s", kubeconfig="{}"),
                efa=False,
                neuron=neuron,
                tags=TAGS,
            )

        return build

    charts = [r.inputs["chart"] for r in run(program(True)).by_type("kubernetes:helm.sh/v3:Release")]
    assert sorted(charts) == ["nvidia-device-plugin", "oci://public.ecr.aws/neuron/neuron-helm-chart"]
    assert [r.inputs["chart"] for r in run(program(False)).by_type("kubernetes:helm.sh/v3:Release")] == [
        "nvidia-device-plugin"
    ]
