"""Common Kubernetes mistakes on a GPU cluster (each must get a mandatory finding)."""

import pulumi_kubernetes as k8s

ml = {"namespace": "ml"}
k8s.core.v1.ServiceAccount("notebook-sa", metadata={"name": "notebook", **ml})
# 1. cluster-admin for the notebook service account
k8s.rbac.v1.ClusterRoleBinding(
    "notebook-admin",
    metadata={"name": "notebook-admin"},
    role_ref={"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
    subjects=[{"kind": "ServiceAccount", "name": "notebook", "namespace": "ml"}],
)
# 2. a wildcard role bound to the namespace's default service account
k8s.rbac.v1.Role(
    "anything",
    metadata={"name": "anything", **ml},
    rules=[{"api_groups": ["*"], "resources": ["*"], "verbs": ["*"]}],
)
k8s.rbac.v1.RoleBinding(
    "default-anything",
    metadata={"name": "default-anything", **ml},
    role_ref={"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "anything"},
    subjects=[{"kind": "ServiceAccount", "name": "default", "namespace": "ml"}],
)
# 3. a data loader that mounts the node's disk, privileged, as root, on the default service account
k8s.apps.v1.Deployment(
    "loader",
    metadata={"name": "loader", **ml},
    spec={
        "selector": {"match_labels": {"app": "loader"}},
        "template": {
            "metadata": {"labels": {"app": "loader"}},
            "spec": {
                "host_network": True,
                "containers": [
                    {
                        "name": "loader",
                        "image": "loader:1",
                        "security_context": {"privileged": True},
                        "volume_mounts": [{"name": "nvme", "mount_path": "/data"}],
                    }
                ],
                "volumes": [{"name": "nvme", "host_path": {"path": "/mnt/nvme"}}],
            },
        },
    },
)
# 4. a debug pod in Helm-less YAML sharing the host PID namespace
k8s.yaml.v2.ConfigGroup(
    "debug",
    yaml="""
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: ml
spec:
  hostPID: true
  containers:
  - name: shell
    image: busybox
""",
)
