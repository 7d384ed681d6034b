"""Live: the real MLflow server, as the platform deploys it, logs a run and an artifact.

The server is the exact Python package set of the pinned image variant (``mlflow.IMAGE_PACKAGES``, what
the image's Dockerfile installs) in its own venv, started with the container's ``command``, ``args``
and ``env`` read from the plan of the shipped ``onprem`` stack (S3 endpoint + keys, like moto), against
a real PostgreSQL (Debian's package, TLS on since the platform's URIs say ``sslmode=require``) and
moto S3 as the artifact store. Only two things differ from the pod, both loopback plumbing: the
listen address/port (``--host``/``--port``) and the S3 endpoint (the in-cluster RGW address). Clients
use the Service's DNS name: the client resolves it to the loopback port (as cluster DNS and
kube-proxy would), so the Host header is ``<svc>.<ns>.svc.cluster.local:<port>`` as in the cluster.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiinfra.components.services import mlflow as mlflow_component

from .live_servers import free_port, group_pss_bytes, image_venv, moto_s3, postgres_cluster, process
from conftest import cached_plan

# The first run installs the image's package set (minutes); later runs reuse it.
pytestmark = [pytest.mark.live, pytest.mark.slow, pytest.mark.timeout(2400)]

STACK = "onprem"
DB_PASSWORD = "mlflow-" + os.urandom(6).hex()
S3_KEYS = {"AWS_ACCESS_KEY_ID": "aiinfra-live", "AWS_SECRET_ACCESS_KEY": "aiinfra-live-secret"}
CLIENT = r"""
import json, socket, sys, tempfile, pathlib
url, real_port = sys.argv[1], int(sys.argv[2])
host = url.split("//", 1)[1].split(":", 1)[0]
resolve = socket.getaddrinfo
def cluster_dns(name, port, *args, **kwargs):  # the Service name -> the loopback server
    if name == host:
        return resolve("127.0.0.1", real_port, *args, **kwargs)
    return resolve(name, port, *args, **kwargs)
socket.getaddrinfo = cluster_dns
import mlflow
from mlflow.tracking import MlflowClient
mlflow.set_tracking_uri(url)
mlflow.set_experiment("live")
with mlflow.start_run() as run:
    mlflow.log_param("pool", "h100-train")
    mlflow.log_metric("loss", 0.25, step=1)
    d = pathlib.Path(tempfile.mkdtemp())
    (d / "notes.txt").write_text("logged through the tracking server")
    mlflow.log_artifact(str(d / "notes.txt"))
client = MlflowClient(url)
got = client.get_run(run.info.run_id)
back = pathlib.Path(client.download_artifacts(run.info.run_id, "notes.txt", tempfile.mkdtemp()))
print(json.dumps({
    "run_id": run.info.run_id,
    "artifact_uri": got.info.artifact_uri,
    "metrics": got.data.metrics,
    "params": got.data.params,
    "artifacts": [f.path for f in client.list_artifacts(run.info.run_id)],
    "artifact_text": back.read_text(),
}))
"""


def planned_server() -> tuple[dict, dict]:
    """The MLflow container and Service of the shipped stack's plan."""
    resources = cached_plan(STACK).run.resources
    (deploy,) = [
        r
        for r in resources
        if r.type == "kubernetes:apps/v1:Deployment" and r.name.endswith("-mlflow-server")
    ]
    (svc,) = [
        r for r in resources if r.type == "kubernetes:core/v1:Service" and r.name.endswith("-mlflow-svc")
    ]
    (container,) = deploy.inputs["spec"]["template"]["spec"]["containers"]
    return container, svc.inputs


def service_url(svc: dict) -> str:
    """``http://<svc>.<ns>.svc.cluster.local:<port>`` from the planned Service."""
    meta, (port,) = svc["metadata"], svc["spec"]["ports"]
    return f"http://{meta['name']}.{meta['namespace']}.svc.cluster.local:{int(port['port'])}"


