"""MLflow tracking server and model registry on the platform.

- Image ``ghcr.io/mlflow/mlflow:v3.18.0``: the official image (github.com/mlflow/mlflow/pkgs/container/mlflow,
  tags ``v<release>``); MLflow 3.18.0 is the newest release on PyPI (checked 2026-12-01). Whether the image
  bundles the PostgreSQL driver (psycopg2) and the S3/GCS clients is unverified here; if not, build
  ``FROM`` it adding ``psycopg2-binary boto3 google-cloud-storage`` and set ``image``.
- Backend: the service's PostgreSQL database (RDS, Cloud SQL private IP, or CloudNativePG), URI from
  its credentials Secret. The model registry uses the same database-backed store (MLflow's default
  when the backend store is a database), so registered model versions, stages/aliases and their
  source runs are recorded there.
- Artifacts: ``--artifacts-destination <s3|gs>://<cold bucket>/<artifact_prefix>`` with
  ``--serve-artifacts`` (clients upload through the server, so only the server's identity reaches the
  bucket; that identity is scoped to the prefix, and the bucket's default encryption is the cold key).
- Pods: restricted pod security, own ServiceAccount, read-only root with an emptyDir ``/tmp``.

Children: ``{name}-ns``, ``{name}-sa``, the identity's and database's children, ``{name}-server``
(Deployment), ``{name}-svc``.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..base import Component
from .exposure import internal_address
from .spec import MlflowSpec
from .target import ServiceFacts, ServiceTarget
from .workload import namespace_labels, restricted_container_context, restricted_pod_context, service_args

IMAGE = "ghcr.io/mlflow/mlflow:v3.18.0"
NAMESPACE = "mlflow"
PORT = 5000
ACCOUNT = "mlflow"


def artifact_root(cloud: str, bucket: str, prefix: str) -> str:
    """The artifact destination URI on the cold tier."""
    return f"{'gs' if cloud == 'gcp' else 's3'}://{bucket}/{prefix}"


def server_args(artifacts: str) -> list[str]:
    """``mlflow server`` arguments (the backend URI comes from the Secret through ``$(VAR)``)."""
    return [
        "server",
        "--host=0.0.0.0",
        f"--port={PORT}",
        "--backend-store-uri=$(MLFLOW_BACKEND_STORE_URI)",
        f"--artifacts-destination={artifacts}",
        "--serve-artifacts",
    ]


def summary(spec: MlflowSpec, facts: ServiceFacts) -> dict[str, Any]:
    """The plan row of MLflow: endpoint, backing stores, identity."""
    from .summary import database_backing, exposure_note, identity_note

    return {
        "service": "mlflow",
        "what": f"MLflow tracking + model registry ({IMAGE.rsplit(':', 1)[1]})",
        "endpoint": internal_address(ACCOUNT, NAMESPACE, PORT) + exposure_note(spec.exposure),
        "stores": [
            f"database: {database_backing(facts, spec.database)}",
            f"artifacts: {facts.bucket_label}/{spec.artifact_prefix} (cold tier)",
        ],
        "identity": identity_note(facts, NAMESPACE, ACCOUNT, spec.artifact_prefix),
    }


class MlflowServer(Component):
    """MLflow: namespace, identity, PostgreSQL, Deployment and Service."""

    def __init__(
        self, name: str, spec: MlflowSpec, target: ServiceTarget, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiinfra:services:MlflowServer", name, opts)
        import pulumi_kubernetes as k8s

        facts = target.facts
        self.spec, self.facts = spec, facts
        labels = {**facts.labels, "app.kubernetes.io/name": "mlflow"}
        ns = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata={"name": NAMESPACE, "labels": namespace_labels(facts.labels, "mlflow")},
            opts=self.child_opts(),
        )
        annotations = target.identity.bind(self, name, NAMESPACE, ACCOUNT, spec.artifact_prefix, after=[ns])
        account = k8s.core.v1.ServiceAccount(
            f"{name}-sa",
            metadata={"name": ACCOUNT, "namespace": NAMESPACE, "labels": labels, "annotations": annotations},
            automount_service_account_token=facts.cloud != "onprem",
            opts=self.child_opts(depends_on=[ns]),
        )
        db = target.database.database(self, name, "mlflow", spec.database, NAMESPACE, [ns])
        assert target.bucket is not None
        artifacts = pulumi.Output.from_input(target.bucket).apply(
            lambda b: artifact_root(facts.cloud, b, spec.artifact_prefix)
        )
        selector = {"app.kubernetes.io/name": "mlflow", "app.kubernetes.io/instance": name}
        k8s.apps.v1.Deployment(
            f"{name}-server",
            metadata={"name": "mlflow", "namespace": NAMESPACE, "labels": labels},
            spec={
                "replicas": spec.replicas,
                "selector": {"matchLabels": selector},
                "template": {
                    "metadata": {"labels": {**labels, **selector}},
                    "spec": {
                        "serviceAccountName": ACCOUNT,
                        "securityContext": restricted_pod_context(),
                        "containers": [
                            {
                                "name": "mlflow",
                                "image": IMAGE,
                                "command": ["mlflow"],
                                "args": artifacts.apply(server_args),
                                "ports": [{"name": "http", "containerPort": PORT}],
                                "env": _env(facts, db.secret_name),
                                "securityContext": restricted_container_context(),
                                "resources": {
                                    "requests": {"cpu": "500m", "memory": "1Gi"},
                                    "limits": {"memory": "2Gi"},
                                },
                                "readinessProbe": {"httpGet": {"path": "/health", "port": "http"}},
                                "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
                            }
                        ],
                        "volumes": [{"name": "tmp", "emptyDir": {}}],
                    },
                },
            },
            opts=self.child_opts(depends_on=[account, *db.waits]),
        )
        k8s.core.v1.Service(
            f"{name}-svc",
            **service_args(
                ACCOUNT,
                NAMESPACE,
                labels,
                selector,
                PORT,
                spec.exposure,
                facts.internal_lb_annotations,
                facts.cloud,
            ),
            opts=self.child_opts(depends_on=[ns]),
        )
        self.endpoint = internal_address(ACCOUNT, NAMESPACE, PORT)
        self.namespace = NAMESPACE
        self.register_outputs({"endpoint": self.endpoint})

    def summary(self) -> dict[str, Any]:
        """This server's plan row."""
        return summary(self.spec, self.facts)


def _env(facts: ServiceFacts, db_secret: str) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [
        {
            "name": "MLFLOW_BACKEND_STORE_URI",
            "valueFrom": {"secretKeyRef": {"name": db_secret, "key": "uri"}},
        },
        {"name": "HOME", "value": "/tmp"},
    ]
    if facts.region is not None and facts.cloud == "aws":
        env.append({"name": "AWS_DEFAULT_REGION", "value": facts.region})
    if facts.cloud == "onprem":
        from .rgw import s3_keys

        env += [
            {"name": "MLFLOW_S3_ENDPOINT_URL", "value": str(facts.s3_endpoint)},
            *s3_keys(facts.rgw_store, ACCOUNT).env(),
        ]
    return env
