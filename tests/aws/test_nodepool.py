"""GpuNodePool: launch template, node group, EFA security group and placement group, exactly."""

from __future__ import annotations

import base64

import pytest

from aiinfra.components.aws.nodepool import GpuNodePool
from aiinfra.components.catalog import lookup
from aiinfra.components.spec import AcceleratorPoolSpec

from engine_helpers import names, only, run

TAGS = {"team": "ml", "project": "p", "cost-center": "cc", "environment": "prod"}


def _pool_run(**pool_kwargs):
    pool = AcceleratorPoolSpec(**{"name": "train", "max_nodes": 4, **pool_kwargs})
    machine = pool.machine("aws")

    def program() -> None:
        GpuNodePool(
            "p-train",
            pool,
            machine,
            cluster_name="p",
            kubernetes_version="1.33",
            node_role_arn="arn:aws:iam::123456789012:role/node",
            cluster_security_group_id="sg-cluster",
            vpc_id="vpc-1",
            subnet_ids=["subnet-a"],
            node_key_arn="arn:aws:kms:us-east-1:123456789012:key/nodes",
            tags=TAGS,
        )

    return run(program)


def test_efa_pool_on_demand_gets_placement_group_and_self_referencing_sg() -> None:
    result = _pool_run(machine_type="p5.48xlarge", zone="usw2-az1", fabric={"type": "efa"})
    sg = only(result, "aws:ec2/securityGroup:SecurityGroup", "p-train-efa-sg")
    ingress = only(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "p-train-efa-self-in")
    egress = only(result, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "p-train-efa-self-out")
    sg_id = sg.outputs.get("id") or ingress.inputs["securityGroupId"]
    for rule in (ingress, egress):
        assert rule.inputs["ipProtocol"] == "-1"
        assert rule.inputs["securityGroupId"] == rule.inputs["referencedSecurityGroupId"] == sg_id
    pg = only(result, "aws:ec2/placementGroup:PlacementGroup", "p-train-pg")
    assert pg.inputs["strategy"] == "cluster"
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate", "p-train-lt")
    interfaces = lt.inputs["networkInterfaces"]
    assert len(interfaces) == 33
    assert (
        interfaces[0]["interfaceType"] == "interface" and interfaces[0]["associatePublicIpAddress"] == "false"
    )
    assert sum(1 for i in interfaces if i["interfaceType"] == "efa-only") == 32
    assert all(i["securityGroups"] == ["sg-cluster", sg_id] for i in interfaces)
    assert lt.inputs["placement"] == {"groupName": pg.outputs["name"]}
    assert pg.outputs["name"].startswith("p-train-pg-")
    assert "vpcSecurityGroupIds" not in lt.inputs


def test_launch_template_is_hardened() -> None:
    result = _pool_run(machine_type="p5.48xlarge", zone="usw2-az1", fabric={"type": "efa"}, disk_gib=500)
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate")
    assert lt.inputs["metadataOptions"] == {
        "httpEndpoint": "enabled",
        "httpTokens": "required",
        "httpPutResponseHopLimit": 1.0,
        "instanceMetadataTags": "disabled",
    }
    ebs = lt.inputs["blockDeviceMappings"][0]["ebs"]
    assert ebs == {
        "volumeSize": 500.0,
        "volumeType": "gp3",
        "encrypted": "true",
        "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/nodes",
        "deleteOnTermination": "true",
    }
    user_data = base64.b64decode(lt.inputs["userData"]).decode()
    assert "strategy: RAID0" in user_data and "application/node.eks.aws" in user_data


