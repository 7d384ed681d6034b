"""Accelerators a program asks for through SageMaker AI and Karpenter NodePools (plan counts them)."""

import pulumi_aws as aws
import pulumi_kubernetes as k8s

ROLE = "arn:aws:iam::111122223333:role/sagemaker"

# SageMaker: 2 x ml.g5.2xlarge serving, a shadow variant scaling to 3 x ml.p4d.24xlarge,
# an instance type the catalog does not list (ml.g4dn.xlarge) and a CPU variant (no accelerators)
aws.sagemaker.EndpointConfiguration(
    "serving",
    production_variants=[
        {
            "variant_name": "primary",
            "model_name": "llm",
            "instance_type": "ml.g5.2xlarge",
            "initial_instance_count": 2,
        },
        {
            "variant_name": "legacy",
            "model_name": "llm",
            "instance_type": "ml.g4dn.xlarge",
            "initial_instance_count": 1,
        },
        {
            "variant_name": "cpu",
            "model_name": "small",
            "instance_type": "ml.m5.xlarge",
            "initial_instance_count": 4,
        },
    ],
    shadow_production_variants=[
        {
            "variant_name": "shadow",
            "model_name": "llm-next",
            "instance_type": "ml.p4d.24xlarge",
            "initial_instance_count": 1,
            "managed_instance_scaling": {
                "status": "ENABLED",
                "min_instance_count": 1,
                "max_instance_count": 3,
            },
        }
    ],
)
# a heterogeneous training job: 4 x ml.p5.48xlarge on spot plus an instance group of 2 x ml.g5.12xlarge
aws.sagemaker.TrainingJob(
    "pretrain",
    training_job_name="pretrain",
    role_arn=ROLE,
    enable_managed_spot_training=True,
    algorithm_specification={
        "training_image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5"
    },
    output_data_config={"s3_output_path": "s3://models/out"},
    resource_config={
        "instance_type": "ml.p5.48xlarge",
        "instance_count": 4,
        "instance_groups": [
            {"instance_group_name": "eval", "instance_type": "ml.g5.12xlarge", "instance_count": 2}
        ],
    },
    stopping_condition={"max_runtime_in_seconds": 3600},
)
aws.sagemaker.NotebookInstance("notebook", instance_type="ml.g5.xlarge", role_arn=ROLE)


def nodepool(name: str, requirements: list, limits: dict | None = None) -> None:
    """A Karpenter v1 NodePool with ``requirements`` and ``limits``."""
    spec = {
        "template": {
            "spec": {
                "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"},
                "requirements": requirements,
            }
        }
    }
    if limits is not None:
        spec["limits"] = limits
    k8s.apiextensions.CustomResource(
        name, api_version="karpenter.sh/v1", kind="NodePool", metadata={"name": name}, spec=spec
    )


# any G5 size, capped at 16 GPUs
nodepool(
    "g5-any",
    [{"key": "karpenter.k8s.aws/instance-family", "operator": "In", "values": ["g5"]}],
    {"cpu": "1000", "nvidia.com/gpu": 16},
)
# H100 nodes with 8 GPUs, capped at 64 GPUs (a Kubernetes quantity string)
nodepool(
    "h100",
    [
        {"key": "karpenter.k8s.aws/instance-gpu-name", "operator": "In", "values": ["h100"]},
        {"key": "karpenter.k8s.aws/instance-gpu-count", "operator": "Gt", "values": ["4"]},
        {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]},
    ],
    {"nvidia.com/gpu": "64"},
)
# GPUs without a GPU limit: Karpenter may launch any number of nodes
nodepool("gpu-unbounded", [{"key": "karpenter.k8s.aws/instance-gpu-count", "operator": "Exists"}])
# an instance type the catalog does not list
nodepool(
    "t4",
    [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["g4dn.xlarge"]}],
    {"nvidia.com/gpu": 4},
)
# general-purpose capacity: no accelerators asked for
nodepool("general", [{"key": "karpenter.k8s.aws/instance-category", "operator": "In", "values": ["c", "m"]}])
