"""Pass, fail and unknown-value fixtures of the AIP-AI rules (SageMaker, Bedrock, Vertex AI,
Workbench, Colab Enterprise). Imported by ``policy_fixtures`` (merged into ``FIXTURES``).

Property names are those of the pinned pulumi-aws 7.51.1 / pulumi-gcp 10.2.0 input types.
"""

from __future__ import annotations

import json

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

NB = "aws:sagemaker/notebookInstance:NotebookInstance"
DOMAIN = "aws:sagemaker/domain:Domain"
EPC = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
TJ = "aws:sagemaker/trainingJob:TrainingJob"
MODEL = "aws:sagemaker/model:Model"
FG = "aws:sagemaker/featureGroup:FeatureGroup"
ROLE = "aws:iam/role:Role"
RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
USER_POLICY = "aws:iam/userPolicy:UserPolicy"
GUARDRAIL = "aws:bedrock/guardrail:Guardrail"
AGENT = "aws:bedrock/agentAgent:AgentAgent"
MEMORY = "aws:bedrock/agentcoreMemory:AgentcoreMemory"
DS = "aws:bedrock/agentDataSource:AgentDataSource"
CM = "aws:bedrock/customModel:CustomModel"
RUNTIME = "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime"
LOGGING = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"
WB = "gcp:workbench/instance:Instance"
DATASET = "gcp:vertex/aiDataset:AiDataset"
ENDPOINT = "gcp:vertex/aiEndpoint:AiEndpoint"
FSTORE = "gcp:vertex/aiFeatureStore:AiFeatureStore"
INDEX_EP = "gcp:vertex/aiIndexEndpoint:AiIndexEndpoint"
TEMPLATE = "gcp:colab/runtimeTemplate:RuntimeTemplate"

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
GKEY = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/vertex"
SAGEMAKER_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
ACCOUNT_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def invoke(resource: object = "*", action: object = "bedrock:InvokeModel") -> str:
    """A policy document allowing ``action`` on ``resource``."""
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    )


def nb(name: str = "nb", **inputs: object) -> Spec:
    """A notebook instance with ``inputs``."""
    return Spec(NB, name, {"instanceType": "ml.t3.medium", "roleArn": "arn:aws:iam::1:role/sm", **inputs})


def wb(name: str = "wb", **gce: object) -> Spec:
    """A Workbench instance with ``gce`` as its gceSetup."""
    return Spec(WB, name, {"location": "us-central1-a", "gceSetup": {"machineType": "e2-standard-4", **gce}})


CMEK_DISK = {"diskEncryption": "CMEK", "kmsKey": GKEY}
PRIVATE_NET = {"enableInternetAccess": False, "network": "projects/p/global/networks/ml"}

