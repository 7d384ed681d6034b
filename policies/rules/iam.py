"""AIP-IAM: admin wildcards, privilege escalation, open trust policies and public principals
in AWS resource policies and GCP IAM.

Cross-reference ids (Checkov ``CKV_*``, Trivy ``AVD-*``) name the peer checks of the same family;
they are unverified against the scanners' current catalogues (ids that did not match were dropped).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..access import as_list, get, strings
from ..documents import PUBLIC_GCP_MEMBERS, PolicyParseError, Statement, gcp_bindings, parse_policy
from ..registry import Res, RuleContext, rule, string_list
from .common import (
    ECR_REPOSITORY_POLICY,
    GCP_KMS_IAM,
    GCP_PROJECT_IAM,
    GCS_ACL,
    GCS_IAM,
    GCS_ROLE_ENTITY_ACL,
    IAM_GROUP_POLICY,
    IAM_GROUP_POLICY_ATTACHMENT,
    IAM_POLICY,
    IAM_POLICY_ATTACHMENT,
    IAM_ROLE,
    IAM_ROLE_ATTACHMENTS_EXCLUSIVE,
    IAM_ROLE_POLICY,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_USER_POLICY,
    IAM_USER_POLICY_ATTACHMENT,
    KMS_KEY,
    KMS_KEY_POLICY,
    S3_BUCKET_POLICY,
    S3_BUCKETS,
    SNS_TOPIC,
    SNS_TOPIC_POLICY,
    SQS_QUEUE,
    SQS_QUEUE_POLICY,
)

IDENTITY_POLICY_TYPES = (IAM_POLICY, IAM_ROLE_POLICY, IAM_USER_POLICY, IAM_GROUP_POLICY, IAM_ROLE)
ATTACHMENT_TYPES = (
    IAM_ROLE,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_USER_POLICY_ATTACHMENT,
    IAM_GROUP_POLICY_ATTACHMENT,
    IAM_POLICY_ATTACHMENT,
    IAM_ROLE_ATTACHMENTS_EXCLUSIVE,
)

BROAD_MANAGED_POLICIES = ("AdministratorAccess", "IAMFullAccess", "PowerUserAccess")
"""AWS managed policies that grant administrator, IAM-administrator or all-but-IAM access
(docs.aws.amazon.com/aws-managed-policy/latest/reference, read 2026-12)."""

ESCALATION_ACTIONS = (
    "iam:PassRole",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "sts:AssumeRole",
)
"""Actions that let a principal grant itself more privilege when allowed on every resource
(Checkov CKV_AWS_286-289 and CKV_AWS_355 cover the same family)."""


def _policy_props(res: Res) -> list[tuple[str, object]]:
    """(label, policy value) pairs of an identity-policy resource."""
    if res.type == IAM_ROLE:
        out = []
        for i, p in enumerate(as_list(get(res.props, "inlinePolicies"))):
            out.append((f"inlinePolicies[{i}]", get(p, "policy")))
        return out
    return [("policy", get(res.props, "policy"))]


def _statements(res: Res, label: str, value: object) -> tuple[list[tuple[int, Statement]], str | None]:
    try:
        parsed = parse_policy(value)
    except PolicyParseError as exc:
        return [], f"{label} cannot be parsed: {exc}."
    return list(enumerate(parsed or ())), None


def _where(label: str, i: int, st: Statement) -> str:
    sid = f" (Sid {st.sid})" if st.sid else ""
    return f"{label} statement {i}{sid}"


def _managed_arns(res: Res) -> list[str]:
    if res.type == IAM_ROLE:
        return strings(get(res.props, "managedPolicyArns"))
    if res.type == IAM_ROLE_ATTACHMENTS_EXCLUSIVE:
        return strings(get(res.props, "policyArns"))
    return strings(get(res.props, "policyArn"))


def broad_managed_policy(arn: str, names: Sequence[str] = BROAD_MANAGED_POLICIES) -> str | None:
    """The AWS managed policy name when ``arn`` is one of ``names`` (any partition)."""
    if not arn.startswith("arn:") or ":iam::aws:policy/" not in arn:
        return None
    name = arn.rsplit("/", 1)[-1]
    return name if name in names else None


@rule(
    "AIP-IAM-001",
    "no-admin-wildcards",
    title="No administrator wildcards in IAM policies",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_62", "Checkov CKV_AWS_63", "Checkov CKV_AWS_274", "Checkov CKV_AWS_355"),
    types=tuple(dict.fromkeys(IDENTITY_POLICY_TYPES + ATTACHMENT_TYPES)),
    description="No IAM policy allows '*' or 'service:*' actions (or NotAction) on Resource '*' (or patterns matching every ARN, or every ARN of that service), and no role, user or group gets the AdministratorAccess, IAMFullAccess or PowerUserAccess managed policy.",
    rationale="A node, notebook or training role with admin rights turns any container escape or leaked credential into an account takeover; AI platforms run third-party code on those roles every day.",
    remediation="Grant the specific actions and resource ARNs the workload needs (for EKS nodes: AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly and the CNI policy through IRSA/Pod Identity); never attach AdministratorAccess, IAMFullAccess or PowerUserAccess to platform roles.",
    unknown="An unknown policy document or ARN gives an unknown verdict (a document computed from another resource's output cannot be judged at preview); an unparseable document is a violation.",
    references=(
        "CKV_AWS_62",
        "CKV_AWS_63",
        "CKV_AWS_274",
        "CKV_AWS_355",
        "AVD-AWS-0057",
        "iam-no-policy-wildcards",
    ),
    config={"broadManagedPolicies": string_list(list(BROAD_MANAGED_POLICIES))},
    equivalents=(
        "A policy document is the same whether it is JSON text, a mapping, or get_policy_document arguments; keys in any case; one statement or a list; single values or lists.",
        "Action patterns are globs compared case-insensitively: *, *:*, ?*, ** are all actions; s3:*, S3:**, iam:?* are all actions of a service.",
        "Resource patterns that together match every ARN of a partition (probe ARNs of several services, regions and accounts) are Resource '*': arn:*, arn:aws:*, arn:aws:*:*:*:*, *:*.",
        "A service-wide action on every ARN of that service is the same admin grant: s3:* on arn:aws:s3:::*, iam:* on arn:aws:iam::*:*.",
    ),
)
def iam_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in IDENTITY_POLICY_TYPES:
        for label, value in _policy_props(res):
            statements, error = _statements(res, label, value)
            if error:
                yield error
            for i, st in statements:
                admin = st.admin_scope()
                if admin:
                    yield f"{_where(label, i, st)} allows {', '.join(admin)} on every resource it covers (Resource '*' or an equivalent pattern)."
    if res.type in ATTACHMENT_TYPES:
        names = [str(n) for n in ctx.config["broadManagedPolicies"]]
        for arn in _managed_arns(res):
            name = broad_managed_policy(arn, names)
            if name:
                yield f"attaches the AWS managed policy {name} ({arn})."


@rule(
    "AIP-IAM-002",
    "no-privilege-escalation",
    title="No privilege-escalation actions on every resource",
    severity="high",
    enforcement="mandatory",
    peers=(
        "Checkov CKV_AWS_286",
        "Checkov CKV_AWS_287",
        "Checkov CKV_AWS_288",
        "Checkov CKV_AWS_289",
        "Checkov CKV_AWS_355",
    ),
    types=IDENTITY_POLICY_TYPES,
    description="IAM policies do not allow iam:PassRole, policy creation/attachment/put actions, access-key or login-profile creation, or sts:AssumeRole on Resource '*'.",
    rationale="These actions let a principal grant itself any permission: iam:PassRole on '*' hands any role to a new instance or job, and Put/Attach*Policy rewrites its own permissions.",
    remediation="Scope iam:PassRole to the ARNs of the roles the workload launches (with an iam:PassedToService condition), sts:AssumeRole to named role ARNs, and keep policy-management actions in a separate break-glass role.",
    unknown="An unknown policy document gives an unknown verdict; statements already reported by AIP-IAM-001 (admin wildcards) are not repeated.",
    references=("CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_355"),
    equivalents=(
        "A policy document is the same whether it is JSON text, a mapping, or get_policy_document arguments; keys in any case; one statement or a list; single values or lists.",
        "Actions are matched as IAM matches them (globs, case-insensitive): IAM:passrole, iam:Pass*, iam:P?ssRole all grant iam:PassRole.",
        "Resource patterns that together match every ARN are Resource '*' (arn:*, arn:aws:*:*:*:*).",
    ),
)
def iam_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    for label, value in _policy_props(res):
        statements, _error = _statements(res, label, value)  # parse errors are AIP-IAM-001's
        for i, st in statements:
            if not st.allows or not st.all_resources or st.admin_actions():
                continue
            hits = [a for a in ESCALATION_ACTIONS if st.grants(a)]
            if hits:
                yield f"{_where(label, i, st)} allows {', '.join(hits)} on Resource '*'."


@rule(
    "AIP-IAM-003",
    "trust-policy-not-public",
    title="Role trust policies name their principals",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_60", "Checkov CKV_AWS_61"),
    types=(IAM_ROLE,),
    description="Role trust policies do not let Principal '*' (or {'AWS': '*'}) assume the role without a condition that narrows the caller, and web-identity (OIDC) trusts carry a ':sub' condition.",
    rationale="A trust policy for any principal lets every AWS account in the world assume the role; an OIDC trust without a subject condition lets every workload of that identity provider (every GitHub repository, every pod of the cluster) assume it.",
    remediation="Name the trusted account, role or service in Principal; for cross-account access add aws:PrincipalOrgID or sts:ExternalId; for IRSA/GitHub OIDC add a StringEquals condition on '<provider>:sub' (and ':aud').",
    unknown="An unknown assumeRolePolicy gives an unknown verdict.",
    references=("CKV_AWS_60", "CKV_AWS_61"),
    equivalents=(
        "A policy document is the same whether it is JSON text, a mapping, or get_policy_document arguments; keys in any case; one statement or a list; single values or lists.",
        "A condition narrows the caller only through its operator and values, never its key name alone: ...IfExists operators (true when the key is missing), ForAllValues: (true for a missing key), negated operators (StringNotEquals, NotIpAddress, ArnNotLike), Null, Bool, numeric and date operators narrow nothing.",
        "Under StringLike, ArnLike and ArnEquals a value that does not pin the caller's owner narrows nothing: '*' or any wildcard in an account, organisation, VPC or endpoint id (aws:PrincipalOrgID '*', aws:SourceAccount '1111*'), a wildcard before the account of an ARN or a bucket-wide S3 ARN (arn:aws:*, arn:aws:s3:::*), an org path wildcard before the first '/'.",
        "A value holding a policy variable (${aws:PrincipalAccount}, ${aws:PrincipalTag/team}) is the caller's own value and narrows nothing, under any operator.",
        "IpAddress on aws:SourceIp narrows only when its blocks do not together cover the internet (0.0.0.0/0 or 0.0.0.0/1 + 128.0.0.0/1 narrow nothing).",
        "Principal '*', {'AWS': '*'} and {'AWS': ['*']} are one public principal; condition keys and operators are compared case-insensitively.",
        "An OIDC ':sub' condition names the subject only under StringEquals, or StringLike with the owner spelt out: '*', 'repo:*', 'repo:*/app:*', 'repo:octo*' (GitHub), 'system:serviceaccount:*' (EKS) name nobody; 'repo:octo/*' and 'system:serviceaccount:ml:*' do.",
    ),
)
def iam_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    statements, error = _statements(res, "assumeRolePolicy", get(res.props, "assumeRolePolicy"))
    if error:
        yield error
    for i, st in statements:
        if not st.allows:
            continue
        if st.public_principal and not st.restricted:
            yield f"{_where('assumeRolePolicy', i, st)} lets any principal assume the role without a narrowing condition."
        federated = st.principals.get("Federated", ())
        web_identity = st.grants("sts:AssumeRoleWithWebIdentity")
        if federated and web_identity and not st.narrowed_subject():
            yield f"{_where('assumeRolePolicy', i, st)} trusts {federated[0]} for web identity without a ':sub' condition that names the subject (StringEquals, or StringLike with the owner spelt out)."


RESOURCE_POLICY_TYPES = (
    S3_BUCKET_POLICY,
    *S3_BUCKETS,
    KMS_KEY,
    KMS_KEY_POLICY,
    ECR_REPOSITORY_POLICY,
    SNS_TOPIC,
    SNS_TOPIC_POLICY,
    SQS_QUEUE,
    SQS_QUEUE_POLICY,
)


@rule(
    "AIP-IAM-004",
    "resource-policy-not-public",
    title="Resource policies grant nothing to everyone",
    severity="critical",
    enforcement="mandatory",
    peers=(
        "Checkov CKV_AWS_70",
        "Checkov CKV_AWS_33",
        "Checkov CKV_AWS_32",
        "Checkov CKV_AWS_168",
        "Checkov CKV_AWS_169",
    ),
    types=RESOURCE_POLICY_TYPES,
    description="S3 bucket, KMS key, ECR repository, SNS topic and SQS queue policies have no Allow statement for Principal '*' unless a condition narrows the caller (account, organisation, VPC endpoint, source ARN); Deny statements never count as grants.",
    rationale="A public bucket or key policy exposes datasets, checkpoints and model weights to the internet, and kms:* for everyone lets anyone decrypt them; a TLS-only Deny is a safeguard, not a grant.",
    remediation="Grant to named account or role ARNs, or add aws:PrincipalOrgID / aws:SourceAccount / aws:SourceVpce conditions; keep TLS-only and similar Deny statements (they are never reported).",
    unknown="An unknown policy document gives an unknown verdict; an unparseable one is a violation.",
    references=(
        "CKV_AWS_70",
        "CKV_AWS_33",
        "CKV_AWS_32",
        "CKV_AWS_168",
        "CKV_AWS_169",
        "s3-bucket-policy-grantee-check",
    ),
    equivalents=(
        "A policy document is the same whether it is JSON text, a mapping, or get_policy_document arguments; keys in any case; one statement or a list; single values or lists.",
        "A condition narrows the caller only through its operator and values, never its key name alone: ...IfExists operators (true when the key is missing), ForAllValues: (true for a missing key), negated operators (StringNotEquals, NotIpAddress, ArnNotLike), Null, Bool, numeric and date operators narrow nothing.",
        "Under StringLike, ArnLike and ArnEquals a value that does not pin the caller's owner narrows nothing: '*' or any wildcard in an account, organisation, VPC or endpoint id (aws:PrincipalOrgID '*', aws:SourceAccount '1111*'), a wildcard before the account of an ARN or a bucket-wide S3 ARN (arn:aws:*, arn:aws:s3:::*), an org path wildcard before the first '/'.",
        "A value holding a policy variable (${aws:PrincipalAccount}, ${aws:PrincipalTag/team}) is the caller's own value and narrows nothing, under any operator.",
        "IpAddress on aws:SourceIp narrows only when its blocks do not together cover the internet (0.0.0.0/0 or 0.0.0.0/1 + 128.0.0.0/1 narrow nothing).",
        "Principal '*', {'AWS': '*'} and {'AWS': ['*']} are one public principal; condition keys and operators are compared case-insensitively.",
    ),
)
def iam_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    statements, error = _statements(res, "policy", get(res.props, "policy"))
    if error:
        yield error
    for i, st in statements:
        if st.allows and st.public_principal and not st.restricted:
            actions = ", ".join(st.actions or st.not_actions) or "actions"
            yield f"{_where('policy', i, st)} allows {actions} to Principal '*' without a narrowing condition."


PUBLIC_PREDEFINED_ACLS = {
    "publicread": "allUsers",
    "publicreadwrite": "allUsers",
    "authenticatedread": "allAuthenticatedUsers",
}
"""Predefined (canned) ACLs that grant to a public principal (cloud.google.com/storage/docs/
access-control/lists#predefined-acl, read 2026-12)."""


def _members(res: Res) -> list[tuple[str, str]]:
    """(role, member) pairs of a GCP IAM member/binding/policy or ACL resource."""
    if res.type in GCS_ROLE_ENTITY_ACL:
        pairs = []
        for pair in strings(get(res.props, "roleEntities")):
            role, _, entity = pair.partition(":")
            pairs.append((role.strip(), entity.strip()))
        for key in ("predefinedAcl", "defaultAcl"):
            canned = str(get(res.props, key) or "")
            member = PUBLIC_PREDEFINED_ACLS.get(canned.strip().lower().replace("-", "").replace("_", ""))
            if member:
                pairs.append((f"{key} {canned}", member))
        return pairs
    if res.type.endswith("Policy") and res.type not in GCS_ACL:
        return [(role, m) for role, members in gcp_bindings(get(res.props, "policyData")) for m in members]
    role = str(get(res.props, "role") or "")
    if res.type in GCS_ACL:
        return [(role, str(get(res.props, "entity") or ""))]
    member = get(res.props, "member")
    members = [member] if isinstance(member, str) else strings(get(res.props, "members"))
    return [(role, m) for m in members]


@rule(
    "AIP-IAM-005",
    "gcp-no-public-members",
    title="No allUsers or allAuthenticatedUsers on GCS buckets and Cloud KMS keys",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_28",),
    types=(*GCS_IAM, *GCS_ACL, *GCS_ROLE_ENTITY_ACL, *GCP_KMS_IAM),
    description="GCS bucket IAM members, bindings and policies, bucket/object ACLs (BucketAccessControl, DefaultObjectAccessControl, ObjectAccessControl, and the authoritative BucketACL, DefaultObjectACL and ObjectACL with their role entities and predefined ACLs), and Cloud KMS crypto key and key ring IAM grant nothing to allUsers or allAuthenticatedUsers.",
    rationale="allAuthenticatedUsers is any Google account, not your organisation: both principals make training data, checkpoints or key usage public (public access prevention blocks it for buckets only when enforced).",
    remediation="Grant roles to named service accounts or groups (serviceAccount:..., group:...); serve public assets through a CDN from a separate, non-AI bucket.",
    unknown="An unknown member list or policy gives an unknown verdict.",
    references=("CKV_GCP_28", "AVD-GCP-0001"),
    equivalents=(
        "allUsers and allAuthenticatedUsers are public wherever they appear: IAM members, bindings and policyData, BucketAccessControl/DefaultObjectAccessControl/ObjectAccessControl entities, and the ROLE:entity pairs of BucketACL, DefaultObjectACL and ObjectACL; compared case-insensitively and without surrounding blanks.",
        "The predefined ACLs publicRead and publicReadWrite (allUsers) and authenticatedRead (allAuthenticatedUsers) on BucketACL (predefinedAcl, defaultAcl) and ObjectACL are the same grants.",
    ),
)
def iam_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    try:
        pairs = _members(res)
    except (PolicyParseError, ValueError) as exc:
        yield f"policyData cannot be parsed: {exc}."
        return
    for role, member in pairs:
        if member.strip() in PUBLIC_GCP_MEMBERS or member.strip().lower() in (
            "allusers",
            "allauthenticatedusers",
        ):
            yield f"grants {role or 'access'} to {member}."


BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")
"""The basic roles (cloud.google.com/iam/docs/roles-overview#basic, read 2026-12): viewer reads
every resource below the grant point, which at folder or organisation level is every project."""


@rule(
    "AIP-IAM-006",
    "gcp-no-basic-roles",
    title="No basic roles (owner, editor, viewer) granted on projects, folders or organisations",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_115", "Checkov CKV_GCP_116", "Checkov CKV_GCP_117"),
    types=GCP_PROJECT_IAM,
    description="Project, folder and organisation IAM members, bindings and policies do not grant the basic roles roles/owner, roles/editor or roles/viewer (role names compared case-insensitively).",
    rationale="Basic roles span thousands of permissions across every service; a node or pipeline service account with roles/editor can read every bucket and change every resource in the project.",
    remediation="Grant predefined roles scoped to the job (roles/storage.objectViewer on one bucket, roles/container.defaultNodeServiceAccount for nodes) instead of roles/owner, roles/editor or roles/viewer.",
    unknown="An unknown role or member gives an unknown verdict.",
    references=("CIS GCP Foundations 1.x (basic roles)",),  # peer check ids unverified, omitted
    config={"basicRoles": string_list(list(BASIC_ROLES))},
    equivalents=(
        "Project, folder and organisation IAM are judged alike, as members, bindings or policies (policyData as JSON text or a mapping).",
        "Basic role names are compared case-insensitively without surrounding blanks (roles/Viewer is roles/viewer).",
    ),
)
def iam_006(res: Res, ctx: RuleContext) -> Iterator[str]:
    basic = ctx.words("basicRoles")
    try:
        pairs = _members(res)
    except (PolicyParseError, ValueError) as exc:
        yield f"policyData cannot be parsed: {exc}."
        return
    grants: dict[str, list[str]] = {}
    for role, member in pairs:
        if role.strip().lower() in basic:
            grants.setdefault(role, []).append(member)
    for role, members in grants.items():
        yield f"grants the basic role {role} to {', '.join(members)}."
