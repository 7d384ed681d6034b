"""The hardened twin of around_k8s_bad.py (no mandatory finding)."""

import pulumi_kubernetes as k8s

ml = {"namespace": "ml"}
RESTRICTED = {"allow_privilege_escalation": False, "run_as_non_root": True, "run_as_user": 1000}
POD = {"seccomp_profile": {"type": "RuntimeDefault"}, "app_armor_profile": {"type": "RuntimeDefault"}}
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
                "security_context": POD,
                "containers": [
                    {
                        "name": "vllm",
                        "image": "vllm/vllm-openai@sha256:0000000000000000000000000000000000000000000000000000000000000000",  # pinned by digest (AIP-K8S-052)
                        "security_context": RESTRICTED,
                        "liveness_probe": {"http_get": {"path": "/health", "port": 8000}},  # AIP-K8S-050
                    }
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
                    "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
                    "container.apparmor.security.beta.kubernetes.io/tokenize": "runtime/default",
                }
            },
            "spec": {
                "service_account_name": "server",
                "restart_policy": "Never",
                "containers": [
                    {
                        "name": "tokenize",
                        "image": "ghcr.io/example/prep@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                        "security_context": RESTRICTED,
                    }
                ],
            },
        }
    },
)
