"""How a service's Kubernetes Service is exposed: ClusterIP, an internal load balancer, or (with a
written exception) an internet-facing one. The per-cloud annotations come from the target.

Internal load balancer annotations (checked 2026-12-01):
- EKS: ``service.beta.kubernetes.io/aws-load-balancer-internal: "true"``, honoured by the in-tree AWS
  service controller and (deprecated there, still supported) by the AWS Load Balancer Controller
  (kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md); the platform
  installs no Load Balancer Controller.
- GKE: ``networking.gke.io/load-balancer-type: Internal`` (cloud.google.com/kubernetes-engine/docs/
  concepts/service-load-balancer-parameters).
- On-prem (MetalLB or a site load balancer): no standard annotation; the address pool decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .spec import ExposureSpec

AWS_INTERNAL = {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"}
GCP_INTERNAL = {"networking.gke.io/load-balancer-type": "Internal"}
PUBLIC_EXCEPTION = "aiinfra.io/public-exception"
"""Annotation carrying the written reason a service is internet-facing (read by AIP-SVC-002)."""


def service_type(exposure: ExposureSpec) -> str:
    """``ClusterIP`` or ``LoadBalancer``."""
    return "ClusterIP" if exposure.mode == "cluster" else "LoadBalancer"


def service_annotations(exposure: ExposureSpec, internal: Mapping[str, str], cloud: str) -> dict[str, Any]:
    """Annotations of the Service for ``exposure`` (``internal``: the cloud's internal-LB annotations)."""
    if exposure.mode == "cluster":
        return {}
    if exposure.mode == "internal_lb":
        return dict(internal)
    return {PUBLIC_EXCEPTION: str(exposure.public_exception)}


def internal_address(service: str, namespace: str, port: int) -> str:
    """The in-cluster DNS name users and jobs reach a service by."""
    return f"http://{service}.{namespace}.svc.cluster.local:{port}"
