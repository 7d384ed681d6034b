"""The hardened twin of k8s_bad.py (no mandatory finding)."""

import pulumi_kubernetes as k8s

ml = {"namespace": "ml"}
k8s.core.v1.ServiceAccount("notebook-sa", metadata={"name": "notebook", **ml})
k8s.core.v1.ServiceAccount("loader-sa", metadata={"name": "loader", **ml})
k8s.rbac.v1.Role(
    "jobs",
    metadata={"name": "jobs", **ml},
    rules=[{"api_groups": ["batch"], "resources": ["jobs"], "verbs": ["get", "list", "create", "delete"]}],
)
k8s.rbac.v1.RoleBinding(
    "notebook-jobs",
    metadata={"name": "notebook-jobs", **ml},
    role_ref={"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "jobs"},
    subjects=[{"kind": "ServiceAccount", "name": "notebook", "namespace": "ml"}],
)
RESTRICTED = {"allow_privilege_escalation": False, "run_as_non_root": True, "run_as_user": 1000}
k8s.apps.v1.Deployment(
    "loader",
    metadata={"name": "loader", **ml},
    spec={
        "selector": {"match_labels": {"app": "loader"}},
        "template": {
            "metadata": {"labels": {"app": "loader"}},
            "spec": {
                "service_account_name": "loader",
                "security_context": {"seccomp_profile": {"type": "RuntimeDefault"}},
                "containers": [
                    {
                        "name": "loader",
                        "image": "loader:1",
                        "security_context": RESTRICTED,
                        "volume_mounts": [{"name": "data", "mount_path": "/data"}],
                    }
                ],
                "volumes": [{"name": "data", "persistent_volume_claim": {"claim_name": "datasets"}}],
            },
        },
    },
)
k8s.yaml.v2.ConfigGroup(
    "debug",
    yaml="""
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: ml
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: shell
    image: busybox
    securityContext:
      allowPrivilegeEscalation: false
""",
)
