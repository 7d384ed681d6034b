"""AIP-ENC: encryption at rest with customer-managed keys, key hygiene, no plaintext credentials."""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from collections.abc import Iterator

from ..access import UnknownValueError, as_float, as_list, get, is_true, tags_of
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    EBS_VOLUME,
    EC2_INSTANCE,
    EFS,
    EKS_CLUSTER,
    EKS_COMPONENT_CLUSTER,
    FSX_LUSTRE,
    GCP_CRYPTO_KEY,
    GCP_SECRET_VERSION,
    GCS_BUCKET,
    GKE_CLUSTER,
    GKE_NODE_POOL,
    K8S_SECRET,
    KMS_KEY,
    LAUNCH_TEMPLATE,
    S3_BUCKETS,
    S3_SSE,
    SECRETSMANAGER_VERSION,
    BucketJoin,
    key_reference_ok,
)

# Scope (issue 26, precision review 2026-12-07): the rule judged every bucket, and on the survey's public
# programs most mandatory ENC-001 findings were buckets where SSE-KMS is not an option. Sources: "The only
# server-side encryption option that's supported is Amazon S3-managed keys (SSE-S3)" (Elastic Load
# Balancing, "Enable access logs for your Application Load Balancer", read 2026-12-07); OAI does not
# integrate with SSE-KMS, OAC does (AWS blog "Amazon CloudFront introduces Origin Access Control (OAC)",
# 2022-08, read 2026-12-07). Website endpoints serve anonymous requests, which SSE-KMS objects cannot
# answer: unverified (not found in the S3 user guide copy available here).
S3_WEBSITE = (
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
)
LOAD_BALANCERS = (
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
)
CLOUDFRONT = "aws:cloudfront/distribution:Distribution"


def _feeds(res: Res, bucket: Res, prop: str, *path: str | int) -> bool:
    """Whether ``res``'s input ``prop`` names ``bucket``: by property dependency, else by its name."""
    if bucket.urn in res.deps_of(prop):
        return True
    try:
        value = get(res.props, prop, *path)
        name = get(bucket.props, "bucket")
    except UnknownValueError:
        return False
    return isinstance(value, str) and isinstance(name, str) and name != "" and name in value


def kms_out_of_scope(stack: StackView, bucket: Res, website: BucketJoin) -> str:
    """Why a customer-managed key cannot apply to ``bucket`` (the AIP-ENC-001 exemptions), or ''."""
    if get(bucket.props, "website") is not None or website.of(bucket):
        return "website"
    for lb in stack.of(*LOAD_BALANCERS):
        if _feeds(lb, bucket, "accessLogs", "bucket"):
            return "load-balancer access logs"
    for dist in stack.of(CLOUDFRONT):
        for origin in as_list(get(dist.props, "origins")):
            try:
                oai = get(origin, "s3OriginConfig", "originAccessIdentity")
            except UnknownValueError:
                oai = True  # unknown at preview: the path of an identity created in the same program
            if not oai:
                continue
            if bucket.urn in dist.deps_of("origins") or _feeds(dist, bucket, "origins"):
                return "CloudFront origin access identity"
    return ""


