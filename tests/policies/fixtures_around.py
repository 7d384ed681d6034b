"""Pass, fail and unknown-value fixtures of the rules for the services around an AI platform
(``around_aws``, ``around_aws_edge``, ``around_gcp``, ``around_k8s``). Imported by ``policy_fixtures``
(merged into ``FIXTURES``); inputs are engine-shaped (camelCase, as pulumi-aws 7.51 / pulumi-gcp 10.2 /
pulumi-kubernetes 4.34 register them)."""

from __future__ import annotations

import json

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

KEY = "arn:aws:kms:us-west-2:111122223333:key/k"
TABLE = "aws:dynamodb/table:Table"
REPLICA = "aws:dynamodb/tableReplica:TableReplica"
RG = "aws:elasticache/replicationGroup:ReplicationGroup"
CC = "aws:elasticache/cluster:Cluster"
OS = "aws:opensearch/domain:Domain"
ES = "aws:elasticsearch/domain:Domain"
OSP = "aws:opensearch/domainPolicy:DomainPolicy"
DMS = "aws:dms/replicationInstance:ReplicationInstance"
ECR = "aws:ecr/repository:Repository"
ECR_SCAN = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
URL = "aws:lambda/functionUrl:FunctionUrl"
SQS = "aws:sqs/queue:Queue"
STAGE = "aws:apigateway/stage:Stage"
STAGE2 = "aws:apigatewayv2/stage:Stage"
API2 = "aws:apigatewayv2/api:Api"
DOMAIN = "aws:apigateway/domainName:DomainName"
DOMAIN2 = "aws:apigatewayv2/domainName:DomainName"
ECS = "aws:ecs/cluster:Cluster"
EC2 = "aws:ec2/instance:Instance"
PWD = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
RUN_MEMBER = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember"
RUN1_BINDING = "gcp:cloudrun/iamBinding:IamBinding"
FN_POLICY = "gcp:cloudfunctionsv2/functionIamPolicy:FunctionIamPolicy"
FN1_MEMBER = "gcp:cloudfunctions/functionIamMember:FunctionIamMember"
SSL = "gcp:compute/sSLPolicy:SSLPolicy"
RSSL = "gcp:compute/regionSslPolicy:RegionSslPolicy"
GCE = "gcp:compute/instance:Instance"
TEMPLATE = "gcp:compute/instanceTemplate:InstanceTemplate"
DEPLOY = "kubernetes:apps/v1:Deployment"
JOB = "kubernetes:batch/v1:Job"

