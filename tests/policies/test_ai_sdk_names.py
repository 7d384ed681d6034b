"""Every type token and property path the AIP-AI rules read exists in the installed, pinned SDKs.

The rules never import a provider SDK; this test does, and walks each path through the SDK's own
input types (``@pulumi.getter(name=...)`` gives the engine's camelCase name, the getter's return
annotation names the nested ``...Args`` type). A renamed or misspelt property fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

from aiinfra.policies.registry import all_rules

# (type token, SDK module, Args class, property path) — every property an AIP-AI rule reads.
PATHS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "pulumi_aws.sagemaker",
        "NotebookInstanceArgs",
        ("directInternetAccess",),
    ),
    (
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "pulumi_aws.sagemaker",
        "NotebookInstanceArgs",
        ("rootAccess",),
    ),
    (
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "pulumi_aws.sagemaker",
        "NotebookInstanceArgs",
        ("kmsKeyId",),
    ),
    (
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "pulumi_aws.sagemaker",
        "NotebookInstanceArgs",
        ("instanceType",),
    ),
    (
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "pulumi_aws.sagemaker",
        "NotebookInstanceArgs",
        ("instanceMetadataServiceConfiguration", "minimumInstanceMetadataServiceVersion"),
    ),
    ("aws:sagemaker/domain:Domain", "pulumi_aws.sagemaker", "DomainArgs", ("appNetworkAccessType",)),
    ("aws:sagemaker/domain:Domain", "pulumi_aws.sagemaker", "DomainArgs", ("kmsKeyId",)),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("kmsKeyArn",),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("productionVariants", "instanceType"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("productionVariants", "serverlessConfig"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("productionVariants", "initialInstanceCount"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("productionVariants", "managedInstanceScaling", "maxInstanceCount"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("shadowProductionVariants", "instanceType"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("dataCaptureConfig", "enableCapture"),
    ),
    (
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        "pulumi_aws.sagemaker",
        "EndpointConfigurationArgs",
        ("dataCaptureConfig", "kmsKeyId"),
    ),
    ("aws:sagemaker/model:Model", "pulumi_aws.sagemaker", "ModelArgs", ("enableNetworkIsolation",)),
    ("aws:sagemaker/model:Model", "pulumi_aws.sagemaker", "ModelArgs", ("vpcConfig", "subnets")),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("enableNetworkIsolation",),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("vpcConfig", "subnets"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("outputDataConfig", "kmsKeyId"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "volumeKmsKeyId"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "instanceType"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "instanceCount"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "instanceGroups", "instanceType"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "instanceGroups", "instanceCount"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("resourceConfig", "instanceGroups", "instanceGroupName"),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("enableInterContainerTrafficEncryption",),
    ),
    (
        "aws:sagemaker/trainingJob:TrainingJob",
        "pulumi_aws.sagemaker",
        "TrainingJobArgs",
        ("enableManagedSpotTraining",),
    ),
    (
        "aws:sagemaker/featureGroup:FeatureGroup",
        "pulumi_aws.sagemaker",
        "FeatureGroupArgs",
        ("onlineStoreConfig", "enableOnlineStore"),
    ),
    (
        "aws:sagemaker/featureGroup:FeatureGroup",
        "pulumi_aws.sagemaker",
        "FeatureGroupArgs",
        ("onlineStoreConfig", "securityConfig", "kmsKeyId"),
    ),
    (
        "aws:sagemaker/featureGroup:FeatureGroup",
        "pulumi_aws.sagemaker",
        "FeatureGroupArgs",
        ("offlineStoreConfig", "s3StorageConfig", "kmsKeyId"),
    ),
    ("aws:iam/role:Role", "pulumi_aws.iam", "RoleArgs", ("managedPolicyArns",)),
    ("aws:iam/role:Role", "pulumi_aws.iam", "RoleArgs", ("assumeRolePolicy",)),
    ("aws:iam/role:Role", "pulumi_aws.iam", "RoleArgs", ("inlinePolicies", "policy")),
    (
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "pulumi_aws.iam",
        "RolePolicyAttachmentArgs",
        ("policyArn",),
    ),
    ("aws:iam/userPolicy:UserPolicy", "pulumi_aws.iam", "UserPolicyArgs", ("policy",)),
    ("aws:iam/groupPolicy:GroupPolicy", "pulumi_aws.iam", "GroupPolicyArgs", ("policy",)),
    (
        "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
        "pulumi_aws.bedrockmodel",
        "InvocationLoggingConfigurationArgs",
        ("loggingConfig", "s3Config", "bucketName"),
    ),
    (
        "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
        "pulumi_aws.bedrockmodel",
        "InvocationLoggingConfigurationArgs",
        ("loggingConfig", "cloudwatchConfig", "logGroupName"),
    ),
    ("aws:bedrock/guardrail:Guardrail", "pulumi_aws.bedrock", "GuardrailArgs", ("kmsKeyArn",)),
    (
        "aws:bedrock/agentAgent:AgentAgent",
        "pulumi_aws.bedrock",
        "AgentAgentArgs",
        ("customerEncryptionKeyArn",),
    ),
    (
        "aws:bedrock/agentPrompt:AgentPrompt",
        "pulumi_aws.bedrock",
        "AgentPromptArgs",
        ("customerEncryptionKeyArn",),
    ),
    ("aws:bedrock/agentFlow:AgentFlow", "pulumi_aws.bedrock", "AgentFlowArgs", ("customerEncryptionKeyArn",)),
    (
        "aws:bedrock/agentcoreMemory:AgentcoreMemory",
        "pulumi_aws.bedrock",
        "AgentcoreMemoryArgs",
        ("encryptionKeyArn",),
    ),
    (
        "aws:bedrock/agentDataSource:AgentDataSource",
        "pulumi_aws.bedrock",
        "AgentDataSourceArgs",
        ("serverSideEncryptionConfiguration", "kmsKeyArn"),
    ),
    (
        "aws:bedrock/customModel:CustomModel",
        "pulumi_aws.bedrock",
        "CustomModelArgs",
        ("customModelKmsKeyId",),
    ),
    (
        "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime",
        "pulumi_aws.bedrock",
        "AgentcoreAgentRuntimeArgs",
        ("networkConfiguration", "networkMode"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "disablePublicIp"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "bootDisk", "diskEncryption"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "bootDisk", "kmsKey"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "dataDisks", "diskEncryption"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "dataDisks", "kmsKey"),
    ),
    ("gcp:workbench/instance:Instance", "pulumi_gcp.workbench", "InstanceArgs", ("gceSetup", "metadata")),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "shieldedInstanceConfig", "enableIntegrityMonitoring"),
    ),
    (
        "gcp:workbench/instance:Instance",
        "pulumi_gcp.workbench",
        "InstanceArgs",
        ("gceSetup", "shieldedInstanceConfig", "enableVtpm"),
    ),
    *[
        (f"gcp:vertex/{m}:{c}", "pulumi_gcp.vertex", f"{c}Args", ("encryptionSpec", "kmsKeyName"))
        for m, c in (
            ("aiDataset", "AiDataset"),
            ("aiEndpoint", "AiEndpoint"),
            ("aiFeatureStore", "AiFeatureStore"),
            ("aiFeatureOnlineStore", "AiFeatureOnlineStore"),
            ("aiIndex", "AiIndex"),
            ("aiIndexEndpoint", "AiIndexEndpoint"),
            ("aiMetadataStore", "AiMetadataStore"),
            ("aiTensorboard", "AiTensorboard"),
            ("aiReasoningEngine", "AiReasoningEngine"),
        )
    ],
    ("gcp:vertex/aiEndpoint:AiEndpoint", "pulumi_gcp.vertex", "AiEndpointArgs", ("network",)),
    (
        "gcp:vertex/aiEndpoint:AiEndpoint",
        "pulumi_gcp.vertex",
        "AiEndpointArgs",
        ("privateServiceConnectConfig", "enablePrivateServiceConnect"),
    ),
    (
        "gcp:vertex/aiIndexEndpoint:AiIndexEndpoint",
        "pulumi_gcp.vertex",
        "AiIndexEndpointArgs",
        ("publicEndpointEnabled",),
    ),
    (
        "gcp:colab/runtimeTemplate:RuntimeTemplate",
        "pulumi_gcp.colab",
        "RuntimeTemplateArgs",
        ("networkSpec", "enableInternetAccess"),
    ),
    (
        "gcp:colab/runtimeTemplate:RuntimeTemplate",
        "pulumi_gcp.colab",
        "RuntimeTemplateArgs",
        ("encryptionSpec", "kmsKeyName"),
    ),
]


def _properties(cls: type) -> dict[str, property]:
    """camelCase engine name -> property of a pulumi input type."""
    out = {}
    for member in vars(cls).values():
        if isinstance(member, property) and member.fget is not None:
            name = getattr(member.fget, "_pulumi_name", None)
            if name:
                out[name] = member
    return out


def _nested(module: str, prop: property) -> type | None:
    """The ``...Args`` input type a property holds (alone or in a list), from its annotation."""
    text = str(inspect.signature(prop.fget).return_annotation)
    match = re.search(r"'(\w+Args)'", text) or re.search(r"\.(\w+Args)\b", text)
    if not match:
        return None
    inputs = importlib.import_module(f"{module}._inputs")
    return getattr(inputs, match.group(1), None)


def _token_defined(module: str, token: str) -> bool:
    """True when a resource module of ``module`` registers ``token`` (its source names it)."""
    package = importlib.import_module(module)
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_") and f"'{token}'" in inspect.getsource(
            importlib.import_module(f"{module}.{info.name}")
        ):
            return True
    return False


@pytest.mark.parametrize(
    ("token", "module", "args", "path"), PATHS, ids=[f"{t}:{'.'.join(p)}" for t, _, _, p in PATHS]
)
def test_property_path_exists_in_the_pinned_sdk(
    token: str, module: str, args: str, path: tuple[str, ...]
) -> None:
    cls: type | None = getattr(importlib.import_module(module), args)
    for depth, key in enumerate(path):
        assert cls is not None, f"{token}: {'.'.join(path[:depth])} is not an object type"
        props = _properties(cls)
        assert key in props, f"{token}: {cls.__name__} has no {key!r} (has {sorted(props)})"
        cls = _nested(module, props[key]) if depth < len(path) - 1 else None


@pytest.mark.parametrize("token", sorted({t for t, *_ in PATHS if not t.startswith("aws:iam/")}))
def test_type_token_registered_by_the_pinned_sdk(token: str) -> None:
    module = (
        {"aws": "pulumi_aws", "gcp": "pulumi_gcp"}[token.split(":")[0]]
        + "."
        + token.split(":")[1].split("/")[0]
    )
    assert _token_defined(module, token), f"{token} is registered by no resource of {module}"


def test_every_ai_rule_type_is_covered() -> None:
    covered = {t for t, *_ in PATHS}
    for rule in all_rules():
        if rule.domain == "AI":
            missing = [t for t in rule.types if t not in covered and not t.startswith("aws:iam/")]
            assert not missing, (rule.id, missing)


def test_hyperpod_is_absent_from_the_pinned_sdk() -> None:
    """No rule judges SageMaker HyperPod clusters because pulumi-aws 7.51 has no such resource."""
    sagemaker = importlib.import_module("pulumi_aws.sagemaker")
    assert not [n for n in dir(sagemaker) if n.lower() in ("cluster", "hyperpodcluster")]


def test_instance_store_families_have_local_storage() -> None:
    """Every default ``instanceStoreFamilies`` entry is an EC2 family with local instance storage
    (DescribeInstanceTypes ``InstanceStorageInfo`` in moto's recorded copy)."""
    import gzip
    import json
    from pathlib import Path

    from aiinfra.policies.rules.ai_aws import INSTANCE_STORE_FAMILIES

    moto = pytest.importorskip("moto")
    with gzip.open(Path(moto.__file__).parent / "ec2" / "resources" / "instance_types.json.gz", "rt") as fh:
        dit = json.load(fh)
    for family in INSTANCE_STORE_FAMILIES:
        types = [r for t, r in dit.items() if t.split(".")[0] == family.removeprefix("ml.")]
        assert types, f"{family}: no such EC2 family"
        assert all(r.get("InstanceStorageInfo") for r in types), f"{family}: a type without instance storage"
