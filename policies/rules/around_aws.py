"""AWS data services around an AI platform: DynamoDB, ElastiCache, OpenSearch and DMS.

Feature stores, prompt caches, vector indexes and migration pipelines hold the same data as the
training buckets. Each rule names the Checkov checks it corresponds to (``peers``), read from the
checkov 3.3.30 wheel (PyPI, ``checkov/terraform/checks/resource/aws/*.py``, 2026-12-07); property
names are those of pulumi-aws 7.51.1 (the pinned SDK's input types).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import UnknownValueError, as_float, as_list, get, is_false, is_true, strings
from ..documents import PolicyParseError, parse_policy
from ..registry import Res, RuleContext, StackView, rule
from .common import key_reference_ok

DYNAMODB_TABLE = "aws:dynamodb/table:Table"
DYNAMODB_REPLICA = "aws:dynamodb/tableReplica:TableReplica"
CACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
CACHE_CLUSTER = "aws:elasticache/cluster:Cluster"
SEARCH_DOMAINS = ("aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain")
SEARCH_POLICIES = ("aws:opensearch/domainPolicy:DomainPolicy", "aws:elasticsearch/domainPolicy:DomainPolicy")
DMS_INSTANCE = "aws:dms/replicationInstance:ReplicationInstance"

AWS_MANAGED_DYNAMODB_KEY = "alias/aws/dynamodb"
"""The AWS-managed DynamoDB key alias: naming it is the same as naming no customer key."""

TLS12_SEARCH_POLICIES = ("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10")
"""OpenSearch TLS policies that refuse TLS 1.0/1.1: the values Checkov CKV_AWS_228 accepts, and the
TLS 1.2+ values of the OpenSearch API reference (DomainEndpointOptions, read 2026-12-07). AWS does not
document the default when the policy is unset; Checkov fails an unset policy and so does this rule."""


def _customer_key(res: Res, *path: str | int) -> bool:
    """A key reference that is set and is not an AWS-managed alias (``alias/aws/...``)."""
    if not key_reference_ok(res, *path):
        return False
    try:
        value = get(res.props, *path)
    except UnknownValueError:
        return True
    return not str(value).strip().startswith("alias/aws/")


# ---------------------------------------------------------------- DynamoDB
@rule(
    "AIP-DATA-020",
    "dynamodb-point-in-time-recovery",
    title="DynamoDB tables keep point-in-time recovery",
    severity="medium",
    enforcement="mandatory",
    types=(DYNAMODB_TABLE, DYNAMODB_REPLICA),
    description="DynamoDB tables (and table replicas created with aws.dynamodb.TableReplica) set pointInTimeRecovery enabled; it is off unless set.",
    rationale="Feature stores, job queues and experiment metadata in DynamoDB are lost for good to one bad write or delete without continuous backups; PITR restores any second of the last 35 days.",
    remediation="Set point_in_time_recovery={'enabled': True} on aws.dynamodb.Table (point_in_time_recovery=True on aws.dynamodb.TableReplica).",
    unknown="An unknown pointInTimeRecovery gives an unknown verdict.",
    peers=("Checkov CKV_AWS_28", "Checkov CKV_AWS_165"),
    equivalents=(
        "pointInTimeRecovery.enabled true and the string 'true' are one setting; an absent block, enabled false and 'false' are all off.",
    ),
)
def data_020(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == DYNAMODB_REPLICA:
        if not is_true(get(res.props, "pointInTimeRecovery")):
            yield "pointInTimeRecovery is not true on the table replica."
        return
    if not is_true(get(res.props, "pointInTimeRecovery", "enabled")):
        yield "pointInTimeRecovery.enabled is not true (no continuous backups)."


@rule(
    "AIP-ENC-020",
    "dynamodb-cmk",
    title="DynamoDB tables encrypted with a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    types=(DYNAMODB_TABLE, DYNAMODB_REPLICA),
    description="DynamoDB tables set serverSideEncryption enabled with a kmsKeyArn naming a customer-managed key (not alias/aws/dynamodb); each replica of the table and each aws.dynamodb.TableReplica names its own key.",
    rationale="Without serverSideEncryption DynamoDB uses an AWS-owned key: no key policy of yours limits who can read the table and no CloudTrail entry records its use.",
    remediation="Set server_side_encryption={'enabled': True, 'kms_key_arn': key.arn} on aws.dynamodb.Table, and kms_key_arn on every replica (replicas=[{'region_name': ..., 'kms_key_arn': ...}] or aws.dynamodb.TableReplica).",
    unknown="An unknown key reference passes (it is the output of a key created in the same program); an unknown enabled flag gives an unknown verdict.",
    peers=("Checkov CKV_AWS_119", "Checkov CKV_AWS_271"),
    equivalents=(
        "enabled true and 'true' are one setting; kmsKeyArn 'alias/aws/dynamodb' is the AWS-managed key, the same as no customer key.",
        "A replica is judged alike as a replicas[] entry of the table and as an aws.dynamodb.TableReplica resource.",
    ),
)
def enc_020(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == DYNAMODB_REPLICA:
        if not _customer_key(res, "kmsKeyArn"):
            yield "the table replica names no customer-managed kmsKeyArn."
        return
    if not is_true(get(res.props, "serverSideEncryption", "enabled")):
        yield "serverSideEncryption.enabled is not true (the table uses an AWS-owned key)."
    elif not _customer_key(res, "serverSideEncryption", "kmsKeyArn"):
        yield "serverSideEncryption names no customer-managed kmsKeyArn (the AWS-managed key alias/aws/dynamodb is used)."
    elif as_list(get(res.props, "replicas")):
        for i, _ in enumerate(as_list(get(res.props, "replicas"))):
            if not _customer_key(res, "replicas", i, "kmsKeyArn"):
                yield f"replicas[{i}] names no customer-managed kmsKeyArn (the replica region uses the AWS-managed key)."


# ---------------------------------------------------------------- ElastiCache
@rule(
    "AIP-ENC-021",
    "elasticache-at-rest-cmk",
    title="ElastiCache replication groups encrypted at rest with a customer-managed key",
    severity="high",
    enforcement="mandatory",
    types=(CACHE_GROUP,),
    description="ElastiCache (Redis OSS / Valkey) replication groups set atRestEncryptionEnabled and a customer-managed kmsKeyId.",
    rationale="Caches of an AI platform hold prompts, completions, session tokens and features; snapshots and swap of an unencrypted node keep them in clear, and a service-managed key cannot be restricted to the platform's roles.",
    remediation="Set at_rest_encryption_enabled=True and kms_key_id=key.arn on aws.elasticache.ReplicationGroup.",
    unknown="An unknown key reference passes (a key created in the same program); an unknown atRestEncryptionEnabled gives an unknown verdict.",
    peers=("Checkov CKV_AWS_29", "Checkov CKV_AWS_191"),
    equivalents=(
        "atRestEncryptionEnabled true and 'true' are one setting; unset and false are both unencrypted.",
    ),
)
def enc_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "atRestEncryptionEnabled")):
        yield "atRestEncryptionEnabled is not true."
    elif not key_reference_ok(res, "kmsKeyId"):
        yield "kmsKeyId is not set (the service-managed key is used)."


@rule(
    "AIP-NET-020",
    "elasticache-in-transit-auth",
    title="ElastiCache replication groups require TLS and authentication",
    severity="high",
    enforcement="mandatory",
    types=(CACHE_GROUP,),
    description="ElastiCache replication groups set transitEncryptionEnabled (not in 'preferred' mode, which still accepts plaintext clients) and authenticate clients with an AUTH token (authToken or authTokenWo) or an RBAC user group (userGroupIds).",
    rationale="Without TLS anyone on the VPC path reads cached prompts and tokens; without AUTH or RBAC any pod or instance that reaches the port can read and flush the cache.",
    remediation="Set transit_encryption_enabled=True (transit_encryption_mode 'required' or unset) and either auth_token_wo from a secret or user_group_ids on aws.elasticache.ReplicationGroup.",
    unknown="An unknown transitEncryptionEnabled gives an unknown verdict; an unknown token or user group counts as set.",
    peers=("Checkov CKV_AWS_30", "Checkov CKV_AWS_31"),
    equivalents=(
        "authToken, the write-only authTokenWo and a non-empty userGroupIds all authenticate clients.",
        "transitEncryptionMode 'preferred' (plaintext still accepted) is judged like transit encryption off.",
    ),
)
def net_020(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "transitEncryptionEnabled")):
        yield "transitEncryptionEnabled is not true (clients talk to the cache in plaintext)."
        return
    mode = get(res.props, "transitEncryptionMode")
    if isinstance(mode, str) and mode.strip().lower() == "preferred":
        yield "transitEncryptionMode is 'preferred': plaintext connections are still accepted."
    if not (_set(res, "authToken") or _set(res, "authTokenWo") or _set(res, "userGroupIds")):
        yield "no authToken, authTokenWo or userGroupIds: any client that reaches the port is served."


def _set(res: Res, key: str) -> bool:
    """A value that is present (unknown counts: it is computed from a secret or resource)."""
    try:
        value = get(res.props, key)
    except UnknownValueError:
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return bool(as_list(value))


@rule(
    "AIP-DATA-021",
    "elasticache-backups",
    title="ElastiCache Redis OSS and Valkey caches keep automatic backups",
    severity="low",
    enforcement="advisory",
    types=(CACHE_GROUP, CACHE_CLUSTER),
    description="ElastiCache replication groups and Redis OSS/Valkey cache clusters set snapshotRetentionLimit above 0 (0, the default, turns automatic backups off); Memcached clusters and clusters that belong to a replication group are not judged.",
    rationale="Advisory: a cache is usually rebuilt from its source of truth, but a feature or session store kept only in ElastiCache is lost with its node without snapshots.",
    remediation="Set snapshot_retention_limit (days, e.g. 7) and a snapshot_window on aws.elasticache.ReplicationGroup / aws.elasticache.Cluster.",
    unknown="An unknown snapshotRetentionLimit or engine gives an unknown verdict.",
    peers=("Checkov CKV_AWS_134",),
    equivalents=("snapshotRetentionLimit unset and 0 (also as the string '0') are both 'no backups'.",),
)
def data_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == CACHE_CLUSTER and (
        str(get(res.props, "engine") or "").lower() == "memcached" or get(res.props, "replicationGroupId")
    ):
        return
    days = as_float(get(res.props, "snapshotRetentionLimit"))
    if not days or days <= 0:
        yield "snapshotRetentionLimit is 0 or unset: automatic backups are off."


# ---------------------------------------------------------------- OpenSearch / Elasticsearch
@rule(
    "AIP-NET-021",
    "opensearch-tls",
    title="OpenSearch domains enforce HTTPS with a TLS 1.2 policy and encrypt node-to-node traffic",
    severity="high",
    enforcement="mandatory",
    types=SEARCH_DOMAINS,
    description="OpenSearch and Elasticsearch domains keep domainEndpointOptions.enforceHttps on (the provider default), set tlsSecurityPolicy to a TLS 1.2+ policy, and, with more than one data node, enable nodeToNodeEncryption.",
    rationale="Vector indexes and RAG corpora travel between clients and nodes; HTTP or TLS 1.0 exposes queries, documents and credentials to anyone on the path.",
    remediation="Set domain_endpoint_options={'enforce_https': True, 'tls_security_policy': 'Policy-Min-TLS-1-2-PFS-2023-10'} and node_to_node_encryption={'enabled': True}.",
    unknown="Unknown endpoint options, instance count or node-to-node settings give an unknown verdict.",
    peers=("Checkov CKV_AWS_83", "Checkov CKV_AWS_228", "Checkov CKV_AWS_6"),
    equivalents=(
        "aws.opensearch.Domain and aws.elasticsearch.Domain are judged alike.",
        "enforceHttps unset is the provider default true; false and 'false' are HTTP allowed.",
        "A single-node domain (clusterConfig.instanceCount 1) has no node-to-node traffic, as Checkov CKV_AWS_6 decides.",
    ),
)
def net_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    opts = get(res.props, "domainEndpointOptions")
    if is_false(get(opts, "enforceHttps")):
        yield "domainEndpointOptions.enforceHttps is false: the domain accepts plain HTTP."
    policy = get(opts, "tlsSecurityPolicy")
    if policy not in TLS12_SEARCH_POLICIES:
        shown = f"{policy!r}" if policy else "unset"
        yield f"domainEndpointOptions.tlsSecurityPolicy is {shown}; use Policy-Min-TLS-1-2-PFS-2023-10 or Policy-Min-TLS-1-2-2019-07."
    count = as_float(get(res.props, "clusterConfig", "instanceCount"))
    if (count is None or count > 1) and not is_true(get(res.props, "nodeToNodeEncryption", "enabled")):
        yield "nodeToNodeEncryption.enabled is not true: traffic between data nodes is unencrypted."


@rule(
    "AIP-ENC-022",
    "opensearch-at-rest-cmk",
    title="OpenSearch domains encrypted at rest with a customer-managed key",
    severity="high",
    enforcement="mandatory",
    types=SEARCH_DOMAINS,
    description="OpenSearch and Elasticsearch domains set encryptAtRest.enabled and a customer-managed kmsKeyId (without one the AWS-managed aws/es key is used).",
    rationale="Embeddings and indexed documents can be inverted back to the source text; an AWS-managed key cannot be limited to the platform's roles.",
    remediation="Set encrypt_at_rest={'enabled': True, 'kms_key_id': key.arn} on aws.opensearch.Domain.",
    unknown="An unknown key reference passes (a key created in the same program); an unknown enabled flag gives an unknown verdict.",
    peers=("Checkov CKV_AWS_5", "Checkov CKV_AWS_247"),
    equivalents=(
        "aws.opensearch.Domain and aws.elasticsearch.Domain are judged alike; kmsKeyId 'alias/aws/es' is the AWS-managed key.",
    ),
)
def enc_022(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "encryptAtRest", "enabled")):
        yield "encryptAtRest.enabled is not true."
    elif not _customer_key(res, "encryptAtRest", "kmsKeyId"):
        yield "encryptAtRest names no customer-managed kmsKeyId (the AWS-managed aws/es key is used)."


def _public_domain(domain: Res) -> bool:
    """A domain with a public endpoint (no vpcOptions subnets) and neither fine-grained access control
    nor anything else standing between the internet and an open access policy."""
    if strings(get(domain.props, "vpcOptions", "subnetIds")):
        return False
    fgac = get(domain.props, "advancedSecurityOptions")
    return not is_true(get(fgac, "enabled")) or is_true(get(fgac, "anonymousAuthEnabled"))


def _open_statements(res: Res) -> Iterator[str]:
    try:
        statements = parse_policy(get(res.props, "accessPolicies")) or ()
    except PolicyParseError as exc:
        yield f"accessPolicies cannot be parsed: {exc}."
        return
    for i, st in enumerate(statements):
        if st.allows and st.public_principal and not st.restricted:
            yield f"accessPolicies statement {i} allows {', '.join(st.actions or st.not_actions) or 'actions'} to Principal '*' without a narrowing condition"


@rule(
    "AIP-IAM-020",
    "opensearch-open-access-policy",
    title="Public OpenSearch domains do not grant access to everyone",
    severity="critical",
    enforcement="mandatory",
    types=(*SEARCH_DOMAINS, *SEARCH_POLICIES),
    stack=True,
    description="An OpenSearch or Elasticsearch domain with a public endpoint (no vpcOptions) and without fine-grained access control (or with anonymous auth) has no access policy (accessPolicies on the domain or an aws.opensearch.DomainPolicy) that allows Principal '*' without a condition narrowing the caller (aws:SourceIp, aws:PrincipalOrgID...). Inside a VPC or behind fine-grained access control an open policy is AWS's documented pattern and passes.",
    rationale="A public domain with an open access policy serves every index to the internet: vector stores and RAG corpora are read, rewritten or deleted without credentials.",
    remediation="Put the domain in a VPC (vpc_options) or enable advanced_security_options (fine-grained access control), and grant the access policy to named role ARNs or narrow it with aws:SourceIp / aws:PrincipalOrgID.",
    unknown="An unknown access policy gives an unknown verdict; a DomainPolicy whose domain is not in the program is judged as if the domain were public.",
    peers=("Checkov CKV_AWS_137", "Checkov CKV2_AWS_52"),
    equivalents=(
        "accessPolicies on the domain and an aws.opensearch.DomainPolicy / aws.elasticsearch.DomainPolicy joined to it (by dependency or domain name) are one policy.",
        "A policy document is the same as JSON text or a mapping; Principal '*', {'AWS': '*'} and {'AWS': ['*']} are one public principal.",
    ),
)
def iam_020(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    domains = stack.of(*SEARCH_DOMAINS)
    by_name: dict[str, Res] = {}
    for d in domains:
        try:
            name = get(d.props, "domainName")
        except UnknownValueError:
            continue
        if isinstance(name, str):
            by_name[name] = d
    for d in domains:
        if _public_domain(d):
            for msg in _open_statements(d):
                yield d.urn, f"{msg}, and the domain is public without fine-grained access control."
    for p in stack.of(*SEARCH_POLICIES):
        domain = next(iter(stack.resolve(p.deps_of("domainName"), *SEARCH_DOMAINS)), None)
        if domain is None:
            try:
                name = get(p.props, "domainName")
            except UnknownValueError:
                name = None
            domain = by_name.get(name) if isinstance(name, str) else None
        if domain is None or _public_domain(domain):
            where = f"domain '{domain.name}' is public" if domain else "the domain is not in this program"
            for msg in _open_statements(p):
                yield p.urn, f"{msg}, and {where} without fine-grained access control."


@rule(
    "AIP-OBS-020",
    "opensearch-log-publishing",
    title="OpenSearch domains publish logs to CloudWatch",
    severity="low",
    enforcement="advisory",
    types=SEARCH_DOMAINS,
    description="OpenSearch and Elasticsearch domains have at least one enabled logPublishingOptions entry with a CloudWatch log group (AUDIT_LOGS records who read which index, with fine-grained access control).",
    rationale="Advisory: without slow, error or audit logs a domain's misuse or failure leaves no trace outside the service.",
    remediation="Add log_publishing_options=[{'log_type': 'AUDIT_LOGS', 'cloudwatch_log_group_arn': group.arn}, {'log_type': 'ES_APPLICATION_LOGS', ...}] with a log-group resource policy for es.amazonaws.com.",
    unknown="Unknown log publishing options give an unknown verdict; an unknown log group ARN counts as set (a group created in the same program).",
    peers=("Checkov CKV_AWS_84", "Checkov CKV_AWS_317"),
    equivalents=(
        "An entry with enabled false publishes nothing, like no entry; enabled unset is the provider default true.",
    ),
)
def obs_020(res: Res, ctx: RuleContext) -> Iterator[str]:
    for i, opt in enumerate(as_list(get(res.props, "logPublishingOptions"))):
        if not is_false(get(opt, "enabled")) and key_reference_ok(
            res, "logPublishingOptions", i, "cloudwatchLogGroupArn"
        ):
            return
    yield "no enabled logPublishingOptions entry: the domain publishes no logs to CloudWatch."


# ---------------------------------------------------------------- DMS
@rule(
    "AIP-NET-022",
    "dms-not-public",
    title="DMS replication instances are not publicly accessible",
    severity="high",
    enforcement="mandatory",
    types=(DMS_INSTANCE,),
    description="DMS replication instances set publiclyAccessible false. Unset is public: the DMS API defaults PubliclyAccessible to true (AWS DMS API reference, CreateReplicationInstance, read 2026-12-07) and the provider sends nothing when it is unset.",
    rationale="A replication instance reads whole source databases (feature stores, experiment tracking); a public IP exposes it and its endpoints' credentials to the internet.",
    remediation="Set publicly_accessible=False and a replication_subnet_group_id of private subnets on aws.dms.ReplicationInstance.",
    unknown="An unknown publiclyAccessible gives an unknown verdict.",
    peers=("Checkov CKV_AWS_89",),
    equivalents=(
        "publiclyAccessible true, 'true' and unset (the API default) are public; false and 'false' are private.",
    ),
)
def net_022(res: Res, ctx: RuleContext) -> Iterator[str]:
    value = get(res.props, "publiclyAccessible")
    if value is None:
        yield "publiclyAccessible is unset: the DMS API default makes the instance public."
    elif not is_false(value):
        yield "publiclyAccessible is true: the replication instance has a public IP."
