"""Shared vocabulary for rules: type tokens, accelerator detection, reference and join helpers."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import import_module
from typing import Any

from ..access import UnknownValueError, as_list, get, memoized, strings, tags_of
from ..registry import Res, StackView, string_list

# --- type tokens (pulumi-aws 7, pulumi-gcp 10, pulumi-kubernetes 4) ---
S3_BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
S3_SSE = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
S3_PAB = ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",)
S3_ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
S3_VERSIONING = ("aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2")
S3_LIFECYCLE = (
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
)
S3_LOGGING = ("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2")
S3_OBJECT_LOCK = (
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
)
S3_REPLICATION = ("aws:s3/bucketReplicationConfig:BucketReplicationConfig",)
GCS_BUCKET = "gcp:storage/bucket:Bucket"

LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
EC2_INSTANCE = "aws:ec2/instance:Instance"
EBS_VOLUME = "aws:ebs/volume:Volume"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SG_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SG_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
PLACEMENT_GROUP = "aws:ec2/placementGroup:PlacementGroup"
SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
EKS_CLUSTER = "aws:eks/cluster:Cluster"
EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
EKS_COMPONENT_CLUSTER = "eks:index:Cluster"
"""pulumi_eks's cluster: a remote component, not expandable offline, whose own inputs the EKS rules judge
(names and defaults from the pulumi-eks 4.4.0 Python SDK, ``pulumi_eks/cluster.py``, read 2026-12-07)."""
EKS_COMPONENT_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup"
"""pulumi_eks's managed node group (remote); its inputs are aws.eks.NodeGroup's (pulumi-eks 4.4.0)."""
EKS_POD_IDENTITY = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
EKS_ADDON = "aws:eks/addon:Addon"
OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
IAM_ROLE = "aws:iam/role:Role"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
KMS_KEY = "aws:kms/key:Key"
KMS_ALIAS = "aws:kms/alias:Alias"
KMS_REPLICA = "aws:kms/replicaKey:ReplicaKey"
EFS = "aws:efs/fileSystem:FileSystem"
FSX_LUSTRE = "aws:fsx/lustreFileSystem:LustreFileSystem"
FSX_DRA = "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation"

GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
GCP_CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
GCP_FIREWALL = "gcp:compute/firewall:Firewall"
GCE_INSTANCE = "gcp:compute/instance:Instance"
GCP_SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
GCP_SERVICE_ACCOUNT = "gcp:serviceaccount/account:Account"
TPU_VM = "gcp:tpu/v2Vm:V2Vm"
GCP_FILESTORE = "gcp:filestore/instance:Instance"
GCP_LUSTRE = "gcp:lustre/instance:Instance"
GCP_DISK = "gcp:compute/disk:Disk"
K8S_SECRET = "kubernetes:core/v1:Secret"

KEY_TYPES = (KMS_KEY, KMS_ALIAS, KMS_REPLICA, GCP_CRYPTO_KEY, "aws:kms/externalKey:ExternalKey")

# --- accelerators ---
_AWS_ACCEL = re.compile(r"^(p\d|g\d|gr\d|trn\d|inf\d|dl\d)[a-z0-9-]*\.")
_GCP_ACCEL = re.compile(r"^(a2|a3|a4|a4x|g2|g4|ct\d|tpu\d)[a-z0-9]*-")


@cache
def _catalog() -> Any:
    """The accelerator catalog (pure facts), imported lazily: the copy vendored into an exported pack
    (``aiinfra policy export``) first, else ``aiinfra.components.catalog``; None when neither exists."""
    try:
        from .. import catalog  # type: ignore[attr-defined]  # only present in an exported pack

        return catalog
    except ImportError:
        pass
    try:
        from aiinfra.components import catalog
    except ImportError:  # pragma: no cover - catalog is optional for the rules that use it
        return None
    return catalog


def catalog_module(name: str) -> Any:
    """A submodule of the accelerator catalog (``energy``, ``aws_zones``), or None without a catalog."""
    cat = _catalog()
    return import_module(f"{cat.__name__}.{name}") if cat is not None else None


def catalog_entry(machine_type: str) -> Any:
    """The catalog entry for a machine type, or None."""
    cat = _catalog()
    if cat is None or not isinstance(machine_type, str):
        return None
    try:
        return cat.find(machine_type)
    except Exception:
        return None


def catalog_accelerator_types() -> frozenset[str]:
    """GKE accelerator type names and TPU versions the catalog knows."""
    cat = _catalog()
    if cat is None:
        return frozenset()
    try:
        entries = cat.machines()
    except Exception:
        return frozenset()
    out = set()
    for m in entries:
        if getattr(m, "accelerator_type", None):
            out.add(m.accelerator_type)
        if getattr(m, "tpu_version", None):
            out.add(m.tpu_version)
    return frozenset(out)


def is_accelerator_type(machine_type: Any) -> bool:
    """True for GPU/TPU/Trainium/Inferentia machine types (catalog first, then family patterns)."""
    if not isinstance(machine_type, str):
        return False
    entry = catalog_entry(machine_type)
    if entry is not None:
        return getattr(entry, "accelerator_count", 0) > 0
    return bool(_AWS_ACCEL.match(machine_type) or _GCP_ACCEL.match(machine_type))


def node_group_types(res: Res) -> list[str]:
    """``instanceTypes`` of an EKS node group."""
    return strings(get(res.props, "instanceTypes"))


ACCELERATED_AMI_MARKERS = ("NVIDIA", "NEURON")


def is_accelerator_node_group(res: Res) -> bool:
    """An EKS node group with accelerator instance types; without instance types (they then live in
    the launch template, as EKS requires for Capacity Blocks), one with an accelerated AMI type."""
    return memoized(res.props, "accel-ng", lambda: _is_accelerator_node_group(res))


def _is_accelerator_node_group(res: Res) -> bool:
    types = node_group_types(res)
    if types:
        return any(is_accelerator_type(t) for t in types)
    ami = get(res.props, "amiType")
    return isinstance(ami, str) and any(marker in ami for marker in ACCELERATED_AMI_MARKERS)


def gke_accelerators(props: Mapping[str, Any], node_config_key: str = "nodeConfig") -> list[Any]:
    return as_list(get(props, node_config_key, "guestAccelerators"))


def is_accelerator_node_pool(res: Res) -> bool:
    """A GKE node pool with guest accelerators or an accelerator machine family (A3/A4/G2/TPU)."""
    return memoized(res.props, "accel-pool", lambda: _is_accelerator_node_pool(res))


def _is_accelerator_node_pool(res: Res) -> bool:
    if gke_accelerators(res.props):
        return True
    return is_accelerator_type(get(res.props, "nodeConfig", "machineType"))


def is_accelerator_instance(res: Res) -> bool:
    if res.type == GCE_INSTANCE:
        return bool(as_list(get(res.props, "guestAccelerators"))) or is_accelerator_type(
            get(res.props, "machineType")
        )
    return is_accelerator_type(get(res.props, "instanceType"))


def efa_interfaces(props: Mapping[str, Any]) -> list[Any]:
    """Network interfaces of a launch template with ``interfaceType`` efa or efa-only."""
    return [
        ni
        for ni in as_list(get(props, "networkInterfaces"))
        if get(ni, "interfaceType") in ("efa", "efa-only")
    ]


def targets_reservation(props: Mapping[str, Any]) -> bool:
    """A launch template that targets an ODCR or a Capacity Block (refinement: no CPG demanded)."""
    if get(props, "capacityReservationSpecification", "capacityReservationTarget"):
        return True
    return get(props, "instanceMarketOptions", "marketType") == "capacity-block"


def matches_any(value: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, p) for p in patterns)


def key_reference_ok(res: Res, *path: str | int) -> bool:
    """True when the key reference at ``path`` is set.

    An unknown value counts as set: at preview a value is unknown only when it is computed from
    another resource's output, i.e. it references a key created in the same program (a literal
    ARN/name is always known). CrossGuard's ``AnalyzeRequest`` carries no property dependencies,
    so resource rules decide from the value alone, exactly as they do offline."""
    try:
        value = get(res.props, *path)
    except UnknownValueError:
        return True
    return isinstance(value, str) and value.strip() != ""


def urn_type(urn: str) -> str:
    """The resource type token inside a URN (``urn:pulumi:stack::project::parent$type::name``)."""
    parts = urn.split("::")
    return parts[2].split("$")[-1] if len(parts) >= 4 else ""


def _looks_like_key_dep(urn: str) -> bool:
    return urn_type(urn) in KEY_TYPES


def tier_of(res: Res, key: str = "tier") -> str:
    """The data tier tag/label (lower-case), or ''."""
    return str(tags_of(res.props).get(key, "")).lower()


def _bucket_index(stack: StackView) -> tuple[dict[str, str], set[str]]:
    """Bucket name/id/ARN -> URN, and the set of bucket URNs; built once per stack view (every S3
    stack rule joins its settings through it)."""
    cached = getattr(stack, "_bucket_index", None)
    if cached is not None:
        return cached
    by_name: dict[str, str] = {}
    buckets = stack.of(*S3_BUCKETS)
    for b in buckets:
        for key in ("bucket", "id", "arn"):
            try:
                name = get(b.props, key)
            except UnknownValueError:
                continue
            if isinstance(name, str) and name:
                by_name[name] = b.urn
    index = (by_name, {b.urn for b in buckets})
    stack._bucket_index = index  # type: ignore[attr-defined]
    return index


class BucketJoin:
    """Joins pulumi-aws v7 S3 setting resources to their bucket.

    A setting's ``bucket`` input is the bucket's id/name output: during preview it is unknown for a new
    bucket, so the join uses the engine's property dependencies first and the value second (the
    bucket's ``bucket`` name or ``id``). Settings that cannot be joined are kept in ``unjoined``.
    """

    def __init__(self, stack: StackView, setting_types: Iterable[str]) -> None:
        self.buckets = stack.of(*S3_BUCKETS)
        by_name, bucket_urns = _bucket_index(stack)
        self.settings: dict[str, list[Res]] = {}
        self.unjoined: list[Res] = []
        for setting in stack.of(*setting_types):
            target = next((u for u in setting.deps_of("bucket") if u in bucket_urns), None)
            if target is None:
                try:
                    value = get(setting.props, "bucket")
                except UnknownValueError:
                    value = None
                target = by_name.get(value) if isinstance(value, str) else None
            if target is None:
                self.unjoined.append(setting)
            else:
                self.settings.setdefault(target, []).append(setting)

    def of(self, bucket: Res) -> list[Res]:
        return self.settings.get(bucket.urn, [])

    def unknown_if_unjoined(self, what: str) -> None:
        """Raise the unknown error when some setting could not be joined (its target is unknown)."""
        if self.unjoined:
            raise UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", [self.unjoined[0].name, "bucket"])


def trail_covers(trail: Res, bucket: Res, *, reads_and_writes: bool = False) -> bool:
    """Whether a CloudTrail trail records S3 object-level (data) events for ``bucket``.

    ``reads_and_writes``: only selectors that record both (event selectors with ``readWriteType``
    All, advanced selectors without a ``readOnly`` field), as access logging would.
    """
    names = set()
    for key in ("bucket", "arn", "id"):
        try:
            value = get(bucket.props, key)
        except UnknownValueError:
            continue
        if isinstance(value, str):
            names.add(value)
    for sel in as_list(get(trail.props, "eventSelectors")):
        if reads_and_writes and str(get(sel, "readWriteType") or "All") != "All":
            continue
        for dr in as_list(get(sel, "dataResources")):
            if get(dr, "type") != "AWS::S3::Object":
                continue
            try:
                values = strings(get(dr, "values"))
            except UnknownValueError:
                if bucket.urn in trail.deps_of("eventSelectors"):
                    return True
                raise
            for v in values:
                if v in ("arn:aws:s3", "arn:aws:s3:::") or any(n and n in v for n in names):
                    return True
            if bucket.urn in trail.deps_of("eventSelectors"):
                return True
    for sel in as_list(get(trail.props, "advancedEventSelectors")):
        fields = {str(get(f, "field")): f for f in as_list(get(sel, "fieldSelectors"))}
        if strings(get(fields.get("eventCategory"), "equals")) != ["Data"]:
            continue
        if "AWS::S3::Object" not in strings(get(fields.get("resources.type"), "equals")):
            continue
        if reads_and_writes and "readOnly" in fields:
            continue
        arn_sel = fields.get("resources.ARN")
        if arn_sel is None:
            return True
        try:
            prefixes = strings(get(arn_sel, "startsWith")) + strings(get(arn_sel, "equals"))
        except UnknownValueError:
            if bucket.urn in trail.deps_of("advancedEventSelectors"):
                return True
            raise
        if any(n and n in p for p in prefixes for n in names) or bucket.urn in trail.deps_of(
            "advancedEventSelectors"
        ):
            return True
    return False


def gcs_data_access_logged(stack: StackView) -> bool:
    """Whether an audit config of the program writes Cloud Storage Data Access logs (reads and writes)
    with no exempted members: Google's recommended record of object access in place of usage logs."""
    kinds: set[str] = set()
    for cfg in stack.of(*GCP_AUDIT_CONFIGS):
        if str(get(cfg.props, "service") or "") not in ("storage.googleapis.com", "allServices"):
            continue
        for lc in as_list(get(cfg.props, "auditLogConfigs")):
            if not strings(get(lc, "exemptedMembers")):
                kinds.add(str(get(lc, "logType") or ""))
    return {"DATA_READ", "DATA_WRITE"} <= kinds


