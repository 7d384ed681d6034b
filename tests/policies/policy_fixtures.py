"""Pass, fail and unknown-value fixtures for every AIP rule (Trivy-style good/bad examples).

Each fixture is a small set of recorded resources in engine shape (camelCase, floats, Secret,
UNKNOWN). ``deps`` maps an input property to the *names* of fixture resources it depends on; they
become property dependencies (URNs), exactly what the engine and CrossGuard provide.
The unknown fixture states the documented verdict: "unknown" (CrossGuard's advisory preview
diagnostic) or "pass" (the rule treats the unknown as a reference).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from aiinfra.engine.model import UNKNOWN, ProgramRun, RecordedResource, Secret

TODAY = dt.date.today()
TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}


@dataclass
class Spec:
    type: str
    name: str
    inputs: dict[str, Any]
    deps: dict[str, list[str]] = field(default_factory=dict)
    protect: bool = False
    outputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fixture:
    resources: list[Spec]
    expect: str = "pass"  # pass | fail | unknown
    waivers: list[dict[str, Any]] | None = None
    config: dict[str, Any] | None = None
    stack: str = "dev"


def urn_of(spec: Spec) -> str:
    return f"urn:pulumi:{'dev'}::fixture::{spec.type}::{spec.name}"


def to_run(fx: Fixture) -> ProgramRun:
    urns = {s.name: urn_of(s) for s in fx.resources}
    records = []
    for s in fx.resources:
        pdeps = {k: tuple(urns[n] for n in v) for k, v in s.deps.items()}
        deps = tuple(dict.fromkeys(u for v in pdeps.values() for u in v))
        records.append(
            RecordedResource(
                urn=urns[s.name],
                type=s.type,
                name=s.name,
                custom=True,
                parent=None,
                inputs=s.inputs,
                outputs=s.outputs,
                protect=s.protect,
                dependencies=deps,
                property_dependencies=pdeps,
            )
        )
    return ProgramRun(project="fixture", stack=fx.stack, preview=True, resources=tuple(records), outputs={})


# ---- building blocks ----
LT = "aws:ec2/launchTemplate:LaunchTemplate"
INST = "aws:ec2/instance:Instance"
VOL = "aws:ebs/volume:Volume"
BUCKET = "aws:s3/bucket:Bucket"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
VER = "aws:s3/bucketVersioning:BucketVersioning"
LIFE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
LOG = "aws:s3/bucketLogging:BucketLogging"
LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
REPL = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
KEY = "aws:kms/key:Key"
GKEY = "gcp:kms/cryptoKey:CryptoKey"
EFS = "aws:efs/fileSystem:FileSystem"
FSX = "aws:fsx/lustreFileSystem:LustreFileSystem"
DRA = "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation"
EKS = "aws:eks/cluster:Cluster"
NG = "aws:eks/nodeGroup:NodeGroup"
GKE = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
GCS = "gcp:storage/bucket:Bucket"
SG = "aws:ec2/securityGroup:SecurityGroup"
SGI = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SGE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
FW = "gcp:compute/firewall:Firewall"
PG = "aws:ec2/placementGroup:PlacementGroup"
SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
FLOW = "aws:ec2/flowLog:FlowLog"
TPU = "gcp:tpu/v2Vm:V2Vm"
SECRET = "kubernetes:core/v1:Secret"
ROLE = "aws:iam/role:Role"
RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
SA = "gcp:serviceaccount/account:Account"


def bucket(name="data", tier="dataset", **extra) -> Spec:
    return Spec(BUCKET, name, {"tags": {**TAGS, "tier": tier}, **extra}, outputs={"bucket": f"{name}-1234"})


def storage_audit(*log_types: str) -> Spec:
    """A project audit config writing the given Cloud Storage audit log types."""
    configs = [{"logType": t} for t in log_types]
    return Spec(
        "gcp:projects/iAMAuditConfig:IAMAuditConfig",
        "storage-audit",
        {"project": "p", "service": "storage.googleapis.com", "auditLogConfigs": configs},
    )


def data_event_trail(selector: dict, deps: list[str] | None = None) -> Spec:
    """A CloudTrail trail with one S3 data-event selector (``values`` joined by property dependency)."""
    values = selector.pop("values")
    selectors = [{**selector, "dataResources": [{"type": "AWS::S3::Object", "values": values}]}]
    return Spec(
        "aws:cloudtrail/trail:Trail",
        "trail",
        {"s3BucketName": "trail-logs", "eventSelectors": selectors},
        deps={"eventSelectors": deps} if deps else {},
    )


def setting(type_, name, bucket_name, inputs, via_dep=True) -> Spec:
    value = UNKNOWN if via_dep else f"{bucket_name}-1234"
    return Spec(type_, name, {"bucket": value, **inputs}, deps={"bucket": [bucket_name]} if via_dep else {})


def sse(bucket_name="data", key="arn:aws:kms:us-east-1:1:key/k", algo="aws:kms") -> Spec:
    return setting(
        SSE,
        f"{bucket_name}-sse",
        bucket_name,
        {"rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": algo, "kmsMasterKeyId": key}}]},
    )


def pab(bucket_name="data", value=True) -> Spec:
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    return setting(PAB, f"{bucket_name}-pab", bucket_name, {f: value for f in flags})


def versioning(bucket_name="data", status="Enabled") -> Spec:
    return setting(VER, f"{bucket_name}-ver", bucket_name, {"versioningConfiguration": {"status": status}})


def imds(tokens="required", hop=1.0) -> dict:
    return {"httpTokens": tokens, "httpPutResponseHopLimit": hop, "httpEndpoint": "enabled"}


def lt(name="lt", **inputs) -> Spec:
    return Spec(LT, name, {"tags": TAGS, **inputs})


def efa_lt(name="efa-lt", sgs=("sg",), **inputs) -> Spec:
    nis = [
        {
            "interfaceType": "efa",
            "networkCardIndex": 0.0,
            "deviceIndex": 0.0,
            "securityGroups": [UNKNOWN] * len(sgs),
        }
    ]
    return Spec(
        LT, name, {"networkInterfaces": nis, **inputs}, deps={"networkInterfaces": list(sgs)} if sgs else {}
    )


def self_sg(name="sg") -> list[Spec]:
    return [
        Spec(SG, name, {"vpcId": "vpc-1"}),
        Spec(
            SGI,
            f"{name}-in",
            {"securityGroupId": UNKNOWN, "referencedSecurityGroupId": UNKNOWN, "ipProtocol": "-1"},
            deps={"securityGroupId": [name], "referencedSecurityGroupId": [name]},
        ),
        Spec(
            SGE,
            f"{name}-out",
            {"securityGroupId": UNKNOWN, "referencedSecurityGroupId": UNKNOWN, "ipProtocol": "-1"},
            deps={"securityGroupId": [name], "referencedSecurityGroupId": [name]},
        ),
    ]


def ng(name="gpu", types=("p5.48xlarge",), **inputs) -> Spec:
    base = {
        "instanceTypes": list(types),
        "scalingConfig": {"maxSize": 4.0, "minSize": 0.0, "desiredSize": 1.0},
        "tags": TAGS,
        "amiType": "AL2023_x86_64_NVIDIA",
        "capacityType": "SPOT",
        "taints": [{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}],
    }
    base.update(inputs)
    return Spec(NG, name, base)


def pool(name="pool", machine="a3-highgpu-8g", accel=True, **extra) -> Spec:
    node_config: dict[str, Any] = {
        "machineType": machine,
        "serviceAccount": "nodes@p.iam.gserviceaccount.com",
        "workloadMetadataConfig": {"mode": "GKE_METADATA"},
        "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True},
        "imageType": "COS_CONTAINERD",
        "bootDiskKmsKey": "projects/p/locations/l/keyRings/r/cryptoKeys/k",
        "resourceLabels": dict(TAGS),
        "spot": True,
    }
    if accel:
        node_config["guestAccelerators"] = [
            {
                "type": "nvidia-h100-80gb",
                "count": 8.0,
                "gpuDriverInstallationConfig": {"gpuDriverVersion": "LATEST"},
            }
        ]
    node_config.update(extra.pop("node_config", {}))
    inputs = {
        "nodeConfig": node_config,
        "autoscaling": {"totalMinNodeCount": 0.0, "totalMaxNodeCount": 4.0},
        **extra,
    }
    return Spec(POOL, name, inputs)


def gke(**extra) -> Spec:
    base = {
        "privateClusterConfig": {"enablePrivateNodes": True, "enablePrivateEndpoint": True},
        "databaseEncryption": {
            "state": "ENCRYPTED",
            "keyName": "projects/p/locations/l/keyRings/r/cryptoKeys/k",
        },
        "workloadIdentityConfig": {"workloadPool": "p.svc.id.goog"},
        "releaseChannel": {"channel": "REGULAR"},
    }
    base.update(extra)
    return Spec(GKE, "gke", base)


def eks(**vpc) -> Spec:
    return Spec(
        EKS,
        "eks",
        {
            "vpcConfig": {"endpointPublicAccess": False, "endpointPrivateAccess": True, **vpc},
            "encryptionConfig": {
                "resources": ["secrets"],
                "provider": {"keyArn": "arn:aws:kms:us-east-1:1:key/k"},
            },
            "enabledClusterLogTypes": ["api", "audit", "authenticator"],
            "version": "1.33",
        },
    )


def gcs(name="gcs", tier="dataset", **extra) -> Spec:
    base = {
        "labels": {**TAGS, "tier": tier},
        "publicAccessPrevention": "enforced",
        "uniformBucketLevelAccess": True,
        "versioning": {"enabled": True},
        "location": "US-CENTRAL1",
        "encryption": {"defaultKmsKeyName": "projects/p/locations/l/keyRings/r/cryptoKeys/k"},
        "logging": {"logBucket": "logs"},
    }
    base.update(extra)
    return Spec(GCS, name, base)


def waiver(rule="AIP-NET-004", resource="open-*", days=30) -> dict[str, Any]:
    return {
        "rule": rule,
        "resource": resource,
        "owner": "sec@example.com",
        "reason": "public LB behind WAF",
        "expires": (TODAY + dt.timedelta(days=days)).isoformat(),
    }


P, F, U = "pass", "fail", "unknown"

FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-ENC-001": {
        P: Fixture([bucket(), sse()]),
        F: Fixture([bucket(), sse(algo="AES256")]),
        U: Fixture(
            [
                bucket(),
                Spec(KEY, "k", {}),
                Spec(
                    SSE,
                    "s",
                    {
                        "bucket": UNKNOWN,
                        "rules": [
                            {
                                "applyServerSideEncryptionByDefault": {
                                    "sseAlgorithm": "aws:kms",
                                    "kmsMasterKeyId": UNKNOWN,
                                }
                            }
                        ],
                    },
                    deps={"bucket": ["data"], "rules": ["k"]},
                ),
            ],
            expect=P,
        ),
    },
    "AIP-ENC-002": {
        P: Fixture(
            [
                lt(blockDeviceMappings=[{"deviceName": "/dev/xvda", "ebs": {"encrypted": "true"}}]),
                Spec(VOL, "v", {"encrypted": True}),
            ]
        ),
        F: Fixture([lt(blockDeviceMappings=[{"deviceName": "/dev/xvda", "ebs": {"encrypted": "false"}}])]),
        U: Fixture([Spec(VOL, "v", {"encrypted": UNKNOWN})], expect=U),
    },
    "AIP-ENC-003": {
        P: Fixture(
            [
                Spec(
                    VOL,
                    "v",
                    {"encrypted": True, "kmsKeyId": "arn:k", "tags": {"data-classification": "confidential"}},
                )
            ]
        ),
        F: Fixture([Spec(VOL, "v", {"encrypted": True, "tags": {"data-classification": "confidential"}})]),
        U: Fixture(
            [
                Spec(KEY, "k", {}),
                Spec(
                    VOL,
                    "v",
                    {"kmsKeyId": UNKNOWN, "tags": {"data-classification": "confidential"}},
                    deps={"kmsKeyId": ["k"]},
                ),
            ],
            expect=P,
        ),
    },
    "AIP-ENC-004": {
        P: Fixture([Spec(EFS, "fs", {"encrypted": True, "kmsKeyId": "arn:k"})]),
        F: Fixture([Spec(EFS, "fs", {"encrypted": False})]),
        U: Fixture([Spec(EFS, "fs", {"encrypted": UNKNOWN, "kmsKeyId": "arn:k"})], expect=U),
    },
    "AIP-ENC-005": {
        P: Fixture([Spec(FSX, "fsx", {"deploymentType": "PERSISTENT_2", "kmsKeyId": "arn:k"})]),
        F: Fixture([Spec(FSX, "fsx", {"deploymentType": "PERSISTENT_2"})]),
        U: Fixture([Spec(FSX, "fsx", {"deploymentType": UNKNOWN})], expect=U),
    },
    "AIP-ENC-006": {
        P: Fixture(
            [
                Spec(KEY, "k", {"enableKeyRotation": True}),
                Spec(GKEY, "g", {"rotationPeriod": "7776000s"}, protect=True),
            ]
        ),
        F: Fixture([Spec(KEY, "k", {}), Spec(GKEY, "g", {"rotationPeriod": "31536000s"}, protect=True)]),
        U: Fixture([Spec(KEY, "k", {"enableKeyRotation": UNKNOWN})], expect=U),
    },
    "AIP-ENC-007": {
        P: Fixture([Spec(KEY, "k", {"deletionWindowInDays": 30.0}), Spec(GKEY, "g", {}, protect=True)]),
        F: Fixture(
            [
                Spec(KEY, "k", {"deletionWindowInDays": 7.0, "bypassPolicyLockoutSafetyCheck": True}),
                Spec(GKEY, "g", {}),
            ]
        ),
        U: Fixture([Spec(KEY, "k", {"deletionWindowInDays": UNKNOWN})], expect=U),
    },
    "AIP-ENC-008": {
        P: Fixture([eks()]),
        F: Fixture([Spec(EKS, "eks", {"vpcConfig": {"endpointPublicAccess": False}})]),
        U: Fixture(
            [
                Spec(KEY, "k", {}),
                Spec(
                    EKS,
                    "eks",
                    {"encryptionConfig": {"resources": ["secrets"], "provider": {"keyArn": UNKNOWN}}},
                    deps={"encryptionConfig": ["k"]},
                ),
            ],
            expect=P,
        ),
    },
    "AIP-ENC-009": {
        P: Fixture([gke()]),
        F: Fixture([gke(databaseEncryption={"state": "DECRYPTED"})]),
        U: Fixture([gke(databaseEncryption={"state": UNKNOWN})], expect=U),
    },
    "AIP-ENC-010": {
        P: Fixture([gcs(), pool()]),
        F: Fixture([gcs(encryption={}), pool(node_config={"bootDiskKmsKey": ""})]),
        U: Fixture(
            [
                Spec(GKEY, "ck", {}, protect=True),
                Spec(GCS, "gcs", {"encryption": {"defaultKmsKeyName": UNKNOWN}}, deps={"encryption": ["ck"]}),
            ],
            expect=P,
        ),
    },
    "AIP-ENC-011": {
        P: Fixture(
            [
                lt(userData="IyEvYmluL2Jhc2gKZWNobyBoZWxsbwo="),
                Spec(SECRET, "s", {"stringData": {"token": Secret("opaque")}}),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    INST,
                    "i",
                    {"instanceType": "m5.large", "userData": "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP"},
                ),
                Spec(SECRET, "s", {"stringData": {"key": Secret("-----BEGIN RSA PRIVATE KEY-----\nabc")}}),
            ]
        ),
        U: Fixture([lt(userData=UNKNOWN), Spec(SECRET, "s", {"stringData": {"token": UNKNOWN}})], expect=P),
    },
    "AIP-NET-001": {
        P: Fixture([eks(), Spec(EKS, "eks2", {"vpcConfig": {"publicAccessCidrs": ["203.0.113.0/24"]}})]),
        F: Fixture([Spec(EKS, "eks", {"vpcConfig": {"subnetIds": ["subnet-1"]}})]),
        U: Fixture([Spec(EKS, "eks", {"vpcConfig": {"endpointPublicAccess": UNKNOWN}})], expect=U),
    },
    "AIP-NET-002": {
        P: Fixture(
            [
                gke(),
                gke(
                    privateClusterConfig={"enablePrivateNodes": True},
                    masterAuthorizedNetworksConfig={"cidrBlocks": [{"cidrBlock": "10.0.0.0/8"}]},
                ),
            ]
        ),
        F: Fixture([gke(privateClusterConfig={"enablePrivateNodes": False})]),
        U: Fixture([gke(privateClusterConfig={"enablePrivateNodes": UNKNOWN})], expect=U),
    },
    "AIP-NET-003": {
        P: Fixture(
            [
                lt(networkInterfaces=[{"associatePublicIpAddress": "false"}]),
                Spec(TPU, "t", {"networkConfig": {"enableExternalIps": False}}),
            ]
        ),
        F: Fixture(
            [lt(instanceType="p5.48xlarge", networkInterfaces=[{"associatePublicIpAddress": "true"}])]
        ),
        U: Fixture([lt(networkInterfaces=[{"associatePublicIpAddress": UNKNOWN}])], expect=U),
    },
    "AIP-NET-004": {
        P: Fixture(
            [
                Spec(
                    SG,
                    "sg",
                    {
                        "ingress": [
                            {
                                "protocol": "tcp",
                                "fromPort": 443.0,
                                "toPort": 443.0,
                                "cidrBlocks": ["10.0.0.0/8"],
                            }
                        ]
                    },
                ),
                Spec(
                    FW, "fw", {"sourceRanges": ["0.0.0.0/0"], "allows": [], "denies": [{"protocol": "all"}]}
                ),
                Spec(SGI, "open-lb", {"cidrIpv4": "0.0.0.0/0", "ipProtocol": "tcp"}),
            ],
            waivers=[waiver()],
        ),
        F: Fixture(
            [
                Spec(SGI, "in", {"cidrIpv4": "0.0.0.0/0", "ipProtocol": "tcp"}),
                Spec(FW, "fw", {"sourceRanges": ["::/0"], "allows": [{"protocol": "tcp", "ports": ["22"]}]}),
            ]
        ),
        U: Fixture([Spec(SGI, "in", {"cidrIpv4": UNKNOWN, "ipProtocol": "tcp"})], expect=U),
    },
    "AIP-NET-005": {
        P: Fixture([*self_sg(), efa_lt()]),
        F: Fixture([Spec(SG, "sg", {"vpcId": "vpc-1"}), efa_lt()]),
        U: Fixture(
            [
                *self_sg(),
                efa_lt(),
                Spec(
                    LT,
                    "lt2",
                    {"networkInterfaces": [{"interfaceType": "efa-only", "securityGroups": [UNKNOWN]}]},
                    deps={"networkInterfaces": ["sg"]},
                ),
            ],
            expect=P,
        ),
    },
    "AIP-NET-006": {
        P: Fixture([]),  # replaced below
        F: Fixture([efa_lt(sgs=())]),
        U: Fixture(
            [
                Spec(PG, "pg", {"strategy": UNKNOWN, "name": "train"}),
                efa_lt(sgs=(), placement={"groupName": "train"}),
            ],
            expect=U,
        ),
    },
    "AIP-NET-007": {
        P: Fixture(
            [
                efa_lt(sgs=()),
                Spec(
                    NG,
                    "ng",
                    {"subnetIds": ["subnet-1"], "launchTemplate": {"id": UNKNOWN}},
                    deps={"launchTemplate": ["efa-lt"]},
                ),
            ]
        ),
        F: Fixture(
            [
                efa_lt(sgs=()),
                Spec(
                    NG,
                    "ng",
                    {"subnetIds": ["subnet-1", "subnet-2"], "launchTemplate": {"id": UNKNOWN}},
                    deps={"launchTemplate": ["efa-lt"]},
                ),
            ]
        ),
        U: Fixture(
            [
                efa_lt(sgs=()),
                Spec(SUBNET, "a", {"availabilityZone": UNKNOWN}),
                Spec(SUBNET, "b", {"availabilityZone": "us-east-1a"}),
                Spec(
                    NG,
                    "ng",
                    {"subnetIds": [UNKNOWN, UNKNOWN], "launchTemplate": {"id": UNKNOWN}},
                    deps={"launchTemplate": ["efa-lt"], "subnetIds": ["a", "b"]},
                ),
            ],
            expect=U,
        ),
    },
    "AIP-NET-008": {
        P: Fixture(
            [
                pool(
                    placementPolicy={"type": "COMPACT"},
                    node_config={"labels": {"multi-node-training": "true"}},
                ),
                pool(
                    "a4x", machine="a4x-highgpu-4g", placementPolicy={"type": "COMPACT", "policyName": "wp"}
                ),
            ]
        ),
        F: Fixture([pool(node_config={"labels": {"multi-node-training": "true"}})]),
        U: Fixture([pool(node_config={"machineType": UNKNOWN})], expect=U),
    },
    "AIP-NET-009": {
        P: Fixture(
            [
                ng(),
                Spec(VPC, "vpc", {"cidrBlock": "10.0.0.0/16"}),
                Spec(FLOW, "fl", {"vpcId": UNKNOWN, "trafficType": "ALL"}, deps={"vpcId": ["vpc"]}),
            ]
        ),
        F: Fixture([ng(), Spec(VPC, "vpc", {"cidrBlock": "10.0.0.0/16"})]),
        U: Fixture([ng(instanceTypes=UNKNOWN), Spec(VPC, "vpc", {})], expect=U),
    },
    "AIP-NODE-001": {
        P: Fixture(
            [
                lt(metadataOptions=imds()),
                Spec(
                    INST, "i", {"instanceType": "m5.large", "metadataOptions": {"httpEndpoint": "disabled"}}
                ),
            ]
        ),
        F: Fixture([lt(metadataOptions=imds(tokens="optional"))]),
        U: Fixture([lt(metadataOptions={"httpTokens": UNKNOWN})], expect=U),
    },
    "AIP-NODE-002": {
        P: Fixture([lt(metadataOptions=imds(hop=1.0))]),
        F: Fixture(
            [lt(metadataOptions=imds(hop=2.0)), lt("lt2", metadataOptions={"httpTokens": "required"})]
        ),
        U: Fixture([lt(metadataOptions={"httpPutResponseHopLimit": UNKNOWN})], expect=U),
    },
    "AIP-NODE-003": {
        P: Fixture([ng(), ng("ssh", remoteAccess={"ec2SshKey": "k", "sourceSecurityGroupIds": ["sg-1"]})]),
        F: Fixture([ng(remoteAccess={"ec2SshKey": "k"})]),
        U: Fixture([ng(remoteAccess={"ec2SshKey": "k", "sourceSecurityGroupIds": UNKNOWN})], expect=P),
    },
    "AIP-NODE-004": {
        P: Fixture([eks()]),
        F: Fixture([Spec(EKS, "eks", {"enabledClusterLogTypes": ["api"]})]),
        U: Fixture([Spec(EKS, "eks", {"enabledClusterLogTypes": UNKNOWN})], expect=U),
    },
    "AIP-NODE-005": {
        P: Fixture([eks(), gke()]),
        F: Fixture([Spec(EKS, "eks", {"version": "1.28"}), gke(releaseChannel={"channel": "UNSPECIFIED"})]),
        U: Fixture([Spec(EKS, "eks", {"version": UNKNOWN})], expect=U),
    },
    "AIP-NODE-006": {
        P: Fixture([gke(), pool()]),
        F: Fixture(
            [
                gke(workloadIdentityConfig={}),
                pool(node_config={"workloadMetadataConfig": {"mode": "GCE_METADATA"}}),
            ]
        ),
        U: Fixture([pool(node_config={"workloadMetadataConfig": {"mode": UNKNOWN}})], expect=U),
    },
    "AIP-NODE-007": {
        P: Fixture([pool()]),
        F: Fixture([pool(node_config={"shieldedInstanceConfig": {"enableSecureBoot": False}})]),
        U: Fixture([pool(node_config={"shieldedInstanceConfig": {"enableSecureBoot": UNKNOWN}})], expect=U),
    },
    "AIP-NODE-008": {
        P: Fixture(
            [
                gke(maintenancePolicy={"dailyMaintenanceWindow": {"startTime": "03:00"}}),
                Spec(POOL, "pool", {**pool().inputs, "cluster": UNKNOWN}, deps={"cluster": ["gke"]}),
            ]
        ),
        F: Fixture(
            [
                gke(),
                Spec(
                    POOL,
                    "pool",
                    {**pool().inputs, "cluster": UNKNOWN, "management": {"autoRepair": False}},
                    deps={"cluster": ["gke"]},
                ),
            ]
        ),
        U: Fixture([pool(management={"autoRepair": UNKNOWN})], expect=U),
    },
    "AIP-NODE-009": {
        P: Fixture([pool()]),
        F: Fixture(
            [
                pool(
                    node_config={
                        "serviceAccount": "123-compute@developer.gserviceaccount.com",
                        "oauthScopes": ["https://www.googleapis.com/auth/cloud-platform"],
                    }
                )
            ]
        ),
        U: Fixture(
            [
                Spec(SA, "nodes", {"accountId": "nodes"}),
                Spec(
                    POOL,
                    "pool",
                    {"nodeConfig": {**pool().inputs["nodeConfig"], "serviceAccount": UNKNOWN}},
                    deps={"nodeConfig": ["nodes"]},
                ),
            ],
            expect=P,
        ),
    },
    "AIP-NODE-010": {
        P: Fixture([pool(), ng()]),
        F: Fixture(
            [pool(node_config={"imageType": "WINDOWS_LTSC_CONTAINERD"}), ng(amiType="AL2023_x86_64_STANDARD")]
        ),
        U: Fixture([ng(amiType=UNKNOWN)], expect=U),
    },
    "AIP-NODE-011": {
        P: Fixture([ng(), pool(), ng("cpu", types=("m5.large",), taints=[])]),
        F: Fixture([ng(taints=[])]),
        U: Fixture([ng(taints=UNKNOWN)], expect=U),
    },
    "AIP-NODE-012": {
        P: Fixture(
            [
                eks(),
                Spec(OIDC, "oidc", {"url": "https://oidc"}),
                Spec(ROLE, "node-role", {}),
                Spec(
                    RPA,
                    "worker",
                    {"role": UNKNOWN, "policyArn": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"},
                    deps={"role": ["node-role"]},
                ),
                Spec(NG, "ng", {**ng().inputs, "nodeRoleArn": UNKNOWN}, deps={"nodeRoleArn": ["node-role"]}),
            ]
        ),
        F: Fixture(
            [
                eks(),
                Spec(ROLE, "node-role", {}),
                Spec(
                    RPA,
                    "s3",
                    {"role": UNKNOWN, "policyArn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"},
                    deps={"role": ["node-role"]},
                ),
                Spec(NG, "ng", {**ng().inputs, "nodeRoleArn": UNKNOWN}, deps={"nodeRoleArn": ["node-role"]}),
            ]
        ),
        U: Fixture(
            [
                Spec(OIDC, "oidc", {}),
                Spec(ROLE, "node-role", {}),
                Spec(RPA, "x", {"role": UNKNOWN, "policyArn": UNKNOWN}, deps={"role": ["node-role"]}),
                Spec(NG, "ng", {**ng().inputs, "nodeRoleArn": UNKNOWN}, deps={"nodeRoleArn": ["node-role"]}),
            ],
            expect=U,
        ),
    },
    "AIP-GPU-001": {
        P: Fixture(
            [ng(), ng("cpu", types=("m5.large",))],
            config={"aip-gpu-001-accelerator-allowlist": {"allowedAccelerators": {"dev": ["p5.*"], "*": []}}},
        ),
        F: Fixture(
            [ng(types=("p4d.24xlarge",))],
            config={"aip-gpu-001-accelerator-allowlist": {"allowedAccelerators": {"dev": ["p5.*"]}}},
        ),
        U: Fixture([ng(instanceTypes=UNKNOWN)], expect=U),
    },
    "AIP-GPU-002": {
        P: Fixture([ng(), pool()]),
        F: Fixture([ng(scalingConfig={"maxSize": 128.0, "minSize": 2.0}), pool(autoscaling=None)]),
        U: Fixture([ng(scalingConfig={"maxSize": UNKNOWN, "minSize": 0.0})], expect=U),
    },
    "AIP-GPU-003": {
        P: Fixture(
            [ng(scalingConfig={"maxSize": 4.0, "minSize": 0.0})],
            config={"AIP-GPU-003": {"maxAccelerators": 32}},
        ),
        F: Fixture(
            [ng(scalingConfig={"maxSize": 16.0, "minSize": 0.0})],
            config={"AIP-GPU-003": {"maxAccelerators": 32, "maxHourlyCost": 100}},
        ),
        U: Fixture([ng(scalingConfig={"maxSize": UNKNOWN})], expect=U),
    },
    "AIP-GPU-004": {
        P: Fixture([ng(), ng("cb", capacityType="CAPACITY_BLOCK")]),
        F: Fixture([ng(capacityType="ON_DEMAND")]),
        U: Fixture([ng(capacityType=UNKNOWN)], expect=U),
    },
    "AIP-GPU-005": {
        P: Fixture(
            [
                ng(),
                bucket(),
                Spec(
                    LT,
                    "lt",
                    {
                        "tagSpecifications": [{"resourceType": "instance", "tags": TAGS}],
                        "instanceType": "g6e.xlarge",
                    },
                ),
            ]
        ),
        F: Fixture([ng(tags={"team": "ml"}), Spec(BUCKET, "b", {})]),
        U: Fixture([ng(tags=UNKNOWN)], expect=U),
    },
    "AIP-GPU-006": {
        P: Fixture(
            [
                ng(capacityType="CAPACITY_BLOCK"),
                lt(instanceType="p5.48xlarge", instanceMarketOptions={"marketType": "capacity-block"}),
            ]
        ),
        F: Fixture([ng(capacityType="SPOT")]),
        U: Fixture([ng(instanceTypes=UNKNOWN)], expect=U),
    },
    "AIP-GPU-007": {
        P: Fixture([pool(), ng()]),
        F: Fixture([pool(node_config={"guestAccelerators": [{"type": "nvidia-h100-80gb", "count": 8.0}]})]),
        U: Fixture(
            [
                pool(
                    node_config={
                        "guestAccelerators": [
                            {
                                "type": "nvidia-h100-80gb",
                                "count": 8.0,
                                "gpuDriverInstallationConfig": {"gpuDriverVersion": UNKNOWN},
                            }
                        ]
                    }
                )
            ],
            expect=U,
        ),
    },
    "AIP-DATA-001": {
        P: Fixture([bucket(), pab(), gcs()]),
        F: Fixture([bucket(), pab(value=False), gcs(publicAccessPrevention="inherited")]),
        U: Fixture([bucket(), setting(PAB, "p", "data", {"blockPublicAcls": UNKNOWN})], expect=U),
    },
    "AIP-DATA-002": {
        P: Fixture([bucket(), versioning(), bucket("tmp", tier="scratch"), gcs()]),
        F: Fixture([bucket(), versioning(status="Suspended"), gcs(versioning={"enabled": False})]),
        U: Fixture([bucket(), versioning(status=UNKNOWN)], expect=U),
    },
    "AIP-DATA-003": {
        P: Fixture([Spec(BUCKET, "gold", {"tags": {"tier": "gold"}}, protect=True), bucket()]),
        F: Fixture([Spec(BUCKET, "gold", {"tags": {"tier": "gold"}, "forceDestroy": True})]),
        U: Fixture(
            [Spec(BUCKET, "gold", {"tags": {"tier": "gold"}, "forceDestroy": UNKNOWN}, protect=True)],
            expect=U,
        ),
    },
    "AIP-DATA-004": {
        P: Fixture(
            [
                bucket("reg", tier="model-registry", objectLockEnabled=True),
                setting(LOCK, "lock", "reg", {"rule": {}}),
                gcs("g", tier="model-registry", retentionPolicy={"retentionPeriod": 3000000.0}),
            ]
        ),
        F: Fixture([bucket("reg", tier="model-registry"), gcs("g", tier="model-registry")]),
        U: Fixture([gcs("g", tier="model-registry", retentionPolicy={"retentionPeriod": UNKNOWN})], expect=U),
    },
    "AIP-DATA-005": {
        P: Fixture(
            [
                bucket("tmp", tier="scratch"),
                setting(
                    LIFE,
                    "life",
                    "tmp",
                    {
                        "rules": [
                            {
                                "id": "x",
                                "status": "Enabled",
                                "expiration": {"days": 7.0},
                                "abortIncompleteMultipartUpload": {"daysAfterInitiation": 1.0},
                            }
                        ]
                    },
                ),
            ]
        ),
        F: Fixture(
            [
                bucket("tmp", tier="scratch"),
                gcs(
                    "gold",
                    tier="gold",
                    lifecycleRules=[{"action": {"type": "Delete"}, "condition": {"age": 30.0}}],
                ),
            ]
        ),
        U: Fixture(
            [bucket("tmp", tier="scratch"), setting(LIFE, "life", "tmp", {"rules": [{"status": UNKNOWN}]})],
            expect=U,
        ),
    },
    "AIP-DATA-006": {
        P: Fixture(
            [
                Spec(FSX, "fsx", {"deploymentType": "PERSISTENT_2", "tags": {"tier": "warm"}}),
                Spec(DRA, "dra", {"fileSystemId": UNKNOWN}, deps={"fileSystemId": ["fsx"]}),
                Spec(FSX, "scratch", {"deploymentType": "SCRATCH_2", "tags": {"tier": "scratch"}}),
            ]
        ),
        F: Fixture([Spec(FSX, "fsx", {"deploymentType": "SCRATCH_2", "tags": {"tier": "warm"}})]),
        U: Fixture([Spec(FSX, "fsx", {"deploymentType": UNKNOWN})], expect=U),
    },
    "AIP-DATA-007": {
        P: Fixture(
            [
                bucket(),
                setting(LOG, "log", "data", {"targetBucket": "logs"}),
                gcs(),
                # CloudTrail data events on the bucket's objects, reads and writes: its access record
                bucket("ckpt"),
                data_event_trail({"readWriteType": "All", "values": [UNKNOWN]}, deps=["ckpt"]),
            ]
        ),
        F: Fixture(
            [
                bucket(),
                gcs(logging={}),
                bucket("ckpt"),  # writes only: reads of the checkpoints go unrecorded
                data_event_trail({"readWriteType": "WriteOnly", "values": ["arn:aws:s3:::ckpt-1234/"]}),
            ]
        ),
        U: Fixture([gcs(logging={"logBucket": UNKNOWN})], expect=U),
    },
    "AIP-DATA-008": {
        P: Fixture(
            [
                bucket("gold", tier="gold"),
                setting(REPL, "repl", "gold", {"role": "arn", "rules": []}),
                gcs("g", tier="gold", location="US"),
            ]
        ),
        F: Fixture([bucket("gold", tier="gold"), gcs("g", tier="gold")]),
        U: Fixture([gcs("g", tier="gold", location=UNKNOWN)], expect=U),
    },
    "AIP-DATA-009": {
        P: Fixture(
            [Spec(BUCKET, "kept", {"tags": {"tier": "cold"}}, protect=True), bucket("tmp", tier="scratch")]
        ),
        F: Fixture([bucket("disposable", tier="cold")]),
        U: Fixture([Spec(BUCKET, "who", {"tags": UNKNOWN})], expect=U),
    },
    "AIP-GOV-001": {
        P: Fixture([Spec(SGI, "open-lb", {"cidrIpv4": "0.0.0.0/0"})], waivers=[waiver(days=60)]),
        F: Fixture([], waivers=[waiver(days=-1), waiver(rule="AIP-XYZ-999"), waiver(days=400)]),
        U: Fixture([Spec(SGI, "open-lb", {"cidrIpv4": UNKNOWN})], waivers=[waiver(days=10)], expect=P),
    },
}

# NET-006 pass: a cluster placement group joined by property dependency, and a reservation-targeted
# EFA template that needs none (refinement: no CPG demand for ODCR / Capacity Blocks).
FIXTURES["AIP-NET-006"][P] = Fixture(
    [
        Spec(PG, "pg", {"strategy": "cluster", "name": "train"}),
        Spec(
            LT,
            "efa-lt",
            {"networkInterfaces": [{"interfaceType": "efa"}], "placement": {"groupName": UNKNOWN}},
            deps={"placement": ["pg"]},
        ),
        Spec(
            LT,
            "cb-lt",
            {
                "networkInterfaces": [{"interfaceType": "efa-only"}],
                "instanceMarketOptions": {"marketType": "capacity-block"},
            },
        ),
        Spec(
            LT,
            "odcr-lt",
            {
                "networkInterfaces": [{"interfaceType": "efa"}],
                "capacityReservationSpecification": {
                    "capacityReservationTarget": {"capacityReservationId": "cr-1"}
                },
            },
        ),
    ]
)


# ---- AIP-PERF-001: the performance envelope (fabric wired, hot tier in the pool's zone) ----
def _perf_aws(interfaces: Any = 32, hot_az: str = "use1-az1") -> list[Spec]:
    nis = (
        UNKNOWN
        if interfaces is UNKNOWN
        else [{"interfaceType": "interface"}] + [{"interfaceType": "efa-only"}] * interfaces
    )
    return [
        Spec(SUBNET, "az1", {"availabilityZoneId": "use1-az1"}),
        Spec(SUBNET, "az2", {"availabilityZoneId": "use1-az2"}),
        Spec(LT, "train-lt", {"networkInterfaces": nis, "tags": TAGS}),
        ng(
            "train",
            labels={"workload": "training"},
            launchTemplate={"id": UNKNOWN, "version": UNKNOWN},
            subnetIds=[UNKNOWN],
        ),
        Spec(FSX, "hot", {"subnetIds": [UNKNOWN], "tags": {"tier": "hot"}}),
    ]


def _perf_deps(specs: list[Spec], hot_subnet: str = "az1") -> list[Spec]:
    for s in specs:
        if s.name == "train":
            s.deps = {"launchTemplate": ["train-lt"], "subnetIds": ["az1"]}
        if s.name == "hot":
            s.deps = {"subnetIds": [hot_subnet]}
    return specs


_PERF_GCP_PASS = [
    pool(
        "tcpx",
        machine="a3-highgpu-8g",
        node_config={"machineType": "a3-highgpu-8g", "labels": {"workload": "training"}},
        autoscaling={"totalMaxNodeCount": 4.0},
        networkConfig={"additionalNodeNetworkConfigs": [{"network": f"gpu{i}"} for i in range(4)]},
        nodeLocations=["us-central1-a"],
    ),
    Spec("gcp:lustre/instance:Instance", "hot-gcp", {"location": "us-central1-a"}),
    # an inference pool (exempt) and a single-node pool (exempt) with no fabric at all
    ng("serve", labels={"workload": "inference"}),
    ng("solo", scalingConfig={"maxSize": 1.0, "minSize": 0.0}),
    # a CPU node group (the system nodes) in another zone than the hot tier: no training pool
    Spec(
        NG,
        "system",
        ng("system", types=("m7i.2xlarge",), amiType="AL2023_x86_64_STANDARD", taints=[]).inputs,
        deps={"subnetIds": ["az2"]},
    ),
]

FIXTURES["AIP-PERF-001"] = {
    P: Fixture([*_perf_deps(_perf_aws()), *_PERF_GCP_PASS]),
    F: Fixture(_perf_deps(_perf_aws(interfaces=8), hot_subnet="az2")),
    U: Fixture(_perf_deps(_perf_aws(interfaces=UNKNOWN)), expect=U),
}


# AIP-NET-090 (multi-node pools of fabric-capable machines carry their fabric).
_NET090_TCPX = {
    "additionalNodeNetworkConfigs": [{"network": f"vpc{i}", "subnetwork": f"s{i}"} for i in range(4)]
}
FIXTURES["AIP-NET-090"] = {
    P: Fixture(
        [
            pool("tcpx", networkConfig=_NET090_TCPX),
            pool("single", autoscaling={"totalMinNodeCount": 0.0, "totalMaxNodeCount": 1.0}),
            efa_lt("efa-lt", sgs=()),
            Spec(NG, "efa-ng", ng().inputs, deps={"launchTemplate": ["efa-lt"]}),
            ng("l4", types=("g6.2xlarge",)),
        ]
    ),
    F: Fixture([pool("burst", networkConfig={"enablePrivateNodes": True}), lt("plain"), ng("p5")]),
    U: Fixture([pool("burst", node_config={"machineType": UNKNOWN})], expect=U),
}


# The IAM, Kubernetes, audit and scanner-parity rules live in their own fixture module.
from fixtures_security import NET_004_EXTRA_FAIL, NET_004_EXTRA_PASS, SECURITY_FIXTURES  # noqa: E402

FIXTURES.update(SECURITY_FIXTURES)
from fixtures_services import SERVICE_FIXTURES  # noqa: E402

FIXTURES.update(SERVICE_FIXTURES)
from fixtures_audit import AUDIT_FIXTURES  # noqa: E402

FIXTURES.update(AUDIT_FIXTURES)
FIXTURES["AIP-NET-004"][P].resources.extend(NET_004_EXTRA_PASS)
FIXTURES["AIP-NET-004"][F].resources.extend(NET_004_EXTRA_FAIL)

# The training and serving rules (AIP-SVC-010..012).
from fixtures_workloads import WORKLOAD_FIXTURES  # noqa: E402

FIXTURES.update(WORKLOAD_FIXTURES)
from fixtures_sus import SUS_FIXTURES  # noqa: E402

FIXTURES.update(SUS_FIXTURES)

# The Amazon Managed Grafana rules (AIP-OBS-004..007).
from fixtures_obs import OBS_FIXTURES  # noqa: E402

FIXTURES.update(OBS_FIXTURES)

# The on-prem object-store identity rules (AIP-SVC-013..016).
from fixtures_objectstore import OBJECTSTORE_FIXTURES  # noqa: E402

FIXTURES.update(OBJECTSTORE_FIXTURES)

from fixtures_around import AROUND_FIXTURES, NODE_013_EXTRA_FAIL, NODE_013_EXTRA_PASS  # noqa: E402

FIXTURES.update(AROUND_FIXTURES)
FIXTURES["AIP-NODE-013"][P].resources.extend(NODE_013_EXTRA_PASS)
FIXTURES["AIP-NODE-013"][F].resources.extend(NODE_013_EXTRA_FAIL)
# The rules for the gaps Checkov found in the shipped stacks (AIP-*-050..052).
from fixtures_scanner_gaps import SCANNER_GAP_FIXTURES  # noqa: E402

FIXTURES.update(SCANNER_GAP_FIXTURES)
# The managed AI service rules (AIP-AI-*).
from fixtures_ai import AI_FIXTURES  # noqa: E402

FIXTURES.update(AI_FIXTURES)
# The rack-scale rules (AIP-GPU-020, AIP-GPU-021).
from fixtures_rack import RACK_FIXTURES  # noqa: E402

FIXTURES.update(RACK_FIXTURES)
