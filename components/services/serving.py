"""KServeServing: cert-manager, KServe in Standard (RawDeployment) mode, pinned runtimes and models.

Pins (newest releases in the upstream repositories, read 2026-12-01):
- KServe v0.20.0 (kserve/kserve tag commit 1fb781055dd1, 2026-08-06): charts ``kserve-crd`` and
  ``kserve-resources`` from ``oci://ghcr.io/kserve/charts`` (charts/kserve-resources/README.md).
  v0.20 renamed the RawDeployment mode ``Standard`` (pkg/constants/constants.go: ``LegacyRawDeployment
  = "RawDeployment" // deprecated: use Standard``): plain Deployments + Services + HPA, no Knative,
  no Istio. Ingress creation is switched off (``kserve.controller.gateway.disableIngressCreation``)
  and every InferenceService is labelled ``networking.kserve.io/visibility: cluster-local``.
- cert-manager v1.21.1 (cert-manager/cert-manager tag commit 24e33194fb39, 2026-07-29), chart
  ``cert-manager`` from https://charts.jetstack.io with its CRDs (``crds.enabled``); KServe's webhook
  certificates come from it.

Models are pulled from the cold tier (``<bucket>/models/<model>/``) by KServe's storage initializer as
the ``model-reader`` ServiceAccount, which carries the read-only cloud identity of
:mod:`.model_identity`. On-prem the reader is a Ceph RGW user (``{name}-rgw-user``, a
CephObjectStoreUser with op mask ``read``, scoped by the bucket policy of :mod:`.rgw`): the
ServiceAccount lists Rook's Secret under ``secrets``, and KServe's credential builder (v0.20.0
pkg/credentials/service_account_credentials.go, s3/s3_secret.go) reads the keys named by the
``kserve.storage.s3`` values (``accessKeyIdName: AccessKey``, ``secretAccessKeyName: SecretKey``:
Rook's key names) and the endpoint/usehttps from the same values (:func:`kserve_s3_values`). Replicas run on their pool (its ``aiinfra.io/pool`` label and taints) and
scale between ``min_replicas`` and ``max_replicas`` (HPA), bounds already checked against the pool.

Children: ``{name}-cert-manager``, ``{name}-kserve-crd``, ``{name}-kserve`` (Helm releases),
``{name}-ns``, ``{name}-rgw-user`` (on-prem RGW), ``{name}-sa``, ``{name}-runtime-<runtime>``, ``{name}-isvc-<model>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .pod_requests import PoolPlacement
from .runtimes import API_VERSION as RUNTIME_API
from .runtimes import MODEL_FORMATS, runtime_spec
from .serving_spec import ModelSpec, ServingSpec

CERT_MANAGER_CHART = PinnedChart("cert-manager", "v1.21.1", repo="https://charts.jetstack.io")
KSERVE_CRD_CHART = PinnedChart("oci://ghcr.io/kserve/charts/kserve-crd", "v0.20.0")
KSERVE_CHART = PinnedChart("oci://ghcr.io/kserve/charts/kserve-resources", "v0.20.0")
CERT_MANAGER_NAMESPACE = "cert-manager"
KSERVE_NAMESPACE = "kserve"
ISVC_API = "serving.kserve.io/v1beta1"
DEPLOYMENT_MODE = "Standard"  # KServe >= 0.20 name of RawDeployment
VISIBILITY_LABEL = "networking.kserve.io/visibility"
CLUSTER_LOCAL = "cluster-local"
READER_ACCOUNT = "model-reader"
ISVC_POD_LABEL = "serving.kserve.io/inferenceservice"
"""Label KServe puts on every predictor pod (v0.20.0 pkg/constants/constants.go
``InferenceServicePodLabelKey``, set in components/predictor.go)."""


def kserve_values(s3: Mapping[str, str] | None = None) -> dict[str, Any]:
    """kserve-resources values: Standard (raw Deployment) mode, no ingress objects; on-prem the
    storage initializer's S3 settings (``kserve.storage.s3``)."""
    values: dict[str, Any] = {
        "kserve": {
            "controller": {
                "deploymentMode": DEPLOYMENT_MODE,
                "gateway": {"disableIngressCreation": True},
            }
        }
    }
    if s3:
        values["kserve"]["storage"] = {"s3": dict(s3)}
    return values


def kserve_s3_values(endpoint: str, access_key: str, secret_key: str) -> dict[str, str]:
    """``kserve.storage.s3`` for an S3-compatible store (chart kserve-resources v0.20.0 values.yaml):
    the Secret key names and the endpoint (``host:port``, with ``useHttps``)."""
    scheme, _, host = endpoint.partition("://")
    return {
        "accessKeyIdName": access_key,
        "secretAccessKeyName": secret_key,
        "endpoint": host.rstrip("/"),
        "useHttps": "1" if scheme == "https" else "0",
    }


def cert_manager_values() -> dict[str, Any]:
    """cert-manager values: install its CRDs with the release (kept on uninstall, the chart default)."""
    return {"crds": {"enabled": True}}


def inference_service(
    model: ModelSpec, placement: PoolPlacement, *, namespace: str, storage_uri: str
) -> dict[str, Any]:
    """The InferenceService of ``model`` (without ``metadata.labels`` from the platform)."""
    return {
        "apiVersion": ISVC_API,
        "kind": "InferenceService",
        "metadata": {
            "name": model.name,
            "namespace": namespace,
            "labels": {VISIBILITY_LABEL: CLUSTER_LOCAL},
            "annotations": {
                "serving.kserve.io/deploymentMode": DEPLOYMENT_MODE,
                "serving.kserve.io/autoscalerClass": "hpa",
            },
        },
        "spec": {
            "predictor": {
                "minReplicas": model.min_replicas,
                "maxReplicas": model.max_replicas,
                "serviceAccountName": READER_ACCOUNT,
                "nodeSelector": dict(placement.node_selector),
                "tolerations": [dict(t) for t in placement.tolerations],
                "model": {
                    "modelFormat": {"name": MODEL_FORMATS[model.runtime]},
                    "runtime": model.runtime,
                    "storageUri": storage_uri,
                    "resources": placement.resources(model.accelerators_per_replica, fabric=False),
                },
            }
        },
    }