# --- AI data stores (issue: tier rules apply to AI data, not to every bucket in the account) ---
AI_DATA_CONFIG = {
    "tierTag": {"type": "string", "default": "tier", "description": "Tag/label key naming the data tier."},
    "aiDataSelector": string_list(
        [],
        "Extra selectors for AI data stores without a tier tag: 'key=value' tag/label matches or "
        "resource-name globs (e.g. 'purpose=training', 'ckpt-*').",
    ),
}
"""Tunables of the rules that judge only AI data stores (versioning, cost tags, protection)."""


def is_ai_data_store(res: Res, ctx: Any) -> bool:
    """An AI data store: it carries the tier tag/label (every tier of the aiinfra storage components
    does), its parent is an aiinfra component (``aiinfra:<module>:<Class>``), or it matches one of
    ``aiDataSelector``. A website or static-asset bucket with none of these is generic storage."""
    key = ctx.config.get("tierTag", "tier")
    tags = tags_of(res.props)
    if tags.get(key):
        return True
    if res.parent and urn_type(res.parent).startswith("aiinfra:"):
        return True
    for sel in ctx.config.get("aiDataSelector") or ():
        sel = str(sel)
        if "=" in sel:
            k, v = sel.split("=", 1)
            if str(tags.get(k, "")).lower() == v.lower():
                return True
        elif fnmatch.fnmatchcase(res.name, sel):
            return True
    return False


