"""KServe on aws-training (and a GCP variant): pinned releases and values, ServingRuntimes and
InferenceServices against the KServe v0.20.0 CRDs, placement on the inference pool, the read-only
prefix-scoped model identity, and the spec errors (exit 2 naming the field)."""

from __future__ import annotations

import json

import pytest
from crd_validation import crd_errors
from hypothesis import given
from hypothesis import strategies as st
from scheduling.sched_helpers import stack_file

from aiinfra.blueprints import validate_platform
from aiinfra.components.services.pod_requests import PoolPlacement
from aiinfra.components.services.runtimes import TRITON_IMAGE, VLLM_IMAGE
from aiinfra.components.services.serving_spec import ModelSpec
from aiinfra.components.services.workloads import check_capacity
from aiinfra.engine import run_program
from aiinfra.errors import InputError
from aiinfra.program import main as program_main

from conftest import cached_plan

ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService"
RUNTIME = "kubernetes:serving.kserve.io/v1alpha1:ServingRuntime"
HELM = "kubernetes:helm.sh/v3:Release"


def _of(run, type_: str) -> dict:
    return {r.name: r for r in run.resources if r.type == type_}


def _object(record) -> dict:
    from onprem.k8s_objects import k8s_object

    return k8s_object(record)


@pytest.fixture(scope="module")
def aws():
    return cached_plan("aws-training").run


def _gcp_raw() -> dict:
    raw = stack_file("gcp-training")["config"]["aiinfra:platform"]
    raw["services"]["serving"] = {
        "models": [
            {
                "name": "chat",
                "runtime": "vllm",
                "pool": "h200-train",
                "accelerators_per_replica": 8,
                "max_replicas": 4,
            }
        ]
    }
    return raw


@pytest.fixture(scope="module")
def gcp():
    raw = _gcp_raw()
    config = validate_platform(raw)
    return run_program(program_main, config={"aiinfra:platform": raw}, context=config.offline_context())


def test_releases_pinned_kserve_standard_mode_with_cert_manager(aws) -> None:
    releases = {r.name: r for r in aws.resources if r.type == HELM and "-serving-" in r.name}
    pins = {n: (r.inputs["chart"], r.inputs["version"]) for n, r in releases.items()}
    assert pins == {
        "llm-train-serving-cert-manager": ("cert-manager", "v1.21.1"),
        "llm-train-serving-kserve-crd": ("oci://ghcr.io/kserve/charts/kserve-crd", "v0.20.0"),
        "llm-train-serving-kserve": ("oci://ghcr.io/kserve/charts/kserve-resources", "v0.20.0"),
    }
    assert releases["llm-train-serving-cert-manager"].inputs["repositoryOpts"] == {
        "repo": "https://charts.jetstack.io"
    }
    assert releases["llm-train-serving-cert-manager"].inputs["values"] == {"crds": {"enabled": True}}
    controller = releases["llm-train-serving-kserve"].inputs["values"]["kserve"]["controller"]
    assert controller == {"deploymentMode": "Standard", "gateway": {"disableIngressCreation": True}}
    by_urn = aws.by_urn()
    kserve_deps = {by_urn[d].name for d in releases["llm-train-serving-kserve"].dependencies}
    assert {"llm-train-serving-cert-manager", "llm-train-serving-kserve-crd"} <= kserve_deps


def test_runtimes_pinned_and_valid(aws) -> None:
    runtimes = _of(aws, RUNTIME)
    assert set(runtimes) == {"llm-train-serving-runtime-vllm", "llm-train-serving-runtime-triton"}
    images = {
        r.inputs["metadata"]["name"]: r.inputs["spec"]["containers"][0]["image"] for r in runtimes.values()
    }
    assert images == {"vllm": VLLM_IMAGE, "triton": TRITON_IMAGE}
    for record in runtimes.values():
        assert crd_errors(_object(record)) == [], record.name
        security = record.inputs["spec"]["containers"][0]["securityContext"]
        assert security["runAsNonRoot"] is True and security["allowPrivilegeEscalation"] is False


