"""Overhead of aiinfra components over registering the same resources directly with pulumi_aws.

Both programs register the same custom resources with the same inputs (keys, N EFA node pools on
launch templates with their security groups, and the cold + hot storage tiers) under the same offline
mocks; the aiinfra side adds its ComponentResources and spec validation. Reports medians and the ratio.
"""

from __future__ import annotations

import base64
import json
import sys

import pulumi
import pulumi_aws as aws
from common import median_seconds, record

from aiinfra.components.aws.efa import efa_interface_layout
from aiinfra.components.aws.encryption import PlatformKeys, key_policy
from aiinfra.components.aws.nodepool import RAID0_USER_DATA, GpuNodePool, node_labels, node_taints
from aiinfra.components.aws.storage import TieredStorage, lifecycle_rules, tls_only_policy
from aiinfra.components.catalog import lookup
from aiinfra.components.spec import AcceleratorPoolSpec, EncryptionPolicy, StorageTiers
from aiinfra.engine import run_program

POOLS = 10
TAGS = {"team": "ml", "project": "bench", "cost-center": "cc", "environment": "prod"}
TIERS = StorageTiers.model_validate({"hot": {"capacity_gib": 4800}, "warm": None})
PURPOSES = ("cluster", "nodes", "hot", "warm", "cold", "logs")


def aiinfra_program(pools: int = POOLS) -> None:
    """The components, as a platform team would use them (``pools`` EFA node pools)."""
    keys = PlatformKeys("k", EncryptionPolicy(), tags=TAGS)
    for i in range(pools):
        pool = AcceleratorPoolSpec(
            name=f"p{i}", machine_type="p5.48xlarge", max_nodes=4, zone="use1-az1", fabric={"type": "efa"}
        )
        GpuNodePool(
            f"pool{i}",
            pool,
            pool.machine("aws"),
            cluster_name="c",
            kubernetes_version="1.33",
            node_role_arn="arn:role",
            cluster_security_group_id="sg-c",
            vpc_id="vpc-1",
            subnet_ids=["subnet-1"],
            node_key_arn=keys.arn("nodes"),
            tags=TAGS,
        )
    TieredStorage(
        "d",
        TIERS,
        key_arns={t: keys.arn(t) for t in ("hot", "warm", "cold")},
        vpc_id="vpc-1",
        vpc_cidr="10.0.0.0/16",
        hot_subnet_id="subnet-1",
        client_security_group_ids=["sg-c"],
        tags=TAGS,
    )


