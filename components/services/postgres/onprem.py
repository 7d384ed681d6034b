"""CloudNativePG on-prem: the operator (pinned Helm chart) and one ``Cluster`` per service database.

Pins (checked 2026-12-07):
- Operator chart ``cloudnative-pg`` 0.29.0 (operator 1.30.0), cloudnative-pg/charts tag
  ``cloudnative-pg-v0.29.0`` (commit d1b5ad60cee2, 2026-06-29), repo https://cloudnative-pg.github.io/charts;
  the chart installs the CRDs (``crds.create`` default true).
- PostgreSQL image ``ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie``: the ``standard`` type
  (equivalent to the legacy ``system`` images minus the in-image Barman Cloud, which volume-snapshot
  backups do not use) on Debian trixie, rolling only over rebuilds of PostgreSQL 17.11. The bare
  ``17.6`` tag is a deprecated ``system``/bullseye rolling tag, removed when bullseye images reach end
  of life (cloudnative-pg/postgres-containers README "Deprecated Rolling Tags", commit a949ae5871b3,
  2026-08-20); 17.11 is the PostgreSQL 17 release that repository builds (``docker-bake.hcl``
  ``postgreSQLVersions``, since commit 77faebd8a52a, 2026-08-13). Major 17 matches RDS and Cloud SQL;
  operator 1.30.0 itself defaults to ``18.4-system-trixie`` (cloudnative-pg/cloudnative-pg v1.30.0
  ``pkg/versions/versions.go``).

Each ``Cluster``: ``instances`` 3 (1 without high availability) on the warm tier's encrypted
StorageClass, ``bootstrap.initdb`` creating the service's database and owner (the operator
generates the password into the ``<cluster>-app`` Secret, keys username/password/host/port/dbname/
uri), superuser access off, TLS between clients and instances (the operator's default certificates),
backups as volume snapshots on a daily ``ScheduledBackup`` (needs a VolumeSnapshotClass for the
warm tier's CSI driver: ``database.snapshot_class``), protected and retained like the data tiers.

Children: ``{platform}-services-cnpg-ns`` and ``{platform}-services-cnpg`` (the operator); per database ``{name}-db`` (Cluster) and
``{name}-backup`` (ScheduledBackup).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...charts import PinnedChart
from ..spec import DatabaseSpec
from ..target import DbConnection

CNPG_CHART = PinnedChart("cloudnative-pg", "0.29.0", "https://cloudnative-pg.github.io/charts")
CNPG_NAMESPACE = "cnpg-system"
POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie"
PORT = 5432
BACKUP_SCHEDULE = "0 0 3 * * *"  # CNPG schedules have a seconds field (six fields)


def cluster_spec(dbname: str, spec: DatabaseSpec, storage_class: str) -> dict[str, Any]:
    """``postgresql.cnpg.io/v1`` Cluster ``spec`` for one service database."""
    return {
        "instances": 3 if spec.high_availability else 1,
        "imageName": POSTGRES_IMAGE,
        "enableSuperuserAccess": False,
        "storage": {"storageClass": storage_class, "size": f"{spec.storage_gib}Gi"},
        "bootstrap": {"initdb": {"database": dbname, "owner": dbname}},
        "backup": {"volumeSnapshot": {"className": spec.snapshot_class, "online": True}},
        "postgresql": {"parameters": {"log_min_duration_statement": "1000"}},
    }


def scheduled_backup_spec(cluster: str) -> dict[str, Any]:
    """``ScheduledBackup`` ``spec``: a daily volume-snapshot backup owned by the schedule."""
    return {
        "schedule": BACKUP_SCHEDULE,
        "cluster": {"name": cluster},
        "method": "volumeSnapshot",
        "backupOwnerReference": "self",
        "immediate": True,
    }


@dataclass
class CnpgPostgres:
    """Installs the operator once, then a Cluster per service database."""

    storage_class: str
    labels: Mapping[str, str]
    platform: str
    operator: Any = field(default=None)

    def install(self, parent: Any) -> list[Any]:
        """The operator release (once per platform)."""
        import pulumi_kubernetes as k8s

        if self.operator is None:
            ns = k8s.core.v1.Namespace(
                f"{self.platform}-services-cnpg-ns",
                metadata={"name": CNPG_NAMESPACE, "labels": dict(self.labels)},
                opts=parent.child_opts(),
            )
            self.operator = k8s.helm.v3.Release(
                f"{self.platform}-services-cnpg",
                name="cnpg",
                **CNPG_CHART.release_args(),
                namespace=CNPG_NAMESPACE,
                values={"config": {"clusterWide": True}},
                opts=parent.child_opts(depends_on=[ns]),
            )
        return [self.operator]

    def namespaces(self) -> list[str]:
        """The operator's namespace, once installed."""
        return [CNPG_NAMESPACE] if self.operator is not None else []

    def database(
        self, parent: Any, name: str, dbname: str, spec: DatabaseSpec, namespace: str, after: Sequence[Any]
    ) -> DbConnection:
        """The Cluster (and its backup schedule) in ``namespace``; the operator writes the Secret."""
        import pulumi_kubernetes as k8s

        waits = [*self.install(parent), *after]
        cluster = f"{dbname}-db"
        meta = {"name": cluster, "namespace": namespace, "labels": dict(self.labels)}
        db = k8s.apiextensions.CustomResource(
            f"{name}-db",
            api_version="postgresql.cnpg.io/v1",
            kind="Cluster",
            metadata=meta,
            spec=cluster_spec(dbname, spec, self.storage_class),
            opts=parent.data_opts(spec.allow_destroy, depends_on=waits),
        )
        k8s.apiextensions.CustomResource(
            f"{name}-backup",
            api_version="postgresql.cnpg.io/v1",
            kind="ScheduledBackup",
            metadata={**meta, "name": f"{cluster}-daily"},
            spec=scheduled_backup_spec(cluster),
            opts=parent.child_opts(depends_on=[db]),
        )
        return DbConnection(
            secret_name=f"{cluster}-app",
            host=f"{cluster}-rw.{namespace}.svc",
            port=PORT,
            dbname=dbname,
            username=dbname,
            waits=(db,),
        )