@rule(
    "AIP-ENC-001",
    "s3-bucket-kms-encryption",
    title="S3 buckets encrypted with a customer-managed KMS key",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_145",),
    types=S3_BUCKETS,
    stack=True,
    description="Every S3 bucket has a server-side encryption configuration using aws:kms or aws:kms:dsse with a customer-managed key (S3 already encrypts every object with SSE-S3 by default since January 2023: the finding is a missing customer-managed key, not missing encryption). Out of scope, because a customer-managed key cannot work there: buckets that host a static website (inline website or a BucketWebsiteConfiguration), buckets that receive load-balancer access logs (ELB supports only SSE-S3 on the log bucket) and buckets a CloudFront distribution reads through an origin access identity (OAI cannot read SSE-KMS objects; origin access control can, so OAC origins stay in scope).",
    rationale="SSE-S3 keys are AWS-owned: they cannot be disabled in an incident, their use is not logged per request, and no key policy separates who may read a dataset from who may administer the bucket.",
    remediation="Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sse_algorithm 'aws:kms' (or 'aws:kms:dsse') and kms_master_key_id set to a customer-managed aws.kms.Key.",
    unknown="The join uses property dependencies, so a bucket id unknown at preview still joins. A kmsMasterKeyId that is unknown but depends on a KMS key in the same program passes (it is a reference); any other unknown gives an unknown verdict.",
    references=("CKV_AWS_145", "AVD-AWS-0132", "aws-s3-bucket-configure-server-side-encryption-kms"),
)
def enc_001(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    join = BucketJoin(stack, S3_SSE)
    website = BucketJoin(stack, S3_WEBSITE)
    for bucket in join.buckets:
        if kms_out_of_scope(stack, bucket, website):
            continue
        configs = join.of(bucket)
        inline = get(bucket.props, "serverSideEncryptionConfiguration")
        if not configs and inline is None:
            join.unknown_if_unjoined("encryption")
            yield (
                bucket.urn,
                f"bucket '{bucket.name}' has no customer-managed KMS key: without a "
                "BucketServerSideEncryptionConfiguration S3 encrypts with SSE-S3 (AWS-owned keys, the default "
                "since January 2023), which key policies, rotation and CloudTrail decrypt records cannot govern.",
            )
            continue
        ok = False
        for cfg in configs:
            for i, r in enumerate(as_list(get(cfg.props, "rules"))):
                algo = get(r, "applyServerSideEncryptionByDefault", "sseAlgorithm")
                if algo in ("aws:kms", "aws:kms:dsse") and key_reference_ok(
                    cfg, "rules", i, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"
                ):
                    ok = True
        if inline is not None and not ok:
            r = get(inline, "rule", "applyServerSideEncryptionByDefault")
            ok = get(r, "sseAlgorithm") in ("aws:kms", "aws:kms:dsse") and bool(get(r, "kmsMasterKeyId"))
        if not ok:
            yield (
                bucket.urn,
                (
                    f"bucket '{bucket.name}' has no customer-managed KMS key (its encryption configuration is "
                    "not aws:kms/aws:kms:dsse with a kmsMasterKeyId; SSE-S3 or the aws/s3 managed key)."
                ),
            )


def _ebs_messages(res: Res) -> Iterator[str]:
    if res.type == EBS_VOLUME:
        if not is_true(get(res.props, "encrypted")):
            yield "EBS volume is not encrypted (encrypted is not true)."
    elif res.type == LAUNCH_TEMPLATE:
        for i, bdm in enumerate(as_list(get(res.props, "blockDeviceMappings"))):
            ebs = get(bdm, "ebs")
            if ebs is None:
                continue
            if not is_true(get(ebs, "encrypted")):
                dev = get(bdm, "deviceName") or f"#{i}"
                yield f'block device {dev} is not encrypted (blockDeviceMappings[{i}].ebs.encrypted != "true").'
    elif res.type == EC2_INSTANCE:
        if not is_true(get(res.props, "rootBlockDevice", "encrypted")):
            yield "root block device is not encrypted (rootBlockDevice.encrypted is not true)."
        for i, dev in enumerate(as_list(get(res.props, "ebsBlockDevices"))):
            if not is_true(get(dev, "encrypted")):
                yield f"EBS block device #{i} is not encrypted."


@rule(
    "AIP-ENC-002",
    "ebs-encryption",
    title="EBS volumes and launch-template block devices encrypted",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_3", "Checkov CKV_AWS_8"),
    types=(EBS_VOLUME, LAUNCH_TEMPLATE, EC2_INSTANCE),
    description="EBS volumes, instance block devices and launch-template block device mappings are encrypted.",
    remediation='Set encrypted=True on aws.ebs.Volume and instance block devices, and encrypted="true" (a string) on every launch-template block_device_mappings[].ebs.',
    unknown="An unknown encrypted flag gives an unknown verdict (CrossGuard reports it as an advisory preview diagnostic).",
    references=(
        "CKV_AWS_3",
        "CKV_AWS_8",
        "AVD-AWS-0026",
        "AVD-AWS-0008",
        "AVD-AWS-0131",
        "aws-ec2-launchtemplate-disallow-unencrypted-block-device",
    ),
)
def enc_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    yield from _ebs_messages(res)


_CMK_CONFIG = {
    "cmkClassifications": string_list(
        ["confidential", "restricted", "secret"],
        "Data classifications (tag value) that require a customer-managed key.",
    ),
    "classificationTag": {"type": "string", "default": "data-classification"},
}


def _needs_cmk(res: Res, ctx: RuleContext) -> bool:
    key = ctx.config.get("classificationTag", "data-classification")
    level = tags_of(res.props).get(key, "").lower()
    return level in ctx.words("cmkClassifications")


@rule(
    "AIP-ENC-003",
    "ebs-customer-managed-key",
    title="Confidential EBS data uses a customer-managed key",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV_AWS_189",),
    types=(EBS_VOLUME, LAUNCH_TEMPLATE, EC2_INSTANCE),
    description="EBS volumes and launch-template volumes tagged with a confidential data classification use a customer-managed KMS key.",
    remediation="Set kms_key_id to a customer-managed aws.kms.Key on the volume or on each launch-template block device.",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); an unknown classification tag gives an unknown verdict.",
    references=("CKV_AWS_189", "AVD-AWS-0027"),
    config=_CMK_CONFIG,
)
def enc_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not _needs_cmk(res, ctx):
        return
    if res.type == EBS_VOLUME:
        if not key_reference_ok(res, "kmsKeyId"):
            yield "confidential EBS volume has no customer-managed kmsKeyId."
    elif res.type == LAUNCH_TEMPLATE:
        for i, bdm in enumerate(as_list(get(res.props, "blockDeviceMappings"))):
            if get(bdm, "ebs") is not None and not key_reference_ok(
                res, "blockDeviceMappings", i, "ebs", "kmsKeyId"
            ):
                yield f"blockDeviceMappings[{i}].ebs has no customer-managed kmsKeyId."
    elif not key_reference_ok(res, "rootBlockDevice", "kmsKeyId"):
        yield "rootBlockDevice has no customer-managed kmsKeyId."