# --- IAM, Kubernetes, audit and data-service type tokens (pulumi-aws 7, pulumi-gcp 9/10, pulumi-kubernetes 4) ---
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
IAM_GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"
IAM_ROLE_ATTACHMENTS_EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"
S3_BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy"
ECR_REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy"
SNS_TOPIC = "aws:sns/topic:Topic"
SNS_TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
SQS_QUEUE = "aws:sqs/queue:Queue"
SQS_QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
CLOUDTRAIL = "aws:cloudtrail/trail:Trail"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
SECRETSMANAGER_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc"
DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet"

GCS_IAM = (
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
)
GCS_ACL = (
    "gcp:storage/bucketAccessControl:BucketAccessControl",
    "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
    "gcp:storage/objectAccessControl:ObjectAccessControl",
)
GCS_ROLE_ENTITY_ACL = (
    "gcp:storage/bucketACL:BucketACL",
    "gcp:storage/defaultObjectACL:DefaultObjectACL",
    "gcp:storage/objectACL:ObjectACL",
)
"""Authoritative ACL resources: ``roleEntities`` as ``ROLE:entity`` pairs, and on BucketACL/ObjectACL
a ``predefinedAcl`` (BucketACL also ``defaultAcl``); pulumi-gcp 9/10 storage module."""
GCP_KMS_IAM = (
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding",
    "gcp:kms/cryptoKeyIAMPolicy:CryptoKeyIAMPolicy",
    "gcp:kms/keyRingIAMMember:KeyRingIAMMember",
    "gcp:kms/keyRingIAMBinding:KeyRingIAMBinding",
    "gcp:kms/keyRingIAMPolicy:KeyRingIAMPolicy",
)
GCP_PROJECT_IAM = (
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:projects/iAMPolicy:IAMPolicy",
    "gcp:folder/iAMMember:IAMMember",
    "gcp:folder/iAMBinding:IAMBinding",
    "gcp:folder/iAMPolicy:IAMPolicy",
    "gcp:organizations/iAMMember:IAMMember",
    "gcp:organizations/iAMBinding:IAMBinding",
    "gcp:organizations/iAMPolicy:IAMPolicy",
)
GCP_AUDIT_CONFIGS = (
    "gcp:projects/iAMAuditConfig:IAMAuditConfig",
    "gcp:folder/iamAuditConfig:IamAuditConfig",
    "gcp:organizations/iamAuditConfig:IamAuditConfig",
)
GCP_FIREWALL_POLICY_RULES = (
    "gcp:compute/firewallPolicyRule:FirewallPolicyRule",
    "gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule",
    "gcp:compute/regionNetworkFirewallPolicyRule:RegionNetworkFirewallPolicyRule",
)
CLOUD_SQL = "gcp:sql/databaseInstance:DatabaseInstance"
GCP_SECRET_VERSION = "gcp:secretmanager/secretVersion:SecretVersion"

K8S_BINDINGS = (
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
)
K8S_ROLES = (
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:Role",
)
K8S_WORKLOADS = (
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:PodTemplate",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
)
K8S_WORKLOAD_PATCHES = (
    "kubernetes:core/v1:PodPatch",
    "kubernetes:core/v1:PodTemplatePatch",
    "kubernetes:core/v1:ReplicationControllerPatch",
    "kubernetes:apps/v1:DeploymentPatch",
    "kubernetes:apps/v1:StatefulSetPatch",
    "kubernetes:apps/v1:DaemonSetPatch",
    "kubernetes:apps/v1:ReplicaSetPatch",
    "kubernetes:batch/v1:JobPatch",
    "kubernetes:batch/v1:CronJobPatch",
)
"""Server-side-apply patches of the workload kinds (pulumi-kubernetes 4): they can add a privileged
container or a host namespace to an object defined elsewhere."""
K8S_CONFIG_GROUPS = ("kubernetes:yaml/v2:ConfigGroup",)
"""yaml/v2 ConfigGroup is a multi-language component: its objects are registered by the provider,
so a policy sees only its ``yaml``/``objs`` inputs; rules parse those (Helm-less YAML)."""
