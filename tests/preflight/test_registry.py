"""The check registry, invalid input, lazy imports, and the IAM policy documented in docs/preflight.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from aiinfra.errors import InputError
from aiinfra.preflight.registry import checks, permissions, register, resolve

DOC = Path(__file__).resolve().parents[2] / "docs" / "preflight.md"


def test_documented_policy_matches_registry() -> None:
    block = re.search(r"```json\n(\{\n  \"Version\".*?)\n```", DOC.read_text(), re.DOTALL)
    assert block, "docs/preflight.md lost its IAM policy block"
    [statement] = json.loads(block.group(1))["Statement"]
    assert statement["Action"] == permissions("aws")
    assert all(p.split(":")[0] in {"ec2", "servicequotas", "kms", "s3", "sts"} for p in statement["Action"])
    assert not [a for a in statement["Action"] if re.search(r":(Create|Put|Delete|Update|Enable|Request)", a)]


def test_every_check_is_documented() -> None:
    text = DOC.read_text()
    assert all(f"| `{spec.name}`" in text for spec in checks("aws"))


def test_blueprint_without_checks_is_one_clear_error() -> None:
    with pytest.raises(InputError) as caught:
        resolve(SimpleNamespace(blueprint="onprem"), "onprem")
    assert (
        str(caught.value)
        == "stack 'onprem' uses blueprint 'onprem'; preflight has checks for blueprints: aws, gcp, hybrid"
    )


def test_duplicate_registration_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("aws", "identity", "again", [])(lambda ctx: [])


def test_bad_preflight_settings_name_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aiinfra.cli.main import main

    from .support import write_stack

    stack = write_stack(tmp_path, extra={"aiinfra:preflight": {"buckets": ["Not_A_Bucket"]}})
    assert main(["preflight", str(stack), "--offline"]) == 2
    assert capsys.readouterr().err.startswith("aiinfra preflight: aiinfra:preflight.buckets[0]:")


def test_cli_module_does_not_import_boto3() -> None:
    code = "import sys, aiinfra.cli.preflight; print('boto3' in sys.modules, 'botocore' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False False"


def test_offline_text_says_nothing_was_verified(capsys: pytest.CaptureFixture[str]) -> None:
    from aiinfra.cli.main import main

    assert main(["preflight", "aws-training", "--offline"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("preflight aws-training (aws, us-west-2)\nSTATUS")
    assert (
        "SKIPPED  vcpu-quota             l40s-infer  not verified (offline): needs 192 vCPUs of L-3819A6DF"
        in out
    )
    assert out.rstrip().endswith(
        "offline: nothing was verified against the account; exit 0 only because --offline was asked for"
    )


def test_hybrid_stacks_bursting_to_aws_get_the_aws_checks() -> None:
    from aiinfra.plan import validated_config
    from aiinfra.stacks import load_stack

    config = validated_config(load_stack("hybrid-aws"))
    cloud, target = resolve(config, "hybrid-aws")
    assert cloud == "aws"
    assert target.region == config.cloud.region
    assert target.key_aliases[0] == f"alias/{config.cloud.name}-keys-cluster"
    cloud, gcp_target = resolve(validated_config(load_stack("hybrid-gcp")), "hybrid-gcp")
    assert cloud == "gcp" and gcp_target.pools[0].name == "h100-burst"
