"""docs/services.md stands: its services block validates on the shipped AWS stack and its job manifest
is a valid Kubernetes Job that queues through the team's LocalQueue."""

from __future__ import annotations

import copy
import re

import kubernetes_validate
import yaml

from aiinfra.blueprints import validate_platform

from conftest import REPO

DOC = REPO / "docs" / "services.md"


def _blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.S)


def test_services_block_validates_on_the_aws_stack() -> None:
    (block,) = [b for b in _blocks() if b.lstrip().startswith("services:")]
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    raw = copy.deepcopy(raw)
    raw["services"] = yaml.safe_load(block)["services"]
    config = validate_platform(raw)
    assert set(config.services.enabled()) == {"notebooks", "mlflow", "labeling"}


def test_job_manifest_is_a_valid_queued_job() -> None:
    (block,) = [b for b in _blocks() if "kind: Job" in b]
    job = yaml.safe_load(block)
    kubernetes_validate.validate(job, "1.32", strict=True)
    assert (
        job["metadata"]["labels"]["kueue.x-k8s.io/queue-name"] == "evals" and job["spec"]["suspend"] is True
    )
    env = {e["name"]: e["value"] for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MLFLOW_TRACKING_URI"] == "http://mlflow.mlflow.svc.cluster.local:5000"


def test_readme_links_the_guide() -> None:
    assert "[docs/services.md](docs/services.md)" in (REPO / "README.md").read_text()


def test_mlflow_image_hosts_and_memory_in_the_doc_match_the_code() -> None:
    from aiinfra.components.services import mlflow

    text = DOC.read_text()
    assert f"`{mlflow.IMAGE}`" in text and f"`{mlflow.IMAGE_PACKAGES[0]}`" in text
    assert all(f"`{h}`" in text for h in mlflow.allowed_hosts())
    assert f"{mlflow.MEMORY_REQUEST} requested, {mlflow.MEMORY_LIMIT} limit" in text
