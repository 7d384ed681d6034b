"""examples/: each project plans and checks with ``--program DIR`` (0 mandatory violations, no waivers),
and the README's "Using the components in your own program" snippet is one of them verbatim."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aiinfra.cli.main import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.name for p in (REPO / "examples").iterdir() if (p / "Pulumi.yaml").is_file())
PLAN_KEYS = {"stack", "blueprint", "resources", "outputs", "summary", "violations"}
RESOURCE_KEYS = {"urn", "type", "name", "parent", "inputs", "protect", "retain_on_delete", "dependencies"}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_three_kinds_of_example_ship() -> None:
    assert EXAMPLES == ["aws-gpu-pool", "gcp-gpu-pool", "kubernetes-gpu"]
    for name in EXAMPLES:
        assert (REPO / "examples" / name / "Pulumi.dev.yaml").is_file()


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_checks_clean(capsys, example: str) -> None:
    code, out, err = cli(
        capsys, "check", "--program", f"examples/{example}", "--format", "json", "--require-coverage"
    )
    doc = json.loads(out)
    assert code == 0, err
    assert doc["summary"]["mandatory_unwaived"] == 0 and doc["summary"]["waived"] == 0
    assert doc["coverage"]["resources_judged"] >= 1 and doc["coverage"]["not_judged"] == 0


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_plans_with_the_plan_contract(capsys, example: str) -> None:
    code, out, _ = cli(capsys, "plan", "--program", f"examples/{example}", "--format", "json")
    assert code == 0
    (stack,) = json.loads(out)["stacks"]
    assert set(stack) >= PLAN_KEYS and stack["stack"] == "dev" and stack["blueprint"] == "program"
    assert stack["resources"] and all(set(r) >= RESOURCE_KEYS for r in stack["resources"])
    summary = stack["summary"]
    assert {"resource_count", "accelerators", "estimated_usd_per_hour", "critical_path", "coverage"} <= set(
        summary
    )
    assert summary["resource_count"] == sum(1 for r in stack["resources"] if r["custom"])


def test_aws_example_plan_text_has_the_stack_summary(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--program", "examples/aws-gpu-pool")
    assert code == 0
    assert out.startswith("Stack dev of project ml-platform (program): ")
    assert "├─ aiinfra:aws:GpuNodePool  ml-h100" in out
    assert re.search(r"ml-h100-ng\s+4 x p5\.48xlarge\s+32 x NVIDIA H100\s+efa x32\s+capacity_block", out)
    assert (
        "total 32 accelerators" in out
        and "Critical path: ~" in out
        and "Policy verdicts: 0 finding(s)" in out
    )
    assert "aws:eks/nodeGroup:NodeGroup::ml-h100-ng" in out  # on the critical path
    assert "judged " in out


def test_gcp_example_accelerators(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--program", "examples/gcp-gpu-pool", "--format", "json")
    (row,) = json.loads(out)["stacks"][0]["summary"]["accelerators"]
    assert (row["machine_type"], row["max_nodes"], row["total"], row["capacity"]) == (
        "g2-standard-24",
        4,
        8,
        "spot",
    )
    _, out, _ = cli(
        capsys,
        "plan",
        "--program",
        "examples/gcp-gpu-pool",
        "--format",
        "json",
        "--config-value",
        "maxNodes=2",
    )
    assert json.loads(out)["stacks"][0]["summary"]["accelerators"][0]["total"] == 4


def test_kubernetes_example_reads_its_manifest_relative_to_the_project(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--program", "examples/kubernetes-gpu", "--format", "json")
    types = {r["type"] for r in json.loads(out)["stacks"][0]["resources"]}
    assert {
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:ResourceQuota",
        "kubernetes:helm.sh/v3:Release",
    } <= types
    assert not any(t.startswith(("aws:", "gcp:")) for t in types)


def test_readme_snippet_is_the_aws_example_verbatim() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Using the components in your own program", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the section shows a Python snippet"
    assert blocks[0] == (REPO / "examples" / "aws-gpu-pool" / "__main__.py").read_text()


def test_kubernetes_example_objects_validate_against_the_kubernetes_openapi(capsys) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    from onprem.k8s_objects import objects_of
    from onprem.test_schemas import K8S_VERSION

    from aiinfra.engine.host import run_project
    from aiinfra.engine.project import load_project
    from aiinfra.engine.values import unwrap_secrets

    run = run_project(load_project(REPO / "examples" / "kubernetes-gpu")).run
    core = [
        (o, r) for o, r in objects_of(run) if "/" not in o["apiVersion"] or o["apiVersion"].startswith("v1")
    ]
    assert {o["kind"] for o, _ in core} >= {"Namespace", "ResourceQuota", "Secret", "ConfigMap"}
    for obj, rec in core:
        obj = unwrap_secrets(obj)  # the placeholder secret stands in for the value
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{rec.name} ({obj['kind']}): {exc.message} at {list(exc.path)}")
