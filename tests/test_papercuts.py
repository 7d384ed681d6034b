"""Issue 30's papercuts: each one line naming field, value and what is allowed (exit 2), or the
agreement it was missing (check and plan counts, README command table)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main
from aiinfra.components.catalog import UnknownMachineType, lookup, machines
from aiinfra.errors import InputError

from conftest import REPO, cached_plan


def _shipped(stack: str) -> dict:
    return yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())["config"][
        "aiinfra:platform"
    ]


def _invalid(raw: dict) -> str:
    with pytest.raises(InputError) as err:
        validate_platform(raw)
    return str(err.value)


def test_a_gcp_pool_given_an_aws_type_names_its_cloud_and_the_gcp_types() -> None:
    raw = copy.deepcopy(_shipped("gcp-training"))
    raw["pools"][0].update(machine_type="p5.48xlarge", fabric={"type": "tcpxo"})
    message = _invalid(raw)
    assert "platform.pools[0].machine_type: machine type 'p5.48xlarge' belongs to aws, not gcp" in message
    assert "gcp types with NVIDIA H100: a3-highgpu-8g, a3-megagpu-8g" in message
    assert "types with tcpxo: none" not in message


def test_an_aws_pool_given_a_gcp_type_names_its_cloud() -> None:
    raw = copy.deepcopy(_shipped("aws-training"))
    raw["pools"][0]["machine_type"] = "a3-ultragpu-8g"
    message = _invalid(raw)
    assert "'a3-ultragpu-8g' belongs to gcp, not aws (aws types with NVIDIA H200: p5e.48xlarge" in message


def test_an_unknown_type_shows_the_closest_few_per_cloud_not_the_catalog() -> None:
    with pytest.raises(UnknownMachineType) as err:
        lookup("a3-megagpu-9g")
    message = str(err.value)
    assert "closest: gcp: a3-megagpu-8g, a2-megagpu-16g, a3-edgegpu-8g" in message
    listed = re.findall(r"[a-z0-9]+[.-][a-z0-9.-]+", message.split("closest:")[1])
    assert len(listed) <= 3 * 3 and len(machines()) > 50
    assert "aiinfra catalog" in message


def test_an_aws_type_asked_of_gcp_names_aws() -> None:
    with pytest.raises(UnknownMachineType, match="belongs to aws, not gcp"):
        lookup("p5.48xlarge", cloud="gcp")


@pytest.mark.parametrize(("value", "kind"), [("4", "a string"), (True, "a boolean")])
def test_integers_are_not_taken_from_strings_or_booleans(value, kind) -> None:
    raw = copy.deepcopy(_shipped("gcp-training"))
    raw["pools"][0]["max_nodes"] = value
    message = _invalid(raw)
    assert f"platform.pools[0].max_nodes: {value!r} is {kind}; give a whole number without quotes" in message


def test_integers_still_validate_as_numbers() -> None:
    raw = copy.deepcopy(_shipped("gcp-training"))
    raw["pools"][0]["max_nodes"] = 4
    assert validate_platform(raw).pools[0].max_nodes == 4


def test_cli_exits_2_on_a_quoted_integer(tmp_path: Path, capsys) -> None:
    doc = yaml.safe_load((REPO / "stacks" / "Pulumi.onprem.yaml").read_text())
    doc["config"]["aiinfra:platform"]["pools"][0]["nodes"] = "16"
    path = tmp_path / "Pulumi.quoted.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "platform.pools[0].nodes: '16' is a string" in err[0], err


def test_the_aws_node_pool_component_refuses_an_az_name_as_the_blueprint_does() -> None:
    from aiinfra.components.aws.nodepool import GpuNodePool
    from aiinfra.components.spec import AcceleratorPoolSpec

    pool = AcceleratorPoolSpec(name="train", machine_type="p5.48xlarge", max_nodes=2, zone="us-west-2a")
    with pytest.raises(ValueError, match="zone: 'us-west-2a' is an availability-zone name, not an AZ id"):
        GpuNodePool(
            "p",
            pool,
            lookup("p5.48xlarge"),
            cluster_name="c",
            kubernetes_version="1.33",
            node_role_arn="arn",
            cluster_security_group_id="sg",
            vpc_id="vpc",
            subnet_ids=["s"],
            node_key_arn="k",
            tags={},
        )
    raw = copy.deepcopy(_shipped("aws-training"))
    raw["pools"][0]["zone"] = "us-west-2a"
    assert "pools[0].zone: 'us-west-2a' is an availability-zone name" in _invalid(raw)


def test_gpu_notebooks_without_a_team_are_refused_where_teams_hold_the_quotas() -> None:
    raw = copy.deepcopy(_shipped("aws-training"))
    assert raw["scheduling"]["teams"] and raw["services"]["notebooks"].get("team")
    raw["services"]["notebooks"].pop("team")
    message = _invalid(raw)
    assert "services.notebooks.team: required when the pools' quotas belong to scheduling teams" in message
    assert "bypass every Kueue quota" in message


def test_deploy_without_the_pulumi_cli_says_how_to_install_it(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["deploy", "onprem"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "the Pulumi CLI ('pulumi') is not on PATH" in err[0] and "get.pulumi.com" in err[0]
    assert "Errno" not in err[0]


def test_plan_writes_its_report_to_output(tmp_path: Path, capsys) -> None:
    target = tmp_path / "plan.json"
    assert main(["plan", "onprem", "--format", "json", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    doc = json.loads(target.read_text())
    assert doc["stacks"][0]["stack"] == "onprem"


def test_plan_output_to_an_unwritable_path_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["plan", "onprem", "--output", str(tmp_path / "missing" / "plan.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("aiinfra plan: --output ")


@pytest.mark.parametrize("command", ["plan", "check", "preflight", "catalog"])
def test_format_has_help_text(command: str) -> None:
    out = subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    options = out.split("options:", 1)[1]
    entry = options.split("\n  --format", 1)[1].split("\n  -", 1)[0]  # up to the next option
    words = " ".join(entry.split())
    assert re.match(r"\{[a-z,]+\} \S", words), f"--format of {command} has no help: {words!r}"


@pytest.mark.parametrize("stack", ["aws-training", "onprem"])
def test_check_and_plan_count_the_same_resources(stack: str) -> None:
    from aiinfra.policies import evaluate

    plan = cached_plan(stack)
    result = evaluate(plan.run)
    providers = sum(1 for r in plan.run.resources if r.type.startswith("pulumi:providers:"))
    assert providers >= 1  # the stacks where the two used to differ
    assert result.resources_checked == plan.summary["resource_count"]


def test_readme_command_table_names_every_subcommand_and_check_framework() -> None:
    from aiinfra.cli.main import SUBCOMMANDS

    readme = (REPO / "README.md").read_text()
    table = [line for line in readme.splitlines() if line.startswith("| `aiinfra ")]
    named = {line.split("`aiinfra ")[1].split()[0].rstrip("`") for line in table}
    assert set(SUBCOMMANDS) <= named, set(SUBCOMMANDS) - named
    check_row = next(line for line in table if line.startswith("| `aiinfra check"))
    assert "--framework" in check_row and "--quiet" in check_row