def server_env(container: dict, backend_uri: str, s3_endpoint: str, venv: Path) -> dict[str, str]:
    """The container's env with its Secret references filled in (an unknown reference fails)."""
    env: dict[str, str] = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true"}
    for e in container["env"]:
        if "value" in e:
            env[e["name"]] = str(e["value"])
            continue
        ref = e["valueFrom"]["secretKeyRef"]
        if e["name"] == "MLFLOW_BACKEND_STORE_URI":
            assert ref["key"] == "uri", ref
            env[e["name"]] = backend_uri
        elif e["name"] in S3_KEYS:
            env[e["name"]] = S3_KEYS[e["name"]]
        else:
            raise AssertionError(f"the live test does not know the Secret behind env {e['name']}: {ref}")
    assert "MLFLOW_S3_ENDPOINT_URL" in env, "the onprem plan no longer sets the S3 endpoint"
    env["MLFLOW_S3_ENDPOINT_URL"] = s3_endpoint  # the in-cluster RGW address -> moto on loopback
    return env


def server_argv(container: dict, env: dict[str, str], port: int) -> list[str]:
    """``command + args`` with ``$(VAR)`` expanded as the kubelet does; listen on loopback ``port``."""
    args = []
    for a in container["args"]:
        a = re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], a)
        if a.startswith("--host="):
            a = "--host=127.0.0.1"
        elif a.startswith("--port="):
            a = f"--port={port}"
        args.append(a)
    (command,) = container["command"]
    return [command, *args]


@pytest.fixture(scope="session")
def mlflow_venv() -> Path:
    """The pinned image's package set, installed once (cached under AIINFRA_LIVE_CACHE)."""
    name = mlflow_component.IMAGE.rsplit("/", 1)[1].replace(":", "-")
    return image_venv(name, mlflow_component.IMAGE_PACKAGES)


@pytest.fixture(scope="module")
def backing() -> Iterator[dict]:
    """PostgreSQL with the ``mlflow`` database and role, and moto S3 with the cold bucket."""
    import boto3

    container, _ = planned_server()
    (dest,) = [a.split("=", 1)[1] for a in container["args"] if a.startswith("--artifacts-destination=")]
    bucket, prefix = dest.removeprefix("s3://").split("/", 1)
    with postgres_cluster() as pg, moto_s3() as s3_url:
        pg.psql(f"CREATE ROLE mlflow LOGIN PASSWORD '{DB_PASSWORD}'")
        pg.psql("CREATE DATABASE mlflow OWNER mlflow")
        s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", **_boto_keys())
        s3.create_bucket(Bucket=bucket)
        uri = f"postgresql://mlflow:{DB_PASSWORD}@127.0.0.1:{pg.port}/mlflow?sslmode=require"
        yield {"pg": pg, "s3_url": s3_url, "s3": s3, "bucket": bucket, "prefix": prefix, "uri": uri}


def _boto_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    }


def start_server(container: dict, env: dict[str, str], venv: Path, log: Path):
    """The server as the pod runs it, on a free loopback port: that port and the context that runs it."""
    port = free_port()
    argv = server_argv(container, env, port)
    argv[0] = str(venv / "bin" / argv[0])
    return port, process(argv, env, port, log, deadline_s=180)


