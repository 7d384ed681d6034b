"""Equivalence classes of the rules for the services around an AI platform (``around_*`` modules and
the GCE default-service-account extension of AIP-NODE-013): each spelling a class lists means the
same thing to the cloud, so the rule must give the whole class one verdict. Appended to
``equivalences.CLASSES``."""

from __future__ import annotations

import json

from policy_fixtures import Spec

from aiinfra.engine.model import UNKNOWN

KEY = "arn:aws:kms:us-west-2:111122223333:key/k"
DEFAULT_SA = "123456789-compute@developer.gserviceaccount.com"

Program = list[Spec]


def single(rule: str, rtype: str, fails: list[dict], passes: list[dict], unknowns: list[dict]) -> list[tuple]:
    """(rule, name, verdict, programs) for one-resource spellings of ``rtype``."""
    out = []
    for verdict, inputs_list in (("fail", fails), ("pass", passes), ("unknown", unknowns)):
        programs = [[Spec(rtype, "r", dict(inputs))] for inputs in inputs_list]
        out.append((rule, f"{rule.lower()}-{verdict}-spellings", verdict, programs))
    return out


def _pod(
    security: dict | None = None, container_security: dict | None = None, annotations: dict | None = None
) -> dict:
    container: dict = {"name": "main"}
    if container_security is not None:
        container["securityContext"] = container_security
    spec: dict = {"containers": [container]}
    if security is not None:
        spec["securityContext"] = security
    return {
        "metadata": {"name": "trainer", "namespace": "ml"},
        "spec": {"template": {"metadata": {"annotations": annotations or {}}, "spec": spec}},
    }


OPEN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "es:*"}]}
OPEN_AWS_LIST = {"Statement": {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["es:ESHttpGet"]}}
NARROWED = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "es:*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
        }
    ]
}
OS = "aws:opensearch/domain:Domain"
ES = "aws:elasticsearch/domain:Domain"
OSP = "aws:opensearch/domainPolicy:DomainPolicy"
ESP = "aws:elasticsearch/domainPolicy:DomainPolicy"
ECR = "aws:ecr/repository:Repository"
ECR_SCAN = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
STAGE = "aws:apigateway/stage:Stage"
STAGE2 = "aws:apigatewayv2/stage:Stage"
API2 = "aws:apigatewayv2/api:Api"


def _scan_rule(freq: str, flt: str) -> Spec:
    return Spec(
        ECR_SCAN,
        "registry",
        {
            "scanType": "ENHANCED",
            "rules": [
                {"scanFrequency": freq, "repositoryFilters": [{"filter": flt, "filterType": "WILDCARD"}]}
            ],
        },
    )


