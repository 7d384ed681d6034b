"""On-prem object-store identity and serving: one Ceph RGW user per service (CephObjectStoreUser),
the cold bucket's policy scoping each user to its prefix (IAM grammar checked with parliament), the
keys reaching each service from Rook's Secret, and KServe on the on-prem cluster reading models/ as
the read-only RGW user. kind external_s3 keeps the operator-provided Secrets."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parliament import analyze_policy_string
from scheduling.sched_helpers import stack_file

from aiinfra.blueprints import validate_platform
from aiinfra.components.services.rgw import PrefixGrant, bucket_policy, s3_keys
from aiinfra.engine import run_program
from aiinfra.policies.documents import parse_policy
from aiinfra.program import main as program_main

from conftest import cached_plan

USER = "kubernetes:ceph.rook.io/v1:CephObjectStoreUser"
STORE = "kubernetes:ceph.rook.io/v1:CephObjectStore"
OBC = "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim"
ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService"
HELM = "kubernetes:helm.sh/v3:Release"
MLFLOW_SECRET = "rook-ceph-object-user-aiinfra-cold-aiinfra-mlflow"
READER_SECRET = "rook-ceph-object-user-aiinfra-cold-aiinfra-model-reader"


@pytest.fixture(scope="module")
def run():
    return cached_plan("onprem").run


def _one(run, type_: str, name: str):
    [found] = [r for r in run.resources if r.type == type_ and r.name == name]
    return found


def _findings(policy: str) -> list[tuple[str, str]]:
    return [(f.issue, str(f.detail)) for f in analyze_policy_string(policy).findings]


def test_one_rgw_user_per_service_in_its_namespace(run) -> None:
    users = {r.name: r.inputs for r in run.resources if r.type == USER}
    assert set(users) == {"dc1-gpu-services-mlflow-rgw-user", "dc1-gpu-serving-rgw-user"}
    mlflow, reader = users["dc1-gpu-services-mlflow-rgw-user"], users["dc1-gpu-serving-rgw-user"]
    assert (mlflow["metadata"]["name"], mlflow["metadata"]["namespace"]) == ("aiinfra-mlflow", "mlflow")
    assert (reader["metadata"]["name"], reader["metadata"]["namespace"]) == (
        "aiinfra-model-reader",
        "serving",
    )
    for user in (mlflow, reader):
        assert user["spec"]["store"] == "aiinfra-cold"
        assert user["spec"]["clusterNamespace"] == "rook-ceph"
        assert user["spec"]["quotas"] == {"maxBuckets": -1}  # no buckets of its own
        assert "capabilities" not in user["spec"] and "keys" not in user["spec"]  # Rook generates keys
    assert mlflow["spec"]["opMask"] == ["read", "write", "delete"]
    assert reader["spec"]["opMask"] == ["read"]
    assert reader["metadata"]["labels"]["aiinfra.io/purpose"] == "model-serving"
    assert "aiinfra.io/purpose" not in mlflow["metadata"]["labels"]


def test_object_store_allows_exactly_the_service_namespaces(run) -> None:
    store = _one(run, STORE, "dc1-gpu-data-cold-store")
    assert store.inputs["spec"]["allowUsersInNamespaces"] == ["mlflow", "serving"]


def test_bucket_policy_scopes_each_user_to_its_prefix(run) -> None:
    claim = _one(run, OBC, "dc1-gpu-data-cold-bucket")
    config = claim.inputs["spec"]["additionalConfig"]
    assert set(config) == {"bucketLifecycle", "bucketPolicy"}
    policy = config["bucketPolicy"]
    assert _findings(policy) == []  # IAM policy grammar, known S3 actions, resources matching actions
    reach = {}
    for st_ in parse_policy(policy):
        [who] = st_.principals["AWS"]
        reach.setdefault(who, set()).update((a, r) for a in st_.actions for r in st_.resources)
    assert reach == {
        "arn:aws:iam:::user/aiinfra-mlflow": {
            ("s3:ListBucket", "arn:aws:s3:::datasets"),
            *(
                (a, "arn:aws:s3:::datasets/services/mlflow/*")
                for a in (
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts",
                )
            ),
        },
        "arn:aws:iam:::user/aiinfra-model-reader": {
            ("s3:ListBucket", "arn:aws:s3:::datasets"),
            ("s3:GetObject", "arn:aws:s3:::datasets/models/*"),
        },
    }
    listing = [s for s in json.loads(policy)["Statement"] if s["Action"] == ["s3:ListBucket"]]
    assert {tuple(s["Condition"]["StringLike"]["s3:prefix"]) for s in listing} == {
        ("services/mlflow/", "services/mlflow/*"),
        ("models/", "models/*"),
    }


def test_parliament_rejects_what_the_bucket_policy_must_not_be() -> None:
    """The grammar check can fail: an unknown action and a malformed statement are reported."""
    good = json.loads(bucket_policy("b", [PrefixGrant("s", "aiinfra-s", "ns", "p/", True)]))
    good["Statement"][1]["Action"] = ["s3:GetObjekt"]
    assert [i for i, _ in _findings(json.dumps(good))] == ["UNKNOWN_ACTION"]
    good["Statement"][1].pop("Effect")
    assert "MALFORMED" in {i for i, _ in _findings(json.dumps(good))}


@settings(max_examples=40, deadline=None)
@given(
    grants=st.lists(
        st.tuples(
            st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
            st.from_regex(r"([a-z0-9-]{1,12}/){1,3}", fullmatch=True),
            st.booleans(),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda g: g[0],
    )
)
def test_bucket_policy_property(grants) -> None:
    """Any set of grants: valid IAM grammar, and every principal reaches only its own prefix."""
    plain = [PrefixGrant(u, f"aiinfra-{u}", "ns", p, w) for u, p, w in grants]
    policy = bucket_policy("datasets", plain)
    assert _findings(policy) == []
    prefixes = {f"arn:aws:iam:::user/aiinfra-{u}": (p, w) for u, p, w in grants}
    for st_ in parse_policy(policy):
        [who] = st_.principals["AWS"]
        prefix, write = prefixes[who]
        for resource in st_.resources:
            assert resource in ("arn:aws:s3:::datasets", f"arn:aws:s3:::datasets/{prefix}*")
        if resource == "arn:aws:s3:::datasets":
            assert st_.actions == ("s3:ListBucket",) and st_.condition_keys == ("s3:prefix",)
        if not write:
            assert not st_.grants("s3:PutObject") and not st_.grants("s3:DeleteObject")


def test_mlflow_reads_keys_from_rooks_secret(run) -> None:
    server = _one(run, "kubernetes:apps/v1:Deployment", "dc1-gpu-services-mlflow-server")
    env = {e["name"]: e for e in server.inputs["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MLFLOW_S3_ENDPOINT_URL"]["value"] == "https://rook-ceph-rgw-aiinfra-cold.rook-ceph.svc:443"
    assert env["AWS_ACCESS_KEY_ID"]["valueFrom"] == {
        "secretKeyRef": {"name": MLFLOW_SECRET, "key": "AccessKey"}
    }
    assert env["AWS_SECRET_ACCESS_KEY"]["valueFrom"] == {
        "secretKeyRef": {"name": MLFLOW_SECRET, "key": "SecretKey"}
    }


def test_kserve_on_prem_reads_models_as_the_read_only_user(run) -> None:
    kserve = _one(run, HELM, "dc1-gpu-serving-kserve")
    assert kserve.inputs["values"]["kserve"]["storage"] == {
        "s3": {
            "accessKeyIdName": "AccessKey",
            "secretAccessKeyName": "SecretKey",
            "endpoint": "rook-ceph-rgw-aiinfra-cold.rook-ceph.svc:443",
            "useHttps": "1",
        }
    }
    sa = _one(run, "kubernetes:core/v1:ServiceAccount", "dc1-gpu-serving-sa")
    assert sa.inputs["secrets"] == [{"name": READER_SECRET}]
    assert sa.inputs["metadata"]["namespace"] == "serving"
    isvc = _one(run, ISVC, "dc1-gpu-serving-isvc-chat-8b")
    predictor = isvc.inputs["spec"]["predictor"]
    assert predictor["model"]["storageUri"] == "s3://datasets/models/chat-8b/"
    assert predictor["serviceAccountName"] == "model-reader"
    assert predictor["nodeSelector"] == {"aiinfra.io/pool": "l40s-infer"}
    assert predictor["tolerations"] == [
        {"key": "nvidia.com/gpu", "operator": "Equal", "value": "present", "effect": "NoSchedule"}
    ]
    assert (predictor["minReplicas"], predictor["maxReplicas"]) == (1, 16)
    # the pool is time-sliced x4: one GPU per replica is its four shared slices (pod_requests.py)
    assert predictor["model"]["resources"]["limits"] == {"nvidia.com/gpu.shared": "4"}
    releases = {r.inputs["name"]: r.inputs["version"] for r in run.resources if r.type == HELM}
    assert releases["cert-manager"] == "v1.21.1"


def test_plan_services_section_shows_the_rgw_identities() -> None:
    rows = {r["service"]: r for r in cached_plan("onprem").summary["services"]}
    assert rows["mlflow"]["identity"] == (
        "mlflow/mlflow: Ceph RGW user aiinfra-mlflow (CephObjectStoreUser, Rook-generated keys), "
        f"bucket policy services/mlflow/ read-write; keys in Secret {MLFLOW_SECRET}"
    )
    assert rows["serving"]["identity"] == (
        "serving/model-reader: Ceph RGW user aiinfra-model-reader (CephObjectStoreUser, Rook-generated keys), "
        f"bucket policy models/ read-only (op mask read); keys in Secret {READER_SECRET}"
    )


def _external_raw() -> dict:
    raw = stack_file("onprem")["config"]["aiinfra:platform"]
    raw["storage"]["cold"] = {
        "kind": "external_s3",
        "endpoint": "https://s3.dc1.example.internal",
        "bucket": "datasets",
    }
    raw["services"]["labeling"] = {}
    return raw


@pytest.fixture(scope="module")
def external():
    raw = _external_raw()
    config = validate_platform(raw)
    engine = {"aiinfra:platform": raw, "aiinfra:kubeconfig": "offline-secret"}
    return config, run_program(program_main, config=engine, context=config.offline_context())


def test_external_s3_keeps_operator_secrets_and_says_so(external) -> None:
    config, run = external
    assert not [r for r in run.resources if r.type in (USER, STORE, OBC)]
    server = _one(run, "kubernetes:apps/v1:Deployment", "dc1-gpu-services-mlflow-server")
    env = {e["name"]: e for e in server.inputs["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["AWS_ACCESS_KEY_ID"]["valueFrom"]["secretKeyRef"] == {
        "name": "mlflow-s3-credentials",
        "key": "AWS_ACCESS_KEY_ID",
    }
    sa = _one(run, "kubernetes:core/v1:ServiceAccount", "dc1-gpu-serving-sa")
    assert sa.inputs["secrets"] == [{"name": "model-reader-s3-credentials"}]
    kserve = _one(run, HELM, "dc1-gpu-serving-kserve")
    assert kserve.inputs["values"]["kserve"]["storage"]["s3"]["accessKeyIdName"] == "AWS_ACCESS_KEY_ID"
    assert kserve.inputs["values"]["kserve"]["storage"]["s3"]["endpoint"] == "s3.dc1.example.internal"
    from aiinfra.plan_sections import service_rows

    identities = {r["service"]: r["identity"] for r in service_rows(config)}
    assert identities["serving"] == (
        "serving/model-reader: S3 keys from Secret model-reader-s3-credentials "
        "(operator-provided; scope them to models/ read-only)"
    )
    assert "operator-provided" in identities["mlflow"] and "operator-provided" in identities["labeling"]


def test_label_studio_on_rgw_uses_its_own_user() -> None:
    raw = stack_file("onprem")["config"]["aiinfra:platform"]
    raw["services"]["labeling"] = {}
    config = validate_platform(raw)
    from aiinfra.components.services.labeling import persistence
    from aiinfra.components.services.rgw import grant_of, service_grants
    from aiinfra.components.services.spec import LabelingSpec

    s3 = persistence(LabelingSpec(), config.service_facts(), "datasets")["config"]["s3"]
    secret = "rook-ceph-object-user-aiinfra-cold-aiinfra-label-studio"
    assert (s3["accessKeyExistingSecret"], s3["accessKeyExistingSecretKey"]) == (secret, "AccessKey")
    assert (s3["secretKeyExistingSecret"], s3["secretKeyExistingSecretKey"]) == (secret, "SecretKey")
    grant = grant_of(service_grants(config.services), "labeling")
    assert (grant.user, grant.namespace, grant.prefix, grant.write) == (
        "aiinfra-label-studio",
        "label-studio",
        "services/label-studio/",
        True,
    )
    assert s3_keys("aiinfra-cold", "label-studio").secret == secret


def test_the_object_store_rules_judge_and_pass_the_shipped_onprem_objects(run) -> None:
    """AIP-SVC-013..016 see the stack's RGW users, bucket claim and store, and every one passes."""
    from aiinfra.policies.runner import evaluate

    judged = {}
    for e in evaluate(run).evaluations:
        if e.rule.id in ("AIP-SVC-013", "AIP-SVC-014", "AIP-SVC-015", "AIP-SVC-016"):
            judged.setdefault(e.rule.id, set()).add((e.resource, e.verdict))
    assert judged == {
        "AIP-SVC-013": {("dc1-gpu-services-mlflow-rgw-user", "pass"), ("dc1-gpu-serving-rgw-user", "pass")},
        "AIP-SVC-014": {("dc1-gpu-data-cold-bucket", "pass")},
        "AIP-SVC-015": {("dc1-gpu-services-mlflow-rgw-user", "pass"), ("dc1-gpu-serving-rgw-user", "pass")},
        "AIP-SVC-016": {("dc1-gpu-data-cold-store", "pass")},
    }