AI_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-AI-001": {
        P: Fixture([nb(directInternetAccess="Disabled", subnetId="subnet-1")]),
        F: Fixture([nb(), nb("explicit", directInternetAccess="Enabled")]),
        U: Fixture([nb(directInternetAccess=UNKNOWN)], expect=U),
    },
    "AIP-AI-002": {
        P: Fixture([nb(rootAccess="Disabled")]),
        F: Fixture([nb()]),
        U: Fixture([nb(rootAccess=UNKNOWN)], expect=U),
    },
    "AIP-AI-003": {
        P: Fixture([nb(kmsKeyId=KEY)]),
        F: Fixture([nb(kmsKeyId="")]),
        U: Fixture([nb(kmsKeyId=UNKNOWN)], expect=P),
    },
    "AIP-AI-004": {
        P: Fixture([nb(instanceMetadataServiceConfiguration={"minimumInstanceMetadataServiceVersion": "2"})]),
        F: Fixture([nb(instanceMetadataServiceConfiguration={"minimumInstanceMetadataServiceVersion": "1"})]),
        U: Fixture([nb(instanceMetadataServiceConfiguration=UNKNOWN)], expect=U),
    },
    "AIP-AI-005": {
        P: Fixture([Spec(DOMAIN, "studio", {"authMode": "IAM", "appNetworkAccessType": "VpcOnly"})]),
        F: Fixture([Spec(DOMAIN, "studio", {"authMode": "IAM"})]),
        U: Fixture([Spec(DOMAIN, "studio", {"appNetworkAccessType": UNKNOWN})], expect=U),
    },
    "AIP-AI-006": {
        P: Fixture([Spec(DOMAIN, "studio", {"kmsKeyId": KEY})]),
        F: Fixture([Spec(DOMAIN, "studio", {"authMode": "IAM"})]),
        U: Fixture([Spec(DOMAIN, "studio", {"kmsKeyId": UNKNOWN})], expect=P),
    },
    "AIP-AI-007": {
        P: Fixture(
            [
                Spec(
                    EPC, "cpu", {"kmsKeyArn": KEY, "productionVariants": [{"instanceType": "ml.m5.xlarge"}]}
                ),
                # ml.g5 has local NVMe storage: the API rejects a KMS key, the volume is hardware-encrypted
                Spec(EPC, "gpu", {"productionVariants": [{"instanceType": "ml.g5.2xlarge"}]}),
                Spec(
                    EPC, "serverless", {"productionVariants": [{"serverlessConfig": {"maxConcurrency": 5}}]}
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(EPC, "cpu", {"productionVariants": [{"instanceType": "ml.m5.xlarge"}]}),
                Spec(
                    EPC,
                    "capture",
                    {
                        "kmsKeyArn": KEY,
                        "productionVariants": [{"instanceType": "ml.m5.xlarge"}],
                        "dataCaptureConfig": {"destinationS3Uri": "s3://c/", "initialSamplingPercentage": 10},
                    },
                ),
            ]
        ),
        U: Fixture([Spec(EPC, "cpu", {"productionVariants": UNKNOWN})], expect=U),
    },
    "AIP-AI-008": {
        P: Fixture(
            [
                Spec(MODEL, "isolated", {"enableNetworkIsolation": True}),
                Spec(MODEL, "vpc", {"vpcConfig": {"subnets": ["subnet-1"], "securityGroupIds": ["sg-1"]}}),
            ]
        ),
        F: Fixture([Spec(MODEL, "open", {"primaryContainer": {"image": "x"}})]),
        U: Fixture([Spec(MODEL, "open", {"enableNetworkIsolation": UNKNOWN})], expect=U),
    },
    "AIP-AI-009": {
        P: Fixture([Spec(TJ, "train", {"enableNetworkIsolation": True})]),
        F: Fixture([Spec(TJ, "train", {"enableNetworkIsolation": False})]),
        U: Fixture([Spec(TJ, "train", {"vpcConfig": UNKNOWN})], expect=U),
    },
    "AIP-AI-010": {
        P: Fixture(
            [
                Spec(
                    TJ,
                    "train",
                    {
                        "outputDataConfig": {"s3OutputPath": "s3://o/", "kmsKeyId": KEY},
                        "resourceConfig": {"instanceType": "ml.m5.xlarge", "volumeKmsKeyId": KEY},
                    },
                ),
                Spec(
                    TJ,
                    "gpu",
                    {
                        "outputDataConfig": {"s3OutputPath": "s3://o/", "kmsKeyId": KEY},
                        "resourceConfig": {"instanceType": "ml.p4d.24xlarge", "instanceCount": 2},
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    TJ,
                    "train",
                    {
                        "outputDataConfig": {"s3OutputPath": "s3://o/"},
                        "resourceConfig": {"instanceType": "ml.m5.xlarge"},
                    },
                )
            ]
        ),
        U: Fixture(
            [Spec(TJ, "train", {"outputDataConfig": {"kmsKeyId": UNKNOWN}, "resourceConfig": UNKNOWN})],
            expect=U,
        ),
    },
    "AIP-AI-011": {
        P: Fixture(
            [
                Spec(
                    TJ,
                    "dist",
                    {"resourceConfig": {"instanceCount": 4}, "enableInterContainerTrafficEncryption": True},
                ),
                Spec(TJ, "single", {"resourceConfig": {"instanceCount": 1}}),
            ]
        ),
        F: Fixture([Spec(TJ, "dist", {"resourceConfig": {"instanceCount": 4}})]),
        U: Fixture([Spec(TJ, "dist", {"resourceConfig": {"instanceCount": UNKNOWN}})], expect=U),
    },
    "AIP-AI-012": {
        P: Fixture(
            [
                Spec(
                    FG,
                    "features",
                    {
                        "onlineStoreConfig": {"enableOnlineStore": True, "securityConfig": {"kmsKeyId": KEY}},
                        "offlineStoreConfig": {"s3StorageConfig": {"s3Uri": "s3://f/", "kmsKeyId": KEY}},
                    },
                )
            ]
        ),
        F: Fixture(
            [
                Spec(
                    FG,
                    "features",
                    {
                        "onlineStoreConfig": {"enableOnlineStore": True},
                        "offlineStoreConfig": {"s3StorageConfig": {"s3Uri": "s3://f/"}},
                    },
                )
            ]
        ),
        U: Fixture([Spec(FG, "features", {"onlineStoreConfig": UNKNOWN})], expect=U),
    },
    "AIP-AI-013": {
        P: Fixture(
            [
                Spec(
                    ROLE,
                    "exec",
                    {
                        "assumeRolePolicy": SAGEMAKER_TRUST,
                        "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"],
                    },
                ),
                Spec(
                    RPA,
                    "canvas",
                    {"role": "exec", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"},
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    ROLE,
                    "exec",
                    {
                        "assumeRolePolicy": SAGEMAKER_TRUST,
                        "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
                    },
                ),
                Spec(
                    RPA,
                    "full",
                    {"role": "exec", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"},
                ),
            ]
        ),
        U: Fixture([Spec(RPA, "full", {"role": "exec", "policyArn": UNKNOWN})], expect=U),
    },
    "AIP-AI-020": {
        P: Fixture(
            [
                Spec(GUARDRAIL, "g", {"name": "g"}),
                Spec(LOGGING, "log", {"loggingConfig": {"s3Config": {"bucketName": "invocations"}}}),
            ]
        ),
        F: Fixture([Spec(GUARDRAIL, "g", {"name": "g"})]),
        U: Fixture([Spec(GUARDRAIL, "g", {}), Spec(LOGGING, "log", {"loggingConfig": UNKNOWN})], expect=U),
    },
    "AIP-AI-021": {
        P: Fixture([Spec(GUARDRAIL, "g", {"kmsKeyArn": KEY})]),
        F: Fixture([Spec(GUARDRAIL, "g", {"name": "g"})]),
        U: Fixture([Spec(GUARDRAIL, "g", {"kmsKeyArn": UNKNOWN})], expect=P),
    },
    "AIP-AI-022": {
        P: Fixture(
            [
                Spec(AGENT, "a", {"customerEncryptionKeyArn": KEY}),
                Spec(MEMORY, "m", {"encryptionKeyArn": KEY}),
            ]
        ),
        F: Fixture(
            [
                Spec(AGENT, "a", {"agentName": "a"}),
                Spec(MEMORY, "m", {"eventExpiryDuration": 30}),
                Spec("aws:bedrock/agentPrompt:AgentPrompt", "p", {"name": "p"}),
            ]
        ),
        U: Fixture([Spec(AGENT, "a", {"customerEncryptionKeyArn": UNKNOWN})], expect=P),
    },
    "AIP-AI-023": {
        P: Fixture([Spec(DS, "docs", {"serverSideEncryptionConfiguration": {"kmsKeyArn": KEY}})]),
        F: Fixture([Spec(DS, "docs", {"knowledgeBaseId": "kb"})]),
        U: Fixture(
            [Spec(DS, "docs", {"serverSideEncryptionConfiguration": {"kmsKeyArn": UNKNOWN}})], expect=P
        ),
    },
    "AIP-AI-024": {
        P: Fixture([Spec(CM, "tuned", {"customModelKmsKeyId": KEY})]),
        F: Fixture([Spec(CM, "tuned", {"customModelName": "tuned"})]),
        U: Fixture([Spec(CM, "tuned", {"customModelKmsKeyId": UNKNOWN})], expect=P),
    },
    "AIP-AI-025": {
        P: Fixture(
            [
                Spec(
                    USER_POLICY,
                    "analyst",
                    {
                        "policy": invoke(
                            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku"
                        )
                    },
                ),
                # a service role with '*' is not a broad principal
                Spec(
                    ROLE,
                    "svc",
                    {"assumeRolePolicy": SAGEMAKER_TRUST, "inlinePolicies": [{"policy": invoke()}]},
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(USER_POLICY, "analyst", {"policy": invoke()}),
                Spec(
                    ROLE,
                    "shared",
                    {"assumeRolePolicy": ACCOUNT_TRUST, "inlinePolicies": [{"policy": invoke()}]},
                ),
            ]
        ),
        U: Fixture([Spec(USER_POLICY, "analyst", {"policy": UNKNOWN})], expect=U),
    },
    "AIP-AI-026": {
        P: Fixture([Spec(RUNTIME, "agent", {"networkConfiguration": {"networkMode": "VPC"}})]),
        F: Fixture([Spec(RUNTIME, "agent", {"networkConfiguration": {"networkMode": "PUBLIC"}})]),
        U: Fixture([Spec(RUNTIME, "agent", {"networkConfiguration": {"networkMode": UNKNOWN}})], expect=U),
    },
    "AIP-AI-030": {
        P: Fixture([wb(disablePublicIp=True)]),
        F: Fixture([wb(), wb("explicit", disablePublicIp=False)]),
        U: Fixture([wb(disablePublicIp=UNKNOWN)], expect=U),
    },
    "AIP-AI-031": {
        P: Fixture([wb(bootDisk=CMEK_DISK, dataDisks=[CMEK_DISK])]),
        F: Fixture([wb(bootDisk=CMEK_DISK, dataDisks=[{"diskSizeGb": 100}])]),
        U: Fixture([wb(bootDisk={"diskEncryption": UNKNOWN, "kmsKey": GKEY})], expect=U),
    },
    "AIP-AI-032": {
        P: Fixture([wb(metadata={"notebook-disable-root": "true"})]),
        F: Fixture([wb(metadata={"idle-timeout-seconds": "3600"})]),
        U: Fixture([wb(metadata=UNKNOWN)], expect=U),
    },
    "AIP-AI-033": {
        P: Fixture(
            [
                wb(),
                wb(
                    "explicit", shieldedInstanceConfig={"enableIntegrityMonitoring": True, "enableVtpm": True}
                ),
            ]
        ),
        F: Fixture([wb(shieldedInstanceConfig={"enableIntegrityMonitoring": False})]),
        U: Fixture([wb(shieldedInstanceConfig=UNKNOWN)], expect=U),
    },
    "AIP-AI-034": {
        P: Fixture(
            [
                Spec(DATASET, "ds", {"encryptionSpec": {"kmsKeyName": GKEY}}),
                Spec(FSTORE, "fs", {"encryptionSpec": {"kmsKeyName": GKEY}}),
            ]
        ),
        F: Fixture([Spec(DATASET, "ds", {"displayName": "ds"}), Spec(ENDPOINT, "ep", {"network": "n"})]),
        U: Fixture([Spec(DATASET, "ds", {"encryptionSpec": {"kmsKeyName": UNKNOWN}})], expect=P),
    },
    "AIP-AI-035": {
        P: Fixture(
            [
                Spec(ENDPOINT, "peered", {"network": "projects/1/global/networks/ml"}),
                Spec(ENDPOINT, "psc", {"privateServiceConnectConfig": {"enablePrivateServiceConnect": True}}),
                Spec(INDEX_EP, "vectors", {"network": "projects/1/global/networks/ml"}),
            ]
        ),
        F: Fixture(
            [
                Spec(ENDPOINT, "public", {"displayName": "p"}),
                Spec(INDEX_EP, "vectors", {"publicEndpointEnabled": True}),
            ]
        ),
        U: Fixture([Spec(ENDPOINT, "ep", {"network": UNKNOWN})], expect=U),
    },
    "AIP-AI-036": {
        P: Fixture([Spec(TEMPLATE, "t", {"networkSpec": PRIVATE_NET})]),
        F: Fixture(
            [
                Spec(TEMPLATE, "t", {"networkSpec": {**PRIVATE_NET, "enableInternetAccess": True}}),
                Spec(TEMPLATE, "d", {}),
            ]
        ),
        U: Fixture([Spec(TEMPLATE, "t", {"networkSpec": UNKNOWN})], expect=U),
    },
    "AIP-AI-037": {
        P: Fixture([Spec(TEMPLATE, "t", {"encryptionSpec": {"kmsKeyName": GKEY}})]),
        F: Fixture([Spec(TEMPLATE, "t", {"displayName": "t"})]),
        U: Fixture([Spec(TEMPLATE, "t", {"encryptionSpec": {"kmsKeyName": UNKNOWN}})], expect=P),
    },
}
