"""Tiered storage on GCP: Managed Lustre or Filestore (hot), a Hyperdisk/PD StorageClass (warm),
a GCS bucket (cold) — every tier encrypted with its CMEK, created after the key grants."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pulumi

from ..base import Component
from ..spec.storage import StorageTiers

GCS_CLASSES = {"infrequent": "NEARLINE", "archive": "COLDLINE", "deep_archive": "ARCHIVE"}
"""Neutral lifecycle classes mapped to GCS storage classes."""

SOFT_DELETE_DAYS = 7
WARM_PROVISIONER = "pd.csi.storage.gke.io"
LUSTRE_AGENT_BUCKET_ROLE = "roles/storage.objectViewer"
"""Lets the Managed Lustre service agent read the cold bucket for ``gcloud lustre instances import-data``."""


def lifecycle_rules(tiers: StorageTiers) -> list[dict]:
    """GCS lifecycle rules: class transitions by age, superseded versions deleted, abandoned
    multipart uploads aborted."""
    assert tiers.cold is not None
    lifecycle = tiers.cold.lifecycle
    rules: list[dict] = [
        {
            "action": {"type": "SetStorageClass", "storage_class": GCS_CLASSES[cls]},
            "condition": {"age": days, "with_state": "LIVE"},
        }
        for cls, days in lifecycle.transitions()
    ]
    if lifecycle.noncurrent_expire_after_days is not None:
        rules.append(
            {
                "action": {"type": "Delete"},
                "condition": {
                    "days_since_noncurrent_time": lifecycle.noncurrent_expire_after_days,
                    "with_state": "ARCHIVED",
                },
            }
        )
    rules.append(
        {
            "action": {"type": "AbortIncompleteMultipartUpload"},
            "condition": {"age": lifecycle.abort_incomplete_upload_days},
        }
    )
    return rules


def lustre_filesystem_name(name: str) -> str:
    """Managed Lustre file-system name: at most 8 letters and digits."""
    return (re.sub(r"[^a-z0-9]", "", name.lower()) or "aiinfra")[:8]


class TieredStorage(Component):
    """The platform's storage tiers.

    - cold: GCS bucket in the region, uniform bucket-level access, public access prevention
      ``enforced``, versioning, soft delete, lifecycle to NEARLINE/COLDLINE/ARCHIVE, default CMEK,
      optional retention policy (WORM), never force-destroyed.
    - hot: Managed Lustre (throughput tier, CMEK, GKE support) on the VPC via Private Service Access;
      the provider has no import-from-GCS field, so the Lustre service agent gets read access on the
      cold bucket and the import runs as ``gcloud lustre instances import-data`` (output
      ``lustre_import_command``). Or Filestore (ZONAL tier, CMEK, deletion protection).
    - warm: a Kubernetes StorageClass for the PD CSI driver (Hyperdisk/PD, CMEK via
      ``disk-encryption-kms-key``, reclaim policy Retain).

    Data resources are protected and retained on delete unless their tier sets ``allow_destroy``.
    ``key_grants`` maps tier → the key grants the tier must wait for.

    Children: ``{name}-cold``, ``{name}-hot`` (+ ``{name}-hot-reads-cold``), ``{name}-warm``.
    """

    bucket_name: pulumi.Output[str] | None
    hot_mount: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        tiers: StorageTiers,
        *,
        project: str,
        region: str,
        zone: str | None,
        network_id: pulumi.Input[str],
        key_ids: Mapping[str, pulumi.Input[str]],
        key_grants: Mapping[str, Sequence[pulumi.Resource]],
        labels: Mapping[str, str],
        hot_waits_for: Sequence[pulumi.Resource] = (),
        kubernetes_provider: pulumi.ProviderResource | None = None,
        bucket_name: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:TieredStorage", name, opts)
        self.bucket = None
        self.bucket_name = None
        self.hot_mount = None
        self.lustre_import_command: pulumi.Output[str] | None = None
        if tiers.cold is not None:
            self._cold(
                name, tiers, project, region, key_ids["cold"], key_grants.get("cold", ()), labels, bucket_name
            )
        if tiers.hot is not None:
            if zone is None:
                raise ValueError("hot tier: a zone for the file system is required")
            self._hot(
                name,
                tiers,
                project,
                zone,
                network_id,
                key_ids["hot"],
                [*key_grants.get("hot", ()), *hot_waits_for],
                labels,
            )
        if tiers.warm is not None:
            if kubernetes_provider is None:
                raise ValueError("warm tier: a Kubernetes provider for the cluster is required")
            self._warm(name, tiers, key_ids["warm"], key_grants.get("warm", ()), kubernetes_provider)
        self.register_outputs({"bucket_name": self.bucket_name, "hot_mount": self.hot_mount})

    def _cold(self, name, tiers, project, region, key_id, grants, labels, bucket_name) -> None:
        import pulumi_gcp as gcp

        cold = tiers.cold
        assert cold is not None
        self.bucket = gcp.storage.Bucket(
            f"{name}-cold",
            name=cold.bucket_name or bucket_name or f"{project}-{name}-cold",
            project=project,
            location=region.upper(),
            storage_class="STANDARD",
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning={"enabled": True},
            soft_delete_policy={"retention_duration_seconds": SOFT_DELETE_DAYS * 86_400},
            lifecycle_rules=lifecycle_rules(tiers),
            encryption={"default_kms_key_name": key_id},
            retention_policy={"retention_period": cold.object_lock_days * 86_400}
            if cold.object_lock_days
            else None,
            force_destroy=False,
            labels={**labels, "tier": "cold"},
            opts=self.data_opts(cold.allow_destroy, depends_on=list(grants)),
        )
        self.bucket_name = self.bucket.name

    def _hot(self, name, tiers, project, zone, network_id, key_id, waits_for, labels) -> None:
        import pulumi_gcp as gcp

        hot = tiers.hot
        assert hot is not None
        if hot.kind == "lustre":
            lustre = gcp.lustre.Instance(
                f"{name}-hot",
                instance_id=f"{name}-hot",
                project=project,
                location=zone,
                filesystem=lustre_filesystem_name(name),
                capacity_gib=str(hot.capacity_gib),
                per_unit_storage_throughput=str(hot.throughput_mb_per_tib),
                network=network_id,
                gke_support_enabled=True,
                kms_key=key_id,
                description=f"aiinfra {name}: hot tier",
                labels={**labels, "tier": "hot"},
                opts=self.data_opts(hot.allow_destroy, depends_on=list(waits_for)),
            )
            self.hot = lustre
            self.hot_mount = lustre.mount_point
            if hot.import_from_cold and self.bucket is not None:
                identity = gcp.projects.ServiceIdentity(
                    f"{name}-lustre-identity",
                    project=project,
                    service="lustre.googleapis.com",
                    opts=self.child_opts(),
                )
                gcp.storage.BucketIAMMember(
                    f"{name}-hot-reads-cold",
                    bucket=self.bucket.name,
                    role=LUSTRE_AGENT_BUCKET_ROLE,
                    member=identity.email.apply(lambda e: f"serviceAccount:{e}"),
                    opts=self.child_opts(),
                )
                self.lustre_import_command = pulumi.Output.concat(
                    "gcloud lustre instances import-data ",
                    f"{name}-hot --location={zone} --project={project} --gcs-path-uri=gs://",
                    self.bucket.name,
                    f"{hot.import_path}/ --lustre-path={hot.import_path}",
                )
        else:
            filestore = gcp.filestore.Instance(
                f"{name}-hot",
                name=f"{name}-hot",
                project=project,
                location=zone,
                tier="ZONAL",
                file_shares={"name": "data", "capacity_gb": hot.capacity_gib},
                networks=[
                    {
                        # Filestore takes the network's name, not its id.
                        "network": pulumi.Output.from_input(network_id).apply(lambda i: i.rsplit("/", 1)[-1]),
                        "modes": ["MODE_IPV4"],
                        "connect_mode": "PRIVATE_SERVICE_ACCESS",
                    }
                ],
                kms_key_name=key_id,
                deletion_protection_enabled=True,
                deletion_protection_reason="aiinfra hot tier",
                labels={**labels, "tier": "hot"},
                opts=self.data_opts(hot.allow_destroy, depends_on=list(waits_for)),
            )
            self.hot = filestore
            self.hot_mount = filestore.networks[0].ip_addresses[0].apply(lambda ip: f"{ip}:/data")

    def _warm(self, name, tiers, key_id, grants, provider) -> None:
        import pulumi_kubernetes as k8s

        warm = tiers.warm
        assert warm is not None
        parameters: dict[str, pulumi.Input[str]] = {
            "type": warm.volume_type,
            "disk-encryption-kms-key": key_id,
        }
        if warm.iops is not None:
            parameters["provisioned-iops-on-create"] = str(warm.iops)
        if warm.throughput_mibps is not None:
            parameters["provisioned-throughput-on-create"] = f"{warm.throughput_mibps}Mi"
        annotations = {"storageclass.kubernetes.io/is-default-class": "true"} if warm.default_class else {}
        self.warm = k8s.storage.v1.StorageClass(
            f"{name}-warm",
            metadata={"name": f"{name}-warm-{warm.volume_type}", "annotations": annotations},
            provisioner=WARM_PROVISIONER,
            parameters=parameters,
            reclaim_policy="Retain",
            volume_binding_mode="WaitForFirstConsumer",
            allow_volume_expansion=True,
            opts=self.data_opts(warm.allow_destroy, provider=provider, depends_on=list(grants)),
        )