def test_inference_services_on_the_pool_read_from_the_cold_tier(aws) -> None:
    services = _of(aws, ISVC)
    assert set(services) == {"llm-train-serving-isvc-chat-8b", "llm-train-serving-isvc-rerank"}
    bucket = next(
        r for r in aws.resources if r.type == "aws:s3/bucket:Bucket" and r.name == "llm-train-data-cold"
    )
    bucket_name = bucket.outputs["bucket"]
    for record in services.values():
        obj = _object(record)
        assert crd_errors(obj) == [], record.name
        assert obj["metadata"]["labels"]["networking.kserve.io/visibility"] == "cluster-local"
        assert obj["metadata"]["annotations"]["serving.kserve.io/deploymentMode"] == "Standard"
        predictor = obj["spec"]["predictor"]
        assert predictor["nodeSelector"] == {"aiinfra.io/pool": "l40s-infer"}
        assert predictor["tolerations"] == [
            {"key": "nvidia.com/gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
        ]
        assert predictor["serviceAccountName"] == "model-reader"
        name = obj["metadata"]["name"]
        assert predictor["model"]["storageUri"] == f"s3://{bucket_name}/models/{name}/"
        assert predictor["model"]["resources"]["limits"] == {"nvidia.com/gpu": "1"}
    chat = _object(services["llm-train-serving-isvc-chat-8b"])["spec"]["predictor"]
    assert (chat["minReplicas"], chat["maxReplicas"], chat["model"]["runtime"]) == (1, 8, "vllm")


def test_a_crd_violation_is_caught(aws) -> None:
    obj = _object(_of(aws, ISVC)["llm-train-serving-isvc-chat-8b"])
    obj["spec"]["predictor"]["minReplicas"] = "one"
    assert any("minReplicas" in e for e in crd_errors(obj))


def test_aws_model_reader_is_read_only_on_the_models_prefix(aws) -> None:
    role = _of(aws, "aws:iam/role:Role")["llm-train-model-reader-role"]
    assert role.inputs["tags"]["aiinfra:purpose"] == "model-serving"
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert (
        next(iter(trust["Condition"]["StringEquals"].values()))
        == "system:serviceaccount:serving:model-reader"
    )
    [inline] = role.inputs["inlinePolicies"]
    statements = json.loads(inline["policy"])["Statement"]
    actions = sorted(
        a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    )
    assert actions == ["kms:Decrypt", "s3:GetObject", "s3:ListBucket"]
    objects = next(s for s in statements if s["Action"] == ["s3:GetObject"])
    assert objects["Resource"].endswith("/models/*")
    listing = next(s for s in statements if s["Action"] == "s3:ListBucket")
    assert listing["Condition"]["StringLike"]["s3:prefix"] == ["models/", "models/*"]
    account = _of(aws, "kubernetes:core/v1:ServiceAccount")["llm-train-serving-sa"]
    assert set(account.inputs["metadata"]["annotations"]) == {"eks.amazonaws.com/role-arn"}
    assert account.inputs["automountServiceAccountToken"] is False


def test_gcp_model_reader_is_an_object_viewer_on_the_prefix(gcp) -> None:
    binding = _of(gcp, "gcp:storage/bucketIAMMember:BucketIAMMember")["llm-train-model-reader-read"]
    assert binding.inputs["role"] == "roles/storage.objectViewer"
    condition = binding.inputs["condition"]
    assert condition["title"] == "model-serving-prefix"
    assert "/objects/models/" in condition["expression"]
    wi = _of(gcp, "gcp:serviceaccount/iAMMember:IAMMember")["llm-train-model-reader-wi"]
    assert wi.inputs["member"].endswith(".svc.id.goog[serving/model-reader]")
    [isvc] = _of(gcp, ISVC).values()
    obj = _object(isvc)
    assert crd_errors(obj) == []
    assert obj["spec"]["predictor"]["model"]["storageUri"].startswith("gs://")
    assert obj["spec"]["predictor"]["model"]["resources"]["limits"] == {"nvidia.com/gpu": "8"}


def _with_model(stack: str, **model) -> dict:
    raw = stack_file(stack)["config"]["aiinfra:platform"]
    base = {"name": "m", "runtime": "vllm", "pool": "l40s-infer"}
    raw.setdefault("services", {})["serving"] = {"models": [{**base, **model}]}
    return raw


@pytest.mark.parametrize(
    ("stack", "model", "message"),
    [
        (
            "aws-training",
            {"pool": "a100"},
            r"services\.serving\.models\[0\]\.pool: 'a100' is not a pool of this stack \(pools: h100-train, l40s-infer\)",
        ),
        (
            "aws-training",
            {"max_replicas": 17},
            r"services\.serving\.models\[0\]\.max_replicas: 17 replicas x 1 accelerators = 17, above what pool l40s-infer holds \(4 nodes x 4 = 16\)",
        ),
        (
            "aws-training",
            {"accelerators_per_replica": 8},
            r"services\.serving\.models\[0\]\.accelerators_per_replica: 8 exceeds the 4 accelerators of one l40s-infer node",
        ),
        (
            "aws-training",
            {"min_replicas": 3, "max_replicas": 2},
            r"min_replicas: 3 is above max_replicas \(2\)",
        ),
        (
            "gcp-tpu-inference",
            {"pool": "v6e-4"},
            r"services\.serving\.models\[0\]\.pool: 'v6e-4' is a TPU pool",
        ),
        (
            "onprem",
            {"pool": "a100"},
            r"services\.serving\.models\[0\]\.pool: 'a100' is not a pool of this stack \(pools: h100-train, l40s-infer\)",
        ),
        (
            "onprem",
            {"max_replicas": 33},
            r"services\.serving\.models\[0\]\.max_replicas: 33 replicas x 1 accelerators = 33, above what pool l40s-infer holds \(8 nodes x 4 = 32\)",
        ),
        (
            "onprem",
            {"accelerators_per_replica": 5},
            r"services\.serving\.models\[0\]\.accelerators_per_replica: 5 exceeds the 4 accelerators of one l40s-infer node",
        ),
    ],
)
def test_spec_errors_name_the_field(stack: str, model: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        validate_platform(_with_model(stack, **model))


def test_cli_exits_2_and_registers_nothing(tmp_path, capsys) -> None:
    import yaml

    from aiinfra.cli.main import main

    data = stack_file("aws-training")
    data["config"]["aiinfra:platform"] = _with_model("aws-training", max_replicas=40)
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump(data))
    assert main(["plan", str(path), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert "services.serving.models[0].max_replicas: 40 replicas" in err
    assert json.loads(out) == {"plan_format": 2, "stacks": []}  # nothing planned, nothing registered


def _pool(per_node: int, nodes: int) -> PoolPlacement:
    return PoolPlacement(
        "p", "aws", "NVIDIA L40S", "gpu", per_node, nodes, "none", {"nvidia.com/gpu": 1}, {}, ()
    )


@given(
    per_node=st.integers(1, 16),
    nodes=st.integers(1, 64),
    per_replica=st.integers(1, 16),
    max_replicas=st.integers(1, 1000),
)
def test_capacity_check_is_exactly_the_bound(
    per_node: int, nodes: int, per_replica: int, max_replicas: int
) -> None:
    """Property: refused iff a replica exceeds a node or max_replicas x per_replica exceeds the pool."""
    model = ModelSpec(
        name="m",
        runtime="vllm",
        pool="p",
        accelerators_per_replica=per_replica,
        max_replicas=max_replicas,
        min_replicas=0,
    )
    fits = per_replica <= per_node and max_replicas * per_replica <= per_node * nodes
    if fits:
        check_capacity("m", model, _pool(per_node, nodes))
    else:
        with pytest.raises(ValueError, match=r"^m\.(accelerators_per_replica|max_replicas): "):
            check_capacity("m", model, _pool(per_node, nodes))
