import pulumi
from aiinfra.components.aws import GpuNodePool, PlatformKeys
from aiinfra.components.catalog import lookup
from aiinfra.components.spec import AcceleratorPoolSpec, EncryptionPolicy

from network import private_cluster  # your own VPC, subnets, EKS cluster and node role

tags = {"team": "ml", "project": "llm", "cost-center": "cc-1", "environment": "prod"}
keys = PlatformKeys("ml-keys", EncryptionPolicy(), tags=tags)
vpc, subnet, my_cluster, node_role = private_cluster("ml", keys, tags)
pool = AcceleratorPoolSpec(
    name="h100",
    machine_type="p5.48xlarge",
    max_nodes=4,
    zone="usw2-az2",
    capacity="capacity_block",
    reservation_id="cr-0123456789abcdef0",
    capacity_block={"start": "2027-01-04T11:30:00Z", "end": "2027-01-11T11:30:00Z"},
    fabric={"type": "efa"},
)
GpuNodePool(
    "ml-h100",
    pool,
    lookup("p5.48xlarge"),
    cluster_name=my_cluster.name,
    kubernetes_version="1.35",
    node_role_arn=node_role.arn,
    cluster_security_group_id=my_cluster.vpc_config.cluster_security_group_id,
    vpc_id=vpc.id,
    subnet_ids=[subnet.id],
    node_key_arn=keys.arn("nodes"),
    tags=tags,
)
pulumi.export("cluster_name", my_cluster.name)
