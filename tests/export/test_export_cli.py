"""``aiinfra export`` on the command line, ``--format kubernetes``, and the bad-input contract (exit 2, one line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from aiinfra.export.kubernetes import api_version, export_manifests, to_yaml
from aiinfra.export.terraform import export_plan

from engine_helpers import run

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", "export", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true", "HOME": str(cwd)},
    )


def test_program_export_to_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    proc = _cli("--program", "examples/aws-gpu-pool", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    types = {r["type"] for r in doc["planned_values"]["root_module"]["resources"]}
    assert {"aws_eks_cluster", "aws_launch_template", "aws_eks_node_group", "aws_kms_key"} <= types
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aiinfra export: stack dev: ") and "converted" in lines[0]
    sources = {v["source"] for v in doc["aiinfra"]["resources"].values()}
    assert all(s and s.split(":")[0].endswith(".py") for s in sources), sources


def test_bad_input_is_exit_2_and_one_line(tmp_path: Path) -> None:
    for args, expected in (
        (("--format", "hcl"), "invalid choice: 'hcl'"),
        (("aws-training", "gcp-training"), "several stacks: give --output DIR"),
        (("aws-training", "--program", "examples/aws-gpu-pool"), "either STACK names or --program"),
        (("no-such-stack",), "stack 'no-such-stack' not found"),
    ):
        proc = _cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, lines)


def test_kubernetes_manifests() -> None:
    def program() -> None:
        import pulumi_kubernetes as k8s

        ns = k8s.core.v1.Namespace("ns", metadata={"name": "ml"})
        k8s.apps.v1.Deployment(
            "web",
            metadata={"namespace": ns.metadata.name, "name": "web"},
            spec={
                "replicas": 2,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {
                        "containers": [{"name": "c", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]
                    },
                },
            },
        )
        k8s.core.v1.NamespacePatch("patch", metadata={"name": "default", "labels": {"a": "b"}})
        k8s.helm.v3.Release("rel", chart="nginx", repository_opts={"repo": "https://example.invalid"})

    recorded = run(program)
    export = export_manifests(recorded)
    docs = list(yaml.safe_load_all(to_yaml(export)))
    assert [(d["apiVersion"], d["kind"], d["metadata"]["name"]) for d in docs] == [
        ("v1", "Namespace", "ml"),
        ("apps/v1", "Deployment", "web"),
    ]
    deployment = docs[1]
    assert deployment["spec"]["replicas"] == 2 and type(deployment["spec"]["replicas"]) is int
    assert deployment["metadata"]["namespace"] == "ml"
    assert sorted(s.type for s in export.skipped) == [
        "kubernetes:core/v1:NamespacePatch",
        "kubernetes:helm.sh/v3:Release",
    ]
    # the Terraform plan document lists the Kubernetes objects as exported elsewhere, never drops them
    plan_skipped = {
        s["type"]: s["reason"] for s in export_plan(recorded).document["aiinfra"]["not_converted"]
    }
    assert (
        plan_skipped["kubernetes:apps/v1:Deployment"] == "Kubernetes object: exported by --format kubernetes"
    )


def test_api_version() -> None:
    assert api_version("kubernetes:core/v1:Secret") == "v1"
    assert api_version("kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue") == "kueue.x-k8s.io/v1beta2"