def request_status(
    port: int, host: str, path: str = "/api/2.0/mlflow/experiments/search?max_results=1"
) -> int:
    """Status of a GET to the server on loopback with ``host`` as the Host header."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host})
        return conn.getresponse().status
    finally:
        conn.close()


def test_image_variant_carries_the_postgres_driver_and_s3_client(mlflow_venv: Path) -> None:
    """The core image would not: mlflow's own metadata puts psycopg2 and boto3 behind extras."""
    code = (
        "import importlib.metadata as m, json;"
        "print(json.dumps({'requires': m.requires('mlflow'), 'version': m.version('mlflow'),"
        " 'have': [d for d in ('psycopg2-binary', 'boto3') if m.distribution(d)]}))"
    )
    out = json.loads(
        subprocess.run(
            [str(mlflow_venv / "bin" / "python"), "-c", code],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    assert out["version"] == mlflow_component.VERSION
    core = [r for r in out["requires"] if "extra ==" not in r]
    assert not [r for r in core if r.lower().startswith(("psycopg", "boto3"))], core
    assert (
        'psycopg2-binary; extra == "db"' in out["requires"] and 'boto3; extra == "extras"' in out["requires"]
    )
    assert out["have"] == ["psycopg2-binary", "boto3"]


def test_mlflow_logs_a_run_and_an_artifact_through_the_service_name(
    mlflow_venv: Path, backing: dict, tmp_path: Path
) -> None:
    container, svc = planned_server()
    assert container["image"] == mlflow_component.IMAGE
    env = server_env(container, backing["uri"], backing["s3_url"], mlflow_venv)
    url = service_url(svc)
    port, running = start_server(container, env, mlflow_venv, tmp_path / "mlflow.log")
    with running as server:
        host = url.removeprefix("http://")
        assert request_status(port, host) == 200
        assert request_status(port, "mlflow.evil.example:5000") == 403
        assert request_status(port, f"127.0.0.1:{port}") == 403  # the list replaces the default
        client = tmp_path / "client.py"
        client.write_text(CLIENT)
        done = subprocess.run(
            [str(mlflow_venv / "bin" / "python"), str(client), url, str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:] + _tail(tmp_path / "mlflow.log")
        got = json.loads(done.stdout.strip().splitlines()[-1])
        pss = group_pss_bytes(server.pid)
    limit = quantity_bytes(container["resources"]["limits"]["memory"])
    assert pss < limit, (
        f"the server's processes use {pss / 2**20:.0f} MiB (PSS), over the {limit / 2**20:.0f} MiB limit"
    )
    assert got["metrics"] == {"loss": 0.25} and got["params"] == {"pool": "h100-train"}
    assert got["artifacts"] == ["notes.txt"] and got["artifact_text"] == "logged through the tracking server"
    assert got["artifact_uri"].startswith("mlflow-artifacts:/")
    # the run is in PostgreSQL, the artifact in the bucket under the service's prefix
    pg = backing["pg"]
    assert pg.psql(f"SELECT status FROM runs WHERE run_uuid = '{got['run_id']}'", db="mlflow") == "FINISHED"
    keys = [o["Key"] for o in backing["s3"].list_objects_v2(Bucket=backing["bucket"]).get("Contents", [])]
    assert [
        k
        for k in keys
        if k.startswith(backing["prefix"]) and k.endswith(f"{got['run_id']}/artifacts/notes.txt")
    ], keys


def test_default_allowed_hosts_refuse_the_service_name(
    mlflow_venv: Path, backing: dict, tmp_path: Path
) -> None:
    """Without MLFLOW_SERVER_ALLOWED_HOSTS (the plan before the fix) the Service name gets 403."""
    container, svc = planned_server()
    env = server_env(container, backing["uri"], backing["s3_url"], mlflow_venv)
    assert env.pop(mlflow_component.ALLOWED_HOSTS_ENV).split(",") == [
        h.removeprefix("http://") for h in _service_spellings(svc)
    ]
    port, running = start_server(container, env, mlflow_venv, tmp_path / "mlflow-default.log")
    with running:
        assert request_status(port, service_url(svc).removeprefix("http://")) == 403
        assert request_status(port, f"127.0.0.1:{port}") == 200  # the default admits loopback only
        assert request_status(port, service_url(svc).removeprefix("http://"), "/health") == 200  # exempt


def _service_spellings(svc: dict) -> list[str]:
    meta, (port,) = svc["metadata"], svc["spec"]["ports"]
    name, ns = meta["name"], meta["namespace"]
    return [
        f"{n}:{int(port['port'])}"
        for n in (name, f"{name}.{ns}", f"{name}.{ns}.svc", f"{name}.{ns}.svc.cluster.local")
    ]


def quantity_bytes(quantity: str) -> int:
    """A Kubernetes memory quantity in bytes (binary suffixes, as the platform writes them)."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return int(quantity[:-2]) * units[quantity[-2:]]


def _tail(log: Path) -> str:
    return f"\n--- server log ---\n{log.read_text(errors='replace')[-3000:]}"
