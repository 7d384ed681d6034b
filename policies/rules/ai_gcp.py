"""AIP-AI-030..039: Vertex AI Workbench, Vertex AI and Colab Enterprise.

Type tokens and property names are those of pulumi-gcp 10.2.0 (``pulumi_gcp/workbench``,
``pulumi_gcp/vertex``, ``pulumi_gcp/colab`` input types, read 2026-12-07; the legacy
``google_notebooks_*`` resources are not in pulumi-gcp 10). Peer checks are Checkov 3.3.13 (tag
3.3.13, commit 0604e97b, 2026-08-20): ``graph_checks/gcp/GCPVertex*.yaml`` and
``resource/gcp/VertexAI*.py``. The Workbench metadata key ``notebook-disable-root`` is documented at
cloud.google.com/vertex-ai/docs/workbench/instances/manage-metadata (read 2026-12-07).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import UnknownValueError, as_list, get, is_false, is_true
from ..registry import Res, RuleContext, rule
from .common import key_reference_ok

WORKBENCH = "gcp:workbench/instance:Instance"
DATASET = "gcp:vertex/aiDataset:AiDataset"
ENDPOINT = "gcp:vertex/aiEndpoint:AiEndpoint"
FEATURE_STORE = "gcp:vertex/aiFeatureStore:AiFeatureStore"
FEATURE_ONLINE_STORE = "gcp:vertex/aiFeatureOnlineStore:AiFeatureOnlineStore"
INDEX = "gcp:vertex/aiIndex:AiIndex"
INDEX_ENDPOINT = "gcp:vertex/aiIndexEndpoint:AiIndexEndpoint"
METADATA_STORE = "gcp:vertex/aiMetadataStore:AiMetadataStore"
TENSORBOARD = "gcp:vertex/aiTensorboard:AiTensorboard"
REASONING_ENGINE = "gcp:vertex/aiReasoningEngine:AiReasoningEngine"
COLAB_TEMPLATE = "gcp:colab/runtimeTemplate:RuntimeTemplate"

VERTEX_CMEK_TYPES = (
    DATASET,
    ENDPOINT,
    FEATURE_STORE,
    FEATURE_ONLINE_STORE,
    INDEX,
    INDEX_ENDPOINT,
    METADATA_STORE,
    TENSORBOARD,
    REASONING_ENGINE,
)


def _kind(res: Res) -> str:
    return res.type.rsplit(":", 1)[-1]


@rule(
    "AIP-AI-030",
    "workbench-no-public-ip",
    title="Vertex AI Workbench instances have no public IP",
    severity="high",
    enforcement="mandatory",
    types=(WORKBENCH,),
    description="Every Vertex AI Workbench instance sets gceSetup.disablePublicIp to true (the API default gives the VM an external IP).",
    rationale="A notebook VM with an external IP is reachable from and can send to the internet directly, outside Cloud NAT, firewall policy and VPC Service Controls; it holds the user's credentials and data.",
    remediation="Set gce_setup.disable_public_ip=True and give the subnet Private Google Access (and Cloud NAT where packages are needed).",
    unknown="An unknown disablePublicIp gives an unknown verdict.",
    equivalents=("true and the string 'true' are the same; absent is false.",),
    peers=("Checkov CKV2_GCP_28", "Checkov CKV_GCP_89 (legacy notebooks instances)"),
)
def ai_030(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "gceSetup", "disablePublicIp")):
        yield f"Workbench instance {res.name} does not set gceSetup.disablePublicIp: the VM gets an external IP."


@rule(
    "AIP-AI-031",
    "workbench-cmek",
    title="Vertex AI Workbench disks use a customer-managed encryption key",
    severity="medium",
    enforcement="mandatory",
    types=(WORKBENCH,),
    description="Every Vertex AI Workbench instance's boot disk and data disks set diskEncryption CMEK with a kmsKey (the default is Google-managed encryption).",
    rationale="The data disk holds the user's notebooks, data extracts and cached credentials; a customer-managed key makes access auditable and revocable.",
    remediation="Set gce_setup.boot_disk and every data_disks entry to disk_encryption='CMEK' with kms_key naming a Cloud KMS key.",
    unknown="A kmsKey computed from another resource counts as set; an unknown diskEncryption gives an unknown verdict.",
    equivalents=(
        "diskEncryption is compared case-insensitively (CMEK, cmek); a kmsKey with diskEncryption absent is not CMEK.",
    ),
    peers=("Checkov CKV2_GCP_27", "Checkov CKV2_GCP_21 (legacy notebooks instances)"),
)
def ai_031(res: Res, ctx: RuleContext) -> Iterator[str]:
    disks = [("bootDisk", get(res.props, "gceSetup", "bootDisk"))]
    disks += [(f"dataDisks[{i}]", d) for i, d in enumerate(as_list(get(res.props, "gceSetup", "dataDisks")))]
    for label, disk in disks:
        mode = get(disk, "diskEncryption")
        if str(mode or "GMEK").upper() != "CMEK" or not _key_set(disk):
            yield f"Workbench instance {res.name}: {label} is not encrypted with a customer-managed key (diskEncryption CMEK + kmsKey)."


def _key_set(disk: object) -> bool:
    """A disk's kmsKey is set (a computed value counts as set, as in :func:`.common.key_reference_ok`)."""
    try:
        value = get(disk, "kmsKey")
    except UnknownValueError:
        return True
    return isinstance(value, str) and value.strip() != ""


