"""AIP-AI-001..025: Amazon SageMaker AI and Amazon Bedrock.

Type tokens and property names are those of pulumi-aws 7.51.1 (``pulumi_aws/sagemaker``,
``pulumi_aws/bedrock``, ``pulumi_aws/bedrockmodel`` input types, read 2026-12-07). pulumi-aws 7.51.1
has no SageMaker HyperPod cluster resource, so no rule judges one.

Peer checks are Checkov 3.3.13 (tag 3.3.13, commit 0604e97b, 2026-08-20):
``checkov/terraform/checks/resource/aws/Sage*.py``, ``BedrockAgentEncrypted.py`` and
``graph_checks/aws/SageMakerIAMPolicyOverlyPermissiveToAllTraffic.yaml``, read for the id and the
attribute each inspects; Prowler 5.39.1 (tag 5.39.1, commit 40ecbd03, 2026-08-18) check names from
``prowler/providers/aws/services/{sagemaker,bedrock}``, and AWS Security Hub (Foundational Security
Best Practices) control ids as Prowler maps them in
``prowler/compliance/aws/aws_foundational_security_best_practices_aws.json`` at the same tag.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from ..access import as_list, get, is_false, is_true, strings
from ..documents import PolicyParseError, parse_policy
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    IAM_GROUP_POLICY,
    IAM_GROUP_POLICY_ATTACHMENT,
    IAM_POLICY_ATTACHMENT,
    IAM_ROLE,
    IAM_ROLE_ATTACHMENTS_EXCLUSIVE,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_USER_POLICY,
    IAM_USER_POLICY_ATTACHMENT,
    key_reference_ok,
)

NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance"
DOMAIN = "aws:sagemaker/domain:Domain"
ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
TRAINING_JOB = "aws:sagemaker/trainingJob:TrainingJob"
MODEL = "aws:sagemaker/model:Model"
FEATURE_GROUP = "aws:sagemaker/featureGroup:FeatureGroup"

GUARDRAIL = "aws:bedrock/guardrail:Guardrail"
AGENT = "aws:bedrock/agentAgent:AgentAgent"
AGENT_MEMORY = "aws:bedrock/agentcoreMemory:AgentcoreMemory"
AGENT_PROMPT = "aws:bedrock/agentPrompt:AgentPrompt"
AGENT_FLOW = "aws:bedrock/agentFlow:AgentFlow"
DATA_SOURCE = "aws:bedrock/agentDataSource:AgentDataSource"
CUSTOM_MODEL = "aws:bedrock/customModel:CustomModel"
AGENT_RUNTIME = "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime"
INVOCATION_LOGGING = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"

INSTANCE_STORE_FAMILIES = (
    "ml.c5d",
    "ml.m5d",
    "ml.r5d",
    "ml.c6id",
    "ml.m6id",
    "ml.r6id",
    "ml.g4dn",
    "ml.g5",
    "ml.g6",
    "ml.g6e",
    "ml.p3dn",
    "ml.p4d",
    "ml.p4de",
    "ml.p5",
    "ml.p5e",
    "ml.p5en",
    "ml.p6-b200",
    "ml.p6-b300",
    "ml.trn1",
    "ml.trn1n",
    "ml.trn2",
)
"""SageMaker instance families with local NVMe instance storage. The SageMaker API rejects a
``KmsKeyId`` (CreateEndpointConfig: "If any of the models ... use nitro-based instances with local
storage, do not specify a value for the KmsKeyId parameter") and a ``VolumeKmsKeyId``
(ResourceConfig) for them: their local volumes are encrypted by a hardware module on the instance
(AWS SDK API reference, docs.aws.amazon.com/sdk-for-kotlin/api/latest/sagemaker/...
-create-endpoint-config-request/kms-key-id.html and .../-resource-config/volume-kms-key-id.html,
read 2026-12-07). That each EC2 family has local instance storage is DescribeInstanceTypes data
(``InstanceStorageInfo``, checked against moto 5.2.5's copy by tests/policies/test_ai_sdk_names.py).
Serverless variants are exempt too (no volume to key; unverified). Tunable."""

FULL_ACCESS_POLICIES = ("AmazonSageMakerFullAccess", "AmazonBedrockFullAccess")
INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")


def _value(res: Res, *path: str, default: str) -> str:
    value = get(res.props, *path)
    return default if value is None else str(value)


def _uses_instance_store(instance_type: Any, families: list[str]) -> bool:
    if not isinstance(instance_type, str):
        return False
    family = instance_type.lower().rsplit(".", 1)[0]
    return family in families


# ---------------------------------------------------------------- SageMaker notebook instances
@rule(
    "AIP-AI-001",
    "sagemaker-notebook-no-direct-internet",
    title="SageMaker notebook instances have no direct internet access",
    severity="high",
    enforcement="mandatory",
    types=(NOTEBOOK,),
    description="Every SageMaker notebook instance sets directInternetAccess to Disabled (the API default is Enabled) and so runs in a subnet of the program's VPC.",
    rationale="A notebook with direct internet access holds an execution role and the data it reads; anyone who runs code in it can send both anywhere, outside the VPC's egress controls and flow logs.",
    remediation="Set direct_internet_access='Disabled' with subnet_id and security_groups; reach package mirrors and AWS APIs through VPC endpoints or a NAT gateway with egress filtering.",
    unknown="An unknown directInternetAccess gives an unknown verdict.",
    equivalents=("An absent directInternetAccess is the API default Enabled.",),
    peers=(
        "Checkov CKV_AWS_122",
        "Checkov CKV_AWS_306",
        "Prowler sagemaker_notebook_instance_without_direct_internet_access_configured",
        "AWS Security Hub SageMaker.1",
    ),
)
def ai_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    value = _value(res, "directInternetAccess", default="Enabled")
    if value != "Disabled":
        yield f"notebook instance {res.name} has directInternetAccess {value!r}; set 'Disabled' and place it in a VPC subnet."


@rule(
    "AIP-AI-002",
    "sagemaker-notebook-no-root",
    title="SageMaker notebook instance users have no root access",
    severity="high",
    enforcement="mandatory",
    types=(NOTEBOOK,),
    description="Every SageMaker notebook instance sets rootAccess to Disabled (the API default is Enabled).",
    rationale="Root on the notebook lets a user change the instance's software, read every user's files and the lifecycle configuration, and tamper with what the execution role does.",
    remediation="Set root_access='Disabled'; install system packages through a lifecycle configuration (which still runs as root).",
    unknown="An unknown rootAccess gives an unknown verdict.",
    equivalents=("An absent rootAccess is the API default Enabled.",),
    peers=(
        "Checkov CKV_AWS_307",
        "Prowler sagemaker_notebook_instance_root_access_disabled",
        "AWS Security Hub SageMaker.3",
    ),
)
def ai_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    value = _value(res, "rootAccess", default="Enabled")
    if value != "Disabled":
        yield f"notebook instance {res.name} has rootAccess {value!r}; set 'Disabled'."


@rule(
    "AIP-AI-003",
    "sagemaker-notebook-cmk",
    title="SageMaker notebook instance volumes use a customer-managed KMS key",
    severity="medium",
    enforcement="mandatory",
    types=(NOTEBOOK,),
    description="Every SageMaker notebook instance sets kmsKeyId, so its ML storage volume is encrypted with a customer-managed key.",
    rationale="Notebook volumes hold samples of training data, credentials cached by users and model checkpoints; a customer-managed key makes every read auditable and revocable.",
    remediation="Set kms_key_id to a customer-managed aws.kms.Key with rotation enabled.",
    unknown="A kmsKeyId computed from another resource (a key created in the same program) counts as set.",
    equivalents=("An empty or whitespace kmsKeyId is the same as none.",),
    peers=(
        "Checkov CKV_AWS_22",
        "Checkov CKV_AWS_187",
        "Prowler sagemaker_notebook_instance_encryption_enabled",
    ),
)
def ai_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyId"):
        yield f"notebook instance {res.name} has no kmsKeyId: its volume uses an AWS-owned key."


@rule(
    "AIP-AI-004",
    "sagemaker-notebook-imdsv2",
    title="SageMaker notebook instances allow only IMDSv2",
    severity="high",
    enforcement="mandatory",
    types=(NOTEBOOK,),
    description="Every SageMaker notebook instance sets instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion to 2.",
    rationale="IMDSv1 answers any request that reaches it, so a server-side request forgery in a notebook extension hands out the execution role's credentials.",
    remediation="Set instance_metadata_service_configuration={'minimum_instance_metadata_service_version': '2'}.",
    unknown="An unknown configuration gives an unknown verdict.",
    equivalents=("The version as the string '2' or the number 2 is the same; absent means IMDSv1 allowed.",),
    peers=("Checkov CKV_AWS_371",),
)
def ai_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    version = get(res.props, "instanceMetadataServiceConfiguration", "minimumInstanceMetadataServiceVersion")
    if str(version).strip().removesuffix(".0") != "2":
        shown = "not set" if version is None else repr(version)
        yield f"notebook instance {res.name}: minimumInstanceMetadataServiceVersion is {shown}; require '2'."


# ---------------------------------------------------------------- SageMaker domains (Studio)
@rule(
    "AIP-AI-005",
    "sagemaker-domain-vpc-only",
    title="SageMaker domains send Studio traffic through the VPC only",
    severity="high",
    enforcement="mandatory",
    types=(DOMAIN,),
    description="Every SageMaker domain sets appNetworkAccessType to VpcOnly (the default PublicInternetOnly gives every Studio app direct internet access through a SageMaker-managed VPC).",
    rationale="With PublicInternetOnly, notebooks and apps in the domain reach the internet outside the program's VPC, security groups and flow logs; the execution roles and mounted EFS data go with them.",
    remediation="Set app_network_access_type='VpcOnly' with subnet_ids and security groups in default_user_settings; give the subnets VPC endpoints (SageMaker API, runtime, STS, S3) or a filtered NAT.",
    unknown="An unknown appNetworkAccessType gives an unknown verdict.",
    equivalents=("An absent appNetworkAccessType is the API default PublicInternetOnly.",),
    peers=(
        "AWS SageMaker AI docs: Connect Studio notebooks in a VPC to external resources",
        "AWS Security Hub SageMaker.1 (the notebook-instance analogue)",
    ),
)
def ai_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    value = _value(res, "appNetworkAccessType", default="PublicInternetOnly")
    if value != "VpcOnly":
        yield f"domain {res.name} has appNetworkAccessType {value!r}; set 'VpcOnly'."


@rule(
    "AIP-AI-006",
    "sagemaker-domain-cmk",
    title="SageMaker domains encrypt their EFS home volume with a customer-managed KMS key",
    severity="medium",
    enforcement="mandatory",
    types=(DOMAIN,),
    description="Every SageMaker domain sets kmsKeyId, the key of the EFS volume that holds every user's home directory.",
    rationale="The domain's EFS volume holds every Studio user's notebooks, data samples and credentials files; a customer-managed key makes access auditable and revocable.",
    remediation="Set kms_key_id to a customer-managed aws.kms.Key.",
    unknown="A kmsKeyId computed from another resource counts as set.",
    equivalents=("An empty or whitespace kmsKeyId is the same as none.",),
    peers=("Checkov CKV_AWS_187",),
)
def ai_006(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyId"):
        yield f"domain {res.name} has no kmsKeyId: its EFS home volume uses an AWS-managed key."


# ---------------------------------------------------------------- SageMaker endpoints, models, training
LOCAL_STORE_CONFIG = {
    "instanceStoreFamilies": string_list(
        INSTANCE_STORE_FAMILIES,
        "SageMaker instance families with local instance storage, for which the API rejects a volume KMS key (hardware-encrypted).",
    )
}


@rule(
    "AIP-AI-007",
    "sagemaker-endpoint-config-cmk",
    title="SageMaker endpoint configurations encrypt their storage and captured data with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(ENDPOINT_CONFIG,),
    description="Every SageMaker endpoint configuration sets kmsKeyArn, unless a production variant is serverless or runs on an instance family with local instance storage (the API then rejects a key; the local volumes are hardware-encrypted); enabled data capture sets dataCaptureConfig.kmsKeyId.",
    rationale="Endpoint volumes hold the model weights; captured requests and responses are production inference data, often personal data.",
    remediation="Set kms_key_arn (and data_capture_config.kms_key_id) to a customer-managed aws.kms.Key.",
    unknown="A key computed from another resource counts as set; unknown production variants give an unknown verdict.",
    config=LOCAL_STORE_CONFIG,
    equivalents=(
        "Instance types are matched case-insensitively by family (ml.g5.2xlarge and ML.G5.12XLARGE are family ml.g5).",
        "Data capture is enabled unless enableCapture is false or the string 'false'.",
    ),
    peers=("Checkov CKV_AWS_98", "Prowler sagemaker_endpoint_config_kms_encryption_enabled"),
)
def ai_007(res: Res, ctx: RuleContext) -> Iterator[str]:
    families = ctx.words("instanceStoreFamilies")
    variants = as_list(get(res.props, "productionVariants")) + as_list(
        get(res.props, "shadowProductionVariants")
    )
    exempt = [
        str(get(v, "instanceType") or "serverless")
        for v in variants
        if get(v, "serverlessConfig") is not None or _uses_instance_store(get(v, "instanceType"), families)
    ]
    if not exempt and not key_reference_ok(res, "kmsKeyArn"):
        yield f"endpoint configuration {res.name} has no kmsKeyArn: its ML storage volumes use an AWS-managed key."
    capture = get(res.props, "dataCaptureConfig")
    capturing = capture is not None and not is_false(get(capture, "enableCapture"))
    if capturing and not key_reference_ok(res, "dataCaptureConfig", "kmsKeyId"):
        yield f"endpoint configuration {res.name} captures inference data without dataCaptureConfig.kmsKeyId."


@rule(
    "AIP-AI-008",
    "sagemaker-model-isolated",
    title="SageMaker models run network-isolated or inside a VPC",
    severity="medium",
    enforcement="mandatory",
    types=(MODEL,),
    description="Every SageMaker model sets enableNetworkIsolation to true or gives vpcConfig subnets, so its inference containers cannot reach the internet freely.",
    rationale="An inference container serves requests with the model's execution role; without isolation a compromised or malicious model image can send the requests, the weights or the role's credentials anywhere.",
    remediation="Set enable_network_isolation=True (the model artefacts are then fetched by SageMaker, not the container), or vpc_config with private subnets and restrictive security groups.",
    unknown="Unknown enableNetworkIsolation or vpcConfig give an unknown verdict.",
    equivalents=("enableNetworkIsolation true and the string 'true' are the same.",),
    peers=(
        "Checkov CKV_AWS_370",
        "Prowler sagemaker_models_network_isolation_enabled",
        "Prowler sagemaker_models_vpc_settings_configured",
        "AWS Security Hub SageMaker.5",
    ),
)
def ai_008(res: Res, ctx: RuleContext) -> Iterator[str]:
    if is_true(get(res.props, "enableNetworkIsolation")):
        return
    if strings(get(res.props, "vpcConfig", "subnets")):
        return
    yield f"model {res.name} has neither enableNetworkIsolation nor vpcConfig subnets."


@rule(
    "AIP-AI-009",
    "sagemaker-training-isolated",
    title="SageMaker training jobs run network-isolated or inside a VPC",
    severity="medium",
    enforcement="mandatory",
    types=(TRAINING_JOB,),
    description="Every SageMaker training job sets enableNetworkIsolation to true or gives vpcConfig subnets.",
    rationale="A training container reads the whole training set with the job's role; without isolation any dependency it runs can exfiltrate the data or the resulting weights.",
    remediation="Set enable_network_isolation=True, or vpc_config with private subnets and VPC endpoints for S3.",
    unknown="Unknown enableNetworkIsolation or vpcConfig give an unknown verdict.",
    equivalents=("enableNetworkIsolation true and the string 'true' are the same.",),
    peers=(
        "Prowler sagemaker_training_jobs_network_isolation_enabled",
        "Prowler sagemaker_training_jobs_vpc_settings_configured",
    ),
)
def ai_009(res: Res, ctx: RuleContext) -> Iterator[str]:
    if is_true(get(res.props, "enableNetworkIsolation")):
        return
    if strings(get(res.props, "vpcConfig", "subnets")):
        return
    yield f"training job {res.name} has neither enableNetworkIsolation nor vpcConfig subnets."


def _training_types(res: Res) -> list[Any]:
    config = get(res.props, "resourceConfig")
    types = [get(config, "instanceType")]
    types += [get(g, "instanceType") for g in as_list(get(config, "instanceGroups"))]
    return [t for t in types if t is not None]


@rule(
    "AIP-AI-010",
    "sagemaker-training-cmk",
    title="SageMaker training jobs encrypt their output and volumes with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(TRAINING_JOB,),
    description="Every SageMaker training job sets outputDataConfig.kmsKeyId (the model artefacts) and resourceConfig.volumeKmsKeyId, unless its instances have local instance storage (the API then rejects a volume key).",
    rationale="The output is the trained model, derived from the training data; the volumes hold the data while training runs.",
    remediation="Set output_data_config.kms_key_id and resource_config.volume_kms_key_id to a customer-managed aws.kms.Key.",
    unknown="Keys computed from another resource count as set.",
    config=LOCAL_STORE_CONFIG,
    equivalents=("Instance types are matched case-insensitively by family.",),
    peers=("Prowler sagemaker_training_jobs_volume_and_output_encryption_enabled",),
)
def ai_010(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "outputDataConfig", "kmsKeyId"):
        yield f"training job {res.name} has no outputDataConfig.kmsKeyId: the model artefacts use SSE-S3."
    families = ctx.words("instanceStoreFamilies")
    local = any(_uses_instance_store(t, families) for t in _training_types(res))
    if not local and not key_reference_ok(res, "resourceConfig", "volumeKmsKeyId"):
        yield f"training job {res.name} has no resourceConfig.volumeKmsKeyId."


@rule(
    "AIP-AI-011",
    "sagemaker-training-inter-container-encryption",
    title="Distributed SageMaker training jobs encrypt traffic between their instances",
    severity="low",
    enforcement="advisory",
    types=(TRAINING_JOB,),
    description="A SageMaker training job with more than one instance sets enableInterContainerTrafficEncryption to true.",
    rationale="Distributed training exchanges gradients and parameters between instances; encryption keeps them private inside a shared VPC, at a cost in training time (advisory).",
    remediation="Set enable_inter_container_traffic_encryption=True for multi-instance jobs.",
    unknown="An unknown instance count or flag gives an unknown verdict.",
    equivalents=("true and the string 'true' are the same.",),
    peers=(
        "Prowler sagemaker_training_jobs_intercontainer_encryption_enabled",
        "Checkov CKV_AWS_369 (the same setting on data-quality jobs)",
    ),
)
def ai_011(res: Res, ctx: RuleContext) -> Iterator[str]:
    config = get(res.props, "resourceConfig")
    counts = [get(config, "instanceCount")] + [
        get(g, "instanceCount") for g in as_list(get(config, "instanceGroups"))
    ]
    total = sum(float(c) for c in counts if isinstance(c, (int, float)) and not isinstance(c, bool))
    if total > 1 and not is_true(get(res.props, "enableInterContainerTrafficEncryption")):
        yield f"training job {res.name} runs {total:g} instances without enableInterContainerTrafficEncryption."


@rule(
    "AIP-AI-012",
    "sagemaker-feature-group-cmk",
    title="SageMaker feature groups encrypt their stores with a customer-managed key",
    severity="medium",
    enforcement="advisory",
    types=(FEATURE_GROUP,),
    description="A SageMaker feature group with an online store sets onlineStoreConfig.securityConfig.kmsKeyId, and one with an offline store sets offlineStoreConfig.s3StorageConfig.kmsKeyId.",
    rationale="Feature stores hold curated training and inference features, often derived from personal data; no peer scanner checks this yet, so it is advisory.",
    remediation="Set online_store_config.security_config.kms_key_id and offline_store_config.s3_storage_config.kms_key_id to a customer-managed key.",
    unknown="Keys computed from another resource count as set.",
    equivalents=("enableOnlineStore true and the string 'true' are the same.",),
    peers=("none in Checkov 3.3.13",),
)
def ai_012(res: Res, ctx: RuleContext) -> Iterator[str]:
    online = is_true(get(res.props, "onlineStoreConfig", "enableOnlineStore"))
    if online and not key_reference_ok(res, "onlineStoreConfig", "securityConfig", "kmsKeyId"):
        yield f"feature group {res.name}: the online store has no securityConfig.kmsKeyId."
    offline = get(res.props, "offlineStoreConfig") is not None
    if offline and not key_reference_ok(res, "offlineStoreConfig", "s3StorageConfig", "kmsKeyId"):
        yield f"feature group {res.name}: the offline store has no s3StorageConfig.kmsKeyId."


POLICY_ATTACHMENTS = (
    IAM_ROLE,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_USER_POLICY_ATTACHMENT,
    IAM_GROUP_POLICY_ATTACHMENT,
    IAM_POLICY_ATTACHMENT,
    IAM_ROLE_ATTACHMENTS_EXCLUSIVE,
)


def _attached_arns(res: Res) -> list[str]:
    if res.type == IAM_ROLE:
        return strings(get(res.props, "managedPolicyArns"))
    if res.type == IAM_ROLE_ATTACHMENTS_EXCLUSIVE:
        return strings(get(res.props, "policyArns"))
    return strings(get(res.props, "policyArn"))


@rule(
    "AIP-AI-013",
    "ai-service-no-full-access",
    title="No principal gets the AmazonSageMakerFullAccess or AmazonBedrockFullAccess managed policy",
    severity="high",
    enforcement="mandatory",
    types=POLICY_ATTACHMENTS,
    description="No role, user or group is attached the AWS managed policies AmazonSageMakerFullAccess (all SageMaker actions on every resource, plus broad S3, ECR, CloudWatch and iam:PassRole grants) or AmazonBedrockFullAccess (every Bedrock action, including model access and agent changes); 'sagemaker:*' or 'bedrock:*' on Resource '*' in a policy document is reported by AIP-IAM-001.",
    rationale="SageMaker execution roles and Bedrock agent roles run user notebooks, third-party containers and model-chosen tool calls; full access lets that code create endpoints, read every model, change guardrails and pass roles to new jobs.",
    remediation="Grant the role the specific SageMaker or Bedrock actions and resource ARNs it needs (or AWS's job-specific managed policies), with iam:PassRole scoped to its own role.",
    unknown="An unknown policy ARN gives an unknown verdict.",
    config={"fullAccessPolicies": string_list(FULL_ACCESS_POLICIES)},
    equivalents=(
        "The managed policy ARN is matched in any partition (arn:aws, arn:aws-us-gov, arn:aws-cn).",
    ),
    peers=(
        "Prowler bedrock_full_access_policy_attached",
        "Checkov CKV2_AWS_68",
        "Checkov CKV_AWS_274 (AdministratorAccess analogue)",
    ),
)
def ai_013(res: Res, ctx: RuleContext) -> Iterator[str]:
    names = [str(n) for n in ctx.config["fullAccessPolicies"]]
    for arn in _attached_arns(res):
        if arn.startswith("arn:") and ":iam::aws:policy/" in arn and arn.rsplit("/", 1)[-1] in names:
            yield f"{res.name} attaches the AWS managed policy {arn.rsplit('/', 1)[-1]} ({arn})."


# ---------------------------------------------------------------- Bedrock
BEDROCK_PREFIXES = ("aws:bedrock/", "aws:bedrockmodel/invocationJob:")


@rule(
    "AIP-AI-020",
    "bedrock-invocation-logging",
    title="Programs that use Bedrock configure model invocation logging",
    severity="medium",
    enforcement="advisory",
    types=(INVOCATION_LOGGING,),
    stack=True,
    description="A program that declares Bedrock resources (aws:bedrock/*, Bedrock batch inference jobs) also declares an InvocationLoggingConfiguration that delivers to S3 or CloudWatch Logs.",
    rationale="Model invocation logs are the only record of which prompts went to which model with which role; the setting is per account and region, so a platform stack may own it (advisory).",
    remediation="Add aws.bedrockmodel.InvocationLoggingConfiguration with logging_config.s3_config or cloudwatch_config (encrypted bucket or log group, retention per policy), or waive the rule where another stack owns the account's setting.",
    unknown="An unknown loggingConfig gives an unknown verdict.",
    equivalents=(
        "Delivery to S3 (s3Config.bucketName) and to CloudWatch (cloudwatchConfig.logGroupName) are both logging.",
    ),
    peers=("Prowler bedrock_model_invocation_logging_enabled",),
)
def ai_020(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    # sorted, so the finding lands on the same resource whatever order the engine recorded them in
    users = sorted((r for r in stack.resources if r.type.startswith(BEDROCK_PREFIXES)), key=lambda r: r.urn)
    if not users:
        return
    configs = stack.of(INVOCATION_LOGGING)
    for cfg in configs:
        if get(cfg.props, "loggingConfig", "s3Config", "bucketName") or get(
            cfg.props, "loggingConfig", "cloudwatchConfig", "logGroupName"
        ):
            return
    if configs:
        yield (
            configs[0].urn,
            f"invocation logging {configs[0].name} delivers to neither S3 nor CloudWatch Logs.",
        )
    else:
        yield (
            users[0].urn,
            (
                f"the program uses Bedrock ({len(users)} resources, first {users[0].name}) but configures no "
                "model invocation logging (aws.bedrockmodel.InvocationLoggingConfiguration)."
            ),
        )


@rule(
    "AIP-AI-021",
    "bedrock-guardrail-cmk",
    title="Bedrock guardrails use a customer-managed KMS key",
    severity="low",
    enforcement="advisory",
    types=(GUARDRAIL,),
    description="Every Bedrock guardrail sets kmsKeyArn.",
    rationale="A guardrail's denied topics, word lists and PII patterns describe what the organisation protects; a customer-managed key keeps them under its control (advisory: no peer check).",
    remediation="Set kms_key_arn to a customer-managed aws.kms.Key.",
    unknown="A key computed from another resource counts as set.",
    equivalents=("An empty or whitespace kmsKeyArn is the same as none.",),
    peers=("none in Checkov 3.3.13",),
)
def ai_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyArn"):
        yield f"guardrail {res.name} has no kmsKeyArn."


@rule(
    "AIP-AI-022",
    "bedrock-agent-cmk",
    title="Bedrock agents, prompts, flows and AgentCore memories use a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(AGENT, AGENT_PROMPT, AGENT_FLOW, AGENT_MEMORY),
    description="Every Bedrock agent, prompt and flow sets customerEncryptionKeyArn and every AgentCore memory sets encryptionKeyArn.",
    rationale="Agents and their memories keep users' conversations and the tool results they saw; prompts and flows hold the instructions and business logic; a customer-managed key makes them auditable and revocable.",
    remediation="Set customer_encryption_key_arn (agents, prompts, flows) or encryption_key_arn (AgentCore memory) to a customer-managed aws.kms.Key.",
    unknown="A key computed from another resource counts as set.",
    equivalents=("An empty or whitespace key ARN is the same as none.",),
    peers=("Checkov CKV_AWS_373", "Prowler bedrock_prompt_encrypted_with_cmk"),
)
def ai_022(res: Res, ctx: RuleContext) -> Iterator[str]:
    prop = "encryptionKeyArn" if res.type == AGENT_MEMORY else "customerEncryptionKeyArn"
    if not key_reference_ok(res, prop):
        yield f"{res.type.rsplit(':', 1)[-1]} {res.name} has no {prop}."


@rule(
    "AIP-AI-023",
    "bedrock-data-source-cmk",
    title="Bedrock knowledge-base data sources encrypt ingestion data with a customer-managed key",
    severity="low",
    enforcement="advisory",
    types=(DATA_SOURCE,),
    description="Every Bedrock knowledge-base data source sets serverSideEncryptionConfiguration.kmsKeyArn (the key of the transient data while documents are ingested).",
    rationale="Ingestion copies the organisation's documents through Bedrock; the vector store's own encryption covers them at rest afterwards (advisory).",
    remediation="Set server_side_encryption_configuration.kms_key_arn to a customer-managed key; encrypt the vector store (OpenSearch Serverless, Aurora, S3 Vectors) with one too.",
    unknown="A key computed from another resource counts as set.",
    equivalents=("An empty or whitespace kmsKeyArn is the same as none.",),
    peers=("none in Checkov 3.3.13",),
)
def ai_023(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "serverSideEncryptionConfiguration", "kmsKeyArn"):
        yield f"data source {res.name} has no serverSideEncryptionConfiguration.kmsKeyArn."


@rule(
    "AIP-AI-024",
    "bedrock-custom-model-cmk",
    title="Bedrock custom models are encrypted with a customer-managed key",
    severity="medium",
    enforcement="advisory",
    types=(CUSTOM_MODEL,),
    description="Every Bedrock custom model (fine-tuning or continued pre-training job) sets customModelKmsKeyId.",
    rationale="A fine-tuned model is derived from the training data and can reproduce it; it deserves the same customer-managed key as the data (advisory: no peer scanner checks custom models, and AWS documents the customer key as an option).",
    remediation="Set custom_model_kms_key_id to a customer-managed aws.kms.Key that the job's role may use.",
    unknown="A key computed from another resource counts as set.",
    equivalents=("An empty or whitespace customModelKmsKeyId is the same as none.",),
    peers=("Checkov CKV_AWS_373 (the same key requirement on agents)",),
)
def ai_024(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "customModelKmsKeyId"):
        yield f"custom model {res.name} has no customModelKmsKeyId: its weights use an AWS-owned key."


def _broad_trust(res: Res) -> str | None:
    """Why a role's trust policy is broad (any principal, a whole account, Cognito identities), else None."""
    try:
        statements = parse_policy(get(res.props, "assumeRolePolicy")) or ()
    except PolicyParseError:
        return None
    for st in statements:
        if not st.allows:
            continue
        if st.public_principal and not st.restricted:
            return "any principal"
        for ident in st.principals.get("AWS", ()):
            if ident.endswith(":root") or ident.isdigit():
                return f"every principal of account {ident}"
        if "cognito-identity.amazonaws.com" in st.principals.get("Federated", ()):
            return "Cognito identity pool users"
    return None


def _invoke_on_all(value: Any) -> list[int]:
    try:
        statements = parse_policy(value) or ()
    except PolicyParseError:
        return []
    out = []
    for i, st in enumerate(statements):
        if not st.allows or not any(st.grants(a) for a in INVOKE_ACTIONS):
            continue
        if st.all_resources or any(
            fnmatch.fnmatchcase("arn:aws:bedrock:us-east-1::foundation-model/x", r) for r in st.resources
        ):
            out.append(i)
    return out


@rule(
    "AIP-AI-025",
    "bedrock-invoke-scoped",
    title="Broad principals may invoke only named Bedrock models",
    severity="medium",
    enforcement="advisory",
    types=(IAM_ROLE, IAM_USER_POLICY, IAM_GROUP_POLICY),
    description="No IAM user or group policy, and no inline policy of a role that any principal, a whole account or Cognito identities may assume, allows bedrock:InvokeModel or InvokeModelWithResponseStream on every model (Resource '*' or every foundation-model ARN).",
    rationale="Model invocations are billed per token and some models are not approved for the organisation's data; a broad principal with InvokeModel on '*' can run any model at any volume (advisory: AWS examples often grant '*').",
    remediation="List the foundation-model and inference-profile ARNs the workload uses in Resource; keep broad principals on a role with only those.",
    unknown="An unknown policy document gives an unknown verdict; unparseable documents are AIP-IAM-001's.",
    equivalents=(
        "A policy document is the same as JSON text or a mapping; actions match as IAM globs (bedrock:Invoke*, bedrock:*).",
        "Resource '*' and patterns matching every foundation model (arn:aws:bedrock:*::foundation-model/*) are the same.",
    ),
    peers=("none in Checkov 3.3.13",),
)
def ai_025(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == IAM_ROLE:
        who = _broad_trust(res)
        if who is None:
            return
        for n, inline in enumerate(as_list(get(res.props, "inlinePolicies"))):
            for i in _invoke_on_all(get(inline, "policy")):
                yield f"role {res.name} (assumable by {who}) inlinePolicies[{n}] statement {i} allows bedrock:InvokeModel on every model."
        return
    kind = "user" if res.type == IAM_USER_POLICY else "group"
    for i in _invoke_on_all(get(res.props, "policy")):
        yield f"{kind} policy {res.name} statement {i} allows bedrock:InvokeModel on every model."


@rule(
    "AIP-AI-026",
    "agentcore-runtime-vpc",
    title="Bedrock AgentCore runtimes run in VPC network mode",
    severity="medium",
    enforcement="advisory",
    types=(AGENT_RUNTIME,),
    description="Every AgentCore agent runtime sets networkConfiguration.networkMode to VPC rather than PUBLIC.",
    rationale="An agent runtime executes model-chosen tool calls with its role; in PUBLIC mode it reaches the internet outside the VPC's egress controls (advisory: AWS offers PUBLIC as a supported mode).",
    remediation="Set network_configuration={'network_mode': 'VPC', 'network_mode_config': {...subnets, security_groups}}.",
    unknown="An unknown network mode gives an unknown verdict.",
    equivalents=("Network modes are compared case-insensitively.",),
    peers=("none in Checkov 3.3.13",),
)
def ai_026(res: Res, ctx: RuleContext) -> Iterator[str]:
    mode = get(res.props, "networkConfiguration", "networkMode")
    if str(mode).upper() != "VPC":
        yield f"agent runtime {res.name} has networkMode {mode!r}; use 'VPC'."
