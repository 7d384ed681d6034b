"""An L4 inference pool on a hand-written private GKE cluster, keys and pool from aiinfra."""

import pulumi
from aiinfra.components.catalog import lookup
from aiinfra.components.gcp import GpuNodePool, GpuPoolSpec, PlatformKeys
from aiinfra.components.spec import EncryptionPolicy

from cluster import private_gke

gcp_config = pulumi.Config("gcp")
project, region = gcp_config.require("project"), gcp_config.require("region")
labels = {"team": "ml", "project": "search", "cost-center": "cc-2", "environment": "dev"}

keys = PlatformKeys(
    "ml-keys",
    EncryptionPolicy(),
    project=project,
    region=region,
    purposes=["cluster", "nodes"],
    labels=labels,
)
cluster, nodes_sa = private_gke("ml", project, region, keys.key_id("cluster"), labels)
pool = GpuPoolSpec(
    name="l4",
    machine_type="g2-standard-24",
    max_nodes=pulumi.Config().require_int("maxNodes"),
    zone=f"{region}-a",
    capacity="spot",
)
GpuNodePool(
    "ml-l4",
    pool,
    lookup("g2-standard-24"),
    project=project,
    region=region,
    cluster_id=cluster.id,
    service_account_email=nodes_sa.email,
    node_key_id=keys.key_id("nodes"),
    labels=labels,
)
pulumi.export("cluster", cluster.name)
