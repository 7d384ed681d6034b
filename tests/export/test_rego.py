"""A Rego policy written against Terraform plan JSON evaluates on the export (regopy, the Rego interpreter
of the OPA project's rego-cpp on PyPI): examples/opa/terraform_plan.rego, the one docs/ci.md runs with conftest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from regopy import Interpreter

from aiinfra.export.terraform import export_plan

from conftest import cached_plan
from engine_helpers import run

POLICY = Path(__file__).resolve().parents[2] / "examples" / "opa" / "terraform_plan.rego"


def deny(document: dict) -> list[str]:
    """The policy's ``deny`` set for one plan document."""
    rego = Interpreter()
    rego.add_module("terraform_plan", POLICY.read_text())
    rego.set_input_term(json.dumps(document))
    out = json.loads(str(rego.query("data.aiinfra.plan.deny")))
    assert "expressions" in out, out  # an error result has no expressions: fail, never pass silently
    return sorted(out["expressions"][0])


def _program(rotate: bool, encrypt: bool, ssh_cidr: str) -> None:
    import pulumi_aws as aws

    key = aws.kms.Key("key", enable_key_rotation=rotate)
    bucket = aws.s3.Bucket("data")
    if encrypt:
        aws.s3.BucketServerSideEncryptionConfiguration(
            "data-sse",
            bucket=bucket.id,
            rules=[
                {
                    "apply_server_side_encryption_by_default": {
                        "sse_algorithm": "aws:kms",
                        "kms_master_key_id": key.arn,
                    }
                }
            ],
        )
    sg = aws.ec2.SecurityGroup("sg", vpc_id="vpc-1")
    aws.vpc.SecurityGroupIngressRule(
        "ssh", security_group_id=sg.id, cidr_ipv4=ssh_cidr, from_port=22, to_port=22, ip_protocol="tcp"
    )


def test_compliant_program_passes() -> None:
    assert deny(export_plan(run(lambda: _program(True, True, "10.0.0.0/8"))).document) == []


def test_each_rule_fails_on_its_defect() -> None:
    found = deny(export_plan(run(lambda: _program(False, False, "0.0.0.0/0"))).document)
    assert found == [
        "aws_kms_key.key: enable_key_rotation is not true",
        "aws_s3_bucket.data: no aws_s3_bucket_server_side_encryption_configuration references it",
        "aws_vpc_security_group_ingress_rule.ssh: SSH open to 0.0.0.0/0",
    ]


def test_the_connection_rule_needs_the_rebuilt_references() -> None:
    """Without the references the export rebuilds from property dependencies, the bucket looks unencrypted."""
    document = export_plan(run(lambda: _program(True, True, "10.0.0.0/8"))).document
    for res in document["configuration"]["root_module"]["resources"]:
        res["expressions"] = {k: v for k, v in res["expressions"].items() if "references" not in v}
    assert deny(document) == [
        "aws_s3_bucket.data: no aws_s3_bucket_server_side_encryption_configuration references it"
    ]


@pytest.mark.slow
def test_shipped_aws_stack_passes() -> None:
    assert deny(export_plan(cached_plan("aws-training").run).document) == []
