"""AIP-NODE: node hardening (IMDSv2, logging, GKE metadata/shielded nodes, taints, identities)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..access import UnknownValueError, as_float, as_list, get, is_false, is_true, strings
from ..documents import parse_json
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    EC2_INSTANCE,
    EKS_ADDON,
    EKS_CLUSTER,
    EKS_COMPONENT_CLUSTER,
    EKS_COMPONENT_MANAGED_NODE_GROUP,
    EKS_NODE_GROUP,
    EKS_POD_IDENTITY,
    GCE_INSTANCE,
    GKE_CLUSTER,
    GKE_NODE_POOL,
    IAM_POLICY,
    IAM_ROLE,
    IAM_ROLE_POLICY,
    IAM_ROLE_POLICY_ATTACHMENT,
    LAUNCH_TEMPLATE,
    OIDC_PROVIDER,
    TPU_VM,
    gke_accelerators,
    is_accelerator_instance,
    is_accelerator_node_group,
    is_accelerator_node_pool,
    node_group_types,
)


def _imds_disabled(props) -> bool:
    return get(props, "metadataOptions", "httpEndpoint") == "disabled"


@rule(
    "AIP-NODE-001",
    "imdsv2-required",
    title="IMDSv2 required",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_79",),
    types=(LAUNCH_TEMPLATE, EC2_INSTANCE),
    description="Launch templates and instances require IMDSv2 session tokens.",
    remediation="Set metadata_options={'http_tokens': 'required', 'http_put_response_hop_limit': 1, 'http_endpoint': 'enabled'}.",
    unknown="An unknown httpTokens gives an unknown verdict. Absent metadataOptions means the AMI/account default, which may allow IMDSv1: a violation.",
    references=("CKV_AWS_79", "AVD-AWS-0028", "AVD-AWS-0130"),
)
def node_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    if _imds_disabled(res.props):
        return
    tokens = get(res.props, "metadataOptions", "httpTokens")
    if tokens != "required":
        yield (
            f"metadataOptions.httpTokens is {tokens!r}, not 'required' (IMDSv1 allowed)."
            if tokens
            else ("metadataOptions.httpTokens is not set to 'required' (IMDSv1 allowed).")
        )


@rule(
    "AIP-NODE-002",
    "imds-hop-limit",
    title="IMDS hop limit",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_341",),
    types=(LAUNCH_TEMPLATE, EC2_INSTANCE),
    description="Launch templates and instances set an IMDS response hop limit no greater than the configured maximum (default 1).",
    remediation="Set metadata_options.http_put_response_hop_limit explicitly to 1 (pods then cannot reach node credentials).",
    unknown="An unknown hop limit gives an unknown verdict. An absent hop limit is a violation: AMIs registered with ImdsSupport v2.0 default it to 2.",
    references=("CKV_AWS_341",),
    config={"maxHopLimit": {"type": "number", "minimum": 1, "maximum": 64, "default": 1}},
)
def node_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    if _imds_disabled(res.props):
        return
    limit = as_float(get(res.props, "metadataOptions", "httpPutResponseHopLimit"))
    maximum = float(ctx.config.get("maxHopLimit", 1))
    if limit is None:
        yield f"metadataOptions.httpPutResponseHopLimit is not set (must be <= {maximum:g})."
    elif limit > maximum:
        yield f"metadataOptions.httpPutResponseHopLimit is {limit:g} (maximum {maximum:g})."


@rule(
    "AIP-NODE-003",
    "eks-nodegroup-remote-access",
    title="No open SSH to EKS nodes",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_100",),
    types=(EKS_NODE_GROUP, EKS_COMPONENT_MANAGED_NODE_GROUP),
    description="EKS node groups (also pulumi_eks `eks:index:ManagedNodeGroup`, whose remoteAccess input is aws.eks.NodeGroup's) either have no remote access or restrict it to source security groups.",
    remediation="Remove remote_access from aws.eks.NodeGroup (use SSM Session Manager) or set remote_access.source_security_group_ids.",
    unknown="Unknown sourceSecurityGroupIds (ids of groups created in the same program) count as set.",
    references=("CKV_AWS_100", "KICS eks_node_group_remote_access_disabled"),
)
def node_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    remote = get(res.props, "remoteAccess")
    if remote is None:
        return
    try:
        groups = as_list(get(remote, "sourceSecurityGroupIds"))
    except UnknownValueError:
        return
    if not groups:
        yield "remoteAccess is enabled without sourceSecurityGroupIds (SSH open to 0.0.0.0/0)."


REQUIRED_LOG_TYPES = ("api", "audit", "authenticator")


@rule(
    "AIP-NODE-004",
    "eks-control-plane-logging",
    title="EKS control-plane logging",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_37",),
    types=(EKS_CLUSTER, EKS_COMPONENT_CLUSTER),
    description="EKS clusters (also a pulumi_eks `eks:index:Cluster`, same input name; off by default there) enable the api, audit and authenticator control-plane log types.",
    remediation="Set enabled_cluster_log_types=['api', 'audit', 'authenticator'] (plus controllerManager and scheduler if wanted).",
    unknown="An unknown log-type list gives an unknown verdict.",
    references=("CKV_AWS_37", "AVD-AWS-0038", "CIS EKS 2.1.1"),
)
def node_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    enabled = set(strings(get(res.props, "enabledClusterLogTypes")))
    missing = [t for t in REQUIRED_LOG_TYPES if t not in enabled]
    if missing:
        yield f"enabledClusterLogTypes is missing {', '.join(missing)}."


def _version_tuple(v: object) -> tuple[int, ...] | None:
    if not isinstance(v, str):
        return None
    m = re.match(r"^v?(\d+)\.(\d+)", v.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


@rule(
    "AIP-NODE-005",
    "supported-kubernetes-version",
    title="Supported Kubernetes versions and GKE release channel",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV_AWS_339", "Checkov CKV_GCP_70"),
    types=(EKS_CLUSTER, EKS_NODE_GROUP, GKE_CLUSTER),
    description="EKS and GKE versions are not older than the configured minimum and GKE clusters enrol in a release channel.",
    remediation="Upgrade version / min_master_version to a supported minor version and set release_channel={'channel': 'REGULAR'} (or STABLE/RAPID).",
    unknown="An unknown version gives an unknown verdict; an absent version means the provider's latest default and passes.",
    references=("CKV_AWS_339", "CKV_GCP_70", "CIS GKE 5.5.4"),
    config={
        "minEksVersion": {
            "type": "string",
            "default": "1.33",
            "description": "Oldest EKS minor in standard support.",
        },
        "minGkeVersion": {"type": "string", "default": "1.32", "description": "Oldest supported GKE minor."},
    },
)
def node_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in (EKS_CLUSTER, EKS_NODE_GROUP):
        have, floor = (
            _version_tuple(get(res.props, "version")),
            _version_tuple(ctx.config.get("minEksVersion", "1.33")),
        )
        if have and floor and have < floor:
            yield f"Kubernetes version {have[0]}.{have[1]} is older than {floor[0]}.{floor[1]}."
        return
    channel = get(res.props, "releaseChannel", "channel")
    if channel in (None, "UNSPECIFIED"):
        yield "releaseChannel.channel is not set."
    have = _version_tuple(get(res.props, "minMasterVersion"))
    floor = _version_tuple(ctx.config.get("minGkeVersion", "1.32"))
    if have and floor and have < floor:
        yield f"minMasterVersion {have[0]}.{have[1]} is older than {floor[0]}.{floor[1]}."


@rule(
    "AIP-NODE-006",
    "gke-workload-identity",
    title="GKE Workload Identity and the GKE metadata server",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_69",),
    types=(GKE_CLUSTER, GKE_NODE_POOL),
    description="GKE clusters enable Workload Identity and node pools (and a cluster's own node_config) run the GKE metadata server.",
    remediation="Set workload_identity_config.workload_pool='<project>.svc.id.goog' on the cluster and node_config.workload_metadata_config.mode='GKE_METADATA' on node pools.",
    unknown="An unknown workload pool (computed from the project) counts as set; an unknown mode gives an unknown verdict.",
    references=("CKV_GCP_69", "AVD-GCP-0057", "CIS GKE 5.4.1"),
)
def node_006(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == GKE_CLUSTER:
        try:
            pool = get(res.props, "workloadIdentityConfig", "workloadPool")
        except UnknownValueError:
            return
        if not pool:
            yield "workloadIdentityConfig.workloadPool is not set."
        if get(res.props, "nodeConfig") is None:
            return  # no cluster-level node config: the default pool is judged through its node pools
    if get(res.props, "nodeConfig", "workloadMetadataConfig", "mode") != "GKE_METADATA":
        yield "nodeConfig.workloadMetadataConfig.mode is not GKE_METADATA."


@rule(
    "AIP-NODE-007",
    "gke-shielded-nodes",
    title="GKE shielded nodes with secure boot",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_68", "Checkov CKV_GCP_72"),
    types=(GKE_NODE_POOL, GKE_CLUSTER),
    description="GKE node pools (and a cluster's own node_config) enable secure boot and integrity monitoring.",
    remediation="Set node_config.shielded_instance_config={'enable_secure_boot': True, 'enable_integrity_monitoring': True}.",
    unknown="Unknown flags give an unknown verdict. Absent enableIntegrityMonitoring is the GKE default (true); secure boot must be set explicitly.",
    references=("CKV_GCP_68", "CKV_GCP_72", "AVD-GCP-0055", "CIS GKE 5.5.5"),
)
def node_007(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == GKE_CLUSTER and get(res.props, "nodeConfig") is None:
        return
    shielded = get(res.props, "nodeConfig", "shieldedInstanceConfig")
    if not is_true(get(shielded, "enableSecureBoot")):
        yield "shieldedInstanceConfig.enableSecureBoot is not true."
    if is_false(get(shielded, "enableIntegrityMonitoring")):
        yield "shieldedInstanceConfig.enableIntegrityMonitoring is false."


@rule(
    "AIP-NODE-008",
    "gke-auto-repair-upgrade",
    title="GKE auto-repair and controlled auto-upgrade",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV_GCP_9", "Checkov CKV_GCP_10"),
    types=(GKE_NODE_POOL,),
    stack=True,
    description="GKE node pools keep auto-repair and auto-upgrade on, and clusters with accelerator pools define a maintenance window or exclusion.",
    remediation="Leave management.auto_repair/auto_upgrade True (flex-start pools may disable auto-repair) and set maintenance_policy on the cluster so upgrades do not interrupt training.",
    unknown="The cluster is found through the node pool's property dependencies; unknown flags give an unknown verdict.",
    references=("CKV_GCP_9", "CKV_GCP_10", "AVD-GCP-0063", "AVD-GCP-0058"),
)
def node_008(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for pool in stack.of(GKE_NODE_POOL):
        flex = is_true(get(pool.props, "nodeConfig", "flexStart"))
        if is_false(get(pool.props, "management", "autoRepair")) and not flex:
            yield pool.urn, f"node pool '{pool.name}' disables auto-repair."
        if is_false(get(pool.props, "management", "autoUpgrade")):
            yield pool.urn, f"node pool '{pool.name}' disables auto-upgrade."
        elif is_accelerator_node_pool(pool):
            for cluster in stack.resolve(pool.deps_of("cluster"), GKE_CLUSTER):
                if get(cluster.props, "maintenancePolicy") is None:
                    yield (
                        pool.urn,
                        (
                            f"accelerator node pool '{pool.name}' auto-upgrades but cluster '{cluster.name}' has no "
                            "maintenance window or exclusion."
                        ),
                    )


def _default_sa(email: object) -> bool:
    return (
        not email
        or email == "default"
        or (isinstance(email, str) and email.endswith("-compute@developer.gserviceaccount.com"))
    )


@rule(
    "AIP-NODE-009",
    "gke-dedicated-service-account",
    title="GKE nodes use a dedicated service account",
    severity="high",
    enforcement="mandatory",
    types=(GKE_NODE_POOL, GKE_CLUSTER),
    description="GKE node pools (and a cluster's default node config) run as a dedicated service account, not the Compute Engine default.",
    remediation="Create a gcp.serviceaccount.Account with minimal roles and set node_config.service_account to its email.",
    unknown="An unknown service account passes: it is computed from a service account created in the same program (a reference).",
    references=("AVD-GCP-0050", "CIS GKE 5.2.1"),
)
def node_009(res: Res, ctx: RuleContext) -> Iterator[str]:
    node_config = get(res.props, "nodeConfig")
    if res.type == GKE_CLUSTER and node_config is None:
        return  # default pool removed or configured separately
    try:
        email = get(node_config, "serviceAccount")
    except UnknownValueError:
        return  # computed from a service account created in the program: a reference
    if _default_sa(email):
        scopes = strings(get(node_config, "oauthScopes"))
        extra = (
            " with the cloud-platform scope"
            if any(s.endswith("/cloud-platform") or s == "cloud-platform" for s in scopes)
            else ""
        )
        yield f"nodes run as the Compute Engine default service account{extra}."


ACCELERATED_AMI_TYPES = (
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
    "AL2023_x86_64_NEURON",
    "BOTTLEROCKET_x86_64_NVIDIA",
    "BOTTLEROCKET_ARM_64_NVIDIA",
    "BOTTLEROCKET_x86_64_NVIDIA_FIPS",
    "BOTTLEROCKET_ARM_64_NVIDIA_FIPS",
    "CUSTOM",
)
"""Accelerated values of the EKS API ``amiType`` enum (CreateNodegroup); CUSTOM = AMI from the launch template."""


@rule(
    "AIP-NODE-010",
    "accelerated-node-image",
    title="Approved node images",
    severity="low",
    enforcement="advisory",
    peers=("Checkov CKV_GCP_22",),
    types=(GKE_NODE_POOL, GKE_CLUSTER, EKS_NODE_GROUP),
    description="GKE node pools (and a cluster's own node_config) use an approved image type and EKS accelerator node groups use an accelerated AMI type.",
    remediation="Set node_config.image_type='COS_CONTAINERD' (or UBUNTU_CONTAINERD where GPU drivers need it); set ami_type to an NVIDIA/Neuron AL2023 or Bottlerocket variant.",
    unknown="Unknown image or AMI types give an unknown verdict.",
    references=("CKV_GCP_22", "AVD-GCP-0054", "CIS GKE 5.5.1"),
    config={
        "allowedImageTypes": string_list(["COS_CONTAINERD", "UBUNTU_CONTAINERD"]),
    },
)
def node_010(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in (GKE_NODE_POOL, GKE_CLUSTER):
        image = get(res.props, "nodeConfig", "imageType")
        allowed = [str(a).upper() for a in ctx.config["allowedImageTypes"]]
        if image is not None and str(image).upper() not in allowed:
            yield f"nodeConfig.imageType {image} is not one of {', '.join(allowed)}."
    elif is_accelerator_node_group(res):
        ami = get(res.props, "amiType")
        if ami not in ACCELERATED_AMI_TYPES:
            yield f"accelerator node group amiType is {ami or 'unset'}, not an accelerated AMI type."


ACCELERATOR_TAINT_KEYS = (
    "nvidia.com/gpu",
    "aws.amazon.com/neuron",
    "aws.amazon.com/neuroncore",
    "habana.ai/gaudi",
    "google.com/tpu",
)


@rule(
    "AIP-NODE-011",
    "accelerator-pool-taints",
    title="Accelerator pools tainted",
    severity="medium",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL),
    description="GPU and Neuron node groups carry a NoSchedule taint on the accelerator resource key, and GKE accelerator pools do not weaken the automatic taint.",
    remediation="Add taints=[{'key': 'nvidia.com/gpu' (or 'aws.amazon.com/neuron'), 'value': 'true', 'effect': 'NO_SCHEDULE'}] to accelerator aws.eks.NodeGroup; never override GKE's nvidia.com/gpu / google.com/tpu taint with another effect.",
    unknown="Unknown instance types or taints give an unknown verdict.",
    references=("cost/ops rule",),
)
def node_011(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == EKS_NODE_GROUP:
        if not is_accelerator_node_group(res):
            return
        for t in as_list(get(res.props, "taints")):
            if get(t, "key") in ACCELERATOR_TAINT_KEYS and get(t, "effect") in ("NO_SCHEDULE", "NoSchedule"):
                return
        yield f"accelerator node group ({', '.join(node_group_types(res))}) has no NoSchedule accelerator taint."
    elif is_accelerator_node_pool(res):
        for t in as_list(get(res.props, "nodeConfig", "taints")):
            if get(t, "key") in ACCELERATOR_TAINT_KEYS and get(t, "effect") not in (
                "NO_SCHEDULE",
                "NoSchedule",
            ):
                yield f"taint {get(t, 'key')} is overridden with effect {get(t, 'effect')}."
        if not gke_accelerators(res.props) and not any(
            get(t, "key") in ACCELERATOR_TAINT_KEYS for t in as_list(get(res.props, "nodeConfig", "taints"))
        ):
            machine = get(res.props, "nodeConfig", "machineType")
            if isinstance(machine, str) and not machine.startswith(("ct", "tpu")):
                yield "accelerator machine type without guestAccelerators gets no automatic GPU taint; add one."


_WRITE_ACTIONS = re.compile(
    r"^(\*|s3:\*|s3:Put.*|s3:Delete.*|kms:\*|kms:Encrypt|kms:GenerateDataKey.*|kms:ReEncrypt.*)$", re.I
)
_BROAD_MANAGED = (
    "AmazonS3FullAccess",
    "AdministratorAccess",
    "PowerUserAccess",
    "AWSKeyManagementServicePowerUser",
)


def _policy_writes(document: object) -> bool:
    if isinstance(document, str):
        try:
            document = parse_json(document)
        except ValueError:  # PolicyParseError included (not JSON, or nested too deeply)
            return False
    if not isinstance(document, dict):
        return False
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for st in statements:
        if not isinstance(st, dict) or st.get("Effect") != "Allow":
            continue
        actions = st.get("Action", [])
        if isinstance(actions, str):
            actions = [actions]
        if any(isinstance(a, str) and _WRITE_ACTIONS.match(a) for a in actions):
            return True
    return False


@rule(
    "AIP-NODE-012",
    "workload-identity-not-node-role",
    title="Workloads use IRSA or Pod Identity, not the node role",
    severity="high",
    enforcement="advisory",
    types=(EKS_NODE_GROUP,),
    stack=True,
    description="EKS node roles carry no S3 or KMS write permissions, and clusters with node groups provide IRSA or Pod Identity.",
    remediation="Grant data access through IRSA (aws.iam.OpenIdConnectProvider + role per service account) or aws.eks.PodIdentityAssociation; keep the node role to the EKS worker, CNI and ECR read policies.",
    unknown="Roles and policies are resolved through property dependencies; unknown policy documents give an unknown verdict.",
    references=("CIS EKS 5.2.1",),
)
def node_012(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    groups = stack.of(EKS_NODE_GROUP)
    if not groups:
        return
    policy_writes = {p.urn: _policy_writes(get(p.props, "policy")) for p in stack.of(IAM_POLICY)}
    role_writes: dict[str, str] = {}
    for att in stack.of(IAM_ROLE_POLICY_ATTACHMENT):
        arn = get(att.props, "policyArn")
        broad = isinstance(arn, str) and arn.rsplit("/", 1)[-1] in _BROAD_MANAGED
        custom = any(policy_writes.get(u) for u in att.deps_of("policyArn"))
        if broad or custom:
            for role in att.deps_of("role"):
                role_writes[role] = arn if isinstance(arn, str) else "a custom policy"
    for rp in stack.of(IAM_ROLE_POLICY):
        if _policy_writes(get(rp.props, "policy")):
            for role in rp.deps_of("role"):
                role_writes[role] = f"inline policy '{rp.name}'"
    for ng in groups:
        for role in stack.resolve(ng.deps_of("nodeRoleArn"), IAM_ROLE):
            if role.urn in role_writes:
                yield (
                    ng.urn,
                    f"node role '{role.name}' of node group '{ng.name}' has data-plane write access via {role_writes[role.urn]}.",
                )
    identity = stack.of(OIDC_PROVIDER, EKS_POD_IDENTITY) or [
        a for a in stack.of(EKS_ADDON) if get(a.props, "addonName") == "eks-pod-identity-agent"
    ]
    if not identity:
        for cluster in stack.of(EKS_CLUSTER):
            yield (
                cluster.urn,
                f"cluster '{cluster.name}' has node groups but neither an IRSA OIDC provider nor Pod Identity.",
            )


_DEFAULT_SA_SUFFIX = "-compute@developer.gserviceaccount.com"
GCE_TEMPLATES = (
    "gcp:compute/instanceTemplate:InstanceTemplate",
    "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
    "gcp:compute/instanceFromTemplate:InstanceFromTemplate",
)
"""Other GCE VM shapes (pulumi-gcp 10.2.0): templates and instances created from one; each has the
same ``serviceAccount {email, scopes}`` block as ``compute.Instance``."""
FULL_ACCESS_SCOPES = ("cloud-platform", "https://www.googleapis.com/auth/cloud-platform")
"""The scope that grants every Cloud API, in its short alias and full URL (Checkov CKV_GCP_31 reads
both; checkov 3.3.30 GoogleComputeDefaultServiceAccountFullAccess.py)."""


@rule(
    "AIP-NODE-013",
    "gce-accelerator-service-account",
    title="GCE VMs never run as the default service account with full API access; accelerator and TPU VMs use a dedicated one",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_30", "Checkov CKV_GCP_31"),
    types=(GCE_INSTANCE, TPU_VM, *GCE_TEMPLATES),
    description="No GCE VM, instance template or instance from a template runs as the Compute Engine default service account with the cloud-platform scope (CIS GCP 4.2); GCE VMs with accelerators and TPU VMs do not run as the default service account at all (a TPU VM without a service account gets it).",
    rationale="The Compute Engine default service account holds roles/editor on the project in many organisations; with the cloud-platform scope any process on any VM can then read every bucket and rewrite the project.",
    remediation="Create a gcp.serviceaccount.Account with only the roles the VM needs and set service_account={'email': sa.email, 'scopes': ['cloud-platform']} (GCE) or service_account={'email': sa.email} (TPU VM).",
    unknown="An unknown service account email passes: it is computed from a service account created in the same program (a reference). An instance from a template without its own serviceAccount is judged through its template.",
    references=("CKV_GCP_30", "CKV_GCP_31", "AVD-GCP-0044"),
    equivalents=(
        "The default service account is its email <project-number>-compute@developer.gserviceaccount.com, the alias 'default', or a serviceAccount block without an email.",
        "The cloud-platform scope is the alias 'cloud-platform' or https://www.googleapis.com/auth/cloud-platform.",
        "Instances, instance templates, regional instance templates and instances from a template are judged alike.",
    ),
)
def node_013(res: Res, ctx: RuleContext) -> Iterator[str]:
    strict = res.type == TPU_VM or (res.type == GCE_INSTANCE and is_accelerator_instance(res))
    sa = get(res.props, "serviceAccount")
    if sa is None:
        if res.type == TPU_VM:
            yield "no serviceAccount: the TPU VM runs as the Compute Engine default service account."
        return  # a GCE VM without a service_account block has no identity at all
    try:
        email = get(sa, "email")
    except UnknownValueError:
        return
    scopes = strings(get(sa, "scopes")) + strings(get(sa, "scope"))
    if not email or email == "default" or (isinstance(email, str) and email.endswith(_DEFAULT_SA_SUFFIX)):
        wide = any(s.strip() in FULL_ACCESS_SCOPES for s in scopes)
        if strict or wide:
            yield "runs as the Compute Engine default service account" + (
                " with the cloud-platform scope." if wide else "."
            )


@rule(
    "AIP-NODE-014",
    "gke-cluster-hardening",
    title="GKE clusters: no legacy ABAC or client certificates; network policy, logging and monitoring on",
    severity="high",
    enforcement="mandatory",
    peers=(
        "Checkov CKV_GCP_7",
        "Checkov CKV_GCP_13",
        "Checkov CKV_GCP_12",
        "Checkov CKV_GCP_1",
        "Checkov CKV_GCP_8",
    ),
    types=(GKE_CLUSTER,),
    description="GKE clusters do not enable legacy ABAC or issue client certificates, enforce network policy (Dataplane V2 or the network policy add-on), and do not switch off Cloud Logging or Cloud Monitoring.",
    rationale="Legacy ABAC bypasses RBAC, a client certificate is a non-revocable cluster credential, pods without network policy can reach every tenant's training job, and without logs no incident can be traced.",
    remediation="Leave enable_legacy_abac and master_auth.client_certificate_config.issue_client_certificate False, set datapath_provider='ADVANCED_DATAPATH' (or network_policy={'enabled': True}), and keep logging_service/monitoring_service at their defaults (or logging_config/monitoring_config with components).",
    unknown="Unknown flags give an unknown verdict.",
    references=(
        "CKV_GCP_7",
        "CKV_GCP_13",
        "CKV_GCP_12",
        "CKV_GCP_1",
        "CKV_GCP_8",
    ),
)
def node_014(res: Res, ctx: RuleContext) -> Iterator[str]:
    if is_true(get(res.props, "enableLegacyAbac")):
        yield "enableLegacyAbac is true (legacy ABAC bypasses RBAC)."
    if is_true(get(res.props, "masterAuth", "clientCertificateConfig", "issueClientCertificate")):
        yield "masterAuth.clientCertificateConfig.issueClientCertificate is true."
    dataplane_v2 = get(res.props, "datapathProvider") == "ADVANCED_DATAPATH"
    autopilot = is_true(get(res.props, "enableAutopilot"))
    if not dataplane_v2 and not autopilot and not is_true(get(res.props, "networkPolicy", "enabled")):
        yield "no network policy enforcement (datapathProvider is not ADVANCED_DATAPATH and networkPolicy.enabled is not true)."
    for key, label in (("loggingService", "Cloud Logging"), ("monitoringService", "Cloud Monitoring")):
        if str(get(res.props, key) or "").lower() == "none":
            yield f"{key} is 'none' ({label} is off)."
    for key, label in (("loggingConfig", "logging"), ("monitoringConfig", "monitoring")):
        cfg = get(res.props, key)
        if (
            cfg is not None
            and not strings(get(cfg, "enableComponents"))
            and get(cfg, "managedPrometheus") is None
        ):
            yield f"{key}.enableComponents is empty ({label} of system components is off)."
