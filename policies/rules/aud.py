"""AIP-AUD: audit trails — CloudTrail hardening and data events on AI data buckets, GCP Data Access logs.

Account- or organisation-level trails and audit configs often live in another program (Control
Tower, an org bootstrap), so a program without any trail or audit config is not a violation here;
the ones a program does create must be sound, and must cover the AI data stores it creates.


Cross-reference ids (Checkov ``CKV_*``, Trivy ``AVD-*``) name the peer checks of the same family;
they are unverified against the scanners' current catalogues (ids that did not match were dropped).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import UnknownValueError, as_list, get, is_false, is_true, strings
from ..registry import Res, RuleContext, StackView, rule
from .common import (
    AI_DATA_CONFIG,
    CLOUDTRAIL,
    GCP_AUDIT_CONFIGS,
    GCP_CRYPTO_KEY,
    GCS_BUCKET,
    S3_BUCKETS,
    is_ai_data_store,
    key_reference_ok,
)


@rule(
    "AIP-AUD-001",
    "cloudtrail-hardened",
    title="CloudTrail trails are multi-region, validated and KMS-encrypted",
    severity="high",
    enforcement="mandatory",
    types=(CLOUDTRAIL,),
    description="CloudTrail trails are multi-region, include global service events, validate log files, encrypt with a customer-managed KMS key and are not switched off.",
    rationale="The audit trail is how you learn who copied a model or changed a key policy; a single-region, unvalidated or unencrypted trail can be evaded, forged or read by the intruder.",
    remediation="Set is_multi_region_trail=True, include_global_service_events=True, enable_log_file_validation=True, kms_key_id=<aws.kms.Key arn> and leave enable_logging unset (true) on aws.cloudtrail.Trail.",
    unknown="An unknown kmsKeyId passes (at preview it is the output of a key created in the same program); other unknown flags give an unknown verdict.",
    references=(
        "CKV_AWS_67",
        "CKV_AWS_36",
        "CKV_AWS_35",
        "AVD-AWS-0014",
        "AVD-AWS-0015",
        "AVD-AWS-0016",
    ),
)
def aud_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "isMultiRegionTrail")):
        yield "isMultiRegionTrail is not true (events in other regions are not recorded)."
    if is_false(get(res.props, "includeGlobalServiceEvents")):
        yield "includeGlobalServiceEvents is false (IAM and STS events are not recorded)."
    if not is_true(get(res.props, "enableLogFileValidation")):
        yield "enableLogFileValidation is not true (log files can be altered undetected)."
    if not key_reference_ok(res, "kmsKeyId"):
        yield "kmsKeyId is not set (logs are encrypted with SSE-S3 only, not a customer-managed key)."
    if is_false(get(res.props, "enableLogging")):
        yield "enableLogging is false (the trail records nothing)."


def _trail_covers(trail: Res, bucket: Res) -> bool:
    """Whether a trail records S3 object-level (data) events for ``bucket``."""
    names = set()
    for key in ("bucket", "arn", "id"):
        try:
            value = get(bucket.props, key)
        except UnknownValueError:
            continue
        if isinstance(value, str):
            names.add(value)
    for sel in as_list(get(trail.props, "eventSelectors")):
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


@rule(
    "AIP-AUD-002",
    "cloudtrail-ai-data-events",
    title="CloudTrail records data events on AI data buckets",
    severity="medium",
    enforcement="mandatory",
    types=(CLOUDTRAIL, *S3_BUCKETS),
    stack=True,
    description="In programs that create CloudTrail trails, some trail records S3 object-level (data) events for every AI data bucket (tier-tagged, a tier of an aiinfra component, or matched by aiDataSelector).",
    rationale="Management events show who changed a bucket, not who read the training set or downloaded the checkpoints; data events are the access record the EU AI Act record-keeping and HIPAA audit controls expect.",
    remediation="Add event_selectors=[{'read_write_type': 'All', 'include_management_events': True, 'data_resources': [{'type': 'AWS::S3::Object', 'values': [bucket.arn.apply(lambda a: a + '/')]}]}] (or advanced_event_selectors with eventCategory Data) to the trail.",
    unknown="Buckets are matched by property dependency or by name/ARN; unknown selector values give an unknown verdict.",
    references=("cloudtrail-s3-dataevents-enabled",),
    config=AI_DATA_CONFIG,
)
def aud_002(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    trails = stack.of(CLOUDTRAIL)
    if not trails:
        return
    for bucket in stack.of(*S3_BUCKETS):
        if not is_ai_data_store(bucket, ctx):
            continue
        if not any(_trail_covers(t, bucket) for t in trails):
            yield bucket.urn, f"AI data bucket '{bucket.name}' is not covered by any trail's S3 data events."


_DATA_LOGS = {"DATA_READ", "DATA_WRITE"}


@rule(
    "AIP-AUD-003",
    "gcp-data-access-logs",
    title="GCP audit configs log Data Access for Cloud Storage and Cloud KMS",
    severity="medium",
    enforcement="mandatory",
    types=GCP_AUDIT_CONFIGS,
    stack=True,
    description="In programs that create GCP audit configs, DATA_READ and DATA_WRITE logs are enabled for storage.googleapis.com when the program creates GCS buckets and for cloudkms.googleapis.com when it creates crypto keys (or for allServices), with no exempted members.",
    rationale="Cloud Storage and Cloud KMS do not write Data Access audit logs unless enabled, so reads of datasets and model weights and every decrypt call go unrecorded.",
    remediation="Add gcp.projects.IAMAuditConfig(service='storage.googleapis.com' (and 'cloudkms.googleapis.com', or 'allServices'), audit_log_configs=[{'log_type': 'DATA_READ'}, {'log_type': 'DATA_WRITE'}, {'log_type': 'ADMIN_READ'}]) without exempted_members.",
    unknown="Unknown services or log types give an unknown verdict.",
    references=("CIS GCP Foundations 2.1",),
)
def aud_003(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    configs = stack.of(*GCP_AUDIT_CONFIGS)
    if not configs:
        return
    logged: dict[str, set[str]] = {}
    for cfg in configs:
        service = str(get(cfg.props, "service") or "")
        for lc in as_list(get(cfg.props, "auditLogConfigs")):
            kind = str(get(lc, "logType") or "")
            logged.setdefault(service, set()).add(kind)
            if strings(get(lc, "exemptedMembers")):
                yield cfg.urn, f"audit config '{cfg.name}' exempts members from {kind} logs of {service}."
    needed = []
    if stack.of(GCS_BUCKET):
        needed.append("storage.googleapis.com")
    if stack.of(GCP_CRYPTO_KEY):
        needed.append("cloudkms.googleapis.com")
    for service in needed:
        have = logged.get(service, set()) | logged.get("allServices", set())
        missing = sorted(_DATA_LOGS - have)
        if missing:
            yield configs[0].urn, f"no audit config enables {', '.join(missing)} for {service}."
