"""The system node group: on-demand general-purpose nodes for the platform's own controllers.

Every accelerator pool may be empty (``min_nodes: 0``, a Capacity Block before its window), yet the
Cluster Autoscaler, CoreDNS, Kueue and the other controllers need a node before any pool can grow.
This group is that node set, fixed in size (the autoscaler does not discover it) and untainted, so
controllers never hold an accelerator node up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..base import Component
from .common import SYSTEM_LABEL, with_name
from .nodepool import IMDS_HOP_LIMIT

AMI_TYPE = "AL2023_x86_64_STANDARD"


class SystemNodeGroup(Component):
    """A fixed-size EKS managed node group of ``instance_type`` for cluster controllers, on a launch
    template with IMDSv2 (hop limit 1) and a root volume encrypted with the node key.

    Children: ``{name}-lt``, ``{name}-ng``.
    """

    def __init__(
        self,
        name: str,
        *,
        instance_type: str,
        nodes: int,
        cluster_name: pulumi.Input[str],
        kubernetes_version: str,
        node_role_arn: pulumi.Input[str],
        cluster_security_group_id: pulumi.Input[str],
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        node_key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        node_group_waits_for: Sequence[pulumi.Resource] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:SystemNodeGroup", name, opts)
        group_tags = {**tags, "aiinfra:role": "system"}
        launch_template = aws.ec2.LaunchTemplate(
            f"{name}-lt",
            description="aiinfra system nodes (cluster controllers)",
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
                        "volume_size": 100,
                        "volume_type": "gp3",
                        "encrypted": "true",
                        "kms_key_id": node_key_arn,
                        "delete_on_termination": "true",
                    },
                }
            ],
            vpc_security_group_ids=[cluster_security_group_id],
            tag_specifications=[
                {"resource_type": kind, "tags": with_name(group_tags, name)}
                for kind in ("instance", "volume", "network-interface")
            ],
            update_default_version=True,
            tags=group_tags,
            opts=self.child_opts(),
        )
        self.node_group = aws.eks.NodeGroup(
            f"{name}-ng",
            cluster_name=cluster_name,
            node_group_name=name,
            version=kubernetes_version,
            node_role_arn=node_role_arn,
            subnet_ids=subnet_ids,
            instance_types=[instance_type],
            ami_type=AMI_TYPE,
            capacity_type="ON_DEMAND",
            scaling_config={"min_size": nodes, "max_size": nodes, "desired_size": nodes},
            update_config={"max_unavailable": 1},
            node_repair_config={"enabled": True},
            launch_template={"id": launch_template.id, "version": launch_template.latest_version.apply(str)},
            labels=dict(SYSTEM_LABEL),
            tags=group_tags,
            opts=self.child_opts(depends_on=list(node_group_waits_for)),
        )
        self.register_outputs({"node_group_name": self.node_group.node_group_name})
