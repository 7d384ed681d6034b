"""AIP-DATA: public access, versioning, protection, immutability, lifecycle, backups, logging, replication."""

from __future__ import annotations

from collections.abc import Iterator

from ..access import as_float, as_list, get, is_false, is_true, tags_of
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    AI_DATA_CONFIG,
    CLOUD_SQL,
    CLOUDTRAIL,
    EBS_VOLUME,
    EFS,
    FSX_DRA,
    FSX_LUSTRE,
    GCP_AUDIT_CONFIGS,
    GCP_DISK,
    GCP_FILESTORE,
    GCP_LUSTRE,
    GCS_BUCKET,
    RDS_CLUSTER,
    RDS_INSTANCE,
    S3_ACCOUNT_PAB,
    S3_BUCKETS,
    S3_LIFECYCLE,
    S3_LOGGING,
    S3_OBJECT_LOCK,
    S3_PAB,
    S3_REPLICATION,
    S3_VERSIONING,
    BucketJoin,
    gcs_data_access_logged,
    is_ai_data_store,
    key_reference_ok,
    trail_covers,
)

_PAB_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
_TIER = {
    "tierTag": {"type": "string", "default": "tier", "description": "Tag/label key naming the data tier."}
}


def _tier(res: Res, ctx: RuleContext) -> str:
    return str(tags_of(res.props).get(ctx.config.get("tierTag", "tier"), "")).lower()


