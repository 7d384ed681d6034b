"""Tiered storage: hot parallel file system, warm block, cold object store with lifecycle."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from .base import Spec

# Lustre per-unit throughput (MB/s per TiB) allowed for PERSISTENT_2 (AWS) and Managed Lustre (GCP).
LUSTRE_THROUGHPUTS = (125, 250, 500, 1000)


class HotTier(Spec):
    """A parallel file system next to the accelerators (FSx for Lustre, Managed Lustre, local NVMe)."""

    kind: Literal["lustre", "filestore", "local_nvme"] = "lustre"
    """lustre (FSx for Lustre / Managed Lustre), filestore (GCP) or local_nvme."""
    capacity_gib: int = Field(default=4800, ge=1200, le=7_632_000)
    """provisioned capacity in GiB (AWS PERSISTENT_2: 1200 or a multiple of 2400; GCP Lustre: at least 9000)."""
    throughput_mb_per_tib: int = Field(default=500, description="per-unit storage throughput tier")
    import_from_cold: bool = Field(default=True, description="link the file system to the cold bucket")
    import_path: str = Field(default="/datasets", pattern=r"^/[A-Za-z0-9_./-]*$")
    """prefix of the cold bucket the file system imports from."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the file system (flagged by the policy pack); default protects it."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.kind == "lustre" and self.throughput_mb_per_tib not in LUSTRE_THROUGHPUTS:
            raise ValueError(
                f"throughput_mb_per_tib: {self.throughput_mb_per_tib} is not a Lustre throughput tier "
                f"(allowed: {', '.join(map(str, LUSTRE_THROUGHPUTS))})"
            )
        return self


class WarmTier(Spec):
    """Block storage for checkpoints and scratch, realised as a Kubernetes StorageClass."""

    volume_type: Literal[
        "gp3", "io2", "hyperdisk-balanced", "hyperdisk-throughput", "pd-ssd", "pd-balanced", "ceph-rbd"
    ] = "gp3"
    """disk type of the StorageClass (gp3/io2 on AWS, hyperdisk-*/pd-* on GCP, ceph-rbd on-prem)."""
    iops: int | None = Field(default=None, ge=3000, le=256_000)
    """provisioned IOPS (required for io2; gp3 at most 80000)."""
    throughput_mibps: int | None = Field(default=None, ge=125, le=2400)
    """provisioned throughput in MiB/s (gp3 at most 2000)."""
    default_class: bool = False
    """make this the cluster's default StorageClass."""
    allow_destroy: bool = False
    """let `pulumi destroy` delete the StorageClass (flagged by the policy pack)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.volume_type == "io2" and self.iops is None:
            raise ValueError("iops: required for io2 volumes")
        if self.volume_type == "gp3":
            if self.iops is not None and self.iops > 80_000:
                raise ValueError(f"iops: {self.iops} exceeds the gp3 maximum of 80000")
            if self.throughput_mibps is not None and self.throughput_mibps > 2000:
                raise ValueError(f"throughput_mibps: {self.throughput_mibps} exceeds the gp3 maximum of 2000")
        if self.volume_type.startswith("pd-") and (self.iops or self.throughput_mibps):
            raise ValueError("iops/throughput_mibps: persistent disks do not take provisioned performance")
        return self


class LifecycleSpec(Spec):
    """When cold objects move to cheaper classes, in days since creation (None = never).

    Mapped per cloud: infrequent → S3 STANDARD_IA / GCS NEARLINE, archive → S3 GLACIER_IR / GCS
    COLDLINE, deep_archive → S3 DEEP_ARCHIVE / GCS ARCHIVE.
    """

    infrequent_after_days: int | None = Field(default=30, ge=30)
    """days until S3 STANDARD_IA / GCS NEARLINE (null: never)."""
    archive_after_days: int | None = Field(default=90, ge=30)
    """days until S3 GLACIER_IR / GCS COLDLINE, at least 30 after the previous step (null: never)."""
    deep_archive_after_days: int | None = Field(default=180, ge=90)
    """days until S3 DEEP_ARCHIVE / GCS ARCHIVE, at least 30 after the previous step (null: never)."""
    noncurrent_expire_after_days: int | None = Field(
        default=90, ge=1, description="delete superseded object versions after this many days"
    )
    abort_incomplete_upload_days: int = Field(default=7, ge=1, le=365)
    """abort incomplete multipart uploads after this many days."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        steps = [
            ("infrequent_after_days", self.infrequent_after_days),
            ("archive_after_days", self.archive_after_days),
            ("deep_archive_after_days", self.deep_archive_after_days),
        ]
        previous: tuple[str, int] | None = None
        for field, days in steps:
            if days is None:
                continue
            if previous is not None and days < previous[1] + 30:
                raise ValueError(
                    f"{field}: {days} must be at least 30 days after {previous[0]} ({previous[1]}); "
                    "objects must stay 30 days in a class before the next transition"
                )
            previous = (field, days)
        return self

    def transitions(self) -> list[tuple[str, int]]:
        """(neutral class, days) pairs in order."""
        pairs = [
            ("infrequent", self.infrequent_after_days),
            ("archive", self.archive_after_days),
            ("deep_archive", self.deep_archive_after_days),
        ]
        return [(cls, days) for cls, days in pairs if days is not None]


class ColdTier(Spec):
    """The object store: datasets, checkpoints, models. Always versioned, never public."""

    bucket_name: str | None = Field(
        default=None, pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description="explicit bucket name"
    )
    lifecycle: LifecycleSpec = Field(default_factory=LifecycleSpec)
    """storage-class transitions and version expiry."""
    object_lock_days: int | None = Field(
        default=None, ge=1, le=36500, description="WORM retention for model registries"
    )
    allow_destroy: bool = False
    """let `pulumi destroy` delete the bucket (flagged by the policy pack); default protects it."""


class StorageTiers(Spec):
    """The three tiers; each optional, the cold tier on by default."""

    hot: HotTier | None = None
    """parallel file system next to the accelerators; none when omitted."""
    warm: WarmTier | None = Field(default_factory=WarmTier)
    """block StorageClass for checkpoints and scratch; null to drop."""
    cold: ColdTier | None = Field(default_factory=ColdTier)
    """versioned, never-public object bucket; null to drop."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.hot is not None and self.hot.import_from_cold and self.cold is None:
            raise ValueError("hot.import_from_cold: needs a cold tier to import from")
        return self
