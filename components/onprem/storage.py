"""Storage tiers on an existing cluster: local NVMe (hot), Rook-Ceph RBD (warm), Ceph RGW (cold).

Assumes Rook (operator + CephCluster) is already installed in ``rook.namespace``; that namespace is
adopted with a NamespacePatch (fails loudly on ``pulumi up`` if Rook is absent) rather than created.
Data tiers are protected and retained; StorageClasses use ``reclaimPolicy: Retain``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from .common import meta
from .encryption import KMS_CONFIGMAP, ceph_csi_kms_config, rgw_kms
from .spec import ColdObjectSpec, OnpremStorageSpec, VaultKmsSpec

DATA_NAMESPACE = "aiinfra-data"
HOT_CLASS = "aiinfra-hot-nvme"
WARM_CLASS = "aiinfra-warm-rbd"
COLD_CLASS = "aiinfra-cold-bucket"
_PROVISIONERS = {"topolvm": "topolvm.io", "local-path": "rancher.io/local-path"}


def rgw_lifecycle(cold: ColdObjectSpec) -> str:
    """S3 lifecycle for the bucket: abort stale uploads, expire superseded versions.

    Storage-class transitions need RGW placement targets/storage classes that a default CephObjectStore
    does not define, so they are not rendered (the spec's transition days are documented, not applied).
    """
    rule: dict[str, Any] = {
        "ID": "aiinfra-cold",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {
            "DaysAfterInitiation": cold.lifecycle.abort_incomplete_upload_days
        },
    }
    if cold.lifecycle.noncurrent_expire_after_days is not None:
        rule["NoncurrentVersionExpiration"] = {"NoncurrentDays": cold.lifecycle.noncurrent_expire_after_days}
    return json.dumps({"Rules": [rule]}, sort_keys=True)


def cold_endpoint(spec: OnpremStorageSpec) -> str | None:
    """The cold tier's S3 endpoint: the external one, or the in-cluster RGW Service (None: no cold tier)."""
    cold = spec.cold
    if cold is None:
        return None
    if cold.kind == "external_s3":
        return cold.endpoint
    return f"https://rook-ceph-rgw-{cold.store}.{spec.rook.namespace}.svc:443"


class OnpremStorage(Component):
    """StorageClasses per tier, the CephBlockPool and CephObjectStore, the ceph-csi KMS config and the
    cold bucket claim.

    ``bucket_grants`` (components.services.rgw.PrefixGrant, plain values from the services spec) open
    the RGW store to the services' namespaces (``allowUsersInNamespaces``) and become the bucket policy
    on the claim (``additionalConfig.bucketPolicy``): each service user reaches only its prefix.
    """

    def __init__(
        self,
        name: str,
        spec: OnpremStorageSpec,
        vault: VaultKmsSpec,
        *,
        labels: Mapping[str, str],
        bucket_grants: Sequence[Any] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:onprem:OnpremStorage", name, opts)
        import pulumi_kubernetes as k8s

        self.bucket_grants = tuple(bucket_grants)
        rook = spec.rook.namespace
        self.storage_classes: list[str] = []
        self.namespaces: list[str] = []
        self.bucket_endpoint: pulumi.Input[str] | None = None
        rook_ns = None
        if spec.warm is not None or (spec.cold is not None and spec.cold.kind == "rgw"):
            rook_ns = k8s.core.v1.NamespacePatch(
                f"{name}-rook-ns",
                metadata={"name": rook, "labels": dict(labels)},
                opts=self.child_opts(retain_on_delete=True),
            )
            self.namespaces.append(rook)
        if spec.hot is not None:
            hot = spec.hot
            params = {"csi.storage.k8s.io/fstype": hot.fs_type}
            if hot.provisioner == "topolvm":
                params["topolvm.io/device-class"] = hot.device_class
            k8s.storage.v1.StorageClass(
                f"{name}-hot",
                metadata=meta(HOT_CLASS, {**labels, "aiinfra.io/tier": "hot"}),
                provisioner=_PROVISIONERS[hot.provisioner],
                parameters=params if hot.provisioner == "topolvm" else None,
                volume_binding_mode="WaitForFirstConsumer",
                reclaim_policy="Retain",
                allow_volume_expansion=hot.provisioner == "topolvm",
                opts=self.data_opts(hot.allow_destroy),
            )
            self.storage_classes.append(HOT_CLASS)
        if spec.warm is not None:
            warm = spec.warm
            kms = k8s.core.v1.ConfigMap(
                f"{name}-kms-config",
                metadata=meta(KMS_CONFIGMAP, labels, rook),
                data={"config.json": ceph_csi_kms_config(vault)},
                opts=self.child_opts(depends_on=[rook_ns]),
            )
            pool = k8s.apiextensions.CustomResource(
                f"{name}-warm-pool",
                api_version="ceph.rook.io/v1",
                kind="CephBlockPool",
                metadata=meta(warm.pool, labels, rook),
                spec={
                    "failureDomain": warm.failure_domain,
                    "replicated": {"size": warm.replicas, "requireSafeReplicaSize": True},
                },
                opts=self.data_opts(warm.allow_destroy, depends_on=[rook_ns]),
            )
            secret_ns = rook
            k8s.storage.v1.StorageClass(
                f"{name}-warm",
                metadata=meta(
                    WARM_CLASS,
                    {**labels, "aiinfra.io/tier": "warm"},
                    annotations={
                        "storageclass.kubernetes.io/is-default-class": str(warm.default_class).lower()
                    },
                ),
                provisioner=f"{rook}.rbd.csi.ceph.com",
                parameters={
                    "clusterID": spec.rook.cluster_id,
                    "pool": warm.pool,
                    "imageFormat": "2",
                    "imageFeatures": "layering",
                    "encrypted": "true",
                    "encryptionKMSID": vault.id,
                    "csi.storage.k8s.io/fstype": "ext4",
                    "csi.storage.k8s.io/provisioner-secret-name": "rook-csi-rbd-provisioner",
                    "csi.storage.k8s.io/provisioner-secret-namespace": secret_ns,
                    "csi.storage.k8s.io/controller-expand-secret-name": "rook-csi-rbd-provisioner",
                    "csi.storage.k8s.io/controller-expand-secret-namespace": secret_ns,
                    "csi.storage.k8s.io/node-stage-secret-name": "rook-csi-rbd-node",
                    "csi.storage.k8s.io/node-stage-secret-namespace": secret_ns,
                },
                reclaim_policy="Retain",
                allow_volume_expansion=True,
                volume_binding_mode="Immediate",
                opts=self.data_opts(warm.allow_destroy, depends_on=[pool, kms]),
            )
            self.storage_classes.append(WARM_CLASS)
        if spec.cold is not None:
            self._cold(name, spec, vault, labels, rook_ns)
        self.register_outputs(
            {
                "storage_classes": self.storage_classes,
                "namespaces": self.namespaces,
                "bucket_endpoint": self.bucket_endpoint,
            }
        )

    def _cold(
        self, name: str, spec: OnpremStorageSpec, vault: VaultKmsSpec, labels: Mapping[str, str], rook_ns: Any
    ) -> None:
        import pulumi_kubernetes as k8s

        cold = spec.cold
        assert cold is not None
        if cold.kind == "external_s3":
            # An S3-compatible endpoint outside the cluster: nothing to register; lifecycle is the
            # endpoint owner's job (exported for the hand-off).
            self.bucket_endpoint = cold_endpoint(spec)
            return
        from ..services.rgw import bucket_policy, user_namespaces

        rook = spec.rook.namespace
        users = {"allowUsersInNamespaces": user_namespaces(self.bucket_grants)} if self.bucket_grants else {}
        store = k8s.apiextensions.CustomResource(
            f"{name}-cold-store",
            api_version="ceph.rook.io/v1",
            kind="CephObjectStore",
            metadata=meta(cold.store, labels, rook),
            spec={
                "metadataPool": {"failureDomain": "host", "replicated": {"size": cold.replicas}},
                "dataPool": {"failureDomain": "host", "replicated": {"size": cold.replicas}},
                "preservePoolsOnDelete": True,
                "gateway": {"securePort": 443, "sslCertificateRef": cold.tls_secret, "instances": 2},
                "security": {"kms": rgw_kms(vault)},
                **users,
            },
            opts=self.data_opts(cold.allow_destroy, depends_on=[rook_ns]),
        )
        k8s.storage.v1.StorageClass(
            f"{name}-cold",
            metadata=meta(COLD_CLASS, {**labels, "aiinfra.io/tier": "cold"}),
            provisioner=f"{rook}.ceph.rook.io/bucket",
            parameters={"objectStoreName": cold.store, "objectStoreNamespace": rook},
            reclaim_policy="Retain",
            opts=self.data_opts(cold.allow_destroy, depends_on=[store]),
        )
        ns = k8s.core.v1.Namespace(
            f"{name}-data-ns",
            metadata=meta(DATA_NAMESPACE, {**labels, "pod-security.kubernetes.io/enforce": "restricted"}),
            opts=self.child_opts(),
        )
        k8s.apiextensions.CustomResource(
            f"{name}-cold-bucket",
            api_version="objectbucket.io/v1alpha1",
            kind="ObjectBucketClaim",
            metadata=meta(cold.bucket, labels, DATA_NAMESPACE),
            spec={
                "bucketName": cold.bucket,
                "storageClassName": COLD_CLASS,
                # OBC additionalConfig keys bucketLifecycle and bucketPolicy (Rook v1.20.6
                # Documentation/Storage-Configuration/Object-Storage-RGW/ceph-object-bucket-claim.md,
                # read 2026-12-01); both need ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS (docs/onprem.md)
                "additionalConfig": {
                    "bucketLifecycle": rgw_lifecycle(cold),
                    **(
                        {"bucketPolicy": bucket_policy(cold.bucket, self.bucket_grants)}
                        if self.bucket_grants
                        else {}
                    ),
                },
            },
            opts=self.data_opts(cold.allow_destroy, depends_on=[ns]),
        )
        self.namespaces.append(DATA_NAMESPACE)
        self.storage_classes.append(COLD_CLASS)
        self.bucket_endpoint = cold_endpoint(spec)