@rule(
    "AIP-DATA-001",
    "bucket-public-access-blocked",
    title="Buckets block public access",
    severity="critical",
    enforcement="mandatory",
    peers=(
        "Checkov CKV_AWS_53",
        "Checkov CKV_AWS_54",
        "Checkov CKV_AWS_55",
        "Checkov CKV_AWS_56",
        "Checkov CKV2_AWS_6",
        "Checkov CKV_GCP_114",
        "Checkov CKV_GCP_29",
    ),
    types=(*S3_BUCKETS, GCS_BUCKET),
    stack=True,
    description="S3 buckets have a public access block with all four flags true (or an account-level block) and GCS buckets enforce public access prevention with uniform bucket-level access.",
    remediation="Add aws.s3.BucketPublicAccessBlock with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets True; on GCS set public_access_prevention='enforced' and uniform_bucket_level_access=True.",
    fixes={
        "aws": "Add aws.s3.BucketPublicAccessBlock with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets True (or an aws.s3.AccountPublicAccessBlock); new buckets block public access by default since April 2023, so keep it that way in code.",
        "gcp": "Set public_access_prevention='enforced' and uniform_bucket_level_access=True on gcp.storage.Bucket.",
    },
    unknown="Settings are joined by property dependency; unknown flags give an unknown verdict.",
    references=(
        "CKV_AWS_53",
        "CKV_AWS_54",
        "CKV_AWS_55",
        "CKV_AWS_56",
        "CKV2_AWS_6",
        "CKV_GCP_114",
        "CKV_GCP_29",
        "AVD-AWS-0086",
        "AVD-GCP-0001",
        "AVD-GCP-0002",
        "gcp-storage-bucket-enforce-public-access-prevention",
    ),
)
def data_001(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    account_blocked = any(all(is_true(get(a.props, f)) for f in _PAB_FLAGS) for a in stack.of(S3_ACCOUNT_PAB))
    join = BucketJoin(stack, S3_PAB)
    for bucket in join.buckets:
        if account_blocked:
            continue
        blocks = join.of(bucket)
        if not blocks:
            join.unknown_if_unjoined("public access block")
            yield bucket.urn, f"bucket '{bucket.name}' has no BucketPublicAccessBlock."
            continue
        if not any(all(is_true(get(b.props, f)) for f in _PAB_FLAGS) for b in blocks):
            off = [f for f in _PAB_FLAGS if not is_true(get(blocks[0].props, f))]
            yield bucket.urn, f"bucket '{bucket.name}' public access block leaves {', '.join(off)} off."
    for bucket in stack.of(GCS_BUCKET):
        if get(bucket.props, "publicAccessPrevention") != "enforced":
            yield bucket.urn, f"GCS bucket '{bucket.name}' does not enforce public access prevention."
        if not is_true(get(bucket.props, "uniformBucketLevelAccess")):
            yield bucket.urn, f"GCS bucket '{bucket.name}' does not use uniform bucket-level access."


@rule(
    "AIP-DATA-002",
    "bucket-versioning",
    title="Checkpoint, model and dataset buckets are versioned",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_21", "Checkov CKV_GCP_78"),
    types=(*S3_BUCKETS, GCS_BUCKET),
    stack=True,
    description="AI data buckets (tier-tagged, a tier of an aiinfra component, or matched by aiDataSelector) holding checkpoints, models or datasets — every tier not listed as unversioned — have versioning enabled; other buckets (websites, static assets) are not judged.",
    rationale="A deleted or overwritten checkpoint or dataset version cannot be recovered without versioning, and training runs are only reproducible against the exact data they saw.",
    remediation="Enable versioning on the bucket; tag genuinely disposable buckets tier=scratch.",
    fixes={
        "aws": "Add aws.s3.BucketVersioning(bucket=bucket.id, versioning_configuration={'status': 'Enabled'}); tag genuinely disposable buckets tier=scratch.",
        "gcp": "Set versioning={'enabled': True} on gcp.storage.Bucket; label genuinely disposable buckets tier=scratch.",
    },
    unknown="Settings are joined by property dependency; an unknown status or tier gives an unknown verdict.",
    references=("CKV_AWS_21", "CKV_GCP_78", "AVD-AWS-0090", "AVD-GCP-0078"),
    config={
        **AI_DATA_CONFIG,
        "unversionedTiers": string_list(["scratch", "logs", "tmp", "intermediate"]),
    },
)
def data_002(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    exempt = ctx.words("unversionedTiers")
    join = BucketJoin(stack, S3_VERSIONING)
    for bucket in join.buckets:
        if not is_ai_data_store(bucket, ctx) or _tier(bucket, ctx) in exempt:
            continue
        settings = join.of(bucket)
        if not settings:
            join.unknown_if_unjoined("versioning")
        if not any(get(s.props, "versioningConfiguration", "status") == "Enabled" for s in settings):
            yield bucket.urn, f"bucket '{bucket.name}' does not have versioning enabled."
    for bucket in stack.of(GCS_BUCKET):
        if not is_ai_data_store(bucket, ctx) or _tier(bucket, ctx) in exempt:
            continue
        if not is_true(get(bucket.props, "versioning", "enabled")):
            yield bucket.urn, f"GCS bucket '{bucket.name}' does not have versioning enabled."


_DATA_TYPES = (*S3_BUCKETS, GCS_BUCKET, EFS, FSX_LUSTRE, EBS_VOLUME, GCP_FILESTORE, GCP_LUSTRE, GCP_DISK)


@rule(
    "AIP-DATA-003",
    "protected-tiers",
    title="Protected data tiers cannot be destroyed by accident",
    severity="high",
    enforcement="mandatory",
    types=_DATA_TYPES,
    description="Data resources in protected tiers (gold, model-registry) are created with protect=True and without forceDestroy.",
    remediation="Pass ResourceOptions(protect=True, retain_on_delete=True) for gold/model-registry tiers and never set force_destroy.",
    unknown="protect is a resource option and always known; an unknown tier tag or forceDestroy gives an unknown verdict.",
    references=("PolicyResourceOptions.protect",),
    config={
        **_TIER,
        "protectedTiers": string_list(["gold", "model-registry"]),
    },
)
def data_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    if _tier(res, ctx) not in ctx.words("protectedTiers"):
        return
    if not res.protect:
        yield "protected tier resource is not created with protect=True."
    if is_true(get(res.props, "forceDestroy")):
        yield "protected tier resource sets forceDestroy."


@rule(
    "AIP-DATA-004",
    "immutable-tiers",
    title="Immutable tiers use object lock or retention",
    severity="high",
    enforcement="advisory",
    peers=("Checkov CKV_AWS_143",),
    types=(*S3_BUCKETS, GCS_BUCKET),
    stack=True,
    description="Buckets in immutable tiers use S3 Object Lock with a lock configuration or a GCS retention policy of at least minRetentionDays.",
    remediation="Create the S3 bucket with object_lock_enabled=True plus aws.s3.BucketObjectLockConfiguration; on GCS set retention_policy.retention_period (seconds).",
    unknown="Settings are joined by property dependency; unknown values give an unknown verdict.",
    references=("CKV_AWS_143",),
    config={
        **_TIER,
        "immutableTiers": string_list(["model-registry"]),
        "minRetentionDays": {"type": "number", "minimum": 0, "default": 30},
    },
    fixes={
        "aws": "Create the bucket with object_lock_enabled=True plus aws.s3.BucketObjectLockConfiguration (default retention at least minRetentionDays).",
        "gcp": "Set retention_policy={'retention_period': <seconds>} (at least minRetentionDays) on gcp.storage.Bucket, and lock it once agreed.",
    },
)
def data_004(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    tiers = ctx.words("immutableTiers")
    join = BucketJoin(stack, S3_OBJECT_LOCK)
    for bucket in join.buckets:
        if _tier(bucket, ctx) not in tiers:
            continue
        if not is_true(get(bucket.props, "objectLockEnabled")) or not join.of(bucket):
            if not join.of(bucket):
                join.unknown_if_unjoined("object lock")
            yield bucket.urn, f"immutable-tier bucket '{bucket.name}' has no S3 Object Lock configuration."
    min_days = float(ctx.config.get("minRetentionDays", 30))
    for bucket in stack.of(GCS_BUCKET):
        if _tier(bucket, ctx) not in tiers:
            continue
        seconds = as_float(get(bucket.props, "retentionPolicy", "retentionPeriod"))
        if seconds is None or seconds < min_days * 86400:
            yield (
                bucket.urn,
                f"immutable-tier GCS bucket '{bucket.name}' retains objects for less than {min_days:g} days.",
            )


def _s3_lifecycle(rules_: list) -> tuple[bool, bool]:
    expires = aborts = False
    for r in rules_:
        if get(r, "status", default="Enabled") != "Enabled":
            continue
        if get(r, "expiration") is not None:
            expires = True
        if get(r, "abortIncompleteMultipartUpload") is not None:
            aborts = True
    return expires, aborts


@rule(
    "AIP-DATA-005",
    "bucket-lifecycle",
    title="Scratch buckets expire objects; gold buckets do not",
    severity="low",
    enforcement="advisory",
    peers=("Checkov CKV2_AWS_61", "Checkov CKV_AWS_300"),
    types=(*S3_BUCKETS, GCS_BUCKET),
    stack=True,
    description="Scratch and intermediate buckets expire objects and abort incomplete multipart uploads, and gold-tier buckets have no expiration rule.",
    remediation="Add aws.s3.BucketLifecycleConfiguration with expiration and abort_incomplete_multipart_upload rules on scratch buckets (GCS: Delete and AbortIncompleteMultipartUpload actions); remove expiration from gold tiers.",
    unknown="Settings are joined by property dependency; unknown rules give an unknown verdict.",
    references=("CKV2_AWS_61", "CKV_AWS_300"),
    config={
        **_TIER,
        "scratchTiers": string_list(["scratch", "intermediate", "tmp"]),
        "goldTiers": string_list(["gold", "model-registry"]),
    },
    fixes={
        "aws": "Add aws.s3.BucketLifecycleConfiguration with expiration and abort_incomplete_multipart_upload rules on scratch buckets; remove expiration rules from gold tiers.",
        "gcp": "Add lifecycle_rules with Delete and AbortIncompleteMultipartUpload actions on scratch gcp.storage.Bucket; remove Delete rules from gold tiers.",
    },
)
def data_005(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    scratch = ctx.words("scratchTiers")
    gold = ctx.words("goldTiers")
    join = BucketJoin(stack, S3_LIFECYCLE)
    for bucket in join.buckets:
        tier = _tier(bucket, ctx)
        if tier not in scratch and tier not in gold:
            continue
        rules_ = [r for cfg in join.of(bucket) for r in as_list(get(cfg.props, "rules"))]
        if not rules_:
            join.unknown_if_unjoined("lifecycle")
        expires, aborts = _s3_lifecycle(rules_)
        if tier in scratch and not (expires and aborts):
            yield (
                bucket.urn,
                f"scratch bucket '{bucket.name}' lacks expiration and/or abort-incomplete-multipart-upload rules.",
            )
        if tier in gold and expires:
            yield bucket.urn, f"gold-tier bucket '{bucket.name}' has a lifecycle expiration rule."
    for bucket in stack.of(GCS_BUCKET):
        tier = _tier(bucket, ctx)
        actions = {get(r, "action", "type") for r in as_list(get(bucket.props, "lifecycleRules"))}
        if tier in scratch and not {"Delete", "AbortIncompleteMultipartUpload"} <= actions:
            yield (
                bucket.urn,
                f"scratch GCS bucket '{bucket.name}' lacks Delete and AbortIncompleteMultipartUpload lifecycle actions.",
            )
        if tier in gold and "Delete" in actions:
            yield bucket.urn, f"gold-tier GCS bucket '{bucket.name}' has a Delete lifecycle rule."


@rule(
    "AIP-DATA-006",
    "fsx-lustre-durability",
    title="FSx for Lustre durability matches the tier",
    severity="medium",
    enforcement="advisory",
    types=(FSX_LUSTRE,),
    stack=True,
    description="SCRATCH Lustre deployments are used only for the scratch tier, and PERSISTENT ones keep automatic backups or an S3 data repository.",
    remediation="Use PERSISTENT_2 for non-scratch data with automatic_backup_retention_days >= minBackupDays or an aws.fsx.DataRepositoryAssociation to S3.",
    unknown="Data repository associations are joined by property dependency; unknown values give an unknown verdict.",
    config={**_TIER, "minBackupDays": {"type": "number", "minimum": 0, "default": 7}},
)
def data_006(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    linked = {u for dra in stack.of(FSX_DRA) for u in dra.deps_of("fileSystemId")}
    min_days = float(ctx.config.get("minBackupDays", 7))
    for fs in stack.of(FSX_LUSTRE):
        deployment = str(get(fs.props, "deploymentType") or "SCRATCH_1")
        tier = _tier(fs, ctx)
        if deployment.startswith("SCRATCH"):
            if tier != "scratch":
                yield (
                    fs.urn,
                    f"{deployment} file system '{fs.name}' holds tier '{tier or 'untagged'}' (scratch deployments lose data on failure).",
                )
            continue
        days = as_float(get(fs.props, "automaticBackupRetentionDays")) or 0.0
        if days >= min_days or fs.urn in linked or get(fs.props, "importPath"):
            continue
        yield (
            fs.urn,
            f"{deployment} file system '{fs.name}' keeps {days:g} days of backups and no S3 data repository.",
        )


@rule(
    "AIP-DATA-007",
    "bucket-access-logging",
    title="Data buckets log access",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV_AWS_18", "Checkov CKV_GCP_62"),
    types=(*S3_BUCKETS, GCS_BUCKET, CLOUDTRAIL, *GCP_AUDIT_CONFIGS),
    stack=True,
    description="Data buckets have access logging (S3 BucketLogging or a CloudTrail trail of the program recording the bucket's object reads and writes; GCS usage logging or Cloud Storage Data Access audit logs) except the log buckets themselves.",
    rationale="AWS names CloudTrail S3 data events as the alternative to server access logs, and Google recommends Cloud Audit Logs (Data Access) over usage logs for tracking object access; a bucket covered by either needs no second log.",
    remediation="Add aws.s3.BucketLogging targeting a log bucket, or S3 data events with read_write_type All on a trail (GCS: logging.log_bucket, or an IAMAuditConfig for storage.googleapis.com with DATA_READ and DATA_WRITE); tag log buckets tier=logs.",
    unknown="Logging settings and trail selectors are joined by property dependency; unknown values give an unknown verdict.",
    references=("CKV_AWS_18", "CKV_GCP_62", "AVD-AWS-0089", "AVD-GCP-0077"),
    config=_TIER,
    fixes={
        "aws": "Add aws.s3.BucketLogging(bucket=..., target_bucket=<log bucket>); tag log buckets tier=logs.",
        "gcp": "Set logging={'log_bucket': <log bucket>} on gcp.storage.Bucket; label log buckets tier=logs.",
    },
)
def data_007(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    join = BucketJoin(stack, S3_LOGGING)
    targets = {u for cfg in stack.of(*S3_LOGGING) for u in cfg.deps_of("targetBucket")}
    trails = stack.of(CLOUDTRAIL)
    for bucket in join.buckets:
        if _tier(bucket, ctx) == "logs" or bucket.urn in targets:
            continue
        if join.of(bucket) or any(trail_covers(t, bucket, reads_and_writes=True) for t in trails):
            continue
        join.unknown_if_unjoined("logging")
        yield bucket.urn, f"bucket '{bucket.name}' has no access logging."
    gcs = stack.of(GCS_BUCKET)
    if gcs and gcs_data_access_logged(stack):
        return
    for bucket in gcs:
        if _tier(bucket, ctx) != "logs" and not get(bucket.props, "logging", "logBucket"):
            yield bucket.urn, f"GCS bucket '{bucket.name}' has no access logging."


_MULTI_REGION = {"US", "EU", "ASIA", "NAM4", "EUR4", "EUR5", "EUR7", "EUR8", "ASIA1"}


@rule(
    "AIP-DATA-008",
    "critical-tier-replication",
    title="Critical tiers replicated across regions",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV_AWS_144",),
    types=(*S3_BUCKETS, GCS_BUCKET),
    stack=True,
    description="Buckets in critical tiers replicate to another region (S3 replication, GCS dual- or multi-region).",
    remediation="Add aws.s3.BucketReplicationConfig to a bucket in another region, or place GCS buckets in a dual/multi-region location.",
    unknown="Replication is joined by property dependency; an unknown location gives an unknown verdict.",
    references=("CKV_AWS_144", "aws-s3-bucket-enable-replication-configuration"),
    config={
        **_TIER,
        "criticalTiers": string_list(["gold", "model-registry"]),
    },
    fixes={
        "aws": "Add aws.s3.BucketReplicationConfig to a versioned bucket in another region.",
        "gcp": "Place the gcp.storage.Bucket in a dual- or multi-region location (or custom_placement_config with two regions).",
    },
)
def data_008(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    critical = ctx.words("criticalTiers")
    join = BucketJoin(stack, S3_REPLICATION)
    for bucket in join.buckets:
        if _tier(bucket, ctx) in critical and not join.of(bucket):
            join.unknown_if_unjoined("replication")
            yield bucket.urn, f"critical-tier bucket '{bucket.name}' is not replicated."
    for bucket in stack.of(GCS_BUCKET):
        if _tier(bucket, ctx) not in critical:
            continue
        location = str(get(bucket.props, "location") or "").upper()
        placements = as_list(get(bucket.props, "customPlacementConfig", "dataLocations"))
        if location not in _MULTI_REGION and len(placements) < 2:
            yield (
                bucket.urn,
                f"critical-tier GCS bucket '{bucket.name}' is single-region ({location or 'unset'}).",
            )


@rule(
    "AIP-DATA-009",
    "data-stores-protected",
    title="Data stores are protected against pulumi destroy",
    severity="medium",
    enforcement="advisory",
    types=_DATA_TYPES,
    description="AI data stores (buckets, file systems, volumes, disks that are tier-tagged, a tier of an aiinfra component, or matched by aiDataSelector) are created with protect=True unless their tier is scratch.",
    remediation="Keep the aiinfra default (protect and retain_on_delete on every data tier); set a tier's allow_destroy only for disposable data, and expect this finding.",
    unknown="protect is a resource option and always known; an unknown tier tag gives an unknown verdict.",
    references=("PolicyResourceOptions.protect", "aiinfra allow_destroy"),
    config={
        **AI_DATA_CONFIG,
        "exemptTiers": string_list(["scratch", "tmp", "intermediate"]),
    },
)
def data_009(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.protect or not is_ai_data_store(res, ctx):
        return
    exempt = ctx.words("exemptTiers")
    if _tier(res, ctx) in exempt:
        return
    yield f"data store '{res.name}' is not protected (allow_destroy or a missing protect option lets pulumi destroy delete it)."


@rule(
    "AIP-DATA-010",
    "managed-database-hardening",
    title="Managed databases: CMK encryption, no public access, deletion protection",
    severity="high",
    enforcement="mandatory",
    peers=(
        "Checkov CKV_AWS_16",
        "Checkov CKV_AWS_17",
        "Checkov CKV_AWS_293",
        "Checkov CKV_AWS_139",
        "Checkov CKV_GCP_60",
        "Checkov CKV_GCP_11",
    ),
    types=(RDS_INSTANCE, RDS_CLUSTER, CLOUD_SQL),
    description="RDS instances, Aurora/RDS clusters and Cloud SQL instances (experiment trackers, feature stores, model registries) encrypt storage with a customer-managed key, are not publicly accessible and have deletion protection on.",
    rationale="Metadata stores of an ML platform hold lineage, credentials and often features derived from personal data; a public endpoint or an unencrypted snapshot leaks them, and a missing deletion protection lets one command erase the registry.",
    remediation="Encrypt with a customer-managed key, keep the database off public networks and turn deletion protection on.",
    fixes={
        "aws": "Set storage_encrypted=True and kms_key_id=<aws.kms.Key arn>, publicly_accessible=False (instances) and deletion_protection=True on aws.rds.Instance / aws.rds.Cluster.",
        "gcp": "Set encryption_key_name to a Cloud KMS key, settings.ip_configuration.ipv4_enabled=False with private_network (Private Service Access or PSC), and leave deletion_protection True on gcp.sql.DatabaseInstance.",
    },
    unknown="An unknown key reference passes (at preview it is the output of a key created in the same program); other unknown values give an unknown verdict.",
    references=(
        "CKV_AWS_16",
        "CKV_AWS_17",
        "CKV_AWS_293",
        "CKV_AWS_139",
        "CKV_GCP_60",
        "CKV_GCP_11",
        "AVD-AWS-0080",
        "AVD-AWS-0082",
        "AVD-AWS-0177",
        "AVD-GCP-0017",
    ),
)
def data_010(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in (RDS_INSTANCE, RDS_CLUSTER):
        if not is_true(get(res.props, "storageEncrypted")):
            yield "storageEncrypted is not true."
        elif not key_reference_ok(res, "kmsKeyId"):
            yield "storage is encrypted with the AWS managed key, not a customer-managed kmsKeyId."
        if res.type == RDS_INSTANCE and is_true(get(res.props, "publiclyAccessible")):
            yield "publiclyAccessible is true."
        if not is_true(get(res.props, "deletionProtection")):
            yield "deletionProtection is not true."
        return
    if not key_reference_ok(res, "encryptionKeyName"):
        yield "encryptionKeyName is not set (Google-managed encryption, not CMEK)."
    ip = get(res.props, "settings", "ipConfiguration")
    if ip is None or not is_false(get(ip, "ipv4Enabled")):
        open_nets = [
            str(get(n, "value"))
            for n in as_list(get(ip, "authorizedNetworks"))
            if str(get(n, "value")) in ("0.0.0.0/0", "::/0")
        ]
        yield "settings.ipConfiguration.ipv4Enabled is not false (the instance has a public IP)" + (
            f" and authorizes {', '.join(open_nets)}." if open_nets else "."
        )
    if is_false(get(res.props, "deletionProtection")):
        yield "deletionProtection is false."
