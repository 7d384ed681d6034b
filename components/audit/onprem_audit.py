"""The on-prem Kubernetes audit policy: an artefact for kube-apiserver, like the etcd
EncryptionConfiguration, handed to whoever runs the control plane.

The policy follows the Kubernetes "Auditing" task page (recalled 2026-12-01, unverified): Secrets, ConfigMaps and
token reviews at ``Metadata`` only (their bodies never enter the log), RBAC, Kueue and aiinfra's
own API groups at ``RequestResponse``, every other write at ``Request``, reads at ``Metadata``;
health probes and kube-proxy watches are not logged; the ``RequestReceived`` stage is omitted.
"""

from __future__ import annotations

from typing import Any

import yaml

from .spec import AuditSpec

POLICY_PATH = "/etc/kubernetes/audit-policy.yaml"
LOG_PATH = "/var/log/kubernetes/audit/audit.log"
WRITES = ["create", "update", "patch", "delete", "deletecollection"]
FULL_BODY_GROUPS = ("rbac.authorization.k8s.io", "kueue.x-k8s.io", "admissionregistration.k8s.io")
"""Who may do what, who gets which GPUs, what admission enforces: logged with request and response."""


def audit_policy() -> dict[str, Any]:
    """The ``audit.k8s.io/v1`` Policy kube-apiserver reads (first matching rule wins)."""
    return {
        "apiVersion": "audit.k8s.io/v1",
        "kind": "Policy",
        "omitStages": ["RequestReceived"],
        "rules": [
            {"level": "None", "nonResourceURLs": ["/healthz*", "/readyz*", "/livez*", "/version"]},
            {
                "level": "None",
                "users": ["system:kube-proxy"],
                "verbs": ["watch"],
                "resources": [{"group": "", "resources": ["endpoints", "services", "services/status"]}],
            },
            {
                "level": "Metadata",
                "resources": [
                    {"group": "", "resources": ["secrets", "configmaps", "serviceaccounts/token"]},
                    {"group": "authentication.k8s.io", "resources": ["tokenreviews"]},
                ],
            },
            {
                "level": "RequestResponse",
                "verbs": WRITES,
                "resources": [{"group": g} for g in FULL_BODY_GROUPS],
            },
            {"level": "Request", "verbs": WRITES},
            {"level": "Metadata"},
        ],
    }


def audit_policy_yaml() -> str:
    """The audit Policy as the YAML file kube-apiserver reads."""
    return yaml.safe_dump(audit_policy(), sort_keys=False)


def apiserver_flags(spec: AuditSpec) -> list[str]:
    """kube-apiserver flags: the policy, a local log file kept ``online_days``, rotated at 100 MB."""
    return [
        f"--audit-policy-file={POLICY_PATH}",
        f"--audit-log-path={LOG_PATH}",
        f"--audit-log-maxage={spec.retention.online_days}",
        "--audit-log-maxbackup=30",
        "--audit-log-maxsize=100",
    ]


def handoff_note(spec: AuditSpec) -> str:
    """What the control-plane operator does with the artefact, and who keeps the records how long."""
    return (
        f"Control-plane configuration, not applied by Pulumi: write audit_policy to {POLICY_PATH} on every "
        "control-plane node, start kube-apiserver with " + " ".join(apiserver_flags(spec)) + ", mount "
        f"{LOG_PATH.rsplit('/', 1)[0]} from the host, and ship the log to a write-once store that keeps it "
        f"{spec.retention.days} days (the local files keep {spec.retention.online_days})."
    )
