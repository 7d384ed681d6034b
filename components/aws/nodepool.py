"""GPU/Neuron node pools: an EKS managed node group on a launch template, with EFA done right."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..catalog import MachineType
from ..dra.plan import DRA_LABEL
from ..spec.capacity_block import iso
from ..spec.pool import AcceleratorPoolSpec
from ..spec.rack import rack_labels
from .autoscaler import AUTOSCALED_TAG, node_template_tags
from .common import with_name
from .efa import efa_interface_layout

IMDS_HOP_LIMIT = 1
"""Pods cannot reach the node's credentials through IMDS; workloads use IRSA / Pod Identity."""

AMI_TYPES = {"nvidia": "AL2023_x86_64_NVIDIA", "neuron": "AL2023_x86_64_NEURON"}
ARM_AMI_TYPES = {"nvidia": "AL2023_ARM_64_NVIDIA"}
"""EKS accelerated AMI types for arm64 hosts (NVIDIA Grace: p6e-gb200), terraform-aws-eks SSM paths."""


def ami_type(machine: MachineType) -> str:
    """The EKS AMI type for the machine's accelerator family and CPU architecture."""
    table = ARM_AMI_TYPES if machine.cpu_architecture == "arm64" else AMI_TYPES
    if machine.image_family not in table:
        raise ValueError(
            f"{machine.machine_type}: no EKS accelerated AMI type for image family {machine.image_family!r} "
            f"on {machine.cpu_architecture}"
        )
    return table[machine.image_family]


CAPACITY_TYPES = {
    "on_demand": "ON_DEMAND",
    "spot": "SPOT",
    "reservation": "ON_DEMAND",
    "capacity_block": "CAPACITY_BLOCK",
}
TAINT_EFFECTS = {
    "NoSchedule": "NO_SCHEDULE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
}

RAID0_USER_DATA = """MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="AIINFRA"

--AIINFRA
Content-Type: application/node.eks.aws

---
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  instance:
    localStorage:
      strategy: RAID0

--AIINFRA--
"""
"""nodeadm config: stripe the instance NVMe drives into one RAID0 volume for containerd and pods."""


def wants_placement_group(pool: AcceleratorPoolSpec, machine: MachineType) -> bool:
    """A cluster placement group for EFA pools, never forced onto reservations or Capacity Blocks."""
    placement = pool.fabric.placement
    if placement == "cluster":
        return True
    if placement != "auto":
        return False
    return (
        pool.fabric.type == "efa"
        and machine.efa_capable
        and pool.capacity not in ("reservation", "capacity_block")
    )


def node_labels(pool: AcceleratorPoolSpec, machine: MachineType) -> dict[str, str]:
    """Kubernetes labels: the pool's own plus what schedulers and dashboards select on."""
    return {
        "aiinfra.io/pool": pool.name,
        "aiinfra.io/accelerator": machine.accelerator.lower().replace(" ", "-"),
        "aiinfra.io/fabric": pool.fabric.type,
        "aiinfra.io/capacity": pool.capacity.replace("_", "-"),
        **rack_labels(machine),
        **({DRA_LABEL: "dra"} if pool.device_allocation == "dra" else {}),
        **pool.labels,
    }


def node_taints(pool: AcceleratorPoolSpec, machine: MachineType) -> list[dict[str, str]]:
    """The pool's taints, always including ``<device resource>:NoSchedule`` so only accelerator pods land."""
    taints = [{"key": t.key, "value": t.value, "effect": TAINT_EFFECTS[t.effect]} for t in pool.taints]
    if not any(t["key"] == machine.device_resource for t in taints):
        taints.insert(0, {"key": machine.device_resource, "value": "true", "effect": "NO_SCHEDULE"})
    return taints


CAPACITY_BLOCK_WINDOW_REQUIRED = (
    "capacity_block: the block's window {start, end} is required with capacity 'capacity_block' "
    "(the pool is sized around it: EKS user guide, Capacity Blocks with managed node groups)"
)