@rule(
    "AIP-AI-032",
    "workbench-no-root",
    title="Vertex AI Workbench users have no root access",
    severity="medium",
    enforcement="advisory",
    types=(WORKBENCH,),
    description="Every Vertex AI Workbench instance sets the metadata key notebook-disable-root to 'true' (root access is on by default).",
    rationale="Root on the notebook VM lets a user change its software and reach the VM service account's token for every process; advisory because no peer scanner checks it yet.",
    remediation="Set gce_setup.metadata={'notebook-disable-root': 'true', ...}.",
    unknown="Unknown metadata gives an unknown verdict.",
    equivalents=(
        "The metadata value is compared case-insensitively ('true', 'TRUE'); a boolean true is the same.",
    ),
    peers=("Checkov CKV_AWS_307 (the SageMaker analogue)",),
)
def ai_032(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "gceSetup", "metadata", "notebook-disable-root")):
        yield f"Workbench instance {res.name} does not set metadata notebook-disable-root: 'true'."


@rule(
    "AIP-AI-033",
    "workbench-shielded-vm",
    title="Vertex AI Workbench instances keep Shielded VM integrity monitoring and vTPM on",
    severity="medium",
    enforcement="mandatory",
    types=(WORKBENCH,),
    description="No Vertex AI Workbench instance sets gceSetup.shieldedInstanceConfig.enableIntegrityMonitoring or enableVtpm to false (both default on).",
    rationale="Integrity monitoring reports a tampered boot sequence of a VM that runs arbitrary user code with a service account.",
    remediation="Leave shielded_instance_config at its defaults or set enable_integrity_monitoring=True, enable_vtpm=True (and enable_secure_boot=True where the image allows).",
    unknown="An unknown shieldedInstanceConfig gives an unknown verdict.",
    equivalents=("false and the string 'false' are the same; absent means on.",),
    peers=("Checkov CKV_GCP_126", "Checkov CKV_GCP_127"),
)
def ai_033(res: Res, ctx: RuleContext) -> Iterator[str]:
    shielded = get(res.props, "gceSetup", "shieldedInstanceConfig")
    off = [k for k in ("enableIntegrityMonitoring", "enableVtpm") if is_false(get(shielded, k))]
    if off:
        yield f"Workbench instance {res.name} turns off {', '.join(off)}."


@rule(
    "AIP-AI-034",
    "vertex-cmek",
    title="Vertex AI resources that hold data use a customer-managed encryption key",
    severity="medium",
    enforcement="mandatory",
    types=VERTEX_CMEK_TYPES,
    description="Every Vertex AI dataset, endpoint, feature store, feature online store, index, index endpoint, metadata store, TensorBoard and reasoning engine sets encryptionSpec.kmsKeyName.",
    rationale="These resources hold training data, features, embeddings, experiment records and deployed models; a customer-managed key makes access auditable and revocable.",
    remediation="Set encryption_spec={'kms_key_name': <Cloud KMS key in the same region>} and grant the Vertex AI service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it.",
    unknown="A kmsKeyName computed from another resource counts as set.",
    equivalents=("An empty or whitespace kmsKeyName is the same as none.",),
    peers=(
        "Checkov CKV_GCP_92 (dataset)",
        "Checkov CKV2_GCP_24 (endpoint)",
        "Checkov CKV2_GCP_25 (featurestore)",
        "Checkov CKV2_GCP_26 (tensorboard)",
        "Checkov CKV_GCP_96 (metadata store)",
    ),
)
def ai_034(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "encryptionSpec", "kmsKeyName"):
        yield f"{_kind(res)} {res.name} has no encryptionSpec.kmsKeyName: Google-managed encryption."


