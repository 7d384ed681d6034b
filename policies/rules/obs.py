"""AIP-OBS: observability stores and alert channels — metrics workspaces and alert topics carry
cluster topology, job names and error details; they are encrypted with customer-managed keys.

Cross-reference ids name peer checks of the same family and are unverified against the scanners'
current catalogues.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import UnknownValueError, get
from ..registry import Res, RuleContext, rule
from .common import SNS_TOPIC, key_reference_ok

AMP_WORKSPACE = "aws:amp/workspace:Workspace"
PUBSUB_TOPIC = "gcp:pubsub/topic:Topic"
# AWS-managed SNS key aliases (the default when kms_master_key_id names no customer key).
AWS_MANAGED_SNS_KEYS = ("alias/aws/sns",)


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