def test_node_group_wiring() -> None:
    result = _pool_run(
        machine_type="p5.48xlarge", zone="usw2-az1", fabric={"type": "efa"}, min_nodes=1, desired_nodes=2
    )
    ng = only(result, "aws:eks/nodeGroup:NodeGroup", "p-train-ng")
    assert ng.inputs["amiType"] == "AL2023_x86_64_NVIDIA"
    assert ng.inputs["capacityType"] == "ON_DEMAND"
    assert ng.inputs["instanceTypes"] == ["p5.48xlarge"]
    assert ng.inputs["scalingConfig"] == {"minSize": 1.0, "maxSize": 4.0, "desiredSize": 2.0}
    assert ng.inputs["subnetIds"] == ["subnet-a"]
    assert ng.inputs["taints"][0] == {"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}
    assert ng.inputs["labels"]["aiinfra.io/fabric"] == "efa"
    assert ng.inputs["tags"]["aiinfra:pool"] == "train"


def test_capacity_block_targets_reservation_without_placement_group() -> None:
    result = _pool_run(
        machine_type="p5.48xlarge",
        zone="usw2-az1",
        fabric={"type": "efa"},
        capacity="capacity_block",
        reservation_id="cr-123",
        capacity_block={"start": "2027-01-04T11:30:00Z", "end": "2027-01-18T11:30:00Z"},
    )
    assert names(result, "aws:ec2/placementGroup:PlacementGroup") == []
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate")
    assert lt.inputs["capacityReservationSpecification"] == {
        "capacityReservationTarget": {"capacityReservationId": "cr-123"}
    }
    assert lt.inputs["instanceMarketOptions"] == {"marketType": "capacity-block"}
    assert "placement" not in lt.inputs
    ng = only(result, "aws:eks/nodeGroup:NodeGroup")
    assert ng.inputs["capacityType"] == "CAPACITY_BLOCK"
    # EKS wants a Capacity Block's instance type in the launch template and none on the node group.
    assert lt.inputs["instanceType"] == "p5.48xlarge"
    assert "instanceTypes" not in ng.inputs


def test_reservation_is_on_demand_with_target() -> None:
    result = _pool_run(
        machine_type="p4d.24xlarge",
        zone="usw2-az1",
        fabric={"type": "efa"},
        capacity="reservation",
        reservation_id="cr-9",
    )
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate")
    assert "instanceMarketOptions" not in lt.inputs
    assert only(result, "aws:eks/nodeGroup:NodeGroup").inputs["capacityType"] == "ON_DEMAND"
    assert names(result, "aws:ec2/placementGroup:PlacementGroup") == []


def test_spot_pool_without_fabric_uses_cluster_security_group() -> None:
    result = _pool_run(machine_type="g6e.12xlarge", capacity="spot", fabric={"type": "none"})
    assert names(result, "aws:ec2/securityGroup:SecurityGroup") == []
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate")
    assert lt.inputs["vpcSecurityGroupIds"] == ["sg-cluster"]
    assert "networkInterfaces" not in lt.inputs
    assert only(result, "aws:eks/nodeGroup:NodeGroup").inputs["capacityType"] == "SPOT"


def test_neuron_pool_uses_neuron_ami_and_taint() -> None:
    result = _pool_run(machine_type="trn1.32xlarge", zone="usw2-az1", fabric={"type": "efa"})
    ng = only(result, "aws:eks/nodeGroup:NodeGroup")
    assert ng.inputs["amiType"] == "AL2023_x86_64_NEURON"
    assert ng.inputs["taints"][0]["key"] == "aws.amazon.com/neuron"
    assert lookup("trn1.32xlarge").fabric_interfaces == 8


def test_p6_b300_layout_in_launch_template() -> None:
    result = _pool_run(machine_type="p6-b300.48xlarge", zone="usw2-az1", fabric={"type": "efa"})
    interfaces = only(result, "aws:ec2/launchTemplate:LaunchTemplate").inputs["networkInterfaces"]
    assert interfaces[0]["networkCardIndex"] == 0.0 and interfaces[0]["interfaceType"] == "interface"
    assert sorted(i["networkCardIndex"] for i in interfaces[1:]) == [float(c) for c in range(1, 17)]


@pytest.mark.parametrize("component_type", ["aiinfra:aws:GpuNodePool"])
def test_children_are_parented_to_the_component(component_type: str) -> None:
    result = _pool_run(machine_type="p5.48xlarge", zone="usw2-az1", fabric={"type": "efa"})
    component = only(result, component_type)
    assert all(r.parent == component.urn for r in result.resources if r is not component)


def test_reservation_pool_is_autoscaled_inside_its_reservation() -> None:
    """A reservation pool keeps its ODCR target and carries the autoscaler's discovery and
    scale-from-zero tags (EFA and GPU counts from the catalog), none propagated to instances."""
    result = _pool_run(
        machine_type="p5.48xlarge",
        zone="usw2-az1",
        capacity="reservation",
        reservation_id="cr-0123456789abcdef0",
        fabric={"type": "efa"},
    )
    lt = only(result, "aws:ec2/launchTemplate:LaunchTemplate", "p-train-lt")
    assert lt.inputs["capacityReservationSpecification"] == {
        "capacityReservationTarget": {"capacityReservationId": "cr-0123456789abcdef0"}
    }
    tags = {
        r.inputs["tag"]["key"]: r.inputs["tag"]["value"] for r in result.by_type("aws:autoscaling/tag:Tag")
    }
    prefix = "k8s.io/cluster-autoscaler/node-template"
    assert tags["aiinfra.io/cluster-autoscaler"] == "p"
    assert tags[f"{prefix}/resources/nvidia.com/gpu"] == "8"
    assert tags[f"{prefix}/resources/vpc.amazonaws.com/efa"] == "32"
    assert tags[f"{prefix}/label/aiinfra.io/capacity"] == "reservation"
    assert tags[f"{prefix}/taint/nvidia.com/gpu"] == "true:NoSchedule"
    assert all(not r.inputs["tag"]["propagateAtLaunch"] for r in result.by_type("aws:autoscaling/tag:Tag"))


def test_pool_opted_out_of_autoscaling_has_no_discovery_tag() -> None:
    pool = AcceleratorPoolSpec(
        name="infer", max_nodes=2, machine_type="g6e.12xlarge", fabric={"type": "none"}
    )

    def program() -> None:
        GpuNodePool(
            "p-infer",
            pool,
            pool.machine("aws"),
            cluster_name="p",
            kubernetes_version="1.35",
            node_role_arn="arn:aws:iam::123456789012:role/node",
            cluster_security_group_id="sg-cluster",
            vpc_id="vpc-1",
            subnet_ids=["subnet-a"],
            node_key_arn="arn:aws:kms:us-east-1:123456789012:key/nodes",
            tags=TAGS,
            autoscaled=False,
        )

    assert names(run(program), "aws:autoscaling/tag:Tag") == []
