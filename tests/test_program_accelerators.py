"""``aiinfra plan --program`` counts accelerators asked for through SageMaker AI instance types and
Karpenter NodePools (tests/projects/accelerators), with exact counts and every ask it cannot count."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from aiinfra.cli.main import main
from aiinfra.components.catalog import lookup, machines
from aiinfra.program_accelerators import _matches, gpu_name, karpenter_pools, sagemaker_pools

PROJECT = Path(__file__).resolve().parent / "projects" / "accelerators"


@pytest.fixture(scope="module")
def summary() -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["plan", "--program", str(PROJECT), "--format", "json"])
    return json.loads(out.getvalue())["stacks"][0]["summary"]


def test_every_ask_is_counted_exactly(summary: dict) -> None:
    rows = {
        a["pool"]: (
            a["machine_type"],
            a["accelerator"],
            a["per_node"],
            a["max_nodes"],
            a["total"],
            a["capacity"],
        )
        for a in summary["accelerators"]
    }
    assert rows == {
        "serving/primary": ("ml.g5.2xlarge", "NVIDIA A10G", 1, 2, 2, "on_demand"),
        "serving/shadow": ("ml.p4d.24xlarge", "NVIDIA A100", 8, 3, 24, "on_demand"),  # managed scaling max 3
        "notebook": ("ml.g5.xlarge", "NVIDIA A10G", 1, 1, 1, "on_demand"),
        "pretrain": ("ml.p5.48xlarge", "NVIDIA H100", 8, 4, 32, "spot"),
        "pretrain/eval": ("ml.g5.12xlarge", "NVIDIA A10G", 4, 2, 8, "spot"),
        "g5-any": ("g5.xlarge", "NVIDIA A10G", 1, 16, 16, "on_demand"),  # nvidia.com/gpu limit 16
        "h100": ("p5.48xlarge", "NVIDIA H100", 8, 8, 64, "on_demand"),  # limit "64", gpu-name h100, count > 4
    }
    assert summary["accelerator_total"] == 2 + 24 + 1 + 32 + 8 + 16 + 64 == 147


def test_karpenter_rows_list_their_candidates(summary: dict) -> None:
    rows = {a["pool"]: a for a in summary["accelerators"]}
    assert rows["h100"]["candidates"] == ["p5.48xlarge"]
    assert rows["g5-any"]["candidates"] == [
        "g5.xlarge",
        "g5.2xlarge",
        "g5.4xlarge",
        "g5.8xlarge",
        "g5.16xlarge",
        "g5.12xlarge",
        "g5.24xlarge",
        "g5.48xlarge",
    ]


def test_sagemaker_and_karpenter_pools_are_not_priced_at_ec2_list_prices(summary: dict) -> None:
    assert {a["pool"] for a in summary["accelerators"] if a["usd_per_hour"] is None} == {
        "serving/primary",
        "serving/shadow",
        "notebook",
        "pretrain",
        "pretrain/eval",
        "g5-any",
        "h100",
    }


def test_what_cannot_be_counted_is_listed_with_the_reason(summary: dict) -> None:
    skipped = {n["pool"]: n for n in summary["accelerators_not_counted"]}
    assert set(skipped) == {
        "serving/legacy",
        "gpu-unbounded",
        "t4",
    }  # the CPU variant and CPU NodePool are no asks
    assert skipped["serving/legacy"]["machine_type"] == "ml.g4dn.xlarge"
    assert skipped["serving/legacy"]["reason"] == "not in the catalog"
    assert "no spec.limits['nvidia.com/gpu']" in skipped["gpu-unbounded"]["reason"]
    assert skipped["t4"]["reason"] == "no catalog entry matches its requirements"


def test_text_plan_names_what_was_not_counted(capsys) -> None:
    main(["plan", "--program", str(PROJECT)])
    text = capsys.readouterr().out
    assert "  total 147 accelerators" in text
    line = "not counted: serving/legacy (ml.g4dn.xlarge): not in the catalog"
    assert line in text
    docs = (Path(__file__).resolve().parents[1] / "docs" / "reading-the-plan.md").read_text(encoding="utf-8")
    assert line in docs  # the docs quote the real output


def test_gpu_name_is_karpenters_lower_kebab_name() -> None:
    assert gpu_name("NVIDIA A10G") == "a10g"
    assert gpu_name("NVIDIA L40S") == "l40s"
    assert gpu_name("NVIDIA H100") == "h100"


@pytest.mark.parametrize(
    ("requirement", "matches"),
    [
        ({"key": "karpenter.k8s.aws/instance-gpu-count", "operator": "Gt", "values": ["4"]}, False),
        ({"key": "karpenter.k8s.aws/instance-gpu-count", "operator": "Lt", "values": ["2"]}, True),
        ({"key": "karpenter.k8s.aws/instance-family", "operator": "NotIn", "values": ["g5"]}, False),
        ({"key": "karpenter.k8s.aws/instance-category", "operator": "In", "values": ["g"]}, True),
        (
            {"key": "karpenter.k8s.aws/instance-gpu-manufacturer", "operator": "In", "values": ["nvidia"]},
            True,
        ),
        ({"key": "karpenter.k8s.aws/instance-accelerator-count", "operator": "Exists"}, False),
        ({"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["us-east-1a"]}, True),
    ],
)
def test_requirement_operators_on_the_well_known_labels(requirement: dict, matches: bool) -> None:
    assert _matches(lookup("g5.2xlarge"), requirement) is matches


def test_neuron_nodepool_counts_neuron_devices() -> None:
    pool = SimpleNamespace(
        type="kubernetes:karpenter.sh/v1:NodePool",
        name="trn",
        inputs={
            "spec": {
                "template": {
                    "spec": {
                        "requirements": [
                            {
                                "key": "node.kubernetes.io/instance-type",
                                "operator": "In",
                                "values": ["trn1.32xlarge"],
                            }
                        ]
                    }
                },
                "limits": {"aws.amazon.com/neuron": 32},
            }
        },
    )
    counted, skipped = karpenter_pools([pool], machines())
    assert skipped == [] and [(c["candidates"][0].machine_type, c["max"], c["total"]) for c in counted] == [
        ("trn1.32xlarge", 2, 32)
    ]


def test_only_ml_instance_types_are_sagemaker_asks() -> None:
    job = SimpleNamespace(
        type="aws:sagemaker/trainingJob:TrainingJob",
        name="t",
        inputs={"resourceConfig": {"instanceType": "local_gpu", "instanceCount": 1}},
    )
    assert sagemaker_pools([job]) == []
