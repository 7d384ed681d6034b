"""AIP-OBS: observability stores and alert channels — metrics workspaces and alert topics carry
cluster topology, job names and error details; they are encrypted with customer-managed keys.

Cross-reference ids name peer checks of the same family and are unverified against the scanners'
current catalogues.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import UnknownValueError, as_list, get, strings
from ..documents import PolicyParseError, parse_policy
from ..registry import Res, RuleContext, rule
from .common import IAM_ROLE, SNS_TOPIC, key_reference_ok

AMP_WORKSPACE = "aws:amp/workspace:Workspace"
PUBSUB_TOPIC = "gcp:pubsub/topic:Topic"
# AWS-managed SNS key aliases (the default when kms_master_key_id names no customer key).
AWS_MANAGED_SNS_KEYS = ("alias/aws/sns",)
GRAFANA_WORKSPACE = "aws:grafana/workspace:Workspace"
GRAFANA_SERVICE = "grafana.amazonaws.com"
# The query actions of the AWS-managed AmazonPrometheusQueryAccess policy plus workspace reads (AMP
# user guide "IAM permissions", read 2026-12-01): everything a dashboard needs from Managed Prometheus.
AMP_READ_ACTIONS = (
    "aps:querymetrics",
    "aps:getseries",
    "aps:getlabels",
    "aps:getmetricmetadata",
    "aps:describeworkspace",
    "aps:listworkspaces",
)


@rule(
    "AIP-OBS-001",
    "amp-workspace-cmk",
    title="Managed Prometheus workspaces encrypted with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(AMP_WORKSPACE,),
    description="Amazon Managed Service for Prometheus workspaces set kms_key_arn to a customer-managed KMS key.",
    rationale="Metrics name every node, pod, queue and team of the platform and record GPU errors; with an AWS-owned key no key policy limits who can read them and their use is not logged per request.",
    remediation="Set kms_key_arn on aws.amp.Workspace to a customer-managed aws.kms.Key (aiinfra uses the platform's logs key).",
    unknown="An unknown kmsKeyArn passes (at preview it is the output of a key created in the same program).",
)
def obs_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyArn"):
        yield "kmsKeyArn is not set (the workspace is encrypted with an AWS-owned key)."


@rule(
    "AIP-OBS-002",
    "sns-topic-cmk",
    title="SNS topics encrypted with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_26",),
    types=(SNS_TOPIC,),
    description="SNS topics set kms_master_key_id to a customer-managed KMS key, not the AWS-managed alias/aws/sns.",
    rationale="Alert topics carry node names, pod names and error details; SNS stores messages unencrypted unless a key is set, and the AWS-managed key cannot be restricted to the publishers you choose.",
    remediation="Set kms_master_key_id on aws.sns.Topic to a customer-managed aws.kms.Key whose policy lets the publishing service use it.",
    unknown="An unknown kmsMasterKeyId passes (it references a key created in the same program).",
    references=("CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136"),
)
def obs_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsMasterKeyId"):
        yield "kmsMasterKeyId is not set (messages are stored without server-side encryption)."
        return
    try:
        key = get(res.props, "kmsMasterKeyId")
    except UnknownValueError:
        return
    if key in AWS_MANAGED_SNS_KEYS:
        yield f"kmsMasterKeyId is {key!r}, the AWS-managed key (no key policy of yours controls it)."


@rule(
    "AIP-OBS-003",
    "pubsub-topic-cmk",
    title="Pub/Sub topics encrypted with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_83",),
    types=(PUBSUB_TOPIC,),
    description="Pub/Sub topics set kms_key_name to a Cloud KMS key (CMEK).",
    rationale="Alert notifications carry cluster and workload details; with Google-managed encryption no key policy of yours gates who can read retained messages.",
    remediation="Set kms_key_name on gcp.pubsub.Topic to a gcp.kms.CryptoKey and grant the Pub/Sub service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it first.",
    unknown="An unknown kmsKeyName passes (it references a key created in the same program).",
    references=("CKV_GCP_83",),
)
def obs_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyName"):
        yield "kmsKeyName is not set (the topic uses Google-managed encryption only)."


@rule(
    "AIP-OBS-004",
    "grafana-workspace-private",
    title="Managed Grafana workspaces reachable only through VPC endpoints",
    severity="high",
    enforcement="mandatory",
    types=(GRAFANA_WORKSPACE,),
    description="Amazon Managed Grafana workspaces set network_access_control with at least one interface VPC endpoint (com.amazonaws.<region>.grafana-workspace), so they are not open to the internet.",
    rationale="Without network access control a workspace answers sign-in from anywhere; its dashboards show every node, team and error of the platform, and a phished SSO session is enough to read them.",
    remediation="Create an interface aws.ec2.VpcEndpoint for com.amazonaws.<region>.grafana-workspace in private subnets and set network_access_control={'vpce_ids': [endpoint.id], 'prefix_list_ids': []} on aws.grafana.Workspace (aiinfra does with observability.grafana).",
    unknown="An unknown networkAccessControl gives an unknown verdict; unknown endpoint ids inside a known list count as endpoints (they are created in the same program).",
)
def obs_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    access = get(res.props, "networkAccessControl")
    if access is None:
        yield "networkAccessControl is not set: the workspace is reachable from the internet."
        return
    vpces = get(access, "vpceIds")
    if vpces is None or (not isinstance(vpces, str) and len(vpces) == 0):
        yield "networkAccessControl names no VPC endpoint (vpceIds is empty)."


@rule(
    "AIP-OBS-005",
    "grafana-workspace-cmk",
    title="Managed Grafana workspaces encrypted with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(GRAFANA_WORKSPACE,),
    description="Amazon Managed Grafana workspaces set kms_key_id to a customer-managed KMS key.",
    rationale="A workspace stores dashboards, data-source settings and service-account tokens; with an AWS-owned key no key policy of yours limits who can decrypt them and their use is not logged per request.",
    remediation="Set kms_key_id on aws.grafana.Workspace to a customer-managed aws.kms.Key (aiinfra uses the platform's logs key).",
    unknown="An unknown kmsKeyId passes (at preview it is the output of a key created in the same program).",
)
def obs_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "kmsKeyId"):
        yield "kmsKeyId is not set (the workspace is encrypted with an AWS-owned key)."


@rule(
    "AIP-OBS-006",
    "grafana-customer-managed-permissions",
    title="Managed Grafana workspaces use customer-managed permissions",
    severity="high",
    enforcement="mandatory",
    types=(GRAFANA_WORKSPACE,),
    description="Amazon Managed Grafana workspaces set permission_type CUSTOMER_MANAGED with a role_arn, not SERVICE_MANAGED.",
    rationale="With SERVICE_MANAGED, AWS creates the workspace role and attaches managed policies for every listed data source: for Prometheus that is query access to every AMP workspace of the account, not only the platform's.",
    remediation="Create an IAM role trusted by grafana.amazonaws.com (aws:SourceAccount condition) whose policy allows only the AMP query actions on the platform's workspace ARN, and set permission_type='CUSTOMER_MANAGED', role_arn=role.arn.",
    unknown="An unknown permissionType gives an unknown verdict; an unknown roleArn counts as set (a role of the same program).",
)
def obs_006(res: Res, ctx: RuleContext) -> Iterator[str]:
    kind = get(res.props, "permissionType")
    if kind != "CUSTOMER_MANAGED":
        yield f"permissionType is {kind!r}: AWS-managed roles can query every AMP workspace of the account (allowed: 'CUSTOMER_MANAGED')."
    elif not key_reference_ok(res, "roleArn"):
        yield "permissionType is 'CUSTOMER_MANAGED' but roleArn is not set."


def _trusts_grafana(res: Res) -> bool:
    statements = parse_policy(get(res.props, "assumeRolePolicy")) or ()
    return any(
        st.effect == "Allow" and GRAFANA_SERVICE in st.principals.get("Service", ()) for st in statements
    )


def _read_only(action: str) -> bool:
    return action.lower() in AMP_READ_ACTIONS


@rule(
    "AIP-OBS-007",
    "grafana-role-query-only",
    title="Roles Managed Grafana assumes may only read metrics",
    severity="high",
    enforcement="mandatory",
    types=(IAM_ROLE,),
    description="An IAM role whose trust policy lets grafana.amazonaws.com assume it allows only Managed Prometheus read actions (aps:QueryMetrics, GetSeries, GetLabels, GetMetricMetadata, DescribeWorkspace, ListWorkspaces) in its inline policies and has no managed policy ARNs.",
    rationale="Every Grafana editor acts with the workspace role: write, admin or other-service actions on it let dashboard users delete metrics workspaces, change rules or read other data in the account.",
    remediation="Give the Grafana role one inline policy allowing only the AMP query actions on the platform's workspace ARN; drop managed policies such as AmazonPrometheusFullAccess (and AmazonPrometheusQueryAccess, which covers every workspace).",
    unknown="A role whose trust policy is unknown at preview is not judged (it is computed from another resource's output, as for IRSA roles; a Grafana role names grafana.amazonaws.com literally); an unknown inline policy on a role that trusts Grafana gives an unknown verdict; roles not trusted by grafana.amazonaws.com are not judged. Policies attached by separate RolePolicy/attachment resources are judged by the IAM rules, not here.",
)
def obs_007(res: Res, ctx: RuleContext) -> Iterator[str]:
    try:
        if not _trusts_grafana(res):
            return
    except PolicyParseError:
        return  # AIP-IAM-003 reports an unparseable trust policy
    except UnknownValueError:
        # Precision (issue 26): a trust policy unknown at preview is computed from another resource's
        # output — on the surveyed public programs, IRSA roles trusting an EKS OIDC provider — while a role
        # Managed Grafana assumes names the literal service principal. Judging it gave an *unknown* on
        # every such unrelated role; the trust policy's own rule (AIP-IAM-003) still judges it.
        return
    for arn in strings(get(res.props, "managedPolicyArns")):
        yield f"managed policy {arn} is attached to a role Managed Grafana assumes (use a scoped inline policy)."
    for policy in as_list(get(res.props, "inlinePolicies")):
        label = f"inline policy {get(policy, 'name') or '?'}"
        try:
            statements = parse_policy(get(policy, "policy")) or ()
        except PolicyParseError as exc:
            yield f"{label} cannot be parsed: {exc}."
            continue
        for i, st in enumerate(statements):
            if st.effect != "Allow":
                continue
            if st.not_actions:
                yield f"{label} statement {i} uses NotAction (allows everything else)."
            wider = [a for a in st.actions if not _read_only(a)]
            if wider:
                yield f"{label} statement {i} allows {', '.join(wider)} (only Managed Prometheus reads are allowed)."
