"""Pass, fail and unknown-value fixtures of the training/serving rules (AIP-SVC-010..012).

Imported by ``policy_fixtures`` (merged into ``FIXTURES``); same building blocks.
"""

from __future__ import annotations

import json

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

ISVC = "kubernetes:serving.kserve.io/v1beta1:InferenceService"
RUNTIME = "kubernetes:serving.kserve.io/v1alpha1:ServingRuntime"
TRAIN_JOB = "kubernetes:trainer.kubeflow.org/v1alpha1:TrainJob"
CTR = "kubernetes:trainer.kubeflow.org/v1alpha1:ClusterTrainingRuntime"
ROLE = "aws:iam/role:Role"
GCS_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
SAFE = {"runAsNonRoot": True, "allowPrivilegeEscalation": False}
BUCKET = "arn:aws:s3:::models-bucket"


def isvc(name: str = "chat", labels=None, predictor=None) -> Spec:
    meta = {"name": name, "namespace": "serving"}
    if labels is not None:
        meta["labels"] = labels
    spec = predictor if predictor is not None else {"model": {"modelFormat": {"name": "huggingface"}}}
    return Spec(ISVC, f"isvc-{name}", {"metadata": meta, "spec": {"predictor": spec}})


def _doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


READ = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"{BUCKET}/models/*"}
WRITE = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"{BUCKET}/models/*"}


def reader(name: str = "reader", policy=None, purpose: str = "model-serving", **extra) -> Spec:
    inputs = {
        "tags": {"aiinfra:purpose": purpose},
        "inlinePolicies": [{"name": "read-models", "policy": policy if policy is not None else _doc(READ)}],
        **extra,
    }
    return Spec(ROLE, name, inputs)


def gcs(name: str, role: str, title="model-serving-prefix") -> Spec:
    return Spec(
        GCS_MEMBER,
        name,
        {"bucket": "b", "role": role, "member": "serviceAccount:x", "condition": {"title": title}},
    )


def container(name: str = "c", **security) -> dict:
    return {"name": name, "image": "img", "securityContext": {**SAFE, **security}}


def train_job(pod_spec) -> Spec:
    patch = {
        "manager": "me",
        "trainingRuntimeSpec": {
            "template": {
                "spec": {
                    "replicatedJobs": [
                        {"name": "node", "template": {"spec": {"template": {"spec": pod_spec}}}}
                    ]
                }
            }
        },
    }
    return Spec(
        TRAIN_JOB,
        "job",
        {"metadata": {"name": "job", "namespace": "team-a"}, "spec": {"runtimePatches": [patch]}},
    )


WORKLOAD_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-SVC-010": {
        P: Fixture([isvc(labels={"networking.kserve.io/visibility": "cluster-local"})]),
        F: Fixture(
            [
                isvc("open", labels={"team": "a"}),
                isvc("exposed", labels={"networking.kserve.io/visibility": "exposed"}),
            ]
        ),
        U: Fixture([isvc(labels=UNKNOWN)], expect=U),
    },
    "AIP-SVC-011": {
        P: Fixture(
            [
                reader(),
                reader("trainer", policy=_doc(WRITE), purpose="training"),  # not a serving identity
                gcs("read", "roles/storage.objectViewer"),
                gcs("team", "roles/storage.objectUser", title="team-a-prefix"),
            ]
        ),
        F: Fixture(
            [
                reader("writer", policy=_doc(WRITE)),
                reader("managed", managedPolicyArns=["arn:aws:iam::aws:policy/AmazonS3FullAccess"]),
                gcs("admin", "roles/storage.objectAdmin"),
            ]
        ),
        U: Fixture([reader(policy=UNKNOWN)], expect=U),
    },
    "AIP-SVC-012": {
        P: Fixture(
            [
                Spec(
                    RUNTIME,
                    "vllm",
                    {
                        "metadata": {"name": "vllm", "namespace": "serving"},
                        "spec": {"containers": [container("kserve-container")]},
                    },
                ),
                train_job({"nodeSelector": {"aiinfra.io/pool": "h100"}, "serviceAccountName": "a"}),
                isvc(predictor={"serviceAccountName": "model-reader", "model": {"runtime": "vllm"}}),
            ]
        ),
        F: Fixture(
            [
                Spec(
                    RUNTIME,
                    "root",
                    {"metadata": {"name": "root"}, "spec": {"containers": [{"name": "c", "image": "img"}]}},
                ),
                train_job({"hostNetwork": True, "containers": [container(privileged=True)]}),
                Spec(
                    CTR,
                    "ctr",
                    {
                        "metadata": {"name": "ctr"},
                        "spec": {
                            "template": {
                                "spec": {
                                    "replicatedJobs": [
                                        {
                                            "name": "node",
                                            "template": {
                                                "spec": {
                                                    "template": {
                                                        "spec": {
                                                            "volumes": [
                                                                {"name": "h", "hostPath": {"path": "/"}}
                                                            ]
                                                        }
                                                    }
                                                }
                                            },
                                        }
                                    ]
                                }
                            }
                        },
                    },
                ),
            ]
        ),
        U: Fixture([train_job(UNKNOWN)], expect=U),
    },
}