@rule(
    "AIP-ENC-004",
    "efs-encryption-cmk",
    title="EFS file systems encrypted with a customer-managed key",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_42", "Checkov CKV_AWS_184"),
    types=(EFS,),
    description="EFS file systems are encrypted and name a customer-managed KMS key.",
    remediation="Set encrypted=True and kms_key_id to a customer-managed aws.kms.Key on aws.efs.FileSystem.",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); an unknown encrypted flag gives an unknown verdict.",
    references=("CKV_AWS_42", "CKV_AWS_184", "AVD-AWS-0037"),
)
def enc_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "encrypted")):
        yield "EFS file system is not encrypted."
    if not key_reference_ok(res, "kmsKeyId"):
        yield "EFS file system has no customer-managed kmsKeyId."


@rule(
    "AIP-ENC-005",
    "fsx-lustre-cmk",
    title="Persistent FSx for Lustre uses a customer-managed key",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_190",),
    types=(FSX_LUSTRE,),
    description="FSx for Lustre file systems with a PERSISTENT deployment type name a customer-managed KMS key.",
    remediation="Set kms_key_id to a customer-managed aws.kms.Key on PERSISTENT_1/PERSISTENT_2 aws.fsx.LustreFileSystem.",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); an unknown deploymentType gives an unknown verdict.",
    references=("CKV_AWS_190",),
)
def enc_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    deployment = get(res.props, "deploymentType") or "SCRATCH_1"
    if str(deployment).startswith("PERSISTENT") and not key_reference_ok(res, "kmsKeyId"):
        yield f"{deployment} Lustre file system has no customer-managed kmsKeyId."


MAX_ROTATION_SECONDS = 7776000.0


