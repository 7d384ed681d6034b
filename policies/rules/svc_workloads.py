"""AIP-SVC-010..019: risks the training and serving services open.

- AIP-SVC-010: a KServe InferenceService reachable from outside the cluster network.
- AIP-SVC-011: a model-serving identity that can write to (or re-encrypt) the model store.
- AIP-SVC-012: privileged, host-access or root containers in training/serving pod templates
  (Kubeflow Trainer and KServe custom resources embed pod specs the workload rules never see).

Rules judge resource types and properties only; they never import the components. The serving
identity is recognised by what the project (or anyone following docs/training-and-serving.md) marks
it with: the IAM role tag ``aiinfra:purpose=model-serving``, the GCS IAM condition title prefix
``model-serving``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..access import as_list, get
from ..documents import PolicyParseError, parse_policy
from ..registry import Res, RuleContext, rule
from .k8s import host_access_messages, root_messages

ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService"
SERVING_RUNTIMES = (
    "kubernetes:serving.kserve.io/v1alpha1:ServingRuntime",
    "kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime",
)
TRAIN_JOB = "kubernetes:trainer.kubeflow.org/v1alpha1:TrainJob"
TRAINING_RUNTIMES = (
    "kubernetes:trainer.kubeflow.org/v1alpha1:TrainingRuntime",
    "kubernetes:trainer.kubeflow.org/v1alpha1:ClusterTrainingRuntime",
)
IAM_ROLE = "aws:iam/role:Role"
GCS_MEMBERS = ("gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding")

VISIBILITY_LABEL = "networking.kserve.io/visibility"
PURPOSE_TAG = "aiinfra:purpose"
SERVING_PURPOSE = "model-serving"
WRITE_ACTIONS = (
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutObjectAcl",
    "s3:PutObjectTagging",
    "s3:PutBucketPolicy",
    "s3:PutLifecycleConfiguration",
    "s3:RestoreObject",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
)
"""Actions that change the model store or mint data keys for it (S3 and KMS API names)."""
GCS_READ_ROLES = ("roles/storage.objectViewer", "roles/storage.legacyObjectReader")


def _kind(res: Res) -> str:
    return res.type.rsplit(":", 1)[-1]


def _where(res: Res) -> str:
    return f"{_kind(res)} {get(res.props, 'metadata', 'namespace') or ''}/{get(res.props, 'metadata', 'name') or res.name}"


@rule(
    "AIP-SVC-010",
    "inference-cluster-local",
    title="InferenceServices are reachable only inside the cluster network",
    severity="high",
    enforcement="mandatory",
    types=(ISVC,),
    description="Every KServe InferenceService carries the label networking.kserve.io/visibility: cluster-local, so KServe exposes it on no external gateway or ingress.",
    rationale="A model endpoint answers anyone who reaches it: prompts, weights-derived outputs and GPU time are exposed, and an inference server is a large attack surface. Private endpoints are the platform default.",
    remediation="Set metadata.labels['networking.kserve.io/visibility'] = 'cluster-local' and publish a model only through a reviewed, authenticated internal gateway.",
    unknown="Unknown metadata.labels give an unknown verdict.",
    references=("KServe networking.kserve.io/visibility",),
)
def svc_010(res: Res, ctx: RuleContext) -> Iterator[str]:
    visibility = get(res.props, "metadata", "labels", VISIBILITY_LABEL)
    if visibility != "cluster-local":
        shown = "no visibility label" if visibility is None else f"visibility {visibility!r}"
        yield f"{_where(res)} has {shown}; it may be exposed outside the cluster (set {VISIBILITY_LABEL}: cluster-local)."


def _role_writes(res: Res) -> Iterator[str]:
    if get(res.props, "tags", PURPOSE_TAG) != SERVING_PURPOSE:
        return
    for arn in as_list(get(res.props, "managedPolicyArns")):
        yield f"role {res.name} ({PURPOSE_TAG}={SERVING_PURPOSE}) has managed policy {arn}; grant reads inline only."
    for i, inline in enumerate(as_list(get(res.props, "inlinePolicies"))):
        try:
            statements = parse_policy(get(inline, "policy")) or ()
        except PolicyParseError as exc:
            yield f"role {res.name} inlinePolicies[{i}] cannot be parsed: {exc}."
            continue
        for st in statements:
            granted = [a for a in WRITE_ACTIONS if st.grants(a)]
            if granted:
                yield (
                    f"role {res.name} ({PURPOSE_TAG}={SERVING_PURPOSE}) inlinePolicies[{i}] grants "
                    f"{', '.join(granted)}: a serving identity must only read the model store."
                )


def _gcs_writes(res: Res) -> Iterator[str]:
    title = get(res.props, "condition", "title")
    if not isinstance(title, str) or not title.startswith(SERVING_PURPOSE):
        return
    role = get(res.props, "role")
    if role not in GCS_READ_ROLES:
        yield (
            f"{res.name}: the model-serving binding (condition {title!r}) grants {role}; "
            f"allowed: {', '.join(GCS_READ_ROLES)}."
        )


@rule(
    "AIP-SVC-011",
    "serving-identity-read-only",
    title="Model-serving identities only read the model store",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_290",),
    types=(IAM_ROLE, *GCS_MEMBERS),
    description="An IAM role tagged aiinfra:purpose=model-serving grants no S3 write/delete or KMS encrypt/data-key action and carries no managed policies; a GCS bucket binding whose condition title starts with model-serving grants only roles/storage.objectViewer or roles/storage.legacyObjectReader.",
    rationale="The serving pods run third-party inference servers on requests from many clients; a compromised server holding a write grant could replace the model every other replica loads (model poisoning) or destroy the registry's artefacts.",
    remediation="Give the serving identity s3:GetObject/s3:ListBucket on its models/ prefix and kms:Decrypt through S3 (GCP: roles/storage.objectViewer with a prefix condition); upload models with a separate CI or team identity.",
    unknown="Unknown tags, policies, roles or conditions give an unknown verdict.",
    references=("CKV_AWS_290", "NIST AI 100-2 (poisoning)"),
)
def svc_011(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == IAM_ROLE:
        yield from _role_writes(res)
    else:
        yield from _gcs_writes(res)


def _replicated_pod_specs(template_spec: Any) -> Iterator[tuple[str, Any]]:
    for job in as_list(get(template_spec, "replicatedJobs")):
        yield str(get(job, "name") or "job"), get(job, "template", "spec", "template", "spec")


def pod_specs(res: Res) -> Iterator[tuple[str, Any]]:
    """(label, pod spec) of every pod template inside a training or serving custom resource."""
    where = _where(res)
    if res.type in SERVING_RUNTIMES:
        yield where, get(res.props, "spec")
    elif res.type == ISVC:
        for component in ("predictor", "transformer", "explainer"):
            spec = get(res.props, "spec", component)
            if spec is not None:
                yield f"{where} {component}", spec
    elif res.type == TRAIN_JOB:
        for i, patch in enumerate(as_list(get(res.props, "spec", "runtimePatches"))):
            template = get(patch, "trainingRuntimeSpec", "template", "spec")
            for job, spec in _replicated_pod_specs(template):
                yield f"{where} runtimePatches[{i}] {job}", spec
    else:
        for job, spec in _replicated_pod_specs(get(res.props, "spec", "template", "spec")):
            yield f"{where} {job}", spec


@rule(
    "AIP-SVC-012",
    "training-serving-pod-security",
    title="Training and serving pod templates run no privileged, host-access or root container",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_K8S_16", "Checkov CKV_K8S_20"),
    types=(ISVC, *SERVING_RUNTIMES, TRAIN_JOB, *TRAINING_RUNTIMES),
    description="Pod templates embedded in KServe (InferenceService, ServingRuntime, ClusterServingRuntime) and Kubeflow Trainer (TrainJob runtime patches, TrainingRuntime, ClusterTrainingRuntime) objects use no host namespaces or hostPath, run no privileged container, and every container sets allowPrivilegeEscalation: false and runs as non-root.",
    rationale="These custom resources become pods on GPU nodes that hold other tenants' data and fabric devices; the workload rules (AIP-K8S-001/002) cannot see pod specs nested in custom resources, so the same bar is applied here.",
    remediation="Remove privileged, hostNetwork/hostPID/hostIPC and hostPath from the template; set securityContext allowPrivilegeEscalation: false and runAsNonRoot: true (or a non-zero runAsUser); reach GPUs and RDMA devices through device-plugin resources.",
    unknown="An unknown pod template gives an unknown verdict.",
    references=("CKV_K8S_16", "CKV_K8S_20", "AVD-KSV-0017", "PSS baseline", "PSS restricted"),
)
def svc_012(res: Res, ctx: RuleContext) -> Iterator[str]:
    for where, spec in pod_specs(res):
        if spec is None:
            continue
        yield from host_access_messages(where, spec)
        yield from root_messages(where, spec)