@dataclass(frozen=True)
class ScalingStep:
    """One scheduled scaling action of a Capacity Block pool's Auto Scaling group."""

    role: str  # child-name role: cb-start / cb-end
    at: datetime
    min_size: int
    max_size: int
    desired: int


@dataclass(frozen=True)
class BlockLifecycle:
    """What a Capacity Block pool needs at deploy time ``now``: whether the block is still ahead and
    the scheduled actions still in the future (Auto Scaling refuses a start time in the past)."""

    before_start: bool
    steps: tuple[ScalingStep, ...]


def capacity_block_lifecycle(pool: AcceleratorPoolSpec, now: datetime) -> BlockLifecycle | None:
    """The EKS user guide's Capacity Block lifecycle for ``pool`` (None for other capacity types).

    Before the block: the node group starts at size 0, a ``cb-start`` action sizes it (min, desired,
    max of the pool) at the block's start. Always: a ``cb-end`` action scales it to zero
    ``scale_in_minutes`` before the end, so pods drain before EC2 reclaims the instances. A block whose
    scale-in time has passed is refused, naming the field.
    """
    if pool.capacity != "capacity_block":
        return None
    window = pool.capacity_block
    if window is None:
        raise ValueError(CAPACITY_BLOCK_WINDOW_REQUIRED)
    now = now.astimezone(UTC)
    if now >= window.scale_in_at:
        raise ValueError(
            f"capacity_block.end: the block ends {iso(window.end)} and its scale-in time {iso(window.scale_in_at)} "
            f"has passed (now {iso(now)}); buy a new Capacity Block and set its window"
        )
    before = now < window.start.astimezone(UTC)
    steps = []
    if before:
        steps.append(
            ScalingStep(
                "cb-start", window.start.astimezone(UTC), pool.min_nodes, pool.max_nodes, pool.desired
            )
        )
    steps.append(ScalingStep("cb-end", window.scale_in_at, 0, 0, 0))
    return BlockLifecycle(before, tuple(steps))


