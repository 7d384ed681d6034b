"""Key and bucket checks: names the stack claims are free, referenced keys and buckets are usable."""

from __future__ import annotations

from collections.abc import Iterator

from aiinfra.preflight.aws.session import AwsContext
from aiinfra.preflight.aws.verdict import each, verdict
from aiinfra.preflight.model import CheckResult
from aiinfra.preflight.registry import register

PLATFORM_TAG = "aiinfra:platform"
_S3_MISSING = ("404", "NoSuchBucket", "NotFound")
_S3_FORBIDDEN = ("403", "AccessDenied", "Forbidden")


@register(
    "aws",
    "kms-aliases",
    "the KMS alias names the stack creates are free (or already this platform's)",
    ["kms:ListAliases", "kms:ListResourceTags"],
)
def kms_aliases(ctx: AwsContext) -> Iterator[CheckResult]:
    """ListAliases; an alias that exists must point at a key tagged with this platform."""
    wanted = ctx.target.key_aliases
    taken = {a["AliasName"]: a.get("TargetKeyId") for a in ctx.aws.paginate("kms", "ListAliases", "Aliases")}
    fails, ours = [], []
    for alias in wanted:
        if alias not in taken:
            continue
        key_id = taken[alias]
        tags = {}
        if key_id:
            answer = ctx.aws.call("kms", "ListResourceTags", KeyId=key_id)
            tags = {t["TagKey"]: t["TagValue"] for t in answer.get("Tags", [])}
        if tags.get(PLATFORM_TAG) == ctx.target.platform:
            ours.append(alias)
        else:
            fails.append(
                f"{alias} already exists (key {key_id}) and is not platform {ctx.target.platform!r}'s; "
                "pulumi up would fail with AlreadyExistsException - delete it, import it, or rename the platform."
            )
    ok = f"{len(wanted) - len(ours)} alias names free ({', '.join(wanted)})"
    if ours:
        ok += f"; {len(ours)} already belong to this platform (update)"
    yield verdict("kms-aliases", ok, fails=fails, warns=[], detail={"aliases": list(wanted), "ours": ours})


@register(
    "aws",
    "kms-keys",
    "referenced KMS keys (aiinfra:preflight.kms_keys) exist, are enabled and rotate",
    ["kms:DescribeKey", "kms:GetKeyRotationStatus"],
)
def kms_keys(ctx: AwsContext) -> Iterator[CheckResult]:
    """DescribeKey + GetKeyRotationStatus per referenced key."""
    refs = ctx.settings.kms_keys
    if not refs:
        yield CheckResult(
            "kms-keys",
            "skipped",
            "no referenced keys (aiinfra:preflight.kms_keys); the stack creates its own",
        )
        return
    yield from each("kms-keys", refs, lambda r: _key(ctx, r), lambda r: None)


