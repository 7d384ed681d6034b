"""Pass, fail and unknown-value fixtures of the IAM, Kubernetes, audit and scanner-parity rules.

Imported by ``policy_fixtures`` (which merges them into ``FIXTURES``); same building blocks.
"""

from __future__ import annotations

import json

from policy_fixtures import GCS, GKEY, KEY, SUBNET, TAGS, TPU, F, Fixture, P, Spec, U, bucket, gke, ng

from aiinfra.engine.model import UNKNOWN, Secret

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
BPOL = "aws:s3/bucketPolicy:BucketPolicy"
KPOL = "aws:kms/keyPolicy:KeyPolicy"
ECRP = "aws:ecr/repositoryPolicy:RepositoryPolicy"
SQSP = "aws:sqs/queuePolicy:QueuePolicy"
GCS_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
GCS_POLICY = "gcp:storage/bucketIAMPolicy:BucketIAMPolicy"
KMS_BINDING = "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding"
PROJ_MEMBER = "gcp:projects/iAMMember:IAMMember"
PROJ_BINDING = "gcp:projects/iAMBinding:IAMBinding"
CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
CR = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
DEPLOY = "kubernetes:apps/v1:Deployment"
DS = "kubernetes:apps/v1:DaemonSet"
CRON = "kubernetes:batch/v1:CronJob"
POD = "kubernetes:core/v1:Pod"
CG = "kubernetes:yaml/v2:ConfigGroup"
TRAIL = "aws:cloudtrail/trail:Trail"
AUDIT = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
GCE = "gcp:compute/instance:Instance"
FW = "gcp:compute/firewall:Firewall"
FWPR = "gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule"
RDS = "aws:rds/instance:Instance"
AURORA = "aws:rds/cluster:Cluster"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
SMV = "aws:secretsmanager/secretVersion:SecretVersion"
GSV = "gcp:secretmanager/secretVersion:SecretVersion"
INST = "aws:ec2/instance:Instance"
NG_T = "aws:eks/nodeGroup:NodeGroup"


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}
READ_BUCKET = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::data/*"]}
EC2_TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
DENY_HTTP = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}


def role(name="node", trust=EC2_TRUST, **extra) -> Spec:
    return Spec(ROLE, name, {"assumeRolePolicy": doc(trust), **extra})


def pod_spec(**overrides) -> dict:
    spec = {
        "serviceAccountName": "trainer",
        "securityContext": {"runAsNonRoot": True, "runAsUser": 1000.0},
        "containers": [
            {
                "name": "main",
                "image": "train:1",
                "securityContext": {"allowPrivilegeEscalation": False},
            }
        ],
    }
    spec.update(overrides)
    return spec


def deploy(name="trainer", namespace="ml", **overrides) -> Spec:
    return Spec(
        DEPLOY,
        name,
        {
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": {}, "template": {"metadata": {}, "spec": pod_spec(**overrides)}},
        },
    )


def binding(name="b", role_name="view", subjects=None, kind=CRB, role_kind="ClusterRole") -> Spec:
    return Spec(
        kind,
        name,
        {
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
            "subjects": subjects
            if subjects is not None
            else [{"kind": "ServiceAccount", "name": "notebook", "namespace": "ml"}],
        },
    )


def trail(**extra) -> Spec:
    base = {
        "s3BucketName": "trail-logs",
        "isMultiRegionTrail": True,
        "enableLogFileValidation": True,
        "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
    }
    base.update(extra)
    return Spec(TRAIL, "trail", base)


S3_DATA_EVENTS = [
    {
        "readWriteType": "All",
        "includeManagementEvents": True,
        "dataResources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}],
    }
]

GOOD_DB = {
    "storageEncrypted": True,
    "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
    "publiclyAccessible": False,
    "deletionProtection": True,
}

SECURITY_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-IAM-001": {
        P: Fixture(
            [
                Spec(POLICY, "read", {"policy": doc(READ_BUCKET)}),
                Spec(
                    RPA,
                    "worker",
                    {"role": "node", "policyArn": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"},
                ),
                role(inlinePolicies=[{"name": "read", "policy": doc(READ_BUCKET)}]),
            ]
        ),
        F: Fixture(
            [
                Spec(POLICY, "admin", {"policy": doc(ADMIN)}),
                Spec(
                    RPA,
                    "admin-attach",
                    {"role": "node", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                ),
                role(managedPolicyArns=["arn:aws:iam::aws:policy/PowerUserAccess"]),
            ]
        ),
        U: Fixture([Spec(POLICY, "computed", {"policy": UNKNOWN})], expect=U),
    },
    "AIP-IAM-002": {
        P: Fixture(
            [
                Spec(
                    POLICY,
                    "pass-one",
                    {
                        "policy": doc(
                            {
                                "Effect": "Allow",
                                "Action": "iam:PassRole",
                                "Resource": "arn:aws:iam::1:role/train",
                            }
                        )
                    },
                )
            ]
        ),
        F: Fixture(
            [
                Spec(
                    POLICY,
                    "escalate",
                    {
                        "policy": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {"Effect": "Allow", "Action": ["iam:PassRole", "iam:Put*"], "Resource": "*"}
                            ],
                        }
                    },
                )
            ]
        ),
        U: Fixture([Spec(POLICY, "computed", {"policy": UNKNOWN})], expect=U),
    },
    "AIP-IAM-003": {
        P: Fixture(
            [
                role(),
                role(
                    "irsa",
                    {
                        "Effect": "Allow",
                        "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/ABC"},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "StringEquals": {"oidc.eks.x/id/ABC:sub": "system:serviceaccount:ml:trainer"}
                        },
                    },
                ),
                role(
                    "xacct",
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "*"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}},
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                role("open", {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}),
                role(
                    "oidc-any",
                    {
                        "Effect": "Allow",
                        "Principal": {
                            "Federated": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"
                        },
                        "Action": "sts:AssumeRoleWithWebIdentity",
                    },
                ),
            ]
        ),
        U: Fixture([Spec(ROLE, "computed", {"assumeRolePolicy": UNKNOWN})], expect=U),
    },
    "AIP-IAM-004": {
        P: Fixture(
            [
                Spec(BPOL, "tls-only", {"bucket": "data", "policy": doc(DENY_HTTP)}),
                Spec(
                    KPOL,
                    "kp",
                    {
                        "keyId": "k",
                        "policy": doc(
                            {
                                "Effect": "Allow",
                                "Principal": {"AWS": "arn:aws:iam::1:root"},
                                "Action": "kms:*",
                                "Resource": "*",
                            }
                        ),
                    },
                ),
                Spec(
                    SQSP,
                    "q",
                    {
                        "queueUrl": "q",
                        "policy": doc(
                            {
                                "Effect": "Allow",
                                "Principal": "*",
                                "Action": "sqs:SendMessage",
                                "Resource": "*",
                                "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}},
                            }
                        ),
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    BPOL,
                    "public-read",
                    {
                        "bucket": "data",
                        "policy": doc(
                            {
                                "Effect": "Allow",
                                "Principal": "*",
                                "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::data/*",
                                "Condition": {"Bool": {"aws:SecureTransport": "true"}},
                            }
                        ),
                    },
                ),
                Spec(
                    KEY,
                    "k",
                    {
                        "policy": doc(
                            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}
                        )
                    },
                ),
                Spec(
                    ECRP,
                    "ecr",
                    {
                        "repository": "models",
                        "policy": doc({"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}),
                    },
                ),
            ]
        ),
        U: Fixture([Spec(BPOL, "computed", {"bucket": "data", "policy": UNKNOWN})], expect=U),
    },
    "AIP-IAM-005": {
        P: Fixture(
            [
                Spec(
                    GCS_MEMBER,
                    "m",
                    {
                        "bucket": "b",
                        "role": "roles/storage.objectViewer",
                        "member": "serviceAccount:sa@p.iam.gserviceaccount.com",
                    },
                ),
                Spec(
                    KMS_BINDING,
                    "kb",
                    {
                        "cryptoKeyId": "k",
                        "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
                        "members": ["group:ml@example.com"],
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    GCS_MEMBER,
                    "m",
                    {"bucket": "b", "role": "roles/storage.objectViewer", "member": "allUsers"},
                ),
                Spec(
                    GCS_POLICY,
                    "p",
                    {
                        "bucket": "b",
                        "policyData": json.dumps(
                            {
                                "bindings": [
                                    {"role": "roles/storage.admin", "members": ["allAuthenticatedUsers"]}
                                ]
                            }
                        ),
                    },
                ),
                Spec(
                    KMS_BINDING,
                    "kb",
                    {
                        "cryptoKeyId": "k",
                        "role": "roles/cloudkms.cryptoKeyDecrypter",
                        "members": ["allUsers"],
                    },
                ),
            ]
        ),
        U: Fixture(
            [Spec(GCS_MEMBER, "m", {"bucket": "b", "role": "roles/storage.objectViewer", "member": UNKNOWN})],
            expect=U,
        ),
    },
    "AIP-IAM-006": {
        P: Fixture(
            [
                Spec(
                    PROJ_MEMBER,
                    "m",
                    {
                        "project": "p",
                        "role": "roles/container.defaultNodeServiceAccount",
                        "member": "serviceAccount:n@p.iam.gserviceaccount.com",
                    },
                )
            ]
        ),
        F: Fixture(
            [
                Spec(
                    PROJ_MEMBER,
                    "m",
                    {
                        "project": "p",
                        "role": "roles/editor",
                        "member": "serviceAccount:n@p.iam.gserviceaccount.com",
                    },
                ),
                Spec(
                    PROJ_BINDING,
                    "b",
                    {"project": "p", "role": "roles/owner", "members": ["user:a@example.com"]},
                ),
            ]
        ),
        U: Fixture(
            [Spec(PROJ_MEMBER, "m", {"project": "p", "role": UNKNOWN, "member": "user:a@example.com"})],
            expect=U,
        ),
    },
    "AIP-K8S-001": {
        P: Fixture(
            [
                deploy(),
                Spec(
                    DS,
                    "installer",
                    {
                        "metadata": {"name": "nccl-tcpxo-installer-a3mega", "namespace": "kube-system"},
                        "spec": {
                            "template": {
                                "spec": pod_spec(
                                    hostNetwork=True,
                                    volumes=[{"name": "h", "hostPath": {"path": "/home/kubernetes/bin"}}],
                                )
                            }
                        },
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                deploy("notebook", hostNetwork=True, hostPID=True),
                Spec(
                    CRON,
                    "cleanup",
                    {
                        "metadata": {"name": "cleanup", "namespace": "ml"},
                        "spec": {
                            "jobTemplate": {
                                "spec": {
                                    "template": {
                                        "spec": pod_spec(
                                            volumes=[{"name": "root", "hostPath": {"path": "/"}}],
                                            containers=[
                                                {
                                                    "name": "c",
                                                    "securityContext": {
                                                        "privileged": True,
                                                        "allowPrivilegeEscalation": False,
                                                    },
                                                }
                                            ],
                                        )
                                    }
                                }
                            }
                        },
                    },
                ),
                Spec(
                    CG,
                    "yaml",
                    {
                        "yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: ml\nspec:\n  hostIPC: true\n  containers:\n  - name: c\n    image: busybox\n"
                    },
                ),
                # a DaemonSet with an exempt *name* in the wrong namespace is not exempt
                Spec(
                    DS,
                    "fake",
                    {
                        "metadata": {"name": "device-injector-x", "namespace": "ml"},
                        "spec": {"template": {"spec": pod_spec(hostNetwork=True)}},
                    },
                ),
            ]
        ),
        U: Fixture(
            [Spec(DEPLOY, "d", {"metadata": {"name": "d"}, "spec": {"template": {"spec": UNKNOWN}}})],
            expect=U,
        ),
    },
    "AIP-K8S-002": {
        P: Fixture([deploy(), Spec(POD, "p", {"metadata": {"name": "p"}, "spec": pod_spec()})]),
        F: Fixture(
            [
                deploy("root", securityContext={}),
                deploy("uid0", securityContext={"runAsUser": 0.0}),
                Spec(POD, "esc", {"metadata": {"name": "esc"}, "spec": pod_spec(containers=[{"name": "c"}])}),
            ]
        ),
        U: Fixture([deploy("u", securityContext=UNKNOWN)], expect=U),
    },
    "AIP-K8S-003": {
        P: Fixture([deploy(), deploy("agent", serviceAccountName=None, automountServiceAccountToken=False)]),
        F: Fixture([deploy("nb", serviceAccountName="default"), deploy("nb2", serviceAccountName=None)]),
        U: Fixture([deploy("u", serviceAccountName=UNKNOWN)], expect=U),
    },
    "AIP-K8S-004": {
        P: Fixture(
            [
                binding(role_name="view"),
                binding(
                    "sys", role_name="cluster-admin", subjects=[{"kind": "Group", "name": "system:masters"}]
                ),
                Spec(
                    CR,
                    "jobs",
                    {
                        "metadata": {"name": "jobs"},
                        "rules": [
                            {"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["get", "create"]}
                        ],
                    },
                ),
                binding("jobs-b", role_name="jobs"),
            ]
        ),
        F: Fixture(
            [
                binding("nb-admin", role_name="cluster-admin"),
                Spec(
                    CR,
                    "wild",
                    {
                        "metadata": {"name": "wild"},
                        "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get"]}],
                    },
                ),
                binding("wild-b", role_name="wild"),
                binding(
                    "anon",
                    role_name="cluster-admin",
                    subjects=[{"kind": "Group", "name": "system:authenticated"}],
                ),
            ]
        ),
        U: Fixture([binding("u", role_name=UNKNOWN)], expect=U),
    },
    "AIP-K8S-005": {
        P: Fixture([binding(role_name="view")]),
        F: Fixture(
            [
                binding(
                    kind=RB,
                    role_kind="Role",
                    role_name="reader",
                    subjects=[{"kind": "ServiceAccount", "name": "default", "namespace": "ml"}],
                )
            ]
        ),
        U: Fixture([binding(subjects=UNKNOWN)], expect=U),
    },
    "AIP-AUD-001": {
        P: Fixture([trail()]),
        F: Fixture([trail(isMultiRegionTrail=False, enableLogFileValidation=False, kmsKeyId=None)]),
        U: Fixture([trail(isMultiRegionTrail=UNKNOWN)], expect=U),
    },
    "AIP-AUD-002": {
        P: Fixture(
            [
                trail(eventSelectors=S3_DATA_EVENTS),
                bucket(),
                Spec("aws:s3/bucket:Bucket", "site", {"tags": TAGS}),
            ]
        ),
        F: Fixture([trail(), bucket()]),
        U: Fixture(
            [
                trail(eventSelectors=[{"dataResources": [{"type": "AWS::S3::Object", "values": UNKNOWN}]}]),
                bucket(),
            ],
            expect=U,
        ),
    },
    "AIP-AUD-003": {
        P: Fixture(
            [
                Spec(GCS, "g", {"labels": {"tier": "dataset"}}),
                Spec(
                    AUDIT,
                    "all",
                    {
                        "project": "p",
                        "service": "allServices",
                        "auditLogConfigs": [{"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}],
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(GCS, "g", {"labels": {"tier": "dataset"}}),
                Spec(GKEY, "k", {}),
                Spec(
                    AUDIT,
                    "storage",
                    {
                        "project": "p",
                        "service": "storage.googleapis.com",
                        "auditLogConfigs": [
                            {"logType": "ADMIN_READ"},
                            {"logType": "DATA_READ", "exemptedMembers": ["user:a@example.com"]},
                        ],
                    },
                ),
            ]
        ),
        U: Fixture(
            [
                Spec(GCS, "g", {}),
                Spec(AUDIT, "a", {"project": "p", "service": UNKNOWN, "auditLogConfigs": []}),
            ],
            expect=U,
        ),
    },
    "AIP-NODE-013": {
        P: Fixture(
            [
                Spec(
                    GCE,
                    "vm",
                    {
                        "machineType": "a3-highgpu-8g",
                        "serviceAccount": {
                            "email": "train@p.iam.gserviceaccount.com",
                            "scopes": ["cloud-platform"],
                        },
                    },
                ),
                Spec(
                    GCE,
                    "web",
                    {
                        "machineType": "e2-small",
                        "serviceAccount": {"email": "1-compute@developer.gserviceaccount.com"},
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    GCE,
                    "vm",
                    {
                        "machineType": "a3-highgpu-8g",
                        "serviceAccount": {
                            "email": "1-compute@developer.gserviceaccount.com",
                            "scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                        },
                    },
                ),
                Spec(TPU, "tpu", {"acceleratorType": "v5p-8"}),
            ]
        ),
        U: Fixture(
            [Spec(GCE, "vm", {"machineType": "a3-highgpu-8g", "serviceAccount": {"email": UNKNOWN}})],
            expect=P,
        ),
    },
    "AIP-NODE-014": {
        P: Fixture(
            [
                gke(
                    datapathProvider="ADVANCED_DATAPATH",
                    loggingConfig={"enableComponents": ["SYSTEM_COMPONENTS"]},
                )
            ]
        ),
        F: Fixture(
            [
                gke(
                    enableLegacyAbac=True,
                    masterAuth={"clientCertificateConfig": {"issueClientCertificate": True}},
                    loggingService="none",
                )
            ]
        ),
        U: Fixture([gke(enableLegacyAbac=UNKNOWN, datapathProvider="ADVANCED_DATAPATH")], expect=U),
    },
    "AIP-NET-010": {
        P: Fixture(
            [
                Spec(SUBNET, "private", {"vpcId": "v", "mapPublicIpOnLaunch": False}),
                Spec(SUBNET, "public", {"vpcId": "v", "mapPublicIpOnLaunch": True}),
                Spec(NG_T, "gpu", {**ng().inputs, "subnetIds": [UNKNOWN]}, deps={"subnetIds": ["private"]}),
                Spec(
                    NG_T,
                    "web",
                    {**ng(types=("m5.large",)).inputs, "subnetIds": [UNKNOWN]},
                    deps={"subnetIds": ["public"]},
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(SUBNET, "public", {"vpcId": "v", "mapPublicIpOnLaunch": True}),
                Spec(NG_T, "gpu", {**ng().inputs, "subnetIds": [UNKNOWN]}, deps={"subnetIds": ["public"]}),
                Spec(INST, "gpu-vm", {"instanceType": "p5.48xlarge"}),
            ]
        ),
        U: Fixture(
            [
                Spec(SUBNET, "public", {"vpcId": "v", "mapPublicIpOnLaunch": UNKNOWN}),
                Spec(NG_T, "gpu", {**ng().inputs, "subnetIds": [UNKNOWN]}, deps={"subnetIds": ["public"]}),
            ],
            expect=U,
        ),
    },
    "AIP-DATA-010": {
        P: Fixture(
            [
                Spec(RDS, "mlflow", GOOD_DB),
                Spec(AURORA, "features", {k: v for k, v in GOOD_DB.items() if k != "publiclyAccessible"}),
                Spec(
                    SQL,
                    "registry",
                    {
                        "encryptionKeyName": "projects/p/locations/l/keyRings/r/cryptoKeys/k",
                        "settings": {"ipConfiguration": {"ipv4Enabled": False, "privateNetwork": "n"}},
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(RDS, "mlflow", {"publiclyAccessible": True}),
                Spec(
                    SQL,
                    "registry",
                    {
                        "deletionProtection": False,
                        "settings": {
                            "ipConfiguration": {
                                "ipv4Enabled": True,
                                "authorizedNetworks": [{"value": "0.0.0.0/0"}],
                            }
                        },
                    },
                ),
            ]
        ),
        U: Fixture([Spec(RDS, "mlflow", {**GOOD_DB, "storageEncrypted": UNKNOWN})], expect=U),
    },
    "AIP-ENC-012": {
        P: Fixture(
            [
                Spec(SMV, "v", {"secretId": "s", "secretString": UNKNOWN}),
                Spec(GSV, "g", {"secret": "s", "secretData": UNKNOWN}),
                Spec(
                    SMV, "derived", {"secretId": "s", "secretString": "known"}, deps={"secretString": ["v"]}
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(SMV, "v", {"secretId": "s", "secretString": Secret("hunter2")}),
                Spec(GSV, "g", {"secret": "s", "secretData": "token-123"}),
            ]
        ),
        U: Fixture([Spec(SMV, "v", {"secretId": "s", "secretString": UNKNOWN})], expect=P),
    },
}

# NET-004 gains two cases: a GCP firewall with no source at all, and an open firewall-policy rule.
NET_004_EXTRA_FAIL = [
    Spec(
        FW,
        "no-source",
        {"network": "n", "direction": "INGRESS", "allows": [{"protocol": "tcp", "ports": ["22"]}]},
    ),
    Spec(
        FWPR,
        "fp",
        {"direction": "INGRESS", "action": "allow", "match": {"srcIpRanges": ["0.0.0.0/0"]}, "priority": 1.0},
    ),
]
NET_004_EXTRA_PASS = [
    Spec(FW, "tagged", {"network": "n", "allows": [{"protocol": "tcp"}], "sourceTags": ["bastion"]}),
    Spec(FWPR, "fp", {"direction": "INGRESS", "action": "allow", "match": {"srcIpRanges": ["10.0.0.0/8"]}}),
]


# AIP-OBS (observability stores and alert channels encrypted with customer-managed keys).
_AMP = "aws:amp/workspace:Workspace"
_SNS = "aws:sns/topic:Topic"
_PUBSUB = "gcp:pubsub/topic:Topic"
SECURITY_FIXTURES.update(
    {
        "AIP-OBS-001": {
            P: Fixture([Spec(_AMP, "metrics", {"alias": "m", "kmsKeyArn": "arn:aws:kms:us-west-2:1:key/k"})]),
            F: Fixture([Spec(_AMP, "metrics", {"alias": "m"})], expect=F),
            U: Fixture([Spec(_AMP, "metrics", {"alias": "m", "kmsKeyArn": UNKNOWN})], expect=P),
        },
        "AIP-OBS-002": {
            P: Fixture([Spec(_SNS, "alerts", {"kmsMasterKeyId": "arn:aws:kms:us-west-2:1:key/k"})]),
            F: Fixture(
                [Spec(_SNS, "alerts", {}), Spec(_SNS, "managed", {"kmsMasterKeyId": "alias/aws/sns"})],
                expect=F,
            ),
            U: Fixture([Spec(_SNS, "alerts", {"kmsMasterKeyId": UNKNOWN})], expect=P),
        },
        "AIP-OBS-003": {
            P: Fixture(
                [
                    Spec(
                        _PUBSUB,
                        "alerts",
                        {"name": "a", "kmsKeyName": "projects/p/locations/r/keyRings/k/cryptoKeys/c"},
                    )
                ]
            ),
            F: Fixture([Spec(_PUBSUB, "alerts", {"name": "a"})], expect=F),
            U: Fixture([Spec(_PUBSUB, "alerts", {"name": "a", "kmsKeyName": UNKNOWN})], expect=P),
        },
    }
)