def raw_program(pools: int = POOLS) -> None:
    """The same resources written directly against pulumi_aws, no components, no specs."""
    identity = aws.get_caller_identity_output()
    region = aws.get_region_output()
    document = pulumi.Output.all(identity.account_id, region.region).apply(lambda a: key_policy(a[0], a[1]))
    keys = {}
    for purpose in PURPOSES:
        key = aws.kms.Key(
            f"k-{purpose}",
            description=f"aiinfra k: {purpose}",
            enable_key_rotation=True,
            rotation_period_in_days=90,
            deletion_window_in_days=30,
            key_usage="ENCRYPT_DECRYPT",
            customer_master_key_spec="SYMMETRIC_DEFAULT",
            policy=document,
            tags={**TAGS, "aiinfra:key-purpose": purpose},
            opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True),
        )
        aws.kms.Alias(f"k-{purpose}-alias", name=f"alias/k-{purpose}", target_key_id=key.key_id)
        keys[purpose] = key
    machine = lookup("p5.48xlarge")
    for i in range(pools):
        pool = AcceleratorPoolSpec(
            name=f"p{i}", machine_type="p5.48xlarge", max_nodes=4, zone="use1-az1", fabric={"type": "efa"}
        )
        tags = {**TAGS, "aiinfra:pool": pool.name}
        sg = aws.ec2.SecurityGroup(
            f"pool{i}-efa-sg",
            vpc_id="vpc-1",
            description=f"EFA traffic between {pool.name} nodes (all protocols, self only)",
            tags={**tags, "Name": f"pool{i}-efa"},
        )
        aws.vpc.SecurityGroupIngressRule(
            f"pool{i}-efa-self-in",
            security_group_id=sg.id,
            referenced_security_group_id=sg.id,
            ip_protocol="-1",
            description="EFA: all traffic from this security group",
            tags=tags,
        )
        aws.vpc.SecurityGroupEgressRule(
            f"pool{i}-efa-self-out",
            security_group_id=sg.id,
            referenced_security_group_id=sg.id,
            ip_protocol="-1",
            description="EFA: all traffic to this security group",
            tags=tags,
        )
        sgs = ["sg-c", sg.id]
        interfaces = [
            {
                "network_card_index": s.network_card_index,
                "device_index": s.device_index,
                "interface_type": s.interface_type,
                "security_groups": sgs,
                "delete_on_termination": "true",
                **({"associate_public_ip_address": "false"} if s.interface_type != "efa-only" else {}),
            }
            for s in efa_interface_layout(machine)
        ]
        pg = aws.ec2.PlacementGroup(f"pool{i}-pg", strategy="cluster", tags=tags)
        lt = aws.ec2.LaunchTemplate(
            f"pool{i}-lt",
            description=f"aiinfra {pool.name}",
            network_interfaces=interfaces,
            placement={"group_name": pg.name},
            metadata_options={
                "http_endpoint": "enabled",
                "http_tokens": "required",
                "http_put_response_hop_limit": 1,
                "instance_metadata_tags": "disabled",
            },
            block_device_mappings=[
                {
                    "device_name": "/dev/xvda",
                    "ebs": {
                        "volume_size": 200,
                        "volume_type": "gp3",
                        "encrypted": "true",
                        "kms_key_id": keys["nodes"].arn,
                        "delete_on_termination": "true",
                    },
                }
            ],
            user_data=base64.b64encode(RAID0_USER_DATA.encode()).decode(),
            tag_specifications=[
                {"resource_type": k, "tags": {**tags, "Name": f"pool{i}"}}
                for k in ("instance", "volume", "network-interface")
            ],
            update_default_version=True,
            tags=tags,
        )
        aws.eks.NodeGroup(
            f"pool{i}-ng",
            cluster_name="c",
            node_group_name=f"pool{i}",
            version="1.33",
            node_role_arn="arn:role",
            subnet_ids=["subnet-1"],
            instance_types=["p5.48xlarge"],
            ami_type="AL2023_x86_64_NVIDIA",
            capacity_type="ON_DEMAND",
            scaling_config={"min_size": 0, "max_size": 4, "desired_size": 0},
            update_config={"max_unavailable": 1},
            node_repair_config={"enabled": True},
            launch_template={"id": lt.id, "version": lt.latest_version.apply(str)},
            labels=node_labels(pool, machine),
            taints=node_taints(pool, machine),
            tags=tags,
            opts=pulumi.ResourceOptions(ignore_changes=["scalingConfig.desiredSize"]),
        )
    bucket = aws.s3.Bucket(
        "d-cold",
        force_destroy=False,
        object_lock_enabled=False,
        tags={**TAGS, "tier": "cold"},
        opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True),
    )
    aws.s3.BucketOwnershipControls(
        "d-cold-ownership", bucket=bucket.id, rule={"object_ownership": "BucketOwnerEnforced"}
    )
    aws.s3.BucketPublicAccessBlock(
        "d-cold-public-access-block",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )
    versioning = aws.s3.BucketVersioning(
        "d-cold-versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"}
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        "d-cold-encryption",
        bucket=bucket.id,
        rules=[
            {
                "apply_server_side_encryption_by_default": {
                    "sse_algorithm": "aws:kms",
                    "kms_master_key_id": keys["cold"].arn,
                },
                "bucket_key_enabled": True,
            }
        ],
    )
    aws.s3.BucketPolicy("d-cold-tls-only", bucket=bucket.id, policy=bucket.arn.apply(tls_only_policy))
    aws.s3.BucketLifecycleConfiguration(
        "d-cold-lifecycle",
        bucket=bucket.id,
        rules=lifecycle_rules(TIERS),
        opts=pulumi.ResourceOptions(depends_on=[versioning]),
    )
    sg = aws.ec2.SecurityGroup("d-lustre-sg", vpc_id="vpc-1", description="Lustre", tags=TAGS)
    for low, high in ((988, 988), (1018, 1023)):
        aws.vpc.SecurityGroupIngressRule(
            f"d-lustre-self-{low}",
            security_group_id=sg.id,
            referenced_security_group_id=sg.id,
            ip_protocol="tcp",
            from_port=low,
            to_port=high,
            tags=TAGS,
        )
        aws.vpc.SecurityGroupIngressRule(
            f"d-lustre-client0-{low}",
            security_group_id=sg.id,
            referenced_security_group_id="sg-c",
            ip_protocol="tcp",
            from_port=low,
            to_port=high,
            tags=TAGS,
        )
    aws.vpc.SecurityGroupEgressRule(
        "d-lustre-out", security_group_id=sg.id, cidr_ipv4="10.0.0.0/16", ip_protocol="-1", tags=TAGS
    )
    lustre = aws.fsx.LustreFileSystem(
        "d-hot",
        deployment_type="PERSISTENT_2",
        storage_type="SSD",
        storage_capacity=4800,
        per_unit_storage_throughput=500,
        file_system_type_version="2.15",
        data_compression_type="LZ4",
        kms_key_id=keys["hot"].arn,
        subnet_ids="subnet-1",
        security_group_ids=[sg.id],
        automatic_backup_retention_days=7,
        copy_tags_to_backups=True,
        metadata_configuration={"mode": "AUTOMATIC"},
        tags={**TAGS, "tier": "hot"},
        opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True),
    )
    events = ["NEW", "CHANGED", "DELETED"]
    aws.fsx.DataRepositoryAssociation(
        "d-hot-cold-link",
        file_system_id=lustre.id,
        file_system_path="/datasets",
        data_repository_path=bucket.bucket.apply(lambda b: f"s3://{b}/datasets"),
        batch_import_meta_data_on_create=True,
        s3={"auto_import_policy": {"events": events}, "auto_export_policy": {"events": events}},
        tags=TAGS,
    )


def main() -> None:
    """Run both programs alternately (so machine noise hits both), report medians and the ratio."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    raw_counts = len([r for r in run_program(raw_program).resources if r.custom])
    ours_counts = len([r for r in run_program(aiinfra_program).resources if r.custom])
    raw_samples, ours_samples = [], []
    for _ in range(runs):
        raw_samples.append(median_seconds(lambda: run_program(raw_program), runs=1)[0])
        ours_samples.append(median_seconds(lambda: run_program(aiinfra_program), runs=1)[0])
    raw_median = sorted(raw_samples)[len(raw_samples) // 2]
    ours_median = sorted(ours_samples)[len(ours_samples) // 2]
    result = {
        "pools": POOLS,
        "custom_resources": {"raw": raw_counts, "aiinfra": ours_counts},
        "runs": runs,
        "raw_median_s": round(raw_median, 4),
        "aiinfra_median_s": round(ours_median, 4),
        "ratio": round(ours_median / raw_median, 3),
        "target_ratio": 1.2,
    }
    record("overhead", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
