"""Kubernetes building blocks every service shares: namespace, restricted pod security, the Service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .exposure import service_annotations, service_type
from .spec import ExposureSpec

NON_ROOT_UID = 65534


def restricted_pod_context() -> dict[str, Any]:
    """Pod securityContext meeting the ``restricted`` Pod Security Standard."""
    return {
        "runAsNonRoot": True,
        "runAsUser": NON_ROOT_UID,
        "runAsGroup": NON_ROOT_UID,
        "fsGroup": NON_ROOT_UID,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def restricted_container_context() -> dict[str, Any]:
    """Container securityContext meeting the ``restricted`` Pod Security Standard."""
    return {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
    }


def namespace_labels(labels: Mapping[str, str], service: str) -> dict[str, str]:
    """Labels of a service namespace: the platform's, the service, restricted pod security enforced."""
    return {
        **labels,
        "app.kubernetes.io/part-of": "aiinfra-services",
        "aiinfra.io/service": service,
        "pod-security.kubernetes.io/enforce": "restricted",
    }


def service_args(
    name: str,
    namespace: str,
    labels: Mapping[str, str],
    selector: Mapping[str, str],
    port: int,
    exposure: ExposureSpec,
    internal: Mapping[str, str],
    cloud: str,
) -> dict[str, Any]:
    """``kubernetes.core.v1.Service`` arguments for a service's HTTP port."""
    return {
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": dict(labels),
            "annotations": service_annotations(exposure, internal, cloud),
        },
        "spec": {
            "type": service_type(exposure),
            "selector": dict(selector),
            "ports": [{"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}],
        },
    }