class GpuNodePool(Component):
    """An accelerator node pool on EKS.

    EFA pools get one ``efa-only`` interface per EFA device from the catalog, a security group that
    allows all traffic to and from itself, a cluster placement group unless a reservation or Capacity
    Block is targeted, and a single subnet (EFA does not cross AZs). Every pool gets IMDSv2 with hop
    limit 1, root volumes encrypted with the node CMK, the accelerated AMI type, the accelerator taint
    and RAID0 of the local NVMe drives.

    ``node_group_waits_for`` orders only the node group (e.g. after the node role's policies and the
    CNI add-on); the security group, placement group and launch template are created in parallel.

    Pools other than Capacity Block pools carry the Cluster Autoscaler's discovery tag and
    node-template tags on their Auto Scaling group (see :mod:`.autoscaler`).

    Children: ``{name}-efa-sg`` (+ ``-self-in``/``-self-out`` rules), ``{name}-pg``, ``{name}-lt``,
    ``{name}-ng``, ``{name}-asg-tag-<i>``, ``{name}-cb-start``/``{name}-cb-end``.
    """

    node_group_name: pulumi.Output[str]
    launch_template_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        pool: AcceleratorPoolSpec,
        machine: MachineType,
        *,
        cluster_name: pulumi.Input[str],
        kubernetes_version: str,
        node_role_arn: pulumi.Input[str],
        cluster_security_group_id: pulumi.Input[str],
        vpc_id: pulumi.Input[str],
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        node_key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        node_group_waits_for: Sequence[pulumi.Resource] = (),
        autoscaled: bool = True,
        now: datetime | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        ami = ami_type(machine)
        if pool.zone is not None:
            from ..catalog.aws_zones import az_id_shape_problem

            problem = az_id_shape_problem(pool.zone)
            if problem is not None:  # the aws blueprint refuses the same (as pools[i].zone)
                raise ValueError(f"zone: {problem}")
        lifecycle = capacity_block_lifecycle(pool, now or datetime.now(UTC))
        super().__init__("aiinfra:aws:GpuNodePool", name, opts)
        pool_tags = {**tags, "aiinfra:pool": pool.name}
        efa = pool.fabric.type == "efa"

        security_group_ids: list[pulumi.Input[str]] = [cluster_security_group_id]
        self.efa_security_group: aws.ec2.SecurityGroup | None = None
        if efa:
            sg = aws.ec2.SecurityGroup(
                f"{name}-efa-sg",
                vpc_id=vpc_id,
                description=f"EFA traffic between {pool.name} nodes (all protocols, self only)",
                tags=with_name(pool_tags, f"{name}-efa"),
                opts=self.child_opts(),
            )
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-efa-self-in",
                security_group_id=sg.id,
                referenced_security_group_id=sg.id,
                ip_protocol="-1",
                description="EFA: all traffic from this security group",
                tags=pool_tags,
                opts=self.child_opts(),
            )
            aws.vpc.SecurityGroupEgressRule(
                f"{name}-efa-self-out",
                security_group_id=sg.id,
                referenced_security_group_id=sg.id,
                ip_protocol="-1",
                description="EFA: all traffic to this security group",
                tags=pool_tags,
                opts=self.child_opts(),
            )
            security_group_ids.append(sg.id)
            self.efa_security_group = sg

        placement = None
        self.placement_group: aws.ec2.PlacementGroup | None = None
        if wants_placement_group(pool, machine):
            self.placement_group = aws.ec2.PlacementGroup(
                f"{name}-pg", strategy="cluster", tags=pool_tags, opts=self.child_opts()
            )
            placement = {"group_name": self.placement_group.name}

        interfaces = None
        if efa:
            interfaces = [
                {
                    "network_card_index": slot.network_card_index,
                    "device_index": slot.device_index,
                    "interface_type": slot.interface_type,
                    "security_groups": security_group_ids,
                    "delete_on_termination": "true",
                    **({"associate_public_ip_address": "false"} if slot.interface_type != "efa-only" else {}),
                }
                for slot in efa_interface_layout(
                    machine, pool.fabric.interfaces, efa_only=pool.fabric.efa_only
                )
            ]

        # EKS requires a Capacity Block's instance type in the launch template, and then refuses
        # instance types on the node group (EKS user guide, "Capacity Blocks for ML" with managed node groups).
        type_in_template = pool.capacity == "capacity_block"
        reservation = None
        market = None
        if pool.capacity in ("reservation", "capacity_block"):
            reservation = {"capacity_reservation_target": {"capacity_reservation_id": pool.reservation_id}}
        if pool.capacity == "capacity_block":
            market = {"market_type": "capacity-block"}

        launch_template = aws.ec2.LaunchTemplate(
            f"{name}-lt",
            description=f"aiinfra {pool.name}: {machine.accelerator_count} x {machine.accelerator} ({machine.machine_type})",
            metadata_options={
                "http_endpoint": "enabled",
                "http_tokens": "required",
                "http_put_response_hop_limit": IMDS_HOP_LIMIT,
                "instance_metadata_tags": "disabled",
            },
            block_device_mappings=[
                {
                    "device_name": "/dev/xvda",
                    "ebs": {
                        "volume_size": pool.disk_gib,
                        "volume_type": "gp3",
                        "encrypted": "true",
                        "kms_key_id": node_key_arn,
                        "delete_on_termination": "true",
                    },
                }
            ],
            network_interfaces=interfaces,
            vpc_security_group_ids=None if efa else security_group_ids,
            placement=placement,
            instance_type=machine.machine_type if type_in_template else None,
            capacity_reservation_specification=reservation,
            instance_market_options=market,
            user_data=base64.b64encode(RAID0_USER_DATA.encode()).decode() if machine.local_nvme_gb else None,
            tag_specifications=[
                {"resource_type": kind, "tags": with_name(pool_tags, f"{name}")}
                for kind in ("instance", "volume", "network-interface")
            ],
            update_default_version=True,
            tags=pool_tags,
            opts=self.child_opts(),
        )

        node_group = aws.eks.NodeGroup(
            f"{name}-ng",
            cluster_name=cluster_name,
            node_group_name=name,
            version=kubernetes_version,
            node_role_arn=node_role_arn,
            subnet_ids=subnet_ids,
            instance_types=None if type_in_template else [machine.machine_type],
            ami_type=ami,
            capacity_type=CAPACITY_TYPES[pool.capacity],
            scaling_config={
                "min_size": 0 if lifecycle and lifecycle.before_start else pool.min_nodes,
                "max_size": pool.max_nodes,
                "desired_size": 0 if lifecycle and lifecycle.before_start else pool.desired,
            },
            update_config={"max_unavailable": 1},
            node_repair_config={"enabled": True},
            launch_template={"id": launch_template.id, "version": launch_template.latest_version.apply(str)},
            labels=node_labels(pool, machine),
            taints=node_taints(pool, machine),
            tags=pool_tags,
            # The cluster autoscaler owns desired size once the pool exists. A Capacity Block pool is never
            # rolled by `pulumi up` (EKS: upgrade such a node group only at desired size 0): its version and
            # launch template version stay as created; the scheduled actions below own its size.
            opts=self.child_opts(
                ignore_changes=["scalingConfig.desiredSize"]
                + (
                    ["scalingConfig", "version", "releaseVersion", "launchTemplate.version"]
                    if lifecycle
                    else []
                ),
                depends_on=list(node_group_waits_for),
            ),
        )
        self.schedules: list[aws.autoscaling.Schedule] = []
        asg_name = node_group.resources.apply(lambda r: r[0].autoscaling_groups[0].name)
        # The Cluster Autoscaler discovers and may resize only ASGs carrying AUTOSCALED_TAG; a
        # Capacity Block pool is sized by its block's scheduled actions instead. The node-template
        # tags describe a node of an empty pool (scale from zero). Managed node group tags do not
        # reach the ASG, hence one autoscaling.Tag each.
        self.autoscaled = autoscaled and lifecycle is None
        self.asg_tags: list[aws.autoscaling.Tag] = []
        if self.autoscaled:
            efa_count = sum(1 for i in interfaces or [] if i["interface_type"] in ("efa", "efa-only"))
            template = node_template_tags(
                node_labels(pool, machine),
                node_taints(pool, machine),
                {machine.device_resource: machine.accelerator_count, "vpc.amazonaws.com/efa": efa_count},
            )
            for i, (key, value) in enumerate([(AUTOSCALED_TAG, cluster_name), *sorted(template.items())]):
                self.asg_tags.append(
                    aws.autoscaling.Tag(
                        f"{name}-asg-tag-{i}",
                        autoscaling_group_name=asg_name,
                        tag={"key": key, "value": value, "propagate_at_launch": False},
                        opts=self.child_opts(),
                    )
                )
        if lifecycle is not None:
            for step in lifecycle.steps:
                self.schedules.append(
                    aws.autoscaling.Schedule(
                        f"{name}-{step.role}",
                        scheduled_action_name=f"{pool.name}-{step.role}",
                        autoscaling_group_name=asg_name,
                        start_time=iso(step.at),
                        min_size=step.min_size,
                        max_size=step.max_size,
                        desired_capacity=step.desired,
                        opts=self.child_opts(),
                    )
                )
        self.node_group = node_group
        self.launch_template = launch_template
        self.node_group_name = node_group.node_group_name
        self.launch_template_id = launch_template.id
        self.register_outputs(
            {"node_group_name": self.node_group_name, "launch_template_id": self.launch_template_id}
        )
