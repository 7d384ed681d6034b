"""MLflow tracking server and model registry on the platform.

- Image ``ghcr.io/mlflow/mlflow:v3.18.0-full``: the official image's ``-full`` variant. mlflow/mlflow
  ``docker/README.md`` (read 2026-12-07): ``mlflow:VERSION`` "contains only the core MLflow package
  [...] backend store databases, artifact stores [...] will not work"; ``mlflow:VERSION-full`` adds the
  database drivers (psycopg2 and psycopg 3) and the S3/Azure/GCS clients (from v3.9.0 on). The plain
  ``v3.18.0`` tag therefore cannot open the PostgreSQL backend. ``docker/Dockerfile.full`` installs
  :data:`IMAGE_PACKAGES` on ``python:3.11-slim-bookworm`` (read at an indexed commit 092ba8b14c94 of
  the default branch; that it is byte-identical at tag v3.18.0, and the ``v<release>-full`` tag
  spelling, are unverified: the repository snapshot was too large to fetch whole). The live test
  (tests/services/test_mlflow_live.py) runs exactly that package set.
- Host header check (MLflow >= 3.5; read in the mlflow 3.18.0 wheel from PyPI, ``mlflow/server/
  security_utils.py``, ``utils/cli_args.py``): ``--allowed-hosts`` / ``MLFLOW_SERVER_ALLOWED_HOSTS``,
  comma-separated; default localhost (any port) and private IP literals only, so a client that uses
  the Service's DNS name gets 403 "Invalid Host header". Entries are compared with the whole Host
  header (``host:port`` when the port is not the scheme default), exactly unless they contain ``*``
  (fnmatch); ``/health`` and ``/version`` are exempt (the readiness probe). The server gets
  :func:`allowed_hosts`: the Service's four DNS spellings with the port, nothing broader (setting the
  list replaces the default, so pod IPs are refused too).
- Backend: the service's PostgreSQL database (RDS, Cloud SQL private IP, or CloudNativePG), URI from
  its credentials Secret. The model registry uses the same database-backed store (MLflow's default
  when the backend store is a database), so registered model versions, stages/aliases and their
  source runs are recorded there.
- Artifacts: ``--artifacts-destination <s3|gs>://<cold bucket>/<artifact_prefix>`` with
  ``--serve-artifacts`` (clients upload through the server, so only the server's identity reaches the
  bucket; that identity is scoped to the prefix, and the bucket's default encryption is the cold key).
- Pods: restricted pod security, own ServiceAccount, read-only root with an emptyDir ``/tmp``.
- Probes on ``/health`` at the server port (:func:`probes`): readiness, liveness (a hung server is
  restarted; AIP-K8S-050, Checkov CKV_K8S_8) and a startup probe that holds liveness off while the
  first start migrates the database schema.
- Secrets: the backend URI (with the database password) and, on-prem, the S3 keys reach the container
  only through ``secretKeyRef`` (AIP-K8S-051 refuses literal credentials in ``env``). Checkov's
  CKV_K8S_35 (secrets as files, not env) is not followed: ``mlflow server`` reads the URI only from
  its flag or environment, boto3 its keys from the environment or an INI file the Secrets do not
  hold; reason in policies/checkov_skips.yaml.

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

VERSION = "3.18.0"
IMAGE = f"ghcr.io/mlflow/mlflow:v{VERSION}-full"
IMAGE_PACKAGES = (f"mlflow[extras,azure,db,gateway,genai,auth]=={VERSION}",)
"""What ``docker/Dockerfile.full`` pip-installs (``mlflow[extras,azure,db,gateway,genai,auth]==$VERSION``)."""
ALLOWED_HOSTS_ENV = "MLFLOW_SERVER_ALLOWED_HOSTS"
MEMORY_REQUEST, MEMORY_LIMIT = "3Gi", "4Gi"
"""``mlflow server`` 3.18.0 with these args starts 4 uvicorn workers, a job runner and 8 huey
consumers (17 processes); their summed PSS was 2583 MiB after logging one run (the live test,
2026-12-07), over the former 2Gi limit. The live test asserts the server stays under the limit."""
NAMESPACE = "mlflow"
PORT = 5000
ACCOUNT = "mlflow"
HEALTH_PATH = "/health"
"""MLflow's health endpoint: ``mlflow/server/__init__.py`` routes ``/health`` to a handler answering
``OK`` (mlflow 3.18.0 wheel from PyPI, read 2026-12-07; exempt from the host-header check)."""


def probes() -> dict[str, dict[str, Any]]:
    """Readiness, liveness and startup probes on :data:`HEALTH_PATH` at the named port ``http``.

    Startup allows 5 minutes (30 x 10 s) for the first start's schema migration; then liveness
    restarts a server that failed 3 checks 20 s apart (a minute)."""
    get = {"httpGet": {"path": HEALTH_PATH, "port": "http"}}
    return {
        "readinessProbe": {**get, "periodSeconds": 10, "timeoutSeconds": 5},
        "livenessProbe": {**get, "periodSeconds": 20, "timeoutSeconds": 5, "failureThreshold": 3},
        "startupProbe": {**get, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 30},
    }


def artifact_root(cloud: str, bucket: str, prefix: str) -> str:
    """The artifact destination URI on the cold tier."""
    return f"{'gs' if cloud == 'gcp' else 's3'}://{bucket}/{prefix}"


def allowed_hosts(service: str = ACCOUNT, namespace: str = NAMESPACE, port: int = PORT) -> list[str]:
    """The Host headers clients send for the Service: ``name``, ``name.ns``, ``name.ns.svc`` and
    ``name.ns.svc.cluster.local``, each with the Service port (clients send it: it is not 80)."""
    names = [
        service,
        f"{service}.{namespace}",
        f"{service}.{namespace}.svc",
        f"{service}.{namespace}.svc.cluster.local",
    ]
    return [f"{n}:{port}" for n in names]


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
                                    "requests": {"cpu": "500m", "memory": MEMORY_REQUEST},
                                    "limits": {"memory": MEMORY_LIMIT},
                                },
                                **probes(),
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
        {"name": ALLOWED_HOSTS_ENV, "value": ",".join(allowed_hosts())},
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
