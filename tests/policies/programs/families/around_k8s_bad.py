"""Kubernetes workloads of an AI platform without confinement: an inference server with no seccomp
profile, and a data-prep Job that explicitly turns seccomp and AppArmor off through the annotation
spellings (tests/policies/test_families_around.py)."""

import pulumi_kubernetes as k8s

ml = {"namespace": "ml"}
RESTRICTED = {"allow_privilege_escalation": False, "run_as_non_root": True, "run_as_user": 1000}
k8s.core.v1.ServiceAccount("server-sa", metadata={"name": "server", **ml})
k8s.apps.v1.Deployment(
    "server",
    metadata={"name": "server", **ml},
    spec={
        "selector": {"match_labels": {"app": "server"}},
        "template": {
            "metadata": {"labels": {"app": "server"}},
            "spec": {
                "service_account_name": "server",
                "containers": [
                    {"name": "vllm", "image": "vllm/vllm-openai:v0.9.2", "security_context": RESTRICTED}
                ],
            },
        },
    },
)
k8s.batch.v1.Job(
    "prep",
    metadata={"name": "prep", **ml},
    spec={
        "template": {
            "metadata": {
                "annotations": {
                    "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
                    "container.apparmor.security.beta.kubernetes.io/tokenize": "unconfined",
                }
            },
            "spec": {
                "service_account_name": "server",
                "restart_policy": "Never",
                "containers": [
                    {"name": "tokenize", "image": "ghcr.io/example/prep:1.4", "security_context": RESTRICTED}
                ],
            },
        }
    },
)
