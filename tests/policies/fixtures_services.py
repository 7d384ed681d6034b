"""Pass, fail and unknown-value fixtures of the AIP-SVC rules (platform services).

Imported by ``policy_fixtures`` (which merges them into ``FIXTURES``); same building blocks.
"""

from __future__ import annotations

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

RDS = "aws:rds/instance:Instance"
AURORA = "aws:rds/cluster:Cluster"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
SVC = "kubernetes:core/v1:Service"
HELM = "kubernetes:helm.sh/v3:Release"

SQL_BACKUPS = {"enabled": True, "pointInTimeRecoveryEnabled": True}


def lb(name: str, annotations: dict | None = None, kind: str = "LoadBalancer") -> Spec:
    """A Service of ``kind`` with ``annotations``."""
    return Spec(SVC, name, {"metadata": {"annotations": annotations or {}}, "spec": {"type": kind}})


def hub(name: str = "hub", **values) -> Spec:
    """A Zero to JupyterHub release with ``values``."""
    return Spec(HELM, name, {"chart": "jupyterhub", "version": "4.4.0", "values": values})


OIDC = {"config": {"JupyterHub": {"authenticator_class": "generic-oauth"}}}

SERVICE_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-SVC-001": {
        P: Fixture(
            [
                Spec(RDS, "mlflow", {"backupRetentionPeriod": 14, "skipFinalSnapshot": False}),
                Spec(AURORA, "features", {"backupRetentionPeriod": 7}),
                Spec(
                    SQL,
                    "registry",
                    {"databaseVersion": "POSTGRES_17", "settings": {"backupConfiguration": SQL_BACKUPS}},
                ),
            ]
        ),
        F: Fixture(
            [
                Spec(RDS, "mlflow", {"backupRetentionPeriod": 1, "skipFinalSnapshot": True}),
                Spec(AURORA, "features", {}),
                Spec(
                    SQL,
                    "registry",
                    {
                        "databaseVersion": "POSTGRES_17",
                        "settings": {"backupConfiguration": {"enabled": True}},
                    },
                ),
            ]
        ),
        U: Fixture([Spec(RDS, "mlflow", {"backupRetentionPeriod": UNKNOWN})], expect=U),
    },
    "AIP-SVC-002": {
        P: Fixture(
            [
                lb("internal-aws", {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"}),
                lb("internal-gke", {"networking.gke.io/load-balancer-type": "Internal"}),
                lb("cluster", kind="ClusterIP"),
                lb("approved", {"aiinfra.io/public-exception": "CHG-1234 public demo until 2027-01-31"}),
                hub(proxy={"service": {"type": "ClusterIP"}}),
                Spec(HELM, "ls", {"chart": "label-studio", "values": {}}),
            ]
        ),
        F: Fixture([lb("public"), hub(hub=OIDC)]),
        U: Fixture([lb("public", kind=UNKNOWN)], expect=U),
    },
    "AIP-SVC-003": {
        P: Fixture([lb("internal", {"networking.gke.io/load-balancer-type": "Internal"}), lb("public")]),
        F: Fixture(
            [lb("approved", {"aiinfra.io/public-exception": "CHG-1234 public demo until 2027-01-31"})]
        ),
        U: Fixture(
            [Spec(SVC, "svc", {"metadata": {"annotations": UNKNOWN}, "spec": {"type": "LoadBalancer"}})],
            expect=U,
        ),
    },
    "AIP-SVC-004": {
        P: Fixture([hub(hub=OIDC), Spec(HELM, "other", {"chart": "kueue", "values": {}})], stack="prod"),
        F: Fixture(
            [hub(), hub("dummy", hub={"config": {"JupyterHub": {"authenticator_class": "dummy"}}})],
            stack="prod",
        ),
        U: Fixture(
            [hub(hub={"config": {"JupyterHub": {"authenticator_class": UNKNOWN}}})], expect=U, stack="prod"
        ),
    },
}
