"""Label Studio (HumanSignal's Helm chart, pinned): database on the managed PostgreSQL, files on the
cold tier.

Pin: chart ``label-studio`` 2.0.5 (Label Studio 1.23.0), HumanSignal/charts ``heartex/label-studio``
at commit 7a1b01caeeda (2026-05-05; the repository has no release tags, the chart version is
Chart.yaml's), repository https://charts.heartex.com/. Label Studio 1.23.2 is the newest PyPI release
(2026-09); the chart's appVersion image is used.

- Database: the service's PostgreSQL (``global.pgConfig``; the bundled Bitnami PostgreSQL subchart
  off), password from the credentials Secret, ``sslmode=require``.
- Files: ``global.persistence`` type ``s3`` (AWS, on-prem RGW) or ``gcs`` (GCP) under ``file_prefix``
  of the cold bucket; credentials come from the workload identity (no keys in values) on the clouds,
  from the operator-provided S3 keys Secret on-prem.
- Reachable inside the network (``app.service.type`` ClusterIP unless an exposure is configured).

Children: ``{name}-ns``, the identity's and database's children, ``{name}-app`` (Helm release).
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .exposure import internal_address, service_annotations, service_type
from .spec import LabelingSpec
from .target import DbConnection, ServiceFacts, ServiceTarget
from .workload import namespace_labels

CHART = PinnedChart("label-studio", "2.0.5", "https://charts.heartex.com/")
NAMESPACE = "label-studio"
ACCOUNT = "label-studio"
SERVICE = "label-studio-ls-app"  # the chart's ls-app.fullname for release "label-studio"
APP_POD_LABELS = {"app.kubernetes.io/name": "ls-app", "app.kubernetes.io/instance": "label-studio"}
"""The app pods' selector labels (chart ``templates/_helpers.tpl`` ``ls-app.selectorLabels``)."""
APP_POD_PORT = 8085
"""The app pod's serving port: the nginx container's ``containerPort`` (``templates/app-deployment.yaml``),
the Service's ``targetPort`` (values ``app.service.targetPort``); the Service itself listens on 80."""


def persistence(spec: LabelingSpec, facts: ServiceFacts, bucket: pulumi.Input[str]) -> dict[str, Any]:
    """``global.persistence`` for the cold tier."""
    if facts.cloud == "gcp":
        return {
            "enabled": True,
            "type": "gcs",
            "config": {"gcs": {"bucket": bucket, "folder": spec.file_prefix}},
        }
    s3: dict[str, Any] = {"bucket": bucket, "folder": spec.file_prefix, "region": facts.region or ""}
    if facts.cloud == "onprem":
        from .rgw import s3_keys

        keys = s3_keys(facts.rgw_store, ACCOUNT)
        s3.update(
            {
                "endpointUrl": str(facts.s3_endpoint),
                "accessKeyExistingSecret": keys.secret,
                "accessKeyExistingSecretKey": keys.access_key,
                "secretKeyExistingSecret": keys.secret,
                "secretKeyExistingSecretKey": keys.secret_key,
            }
        )
    return {"enabled": True, "type": "s3", "config": {"s3": s3}}


def label_studio_values(
    spec: LabelingSpec,
    facts: ServiceFacts,
    db: DbConnection,
    bucket: pulumi.Input[str],
    annotations: dict[str, Any],
) -> dict[str, Any]:
    """The chart values (key paths checked against the chart's facts by the payload test)."""
    return {
        "global": {
            "pgConfig": {
                "host": db.host,
                "port": db.port,
                "dbName": db.dbname,
                "userName": db.username,
                "password": {"secretName": db.secret_name, "secretKey": "password"},
                "ssl": {"pgSslMode": "require"},
            },
            "persistence": persistence(spec, facts, bucket),
        },
        "app": {
            "serviceAccount": {"create": True, "name": ACCOUNT, "annotations": annotations},
            "service": {
                "type": service_type(spec.exposure),
                "annotations": service_annotations(spec.exposure, facts.internal_lb_annotations, facts.cloud),
            },
            "ingress": {"enabled": False},
        },
        "postgresql": {"enabled": False},
    }


def summary(spec: LabelingSpec, facts: ServiceFacts) -> dict[str, Any]:
    """The plan row of Label Studio."""
    from .summary import database_backing, exposure_note, identity_note

    return {
        "service": "labeling",
        "what": f"Label Studio (chart {CHART.version})",
        "endpoint": internal_address(SERVICE, NAMESPACE, 80) + exposure_note(spec.exposure),
        "stores": [
            f"database: {database_backing(facts, spec.database)}",
            f"files: {facts.bucket_label}/{spec.file_prefix} (cold tier)",
        ],
        "identity": identity_note(facts, NAMESPACE, ACCOUNT, spec.file_prefix),
    }


class LabelStudio(Component):
    """Label Studio: namespace, identity, PostgreSQL and the pinned Helm release."""

    def __init__(
        self, name: str, spec: LabelingSpec, target: ServiceTarget, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiinfra:services:LabelStudio", name, opts)
        import pulumi_kubernetes as k8s

        facts = target.facts
        self.spec, self.facts = spec, facts
        ns = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={
                "name": NAMESPACE,
                "labels": {
                    **namespace_labels(facts.labels, "labeling"),
                    "pod-security.kubernetes.io/enforce": "baseline",
                },
            },
            opts=self.child_opts(),
        )
        annotations = target.identity.bind(self, name, NAMESPACE, ACCOUNT, spec.file_prefix, after=[ns])
        db = target.database.database(self, name, "labelstudio", spec.database, NAMESPACE, [ns])
        assert target.bucket is not None
        values = label_studio_values(spec, facts, db, target.bucket, annotations)
        k8s.helm.v3.Release(
            f"{name}-app",
            name="label-studio",
            **CHART.release_args(),
            namespace=NAMESPACE,
            values=values,
            opts=self.child_opts(depends_on=[ns, *db.waits]),
        )
        self.endpoint = internal_address(SERVICE, NAMESPACE, 80)
        self.namespace = NAMESPACE
        self.register_outputs({"endpoint": self.endpoint})

    def summary(self) -> dict[str, Any]:
        """This server's plan row."""
        return summary(self.spec, self.facts)
