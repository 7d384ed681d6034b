"""The GPU Operator (aiinfra) and a team namespace from a local manifest, on an existing cluster."""

import pulumi
import pulumi_kubernetes as k8s
from aiinfra.components.onprem.gpu import GpuOperator
from aiinfra.components.onprem.spec import NodePoolSpec

config = pulumi.Config()
provider = k8s.Provider(
    "cluster", kubeconfig=config.require_secret("kubeconfig"), enable_server_side_apply=True
)
opts = pulumi.ResourceOptions(providers={"kubernetes": provider})
labels = {"team": "ml", "project": "inference", "cost-center": "cc-3", "environment": "dev"}

pool = NodePoolSpec(
    name="dgx",
    machine_type="dgx-h100",
    nodes=config.get_int("servers") or 2,
    node_selector={"node.kubernetes.io/instance-type": "dgx-h100"},
)
GpuOperator("gpu", [pool], rdma_pools=[], labels=labels, opts=opts)
team = k8s.yaml.ConfigFile(
    "inference", file="manifests/inference.yaml", opts=opts
)  # relative to this project
k8s.core.v1.Secret(
    "hf-token",
    metadata={"name": "hf-token", "namespace": "inference", "labels": labels},
    string_data={"token": config.require_secret("hfToken")},  # a Pulumi secret, never a literal
    opts=pulumi.ResourceOptions(providers={"kubernetes": provider}, depends_on=[team]),
)
pulumi.export("pool", pool.name)