def _key(ctx: AwsContext, ref: str) -> CheckResult:
    from botocore.exceptions import ClientError

    try:
        meta = ctx.aws.call("kms", "DescribeKey", expect=("NotFoundException",), KeyId=ref)["KeyMetadata"]
    except ClientError:
        return CheckResult(
            "kms-keys",
            "fail",
            f"KMS key {ref} does not exist in {ctx.aws.region}; create it or fix the reference.",
            detail={"key": ref},
        )
    key_id, state = meta["KeyId"], meta.get("KeyState", "")
    detail = {"key": ref, "key_id": key_id, "state": state, "manager": meta.get("KeyManager")}
    fails, warns = [], []
    if state != "Enabled":
        fails.append(f"KMS key {ref} is {state}; enable it (or cancel its deletion) before deploying.")
    if meta.get("KeyManager") == "AWS":
        return verdict(
            "kms-keys",
            f"{ref} is an AWS-managed key (AWS rotates it)",
            fails=fails,
            warns=warns,
            detail=detail,
        )
    if meta.get("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT" or meta.get("Origin") != "AWS_KMS":
        warns.append(
            f"KMS key {ref} cannot rotate automatically ({meta.get('KeySpec')}, origin {meta.get('Origin')}); rotate it by hand."
        )
    elif state == "Enabled":
        rotation = ctx.aws.call("kms", "GetKeyRotationStatus", KeyId=key_id)
        detail["rotation"] = bool(rotation.get("KeyRotationEnabled"))
        if not rotation.get("KeyRotationEnabled"):
            fails.append(
                f"KMS key {ref} has automatic rotation off; aws kms enable-key-rotation --key-id {key_id} "
                "--rotation-period-in-days 90"
            )
    return verdict(
        "kms-keys", f"KMS key {ref} is enabled and rotates", fails=fails, warns=warns, detail=detail
    )


@register(
    "aws",
    "bucket-name",
    "the cold-tier bucket name, when set explicitly, is not taken",
    ["s3:ListBucket", "s3:GetBucketTagging"],
)
def bucket_name(ctx: AwsContext) -> Iterator[CheckResult]:
    """HeadBucket: 404 free, 403 someone else's, 200 ours (fine only when tagged with this platform)."""
    from botocore.exceptions import ClientError

    name = ctx.target.cold_bucket
    if name is None:
        yield CheckResult(
            "bucket-name", "skipped", "the cold bucket is auto-named (storage.cold.bucket_name unset)"
        )
        return
    try:
        ctx.aws.call("s3", "HeadBucket", expect=(*_S3_MISSING, *_S3_FORBIDDEN), Bucket=name)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _S3_MISSING:
            yield CheckResult("bucket-name", "pass", f"bucket name {name} is free")
        else:
            yield CheckResult(
                "bucket-name",
                "fail",
                f"bucket {name} exists and belongs to another account (HeadBucket 403); choose another "
                "storage.cold.bucket_name (bucket names are global).",
            )
        return
    try:
        answer = ctx.aws.call("s3", "GetBucketTagging", expect=("NoSuchTagSet",), Bucket=name)
        tags = {t["Key"]: t["Value"] for t in answer.get("TagSet", [])}
    except ClientError:
        tags = {}
    if tags.get(PLATFORM_TAG) == ctx.target.platform:
        yield CheckResult("bucket-name", "pass", f"bucket {name} exists and is this platform's (update)")
    else:
        yield CheckResult(
            "bucket-name",
            "fail",
            f"bucket {name} already exists in an account these credentials can read and is not platform "
            f"{ctx.target.platform!r}'s; pulumi up would fail (BucketAlreadyOwnedByYou) - import it or choose "
            "another storage.cold.bucket_name.",
        )


@register(
    "aws",
    "buckets",
    "referenced buckets (aiinfra:preflight.buckets) exist and are reachable",
    ["s3:ListBucket"],
)
def buckets(ctx: AwsContext) -> Iterator[CheckResult]:
    """HeadBucket per referenced bucket; warn when it lives in another region than the stack."""
    refs = ctx.settings.buckets
    if not refs:
        yield CheckResult("buckets", "skipped", "no referenced buckets (aiinfra:preflight.buckets)")
        return
    yield from each("buckets", refs, lambda b: _bucket(ctx, b), lambda b: None)


def _bucket(ctx: AwsContext, name: str) -> CheckResult:
    from botocore.exceptions import ClientError

    try:
        answer = ctx.aws.call("s3", "HeadBucket", expect=(*_S3_MISSING, *_S3_FORBIDDEN), Bucket=name)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _S3_MISSING:
            return CheckResult(
                "buckets",
                "fail",
                f"bucket {name} does not exist; create it or fix aiinfra:preflight.buckets.",
            )
        return CheckResult(
            "buckets",
            "fail",
            f"bucket {name} exists but these credentials cannot reach it (HeadBucket 403): another account's "
            "bucket without a grant, or s3:ListBucket is missing.",
        )
    where = answer.get("BucketRegion") or answer.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get(
        "x-amz-bucket-region"
    )
    warns = []
    if where and where != ctx.aws.region:
        warns.append(
            f"bucket {name} is in {where}, the stack in {ctx.aws.region}; cross-region reads cost and FSx cannot link it."
        )
    return verdict(
        "buckets",
        f"bucket {name} exists and is reachable",
        fails=[],
        warns=warns,
        detail={"bucket": name, "region": where},
    )