@rule(
    "AIP-ENC-006",
    "kms-key-rotation",
    title="KMS keys rotate",
    severity="medium",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_7", "Checkov CKV_GCP_43"),
    types=(KMS_KEY, GCP_CRYPTO_KEY),
    description="Symmetric AWS KMS keys enable automatic rotation and GCP crypto keys rotate at least every 90 days.",
    remediation="Set enable_key_rotation=True on aws.kms.Key; set rotation_period to at most '7776000s' on gcp.kms.CryptoKey.",
    unknown="An unknown enableKeyRotation or rotationPeriod gives an unknown verdict.",
    references=("CKV_AWS_7", "CKV_GCP_43", "AVD-AWS-0065", "AVD-GCP-0065"),
    fixes={
        "aws": "Set enable_key_rotation=True on aws.kms.Key (rotation_period_in_days may shorten the default year).",
        "gcp": "Set rotation_period to at most '7776000s' (90 days) on gcp.kms.CryptoKey.",
    },
)
def enc_006(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == KMS_KEY:
        spec = get(res.props, "customerMasterKeySpec") or get(res.props, "keySpec") or "SYMMETRIC_DEFAULT"
        if spec != "SYMMETRIC_DEFAULT":
            return  # AWS rotates only symmetric encryption keys
        if not is_true(get(res.props, "enableKeyRotation")):
            yield "enableKeyRotation is not true (AWS default is false)."
    else:
        purpose = str(get(res.props, "purpose") or "ENCRYPT_DECRYPT")
        if purpose.startswith("ASYMMETRIC"):
            return
        period = as_float(get(res.props, "rotationPeriod"))
        if period is None:
            yield "rotationPeriod is not set (the key never rotates)."
        elif period > MAX_ROTATION_SECONDS:
            yield f"rotationPeriod {period:.0f}s exceeds 7776000s (90 days)."


@rule(
    "AIP-ENC-007",
    "kms-key-deletion-safety",
    title="KMS keys are safe from accidental deletion",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_82",),
    types=(KMS_KEY, GCP_CRYPTO_KEY),
    description="AWS KMS keys keep a deletion window of at least 30 days and never bypass the policy lockout check; GCP crypto keys are protected.",
    remediation="Leave deletion_window_in_days at 30 and bypass_policy_lockout_safety_check unset on aws.kms.Key; create gcp.kms.CryptoKey with ResourceOptions(protect=True).",
    unknown="An unknown deletionWindowInDays or bypass flag gives an unknown verdict; protect is a resource option and always known.",
    references=("aws-kms-key-disallow-bypass-policy-lockout-safety-check", "CKV_GCP_82"),
    fixes={
        "aws": "Leave deletion_window_in_days at 30 and bypass_policy_lockout_safety_check unset on aws.kms.Key.",
        "gcp": "Create gcp.kms.CryptoKey with ResourceOptions(protect=True) (destroying a key destroys every key version).",
    },
)
def enc_007(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == KMS_KEY:
        window = as_float(get(res.props, "deletionWindowInDays"))
        if window is not None and window < 30:
            yield f"deletionWindowInDays is {window:.0f} (minimum 30)."
        if is_true(get(res.props, "bypassPolicyLockoutSafetyCheck")):
            yield "bypassPolicyLockoutSafetyCheck is true."
    elif not res.protect:
        yield "GCP crypto key is not protected (destroying it destroys every key version and the data)."


@rule(
    "AIP-ENC-008",
    "eks-secrets-encryption",
    title="EKS secrets envelope-encrypted with a customer-managed key",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_58",),
    types=(EKS_CLUSTER, EKS_COMPONENT_CLUSTER),
    description="EKS clusters encrypt Kubernetes secrets with a customer-managed KMS key (a pulumi_eks `eks:index:Cluster` through its encryptionConfigKeyArn input).",
    remediation="Set encryption_config={'resources': ['secrets'], 'provider': {'key_arn': key.arn}} on aws.eks.Cluster.",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); other unknowns give an unknown verdict.",
    references=("CKV_AWS_58", "AVD-AWS-0039", "CIS EKS 5.3.1"),
)
def enc_008(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == EKS_COMPONENT_CLUSTER:
        if not key_reference_ok(res, "encryptionConfigKeyArn"):
            yield "encryptionConfigKeyArn is not set (pulumi_eks then leaves secrets unencrypted by a customer key)."
        return
    cfg = get(res.props, "encryptionConfig")
    if cfg is None:
        yield "encryptionConfig is not set."
        return
    if "secrets" not in [r for r in as_list(get(cfg, "resources")) if isinstance(r, str)]:
        yield "encryptionConfig.resources does not contain 'secrets'."
    if not key_reference_ok(res, "encryptionConfig", "provider", "keyArn"):
        yield "encryptionConfig.provider.keyArn is not set."


@rule(
    "AIP-ENC-009",
    "gke-secrets-encryption",
    title="GKE application-layer secrets encryption",
    severity="high",
    enforcement="mandatory",
    types=(GKE_CLUSTER,),
    description="GKE clusters encrypt secrets at the application layer with a Cloud KMS key.",
    remediation="Set database_encryption={'state': 'ENCRYPTED', 'key_name': crypto_key.id} on gcp.container.Cluster.",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); an unknown state gives an unknown verdict.",
    references=(),  # CKV_GCP_71 (listed before) is Checkov's shielded-nodes check, not secrets encryption
)
def enc_009(res: Res, ctx: RuleContext) -> Iterator[str]:
    if get(res.props, "databaseEncryption", "state") != "ENCRYPTED":
        yield "databaseEncryption.state is not ENCRYPTED."
    elif not key_reference_ok(res, "databaseEncryption", "keyName"):
        yield "databaseEncryption.keyName is not set."


@rule(
    "AIP-ENC-010",
    "gcp-cmek",
    title="GCS buckets and GKE node boot disks use CMEK",
    severity="medium",
    enforcement="advisory",
    types=(GCS_BUCKET, GKE_NODE_POOL),
    description="GCS buckets set a default Cloud KMS key and GKE node pools encrypt boot disks with a customer-managed key.",
    remediation="Set encryption.default_kms_key_name on gcp.storage.Bucket and node_config.boot_disk_kms_key on gcp.container.NodePool (grant the service agents cryptoKeyEncrypterDecrypter first).",
    unknown="An unknown key reference passes (at preview it can only be the output of a key created in the same program); other unknowns give an unknown verdict.",
    references=("AVD-GCP-0066",),
)
def enc_010(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == GCS_BUCKET:
        if not key_reference_ok(res, "encryption", "defaultKmsKeyName"):
            yield "bucket has no encryption.defaultKmsKeyName."
    elif not key_reference_ok(res, "nodeConfig", "bootDiskKmsKey"):
        yield "node pool has no nodeConfig.bootDiskKmsKey."


_CREDENTIAL_PATTERNS = (
    ("an AWS access key id", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    (
        "a private key",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
    ),
    ("an AWS secret access key", re.compile(r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+=]{40}")),
)


def _decoded_variants(text: str) -> list[str]:
    out = [text]
    compact = "".join(text.split())
    if len(compact) >= 16 and re.fullmatch(r"[A-Za-z0-9+/=]+", compact):
        with contextlib.suppress(binascii.Error, ValueError):
            out.append(base64.b64decode(compact, validate=True).decode("utf-8", "replace"))
    return out


def find_credentials(text: str) -> list[str]:
    """Kinds of credentials found in ``text`` (plain or base64); never the values."""
    found = []
    for variant in _decoded_variants(text):
        for kind, pattern in _CREDENTIAL_PATTERNS:
            if kind not in found and pattern.search(variant):
                found.append(kind)
    return found


@rule(
    "AIP-ENC-011",
    "no-plaintext-credentials",
    title="No credentials in user data or literal Kubernetes secrets",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_46",),
    types=(LAUNCH_TEMPLATE, EC2_INSTANCE, K8S_SECRET),
    description="Launch templates, instances and literal Kubernetes Secrets carry no embedded credentials such as AWS access keys or private keys.",
    remediation="Remove keys from user data and secret literals; use instance roles, IRSA/Pod Identity, or a secret store (Secrets Manager, External Secrets) instead.",
    unknown="Unknown user data or secret values are computed from other resources, not literals: they pass.",
    references=("CKV_AWS_46", "AVD-AWS-0029", "AVD-AWS-0129"),
)
def enc_011(res: Res, ctx: RuleContext) -> Iterator[str]:
    fields: list[tuple[str, object]] = []
    if res.type == K8S_SECRET:
        for key in ("stringData", "data"):
            try:
                section = get(res.props, key)
            except UnknownValueError:
                continue
            if section is None:
                continue
            for k in list(section):
                try:
                    fields.append((f"{key}.{k}", section[k]))
                except UnknownValueError:
                    continue
    else:
        for key in ("userData", "userDataBase64"):
            try:
                fields.append((key, get(res.props, key)))
            except UnknownValueError:
                continue
    for where, value in fields:
        if isinstance(value, str):
            for kind in find_credentials(value):
                yield f"{where} contains {kind}."


SECRET_VALUE_KEYS = {
    SECRETSMANAGER_VERSION: ("secretString", "secretBinary", "secretStringWo"),
    GCP_SECRET_VERSION: ("secretData", "secretDataWo"),
}
"""Inputs that carry the secret value. ``secret_string_wo`` (pulumi-aws 7) and ``secret_data_wo``
(pulumi-gcp 9/10) are write-only: "its value will not be updated in state as part of read
operations" (provider docs). A write-only argument keeps the value out of the state file, but a
literal passed to it is still written in the program: it is judged like ``secret_string``."""


@rule(
    "AIP-ENC-012",
    "no-literal-secret-values",
    title="Secret Manager values are not literals in the program",
    severity="critical",
    enforcement="mandatory",
    types=(SECRETSMANAGER_VERSION, GCP_SECRET_VERSION),
    stack=True,
    description="AWS Secrets Manager and GCP Secret Manager secret versions do not receive their value as a literal, through the stored arguments (secret_string, secret_binary, secret_data) or the write-only ones (secret_string_wo, secret_data_wo): a value that is known at preview and depends on no other resource is a string in the program (and so in its repository) or its config.",
    rationale="A secret written into the program lives in version control, CI logs and every developer's checkout; storing it in a secret manager afterwards protects nothing.",
    remediation="Generate the value (random.RandomPassword, a provider-managed password such as RDS manage_master_user_password) or let rotation set it; never pass a literal string to the secret version.",
    fixes={
        "aws": "Generate the value (random.RandomPassword(...).result) or use manage_master_user_password on RDS and rotation on aws.secretsmanager.Secret; never pass a literal to aws.secretsmanager.SecretVersion(secret_string=...).",
        "gcp": "Generate the value (random.RandomPassword(...).result) or let the producing service write it; never pass a literal to gcp.secretmanager.SecretVersion(secret_data=...).",
    },
    unknown="A value that is unknown at preview or depends on another resource (property dependency) is computed, not a literal: it passes. A value from `pulumi config set --secret` is a known literal too and is reported: prefer a generator, or waive with the config key as the reason.",
    references=(),
    equivalents=(
        "The stored and the write-only value arguments are one value: secret_string, secret_binary and secret_string_wo (AWS), secret_data and secret_data_wo (GCP); a literal in a write-only argument is still in the program.",
    ),
)
def enc_012(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for res in stack.of(SECRETSMANAGER_VERSION, GCP_SECRET_VERSION):
        keys = SECRET_VALUE_KEYS[res.type]
        for key in keys:
            if res.deps_of(key):
                continue  # computed from another resource (a generator, an output)
            try:
                value = get(res.props, key)
            except UnknownValueError:
                continue
            if isinstance(value, str) and value.strip():
                note = (
                    " (write-only keeps it out of the state, not out of the program)"
                    if key.endswith("Wo")
                    else ""
                )
                yield (
                    res.urn,
                    f"secret version '{res.name}': {key} is a literal value (known at preview, computed from no resource){note}.",
                )