@rule(
    "AIP-AI-035",
    "vertex-endpoints-private",
    title="Vertex AI endpoints and index endpoints are private",
    severity="medium",
    enforcement="mandatory",
    types=(ENDPOINT, INDEX_ENDPOINT),
    description="Every Vertex AI endpoint peers a VPC network or enables Private Service Connect, and no index endpoint sets publicEndpointEnabled.",
    rationale="A public prediction or vector-search endpoint is reachable from the internet by any credential with the predict permission, outside VPC Service Controls' network perimeter.",
    remediation="Set network (VPC peering) or private_service_connect_config.enable_private_service_connect=True on endpoints; on index endpoints leave public_endpoint_enabled unset and use network or Private Service Connect.",
    unknown="Unknown network settings give an unknown verdict.",
    equivalents=("true and the string 'true' are the same; an empty network is none.",),
    peers=("Checkov CKV2_GCP_33 (endpoint)", "Checkov CKV2_GCP_34 (index endpoint)"),
)
def ai_035(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == INDEX_ENDPOINT:
        if is_true(get(res.props, "publicEndpointEnabled")):
            yield f"index endpoint {res.name} sets publicEndpointEnabled."
        return
    network = get(res.props, "network")
    psc = is_true(get(res.props, "privateServiceConnectConfig", "enablePrivateServiceConnect"))
    if not psc and not (isinstance(network, str) and network.strip()):
        yield f"endpoint {res.name} has neither network nor Private Service Connect: it is a public endpoint."


@rule(
    "AIP-AI-036",
    "colab-runtime-no-internet",
    title="Colab Enterprise runtime templates give runtimes no public internet access",
    severity="high",
    enforcement="mandatory",
    types=(COLAB_TEMPLATE,),
    description="No Colab Enterprise runtime template sets networkSpec.enableInternetAccess to true, and every template names a VPC network.",
    rationale="Colab runtimes run users' notebooks with their end-user or service credentials; public internet access lets any notebook cell send data out of the project.",
    remediation="Set network_spec={'enable_internet_access': False, 'network': ..., 'subnetwork': ...} and reach Google APIs through Private Google Access.",
    unknown="An unknown networkSpec gives an unknown verdict.",
    equivalents=(
        "true and the string 'true' are the same; an absent networkSpec is the default network with internet access.",
    ),
    peers=("Checkov CKV2_GCP_36 (the legacy notebooks runtime analogue)",),
)
def ai_036(res: Res, ctx: RuleContext) -> Iterator[str]:
    spec = get(res.props, "networkSpec")
    if spec is None:
        yield f"runtime template {res.name} has no networkSpec: runtimes use the default network."
    elif is_true(get(spec, "enableInternetAccess")):
        yield f"runtime template {res.name} sets networkSpec.enableInternetAccess."


@rule(
    "AIP-AI-037",
    "colab-runtime-cmek",
    title="Colab Enterprise runtime templates use a customer-managed encryption key",
    severity="medium",
    enforcement="mandatory",
    types=(COLAB_TEMPLATE,),
    description="Every Colab Enterprise runtime template sets encryptionSpec.kmsKeyName.",
    rationale="The runtime's persistent disk holds users' notebooks outputs and data extracts.",
    remediation="Set encryption_spec={'kms_key_name': <Cloud KMS key>}.",
    unknown="A kmsKeyName computed from another resource counts as set.",
    equivalents=("An empty or whitespace kmsKeyName is the same as none.",),
    peers=("Checkov CKV2_GCP_35 (the legacy notebooks runtime analogue)",),
)
def ai_037(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not key_reference_ok(res, "encryptionSpec", "kmsKeyName"):
        yield f"runtime template {res.name} has no encryptionSpec.kmsKeyName."