def endpoint(model: str, namespace: str) -> str:
    """The in-cluster DNS name of a Standard-mode InferenceService's predictor Service."""
    return f"{model}-predictor.{namespace}.svc.cluster.local"


def serving_rows(spec: ServingSpec, identity: str) -> list[dict[str, Any]]:
    """Plan rows (the services section's shape): one per model (what, internal endpoint, store, identity)."""
    return [
        {
            "service": "serving",
            "what": f"{m.name} ({m.runtime} on {m.pool})",
            "endpoint": endpoint(m.name, spec.namespace),
            "stores": [f"cold tier {m.prefix} (read-only)"],
            "identity": f"{spec.namespace}/{READER_ACCOUNT}: {identity}",
        }
        for m in spec.models
    ]


class KServeServing(Component):
    """cert-manager and KServe (Standard mode), the pinned runtimes and one InferenceService per model.

    ``storage_root`` is the cold bucket as a URI (``s3://<bucket>`` or ``gs://<bucket>``);
    ``identity`` annotates the ``model-reader`` ServiceAccount; ``identity_label`` says in words what
    it is (plan rows). On-prem: ``object_user`` is the reader's CephObjectStoreUser (registered in the
    serving namespace), ``key_secrets`` the Secrets the ServiceAccount lists, ``s3`` the
    ``kserve.storage.s3`` values.
    """

    def __init__(
        self,
        name: str,
        spec: ServingSpec,
        placements: Mapping[str, PoolPlacement],
        *,
        storage_root: pulumi.Input[str],
        identity: Mapping[str, pulumi.Input[str]],
        identity_label: str,
        labels: Mapping[str, str],
        object_user: Mapping[str, Any] | None = None,
        key_secrets: tuple[str, ...] = (),
        s3: Mapping[str, str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:services:KServeServing", name, opts)
        import pulumi_kubernetes as k8s

        self.spec, self.identity_label = spec, identity_label
        cert_manager = self._release(
            f"{name}-cert-manager",
            "cert-manager",
            CERT_MANAGER_CHART,
            CERT_MANAGER_NAMESPACE,
            cert_manager_values(),
        )
        crds = self._release(f"{name}-kserve-crd", "kserve-crd", KSERVE_CRD_CHART, KSERVE_NAMESPACE)
        kserve = self._release(
            f"{name}-kserve",
            "kserve",
            KSERVE_CHART,
            KSERVE_NAMESPACE,
            kserve_values(s3),
            [cert_manager, crds],
        )
        ns = spec.namespace
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={"name": ns, "labels": {**labels, "pod-security.kubernetes.io/enforce": "baseline"}},
            opts=self.child_opts(),
        )
        in_ns = self.child_opts(depends_on=[namespace])
        if object_user is not None:
            from .rgw import register_object_user

            register_object_user(f"{name}-rgw-user", dict(object_user), in_ns)
        k8s.core.v1.ServiceAccount(
            f"{name}-sa",
            metadata={
                "name": READER_ACCOUNT,
                "namespace": ns,
                "labels": dict(labels),
                "annotations": identity,
            },
            automount_service_account_token=False,
            secrets=[{"name": secret} for secret in key_secrets] or None,
            opts=in_ns,
        )
        runtimes = []
        for runtime in sorted({m.runtime for m in spec.models}):
            runtimes.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-runtime-{runtime}",
                    api_version=RUNTIME_API,
                    kind="ServingRuntime",
                    metadata={"name": runtime, "namespace": ns, "labels": dict(labels)},
                    spec=runtime_spec(runtime),
                    opts=self.child_opts(depends_on=[namespace, crds]),
                )
            )
        for model in spec.models:
            placement = placements[model.pool]
            plain = inference_service(model, placement, namespace=ns, storage_uri="")
            uri = pulumi.Output.concat(storage_root, "/", model.prefix)
            k8s.apiextensions.CustomResource(
                f"{name}-isvc-{model.name}",
                api_version=ISVC_API,
                kind="InferenceService",
                metadata={**plain["metadata"], "labels": {**labels, **plain["metadata"]["labels"]}},
                spec=uri.apply(
                    lambda u, m=model, p=placement: inference_service(m, p, namespace=ns, storage_uri=u)[
                        "spec"
                    ]
                ),
                opts=self.child_opts(depends_on=[kserve, *runtimes]),
            )
        self.register_outputs({"endpoints": {m.name: endpoint(m.name, ns) for m in spec.models}})

    def _release(
        self,
        resource: str,
        release: str,
        chart: PinnedChart,
        namespace: str,
        values: dict[str, Any] | None = None,
        after: list[Any] | None = None,
    ) -> Any:
        import pulumi_kubernetes as k8s

        return k8s.helm.v3.Release(
            resource,
            name=release,
            **chart.release_args(),
            namespace=namespace,
            create_namespace=True,
            values=values,
            opts=self.child_opts(depends_on=after or []),
        )

    def summary(self) -> list[dict[str, str]]:
        """Plain plan rows (name, endpoint as an internal DNS name, backing store, identity)."""
        return serving_rows(self.spec, self.identity_label)
