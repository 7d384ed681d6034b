"""Services spec errors: exit 2 naming the field, nothing registered."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main
from aiinfra.errors import InputError

from conftest import REPO


def _shipped(stack: str) -> dict:
    return yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())["config"][
        "aiinfra:platform"
    ]


def _with(stack: str, path: list, value, *more: tuple[list, object]) -> dict:
    raw = copy.deepcopy(_shipped(stack))
    for where, what in ((path, value), *more):
        node = raw
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = what  # None: null in the stack file (a tier switched off)
    return raw


CASES = [
    # (stack, path, value, field named in the message, words of the message)
    (
        "aws-training",
        ["services", "notebooks", "authenticator"],
        "dummy",
        "services.notebooks.authenticator",
        "'dev'",
    ),
    (
        "onprem",
        ["services", "notebooks", "authenticator"],
        "dummy",
        "services.notebooks.authenticator",
        "'prod'",
    ),
    ("aws-training", ["storage", "cold"], None, "services.mlflow", "storage.cold"),
    ("gcp-training", ["storage", "cold"], None, "services.mlflow", "cold tier"),
    (
        "aws-training",
        ["services", "notebooks", "profiles"],
        [{"pool": "a100-gone"}],
        "services.notebooks.profiles[0].pool",
        "'a100-gone' is not a pool",
    ),
    ("gcp-training", ["services", "notebooks", "team"], "nobody", "services.notebooks.team", "'nobody'"),
    (
        "aws-training",
        ["services", "mlflow", "exposure"],
        {"mode": "public"},
        "services.mlflow.exposure",
        "public_exception",
    ),
    ("onprem", ["services", "notebooks", "oidc"], None, "services.notebooks.oidc", "required"),
    ("onprem", ["storage", "warm"], None, "services.notebooks", "storage.warm"),
]


@pytest.mark.parametrize(
    ("stack", "path", "value", "field", "words"), CASES, ids=[c[3] + f"@{c[0]}" for c in CASES]
)
def test_bad_services_fail_naming_the_field(stack, path, value, field, words) -> None:
    no_hot = (["storage", "hot"], None)  # the hot tier imports from the cold one
    no_prometheus = (["observability", "enabled"], False)  # on-prem Prometheus also needs the warm tier
    extra = {("storage", "cold"): [no_hot], ("storage", "warm"): [no_prometheus]}.get(tuple(path), [])
    with pytest.raises(InputError) as err:
        validate_platform(_with(stack, path, value, *extra))
    message = str(err.value)
    assert field in message and words in message, message


def test_dummy_authenticator_is_fine_in_dev() -> None:
    raw = _with("aws-training", ["services", "notebooks", "authenticator"], "dummy")
    raw["environment"] = "dev"
    config = validate_platform(raw)
    assert config.services.notebooks.authenticator == "dummy"


def test_public_exposure_with_a_written_exception_validates() -> None:
    raw = _with(
        "aws-training",
        ["services", "mlflow", "exposure"],
        {"mode": "public", "public_exception": "CHG-42 demo"},
    )
    assert validate_platform(raw).services.mlflow.exposure.mode == "public"


def test_hybrid_cloud_side_takes_no_services() -> None:
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.hybrid-gcp.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    raw["cloud"]["services"] = {"mlflow": {}}
    with pytest.raises(
        InputError, match=r"cloud.services: a hybrid platform's services live on the on-prem side"
    ):
        validate_platform(raw)


def test_cli_exits_2_and_registers_nothing(tmp_path: Path, capsys) -> None:
    doc = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    doc["config"]["aiinfra:platform"]["services"]["notebooks"]["profiles"] = [{"pool": "missing"}]
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert "services.notebooks.profiles[0].pool" in err and "'missing'" in err