OPEN_POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*"}]}
)
ROLE_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/rag"},
                "Action": "es:ESHttp*",
            }
        ],
    }
)
SAFE_SEARCH = {
    "domainEndpointOptions": {"enforceHttps": True, "tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
    "nodeToNodeEncryption": {"enabled": True},
    "encryptAtRest": {"enabled": True, "kmsKeyId": KEY},
    "clusterConfig": {"instanceCount": 3.0},
    "logPublishingOptions": [
        {"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn:aws:logs:::log-group:os"}
    ],
}
SAFE_CACHE = {
    "atRestEncryptionEnabled": True,
    "kmsKeyId": KEY,
    "transitEncryptionEnabled": True,
    "authTokenWo": "from-a-secret",
    "snapshotRetentionLimit": 7.0,
}
SA = "default-sa"
DEFAULT_SA = "123456789-compute@developer.gserviceaccount.com"


def pod(containers: list[dict], security: dict | None = None, annotations: dict | None = None) -> dict:
    """A Deployment's inputs with one pod template."""
    spec: dict = {"containers": containers, "serviceAccountName": "trainer"}
    if security is not None:
        spec["securityContext"] = security
    return {
        "metadata": {"name": "trainer", "namespace": "ml"},
        "spec": {"template": {"metadata": {"annotations": annotations or {}}, "spec": spec}},
    }


RUNTIME = {"type": "RuntimeDefault"}

AROUND_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-DATA-020": {
        P: Fixture(
            [
                Spec(TABLE, "features", {"pointInTimeRecovery": {"enabled": True}}),
                Spec(REPLICA, "features-eu", {"pointInTimeRecovery": True}),
            ]
        ),
        F: Fixture([Spec(TABLE, "features", {}), Spec(REPLICA, "features-eu", {})]),
        U: Fixture([Spec(TABLE, "features", {"pointInTimeRecovery": {"enabled": UNKNOWN}})], expect=U),
    },
    "AIP-ENC-020": {
        P: Fixture(
            [
                Spec(
                    TABLE,
                    "features",
                    {
                        "serverSideEncryption": {"enabled": True, "kmsKeyArn": KEY},
                        "replicas": [{"regionName": "eu-west-1", "kmsKeyArn": KEY}],
                    },
                ),
                Spec(REPLICA, "features-eu", {"kmsKeyArn": KEY}),
            ]
        ),
        F: Fixture(
            [
                Spec(TABLE, "features", {}),
                Spec(
                    TABLE,
                    "sessions",
                    {"serverSideEncryption": {"enabled": True, "kmsKeyArn": "alias/aws/dynamodb"}},
                ),
                Spec(REPLICA, "features-eu", {}),
            ]
        ),
        U: Fixture([Spec(TABLE, "features", {"serverSideEncryption": {"enabled": UNKNOWN}})], expect=U),
    },
    "AIP-ENC-021": {
        P: Fixture([Spec(RG, "prompts", SAFE_CACHE)]),
        F: Fixture([Spec(RG, "prompts", {**SAFE_CACHE, "atRestEncryptionEnabled": False})]),
        U: Fixture([Spec(RG, "prompts", {**SAFE_CACHE, "atRestEncryptionEnabled": UNKNOWN})], expect=U),
    },
    "AIP-NET-020": {
        P: Fixture([Spec(RG, "prompts", SAFE_CACHE)]),
        F: Fixture([Spec(RG, "prompts", {**SAFE_CACHE, "authTokenWo": None})]),
        U: Fixture([Spec(RG, "prompts", {**SAFE_CACHE, "transitEncryptionEnabled": UNKNOWN})], expect=U),
    },
    "AIP-DATA-021": {
        P: Fixture(
            [
                Spec(RG, "prompts", SAFE_CACHE),
                Spec(CC, "memo", {"engine": "memcached"}),
                Spec(CC, "member", {"replicationGroupId": "prompts"}),
            ]
        ),
        F: Fixture(
            [Spec(RG, "prompts", {}), Spec(CC, "solo", {"engine": "redis", "snapshotRetentionLimit": 0.0})]
        ),
        U: Fixture([Spec(RG, "prompts", {"snapshotRetentionLimit": UNKNOWN})], expect=U),
    },
    "AIP-NET-021": {
        P: Fixture(
            [
                Spec(OS, "rag", SAFE_SEARCH),
                Spec(
                    ES,
                    "single",
                    {**SAFE_SEARCH, "clusterConfig": {"instanceCount": 1.0}, "nodeToNodeEncryption": None},
                ),
            ]
        ),
        F: Fixture([Spec(OS, "rag", {**SAFE_SEARCH, "domainEndpointOptions": {"enforceHttps": False}})]),
        U: Fixture([Spec(OS, "rag", {**SAFE_SEARCH, "domainEndpointOptions": UNKNOWN})], expect=U),
    },
    "AIP-ENC-022": {
        P: Fixture(
            [
                Spec(OS, "rag", SAFE_SEARCH),
                Spec(ES, "legacy", {"encryptAtRest": {"enabled": True, "kmsKeyId": UNKNOWN}}),
            ]
        ),
        F: Fixture([Spec(OS, "rag", {**SAFE_SEARCH, "encryptAtRest": {"enabled": True}})]),
        U: Fixture([Spec(OS, "rag", {**SAFE_SEARCH, "encryptAtRest": {"enabled": UNKNOWN}})], expect=U),
    },
    "AIP-IAM-020": {
        P: Fixture(
            [
                Spec(
                    OS,
                    "vpc",
                    {
                        **SAFE_SEARCH,
                        "domainName": "vpc",
                        "accessPolicies": OPEN_POLICY,
                        "vpcOptions": {"subnetIds": ["subnet-1"]},
                    },
                ),
                Spec(
                    OS,
                    "fgac",
                    {
                        **SAFE_SEARCH,
                        "domainName": "fgac",
                        "accessPolicies": OPEN_POLICY,
                        "advancedSecurityOptions": {"enabled": True},
                    },
                ),
                Spec(OS, "named", {**SAFE_SEARCH, "domainName": "named"}),
                Spec(OSP, "named-policy", {"domainName": "named", "accessPolicies": ROLE_POLICY}),
            ]
        ),
        F: Fixture(
            [
                Spec(OS, "public", {**SAFE_SEARCH, "domainName": "public"}),
                Spec(
                    OSP,
                    "public-policy",
                    {"domainName": UNKNOWN, "accessPolicies": OPEN_POLICY},
                    deps={"domainName": ["public"]},
                ),
            ]
        ),
        U: Fixture(
            [Spec(OS, "public", {**SAFE_SEARCH, "domainName": "public", "accessPolicies": UNKNOWN})], expect=U
        ),
    },
    "AIP-OBS-020": {
        P: Fixture([Spec(OS, "rag", SAFE_SEARCH)]),
        F: Fixture(
            [
                Spec(OS, "rag", {**SAFE_SEARCH, "logPublishingOptions": None}),
                Spec(
                    ES,
                    "off",
                    {
                        "logPublishingOptions": [
                            {"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn", "enabled": False}
                        ]
                    },
                ),
            ]
        ),
        U: Fixture([Spec(OS, "rag", {**SAFE_SEARCH, "logPublishingOptions": UNKNOWN})], expect=U),
    },
    "AIP-NET-022": {
        P: Fixture([Spec(DMS, "migrate", {"publiclyAccessible": False})]),
        F: Fixture([Spec(DMS, "migrate", {}), Spec(DMS, "open", {"publiclyAccessible": True})]),
        U: Fixture([Spec(DMS, "migrate", {"publiclyAccessible": UNKNOWN})], expect=U),
    },
    "AIP-SVC-020": {
        P: Fixture(
            [
                Spec(
                    ECR,
                    "serving",
                    {"imageTagMutability": "IMMUTABLE", "imageScanningConfiguration": {"scanOnPush": True}},
                ),
                Spec(ECR, "training", {"name": "training", "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION"}),
                Spec(
                    ECR_SCAN,
                    "registry",
                    {
                        "scanType": "ENHANCED",
                        "rules": [
                            {
                                "scanFrequency": "CONTINUOUS_SCAN",
                                "repositoryFilters": [{"filter": "train*", "filterType": "WILDCARD"}],
                            }
                        ],
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(ECR, "serving", {}),
                Spec(ECR, "scanned", {"imageScanningConfiguration": {"scanOnPush": True}}),
            ]
        ),
        U: Fixture([Spec(ECR, "serving", {"imageTagMutability": UNKNOWN})], expect=U),
    },
    "AIP-IAM-021": {
        P: Fixture([Spec(URL, "embed", {"functionName": "embed", "authorizationType": "AWS_IAM"})]),
        F: Fixture([Spec(URL, "embed", {"functionName": "embed", "authorizationType": "NONE"})]),
        U: Fixture([Spec(URL, "embed", {"functionName": "embed", "authorizationType": UNKNOWN})], expect=U),
    },
    "AIP-ENC-023": {
        P: Fixture(
            [
                Spec(SQS, "jobs", {"kmsMasterKeyId": KEY}),
                Spec(SQS, "default", {}),
                Spec(SQS, "sse", {"sqsManagedSseEnabled": True}),
            ]
        ),
        F: Fixture([Spec(SQS, "jobs", {"sqsManagedSseEnabled": False})]),
        U: Fixture([Spec(SQS, "jobs", {"sqsManagedSseEnabled": UNKNOWN})], expect=U),
    },
    "AIP-OBS-021": {
        P: Fixture(
            [Spec(STAGE, "prod", {"accessLogSettings": {"destinationArn": "arn:aws:logs:::log-group:api"}})]
        ),
        F: Fixture(
            [
                Spec(STAGE, "prod", {}),
                Spec(STAGE2, "http", {"accessLogSettings": {"format": "$context.requestId"}}),
            ]
        ),
        U: Fixture([Spec(STAGE, "prod", {"accessLogSettings": UNKNOWN})], expect=U),
    },
    "AIP-NET-023": {
        P: Fixture(
            [
                Spec(DOMAIN, "api", {"securityPolicy": "TLS_1_2"}),
                Spec(
                    DOMAIN2,
                    "http",
                    {"domainNameConfiguration": {"securityPolicy": "TLS_1_2", "endpointType": "REGIONAL"}},
                ),
            ]
        ),
        F: Fixture([Spec(DOMAIN, "api", {"securityPolicy": "TLS_1_0"}), Spec(DOMAIN, "unset", {})]),
        U: Fixture([Spec(DOMAIN, "api", {"securityPolicy": UNKNOWN})], expect=U),
    },
    "AIP-NET-024": {
        P: Fixture(
            [
                Spec(STAGE, "prod", {"clientCertificateId": UNKNOWN}),
                Spec(API2, "http-api", {"protocolType": "HTTP"}),
                Spec(STAGE2, "http", {"apiId": UNKNOWN}, deps={"apiId": ["http-api"]}),
            ]
        ),
        F: Fixture(
            [
                Spec(STAGE, "prod", {}),
                Spec(API2, "ws-api", {"protocolType": "WEBSOCKET"}),
                Spec(STAGE2, "ws", {"apiId": UNKNOWN}, deps={"apiId": ["ws-api"]}),
            ]
        ),
        U: Fixture(
            [
                Spec(API2, "api", {"protocolType": UNKNOWN}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN}, deps={"apiId": ["api"]}),
            ],
            expect=U,
        ),
    },
    "AIP-OBS-022": {
        P: Fixture(
            [Spec(ECS, "serving", {"settings": [{"name": "containerInsights", "value": "enhanced"}]})]
        ),
        F: Fixture(
            [
                Spec(ECS, "serving", {}),
                Spec(ECS, "off", {"settings": [{"name": "containerInsights", "value": "disabled"}]}),
            ]
        ),
        U: Fixture([Spec(ECS, "serving", {"settings": UNKNOWN})], expect=U),
    },
    "AIP-OBS-023": {
        P: Fixture([Spec(EC2, "bastion", {"instanceType": "t3.micro", "monitoring": True})]),
        F: Fixture([Spec(EC2, "bastion", {"instanceType": "t3.micro"})]),
        U: Fixture([Spec(EC2, "bastion", {"instanceType": "t3.micro", "monitoring": UNKNOWN})], expect=U),
    },
    "AIP-IAM-022": {
        P: Fixture([Spec(PWD, "account", {"minimumPasswordLength": 16.0, "passwordReusePrevention": 24.0})]),
        F: Fixture([Spec(PWD, "account", {"minimumPasswordLength": 8.0, "passwordReusePrevention": 5.0})]),
        U: Fixture(
            [Spec(PWD, "account", {"minimumPasswordLength": UNKNOWN, "passwordReusePrevention": 24.0})],
            expect=U,
        ),
    },
    "AIP-IAM-023": {
        P: Fixture(
            [
                Spec(
                    PWD,
                    "account",
                    {
                        "requireLowercaseCharacters": True,
                        "requireUppercaseCharacters": True,
                        "requireNumbers": True,
                        "requireSymbols": True,
                        "maxPasswordAge": 90.0,
                    },
                )
            ]
        ),
        F: Fixture([Spec(PWD, "account", {"minimumPasswordLength": 14.0})]),
        U: Fixture([Spec(PWD, "account", {"requireNumbers": UNKNOWN})], expect=U),
    },
    "AIP-IAM-024": {
        P: Fixture(
            [
                Spec(
                    RUN_MEMBER,
                    "invoker",
                    {
                        "name": "svc",
                        "role": "roles/run.invoker",
                        "member": "serviceAccount:gw@p.iam.gserviceaccount.com",
                    },
                ),
                Spec(
                    FN1_MEMBER,
                    "fn",
                    {
                        "cloudFunction": "f",
                        "role": "roles/cloudfunctions.invoker",
                        "member": "group:ml@example.com",
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    RUN_MEMBER, "invoker", {"name": "svc", "role": "roles/run.invoker", "member": "allUsers"}
                ),
                Spec(
                    RUN1_BINDING,
                    "binding",
                    {"service": "svc", "role": "roles/run.invoker", "members": ["allAuthenticatedUsers"]},
                ),
                Spec(
                    FN_POLICY,
                    "policy",
                    {
                        "cloudFunction": "f",
                        "policyData": json.dumps(
                            {"bindings": [{"role": "roles/cloudfunctions.invoker", "members": ["allUsers"]}]}
                        ),
                    },
                ),
            ]
        ),
        U: Fixture(
            [Spec(RUN_MEMBER, "invoker", {"name": "svc", "role": "roles/run.invoker", "member": UNKNOWN})],
            expect=U,
        ),
    },
    "AIP-NET-025": {
        P: Fixture(
            [
                Spec(SSL, "modern", {"minTlsVersion": "TLS_1_2", "profile": "MODERN"}),
                Spec(RSSL, "restricted", {"minTlsVersion": "TLS_1_2", "profile": "RESTRICTED"}),
            ]
        ),
        F: Fixture(
            [
                Spec(SSL, "default", {}),
                Spec(RSSL, "compat", {"minTlsVersion": "TLS_1_2", "profile": "COMPATIBLE"}),
            ]
        ),
        U: Fixture([Spec(SSL, "default", {"minTlsVersion": UNKNOWN, "profile": "MODERN"})], expect=U),
    },
    "AIP-K8S-020": {
        P: Fixture(
            [
                Spec(DEPLOY, "trainer", pod([{"name": "main"}], {"seccompProfile": RUNTIME})),
                Spec(
                    JOB,
                    "loader",
                    {
                        "metadata": {"name": "loader", "namespace": "ml"},
                        "spec": {
                            "template": {
                                "spec": {
                                    "containers": [
                                        {
                                            "name": "main",
                                            "securityContext": {
                                                "seccompProfile": {
                                                    "type": "Localhost",
                                                    "localhostProfile": "ml.json",
                                                }
                                            },
                                        }
                                    ]
                                }
                            }
                        },
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(DEPLOY, "trainer", pod([{"name": "main"}])),
                Spec(
                    JOB,
                    "loader",
                    {
                        "metadata": {"name": "loader", "namespace": "ml"},
                        "spec": {
                            "template": {
                                "spec": {
                                    "securityContext": {"seccompProfile": {"type": "Unconfined"}},
                                    "containers": [{"name": "main"}],
                                }
                            }
                        },
                    },
                ),
            ]
        ),
        U: Fixture([Spec(DEPLOY, "trainer", pod([{"name": "main"}], {"seccompProfile": UNKNOWN}))], expect=U),
    },
    "AIP-K8S-021": {
        P: Fixture([Spec(DEPLOY, "trainer", pod([{"name": "main"}], {"appArmorProfile": RUNTIME}))]),
        F: Fixture([Spec(DEPLOY, "trainer", pod([{"name": "main"}], {"seccompProfile": RUNTIME}))]),
        U: Fixture(
            [Spec(DEPLOY, "trainer", pod([{"name": "main"}], {"appArmorProfile": UNKNOWN}))], expect=U
        ),
    },
}

NODE_013_EXTRA_PASS = [
    Spec(
        TEMPLATE,
        "web-template",
        {"machineType": "e2-small", "serviceAccount": {"email": DEFAULT_SA, "scopes": ["storage-ro"]}},
    ),
]
NODE_013_EXTRA_FAIL = [
    Spec(
        GCE,
        "web",
        {"machineType": "e2-small", "serviceAccount": {"email": "default", "scopes": ["cloud-platform"]}},
    ),
    Spec(
        TEMPLATE,
        "web-template",
        {
            "machineType": "e2-small",
            "serviceAccount": {"scopes": ["https://www.googleapis.com/auth/cloud-platform"]},
        },
    ),
]