RAW: list[tuple] = [
    *single(
        "AIP-DATA-020",
        "aws:dynamodb/table:Table",
        [{}, {"pointInTimeRecovery": {"enabled": False}}, {"pointInTimeRecovery": {"enabled": "false"}}],
        [{"pointInTimeRecovery": {"enabled": True}}, {"pointInTimeRecovery": {"enabled": "true"}}],
        [{"pointInTimeRecovery": UNKNOWN}, {"pointInTimeRecovery": {"enabled": UNKNOWN}}],
    ),
    *single(
        "AIP-ENC-020",
        "aws:dynamodb/table:Table",
        [
            {},
            {"serverSideEncryption": {"enabled": False, "kmsKeyArn": KEY}},
            {"serverSideEncryption": {"enabled": True}},
            {"serverSideEncryption": {"enabled": "true", "kmsKeyArn": "alias/aws/dynamodb"}},
            {
                "serverSideEncryption": {"enabled": True, "kmsKeyArn": KEY},
                "replicas": [{"regionName": "eu-west-1"}],
            },
        ],
        [
            {"serverSideEncryption": {"enabled": True, "kmsKeyArn": KEY}},
            {"serverSideEncryption": {"enabled": "true", "kmsKeyArn": UNKNOWN}},
            {
                "serverSideEncryption": {"enabled": True, "kmsKeyArn": "alias/feature-store"},
                "replicas": [{"kmsKeyArn": KEY}],
            },
        ],
        [{"serverSideEncryption": {"enabled": UNKNOWN, "kmsKeyArn": KEY}}],
    ),
    *single(
        "AIP-ENC-021",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        [
            {},
            {"atRestEncryptionEnabled": False},
            {"atRestEncryptionEnabled": "false", "kmsKeyId": KEY},
            {"atRestEncryptionEnabled": True},
        ],
        [
            {"atRestEncryptionEnabled": True, "kmsKeyId": KEY},
            {"atRestEncryptionEnabled": "true", "kmsKeyId": UNKNOWN},
        ],
        [{"atRestEncryptionEnabled": UNKNOWN, "kmsKeyId": KEY}],
    ),
    *single(
        "AIP-NET-020",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        [
            {"authToken": "t"},
            {"transitEncryptionEnabled": True},
            {"transitEncryptionEnabled": True, "transitEncryptionMode": "preferred", "authTokenWo": "t"},
            {"transitEncryptionEnabled": True, "userGroupIds": []},
        ],
        [
            {"transitEncryptionEnabled": True, "authToken": "t"},
            {"transitEncryptionEnabled": "true", "authTokenWo": "t", "transitEncryptionMode": "required"},
            {"transitEncryptionEnabled": True, "userGroupIds": ["rbac"]},
            {"transitEncryptionEnabled": True, "authToken": UNKNOWN},
        ],
        [{"transitEncryptionEnabled": UNKNOWN, "authToken": "t"}],
    ),
    *single(
        "AIP-DATA-021",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        [{}, {"snapshotRetentionLimit": 0.0}, {"snapshotRetentionLimit": "0"}],
        [{"snapshotRetentionLimit": 7.0}, {"snapshotRetentionLimit": "5"}],
        [{"snapshotRetentionLimit": UNKNOWN}],
    ),
    *single(
        "AIP-NET-021",
        ES,
        [
            {
                "domainEndpointOptions": {
                    "enforceHttps": False,
                    "tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
                },
                "nodeToNodeEncryption": {"enabled": True},
            },
            {
                "domainEndpointOptions": {"tlsSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"},
                "nodeToNodeEncryption": {"enabled": True},
            },
            {"nodeToNodeEncryption": {"enabled": True}},
            {
                "domainEndpointOptions": {"tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
                "clusterConfig": {"instanceCount": 3.0},
            },
        ],
        [
            {
                "domainEndpointOptions": {"tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
                "nodeToNodeEncryption": {"enabled": True},
            },
            {
                "domainEndpointOptions": {
                    "enforceHttps": "true",
                    "tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
                },
                "nodeToNodeEncryption": {"enabled": "true"},
            },
            {
                "domainEndpointOptions": {"tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
                "clusterConfig": {"instanceCount": 1.0},
            },
        ],
        [
            {
                "domainEndpointOptions": {"tlsSecurityPolicy": UNKNOWN},
                "nodeToNodeEncryption": {"enabled": True},
            }
        ],
    ),
    *single(
        "AIP-ENC-022",
        OS,
        [
            {},
            {"encryptAtRest": {"enabled": False}},
            {"encryptAtRest": {"enabled": True}},
            {"encryptAtRest": {"enabled": True, "kmsKeyId": "alias/aws/es"}},
        ],
        [
            {"encryptAtRest": {"enabled": True, "kmsKeyId": KEY}},
            {"encryptAtRest": {"enabled": "true", "kmsKeyId": UNKNOWN}},
        ],
        [{"encryptAtRest": {"enabled": UNKNOWN, "kmsKeyId": KEY}}],
    ),
    (
        "AIP-IAM-020",
        "open-policy-on-public-domain-any-spelling",
        "fail",
        [
            [Spec(OS, "d", {"domainName": "d", "accessPolicies": json.dumps(OPEN)})],
            [Spec(ES, "d", {"domainName": "d", "accessPolicies": OPEN_AWS_LIST})],
            [
                Spec(
                    OS,
                    "d",
                    {
                        "domainName": "d",
                        "advancedSecurityOptions": {"enabled": True, "anonymousAuthEnabled": True},
                        "accessPolicies": OPEN,
                    },
                )
            ],
            [
                Spec(OS, "d", {"domainName": "d"}),
                Spec(OSP, "p", {"domainName": "d", "accessPolicies": json.dumps(OPEN)}),
            ],
            [
                Spec(ES, "d", {"domainName": UNKNOWN}),
                Spec(ESP, "p", {"domainName": UNKNOWN, "accessPolicies": OPEN}, deps={"domainName": ["d"]}),
            ],
            [Spec(OSP, "p", {"domainName": "elsewhere", "accessPolicies": OPEN_AWS_LIST})],
        ],
    ),
    (
        "AIP-IAM-020",
        "private-fgac-or-narrowed",
        "pass",
        [
            [
                Spec(
                    OS,
                    "d",
                    {"domainName": "d", "accessPolicies": OPEN, "vpcOptions": {"subnetIds": ["subnet-1"]}},
                )
            ],
            [
                Spec(
                    OS,
                    "d",
                    {"domainName": "d", "accessPolicies": OPEN, "advancedSecurityOptions": {"enabled": True}},
                )
            ],
            [Spec(OS, "d", {"domainName": "d", "accessPolicies": json.dumps(NARROWED)})],
            [
                Spec(OS, "d", {"domainName": "d", "vpcOptions": {"subnetIds": ["s"]}}),
                Spec(OSP, "p", {"domainName": "d", "accessPolicies": OPEN}),
            ],
        ],
    ),
    (
        "AIP-IAM-020",
        "unknown-policy",
        "unknown",
        [[Spec(OS, "d", {"domainName": "d", "accessPolicies": UNKNOWN})]],
    ),
    *single(
        "AIP-OBS-020",
        OS,
        [
            {},
            {
                "logPublishingOptions": [
                    {"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn", "enabled": False}
                ]
            },
            {
                "logPublishingOptions": [
                    {"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn", "enabled": "false"}
                ]
            },
        ],
        [
            {"logPublishingOptions": [{"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn"}]},
            {
                "logPublishingOptions": [
                    {"logType": "INDEX_SLOW_LOGS", "cloudwatchLogGroupArn": UNKNOWN, "enabled": True}
                ]
            },
        ],
        [{"logPublishingOptions": UNKNOWN}],
    ),
    *single(
        "AIP-NET-022",
        "aws:dms/replicationInstance:ReplicationInstance",
        [{}, {"publiclyAccessible": True}, {"publiclyAccessible": "true"}],
        [{"publiclyAccessible": False}, {"publiclyAccessible": "false"}],
        [{"publiclyAccessible": UNKNOWN}],
    ),
    (
        "AIP-SVC-020",
        "mutable-or-unscanned",
        "fail",
        [
            [Spec(ECR, "r", {"imageScanningConfiguration": {"scanOnPush": True}})],
            [
                Spec(
                    ECR,
                    "r",
                    {
                        "imageTagMutability": "MUTABLE_WITH_EXCLUSION",
                        "imageScanningConfiguration": {"scanOnPush": True},
                    },
                )
            ],
            [Spec(ECR, "r", {"imageTagMutability": "IMMUTABLE"})],
            [
                Spec(ECR, "r", {"name": "serving", "imageTagMutability": "IMMUTABLE"}),
                _scan_rule("SCAN_ON_PUSH", "train*"),
            ],
            [
                Spec(ECR, "r", {"name": "serving", "imageTagMutability": "IMMUTABLE"}),
                _scan_rule("MANUAL", "*"),
            ],
        ],
    ),
    (
        "AIP-SVC-020",
        "immutable-and-scanned-any-way",
        "pass",
        [
            [
                Spec(
                    ECR,
                    "r",
                    {"imageTagMutability": "IMMUTABLE", "imageScanningConfiguration": {"scanOnPush": True}},
                )
            ],
            [
                Spec(
                    ECR,
                    "r",
                    {
                        "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
                        "imageScanningConfiguration": {"scanOnPush": "true"},
                    },
                )
            ],
            [
                Spec(ECR, "r", {"name": "serving", "imageTagMutability": "IMMUTABLE"}),
                _scan_rule("SCAN_ON_PUSH", "serv*"),
            ],
            [
                Spec(ECR, "r", {"name": UNKNOWN, "imageTagMutability": "IMMUTABLE"}),
                _scan_rule("CONTINUOUS_SCAN", "*"),
            ],
        ],
    ),
    ("AIP-SVC-020", "unknown-mutability", "unknown", [[Spec(ECR, "r", {"imageTagMutability": UNKNOWN})]]),
    *single(
        "AIP-IAM-021",
        "aws:lambda/functionUrl:FunctionUrl",
        [{"authorizationType": "NONE"}, {"authorizationType": "none"}, {"authorizationType": " NONE "}],
        [{"authorizationType": "AWS_IAM"}],
        [{"authorizationType": UNKNOWN}],
    ),
    *single(
        "AIP-ENC-023",
        "aws:sqs/queue:Queue",
        [
            {"sqsManagedSseEnabled": False},
            {"sqsManagedSseEnabled": "false"},
            {"sqsManagedSseEnabled": False, "kmsMasterKeyId": ""},
        ],
        [
            {},
            {"sqsManagedSseEnabled": True},
            {"kmsMasterKeyId": "alias/aws/sqs", "sqsManagedSseEnabled": False},
            {"kmsMasterKeyId": UNKNOWN},
        ],
        [{"sqsManagedSseEnabled": UNKNOWN}],
    ),
    *single(
        "AIP-OBS-021",
        STAGE2,
        [
            {},
            {"accessLogSettings": {"destinationArn": ""}},
            {"accessLogSettings": {"format": "$context.requestId"}},
        ],
        [
            {"accessLogSettings": {"destinationArn": "arn:aws:logs:::log-group:api"}},
            {"accessLogSettings": {"destinationArn": UNKNOWN}},
        ],
        [{"accessLogSettings": UNKNOWN}],
    ),
    *single(
        "AIP-NET-023",
        "aws:apigateway/domainName:DomainName",
        [{}, {"securityPolicy": "TLS_1_0"}],
        [{"securityPolicy": "TLS_1_2"}, {"securityPolicy": "SecurityPolicy_TLS13_1_3_2025_09"}],
        [{"securityPolicy": UNKNOWN}],
    ),
    (
        "AIP-NET-024",
        "rest-or-websocket-without-certificate",
        "fail",
        [
            [Spec(STAGE, "s", {})],
            [Spec(STAGE, "s", {"clientCertificateId": ""})],
            [
                Spec(API2, "a", {"protocolType": "WEBSOCKET"}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN}, deps={"apiId": ["a"]}),
            ],
            [
                Spec(API2, "a", {"protocolType": "websocket"}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN}, deps={"apiId": ["a"]}),
            ],
        ],
    ),
    (
        "AIP-NET-024",
        "certificate-or-http-api",
        "pass",
        [
            [Spec(STAGE, "s", {"clientCertificateId": "cc-1"})],
            [
                Spec(API2, "a", {"protocolType": "HTTP"}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN}, deps={"apiId": ["a"]}),
            ],
            [Spec(STAGE2, "s", {"apiId": "abc123"})],
            [
                Spec(API2, "a", {"protocolType": "WEBSOCKET"}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN, "clientCertificateId": UNKNOWN}, deps={"apiId": ["a"]}),
            ],
        ],
    ),
    (
        "AIP-NET-024",
        "unknown-protocol",
        "unknown",
        [
            [
                Spec(API2, "a", {"protocolType": UNKNOWN}),
                Spec(STAGE2, "s", {"apiId": UNKNOWN}, deps={"apiId": ["a"]}),
            ]
        ],
    ),
    *single(
        "AIP-OBS-022",
        "aws:ecs/cluster:Cluster",
        [{}, {"settings": [{"name": "containerInsights", "value": "disabled"}]}],
        [
            {"settings": [{"name": "containerInsights", "value": "enabled"}]},
            {"settings": [{"name": "containerInsights", "value": "enhanced"}]},
        ],
        [{"settings": [{"name": "containerInsights", "value": UNKNOWN}]}],
    ),
    *single(
        "AIP-OBS-023",
        "aws:ec2/instance:Instance",
        [{}, {"monitoring": False}, {"monitoring": "false"}],
        [{"monitoring": True}, {"monitoring": "true"}],
        [{"monitoring": UNKNOWN}],
    ),
    *single(
        "AIP-IAM-022",
        "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
        [
            {},
            {"minimumPasswordLength": 12.0, "passwordReusePrevention": 24.0},
            {"minimumPasswordLength": "14", "passwordReusePrevention": "5"},
        ],
        [
            {"minimumPasswordLength": 14.0, "passwordReusePrevention": 24.0},
            {"minimumPasswordLength": "20", "passwordReusePrevention": "24"},
        ],
        [{"minimumPasswordLength": 14.0, "passwordReusePrevention": UNKNOWN}],
    ),
    *single(
        "AIP-IAM-023",
        "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
        [
            {
                "requireLowercaseCharacters": True,
                "requireUppercaseCharacters": True,
                "requireNumbers": True,
                "requireSymbols": True,
            },
            {
                "requireLowercaseCharacters": True,
                "requireUppercaseCharacters": True,
                "requireNumbers": True,
                "requireSymbols": False,
                "maxPasswordAge": 90.0,
            },
            {
                "requireLowercaseCharacters": True,
                "requireUppercaseCharacters": True,
                "requireNumbers": True,
                "requireSymbols": True,
                "maxPasswordAge": 0.0,
            },
        ],
        [
            {
                "requireLowercaseCharacters": True,
                "requireUppercaseCharacters": True,
                "requireNumbers": True,
                "requireSymbols": True,
                "maxPasswordAge": 90.0,
            },
            {
                "requireLowercaseCharacters": "true",
                "requireUppercaseCharacters": "true",
                "requireNumbers": "true",
                "requireSymbols": "true",
                "maxPasswordAge": 30.0,
            },
        ],
        [{"requireLowercaseCharacters": UNKNOWN}],
    ),
    (
        "AIP-IAM-024",
        "public-invoker-any-resource-shape",
        "fail",
        [
            [
                Spec(
                    "gcp:cloudrun/iamMember:IamMember",
                    "m",
                    {"service": "s", "role": "roles/run.invoker", "member": "allUsers"},
                )
            ],
            [
                Spec(
                    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
                    "b",
                    {
                        "name": "s",
                        "role": "roles/run.invoker",
                        "members": ["group:a@b.c", " AllAuthenticatedUsers "],
                    },
                )
            ],
            [
                Spec(
                    "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
                    "p",
                    {
                        "name": "s",
                        "policyData": {"bindings": [{"role": "roles/run.invoker", "members": ["allusers"]}]},
                    },
                )
            ],
            [
                Spec(
                    "gcp:cloudfunctions/functionIamBinding:FunctionIamBinding",
                    "b",
                    {"cloudFunction": "f", "role": "roles/cloudfunctions.invoker", "members": ["allUsers"]},
                )
            ],
            [
                Spec(
                    "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember",
                    "m",
                    {
                        "cloudFunction": "f",
                        "role": "roles/cloudfunctions.invoker",
                        "member": "allAuthenticatedUsers",
                    },
                )
            ],
            [
                Spec(
                    "gcp:cloudfunctions/functionIamPolicy:FunctionIamPolicy",
                    "p",
                    {
                        "cloudFunction": "f",
                        "policyData": json.dumps(
                            {"bindings": [{"role": "roles/cloudfunctions.invoker", "members": ["allUsers"]}]}
                        ),
                    },
                )
            ],
        ],
    ),
    (
        "AIP-IAM-024",
        "named-invokers",
        "pass",
        [
            [
                Spec(
                    "gcp:cloudrun/iamMember:IamMember",
                    "m",
                    {
                        "service": "s",
                        "role": "roles/run.invoker",
                        "member": "serviceAccount:gw@p.iam.gserviceaccount.com",
                    },
                )
            ],
            [
                Spec(
                    "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding",
                    "b",
                    {
                        "cloudFunction": "f",
                        "role": "roles/cloudfunctions.invoker",
                        "members": ["group:ml@example.com", "domain:example.com"],
                    },
                )
            ],
        ],
    ),
    (
        "AIP-IAM-024",
        "unknown-members",
        "unknown",
        [
            [
                Spec(
                    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
                    "b",
                    {"name": "s", "role": "roles/run.invoker", "members": UNKNOWN},
                )
            ]
        ],
    ),
    *single(
        "AIP-NET-025",
        "gcp:compute/regionSslPolicy:RegionSslPolicy",
        [
            {},
            {"profile": "MODERN"},
            {"minTlsVersion": "TLS_1_2"},
            {"minTlsVersion": "TLS_1_1", "profile": "RESTRICTED"},
            {"minTlsVersion": "tls_1_2", "profile": "compatible"},
            {
                "minTlsVersion": "TLS_1_2",
                "profile": "CUSTOM",
                "customFeatures": ["TLS_RSA_WITH_AES_128_GCM_SHA256"],
            },
        ],
        [
            {"minTlsVersion": "TLS_1_2", "profile": "MODERN"},
            {"minTlsVersion": "tls_1_2", "profile": "restricted"},
            {
                "minTlsVersion": "TLS_1_3",
                "profile": "CUSTOM",
                "customFeatures": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
            },
        ],
        [{"minTlsVersion": "TLS_1_2", "profile": UNKNOWN}],
    ),
    *single(
        "AIP-NODE-013",
        "gcp:compute/instanceTemplate:InstanceTemplate",
        [
            {
                "machineType": "e2-small",
                "serviceAccount": {"email": DEFAULT_SA, "scopes": ["cloud-platform"]},
            },
            {
                "machineType": "e2-small",
                "serviceAccount": {
                    "email": "default",
                    "scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                },
            },
            {"machineType": "e2-small", "serviceAccount": {"scopes": [" cloud-platform "]}},
        ],
        [
            {
                "machineType": "e2-small",
                "serviceAccount": {"email": DEFAULT_SA, "scopes": ["storage-ro", "logging-write"]},
            },
            {
                "machineType": "e2-small",
                "serviceAccount": {"email": "web@p.iam.gserviceaccount.com", "scopes": ["cloud-platform"]},
            },
            {"machineType": "e2-small"},
        ],
        [{"machineType": "e2-small", "serviceAccount": UNKNOWN}],
    ),
    *single(
        "AIP-K8S-020",
        "kubernetes:apps/v1:Deployment",
        [
            _pod(),
            _pod({"seccompProfile": {"type": "Unconfined"}}),
            _pod({"seccompProfile": {"type": "RuntimeDefault"}}, {"seccompProfile": {"type": "unconfined"}}),
            _pod(annotations={"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}),
            _pod({"seccompProfile": {"type": "RuntimeDefault"}, "appArmorProfile": {"type": "Unconfined"}}),
            _pod(
                {"seccompProfile": {"type": "RuntimeDefault"}},
                annotations={"container.apparmor.security.beta.kubernetes.io/main": "unconfined"},
            ),
            _pod(annotations={"container.seccomp.security.alpha.kubernetes.io/other": "runtime/default"}),
            _pod({"seccompProfile": {"type": "Unconfined"}}, {"seccompProfile": {"type": "RuntimeDefault"}}),
        ],
        [
            _pod({"seccompProfile": {"type": "RuntimeDefault"}}),
            _pod(None, {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}),
            _pod(annotations={"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}),
            _pod(annotations={"seccomp.security.alpha.kubernetes.io/pod": "docker/default"}),
            _pod(annotations={"container.seccomp.security.alpha.kubernetes.io/main": "localhost/p.json"}),
        ],
        [_pod({"seccompProfile": {"type": UNKNOWN}})],
    ),
    *single(
        "AIP-K8S-021",
        "kubernetes:apps/v1:Deployment",
        [
            _pod(),
            _pod({"appArmorProfile": {"type": "Unconfined"}}),
            _pod(annotations={"container.apparmor.security.beta.kubernetes.io/other": "runtime/default"}),
        ],
        [
            _pod({"appArmorProfile": {"type": "RuntimeDefault"}}),
            _pod(None, {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-ml"}}),
            _pod(annotations={"container.apparmor.security.beta.kubernetes.io/main": "runtime/default"}),
            _pod(annotations={"container.apparmor.security.beta.kubernetes.io/main": "localhost/k8s-ml"}),
        ],
        [_pod(None, {"appArmorProfile": UNKNOWN})],
    ),
]
"""(rule, class name, verdict, programs): every class of this module before it becomes an
``EquivalenceClass`` (``equivalences`` builds them, so this module needs nothing from it)."""
