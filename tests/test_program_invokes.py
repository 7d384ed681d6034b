"""Every data source gets an answer: fixtures for the common lookups, SDK-derived shapes for the rest,
user-pinned answers from ``--invokes FILE.yaml``; synthetic answers are always reported."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pulumi
import pulumi._types as ptypes
import pulumi_aws as aws
import pulumi_gcp as gcp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiinfra.cli.main import main
from aiinfra.engine.fixtures import FixtureContext
from aiinfra.engine.invokes import FIXTURE, PINNED, SYNTHETIC, PinnedInvokes, answer, load_pinned
from aiinfra.engine.synth import result_type, synthesize
from aiinfra.errors import InputError

from engine_helpers import run

PROJECTS = Path(__file__).resolve().parent / "projects"
CTX = FixtureContext(stack="dev", project="p", aws_region="eu-west-1", gcp_project="proj-x")


@cache
def sdk_tokens() -> tuple[str, ...]:
    """Invoke tokens of the SDK's own data sources in a few busy modules (read from the SDK source)."""
    tokens = []
    for package, modules in (
        (aws, ("ec2", "iam", "eks", "s3", "kms")),
        (gcp, ("compute", "container", "kms")),
    ):
        root = Path(package.__file__).parent
        for module in modules:
            for file in sorted((root / module).glob("get_*.py")):
                match = re.search(r"invoke\('([^']+)'", file.read_text())
                if match:
                    tokens.append(match.group(1))
    return tuple(tokens)


def test_the_token_sample_is_large() -> None:
    assert len(sdk_tokens()) > 150


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sdk_tokens()))
def test_every_sdk_data_source_gets_a_well_shaped_answer(token: str) -> None:
    cls = result_type(token)
    assert cls is not None and ptypes.is_output_type(cls)
    result = synthesize(token, {}, CTX)
    fields = ptypes.output_type_types(cls)
    assert set(result) == set(fields)
    # the SDK's own result class accepts it (its __init__ type-checks every argument)
    py_names = {ptypes._py_name_for(cls, k) or k: v for k, v in result.items()}
    ptypes.output_type_from_dict(cls, result)
    assert synthesize(token, {}, CTX) == result  # deterministic
    assert py_names is not None


@pytest.mark.parametrize(
    ("token", "field", "pattern"),
    [
        ("aws:ec2/getVpcs:getVpcs", "ids", r"^vpc-[0-9a-f]{17}$"),
        ("aws:ec2/getSecurityGroups:getSecurityGroups", "ids", r"^sg-[0-9a-f]{17}$"),
        ("aws:ec2/getInstance:getInstance", "arn", r"^arn:aws:ec2:eu-west-1:123456789012:"),
        ("aws:iam/getRole:getRole", "arn", r"^arn:aws:iam:"),
        (
            "gcp:compute/getNetwork:getNetwork",
            "selfLink",
            r"^https://www.googleapis.com/compute/v1/projects/proj-x/",
        ),
        ("gcp:compute/getNetwork:getNetwork", "project", r"^proj-x$"),
    ],
)
def test_fields_are_shaped_by_their_names(token: str, field: str, pattern: str) -> None:
    value = synthesize(token, {}, CTX)[field]
    values = value if isinstance(value, list) else [value]
    assert values and all(re.match(pattern, v) for v in values), values


def test_unknown_invoke_in_a_program_is_answered_and_listed_as_synthetic() -> None:
    seen = {}

    def program() -> None:
        seen["roles"] = aws.iam.get_roles(name_regex="ci-.*")
        seen["zone"] = aws.route53.get_zone(name="example.com")

    result = run(program)
    assert result.synthetic_invokes == ("aws:iam/getRoles:getRoles",)
    assert len(seen["roles"].arns) == 2 and seen["roles"].name_regex == "ci-.*"
    assert re.match(r"^Z[0-9A-F]{20}$", seen["zone"].zone_id) and seen["zone"].name == "example.com"


@pytest.mark.parametrize(
    ("token", "args", "check"),
    [
        (
            "aws:ec2/getAmi:getAmi",
            {"owners": ["amazon"], "filters": [{"name": "name", "values": ["al2023-ami-*-arm64"]}]},
            lambda r: (
                re.match(r"^ami-0[0-9a-f]{16}$", r["imageId"])
                and r["architecture"] == "arm64"
                and r["ownerId"] == "137112412989"
            ),
        ),
        (
            "aws:ec2/getVpc:getVpc",
            {"default": True},
            lambda r: r["id"].startswith("vpc-") and r["cidrBlock"] == "172.31.0.0/16",
        ),
        (
            "aws:ec2/getSubnets:getSubnets",
            {},
            lambda r: len(r["ids"]) == 3 and all(i.startswith("subnet-") for i in r["ids"]),
        ),
        (
            "aws:ec2/getSubnet:getSubnet",
            {"id": "subnet-0abc"},
            lambda r: r["id"] == "subnet-0abc" and not r["mapPublicIpOnLaunch"],
        ),
        (
            "aws:ec2/getSecurityGroup:getSecurityGroup",
            {"name": "default"},
            lambda r: r["id"].startswith("sg-"),
        ),
        (
            "aws:route53/getZone:getZone",
            {"name": "example.org."},
            lambda r: r["name"] == "example.org" and len(r["nameServers"]) == 4,
        ),
        ("aws:index/getCallerIdentity:getCallerIdentity", {}, lambda r: r["accountId"] == "123456789012"),
        ("aws:index/getRegion:getRegion", {}, lambda r: r["region"] == "eu-west-1"),
        ("aws:index/getPartition:getPartition", {}, lambda r: r["partition"] == "aws"),
        (
            "aws:ssm/getParameter:getParameter",
            {"name": "/aws/service/eks"},
            lambda r: r["value"].startswith("ami-"),
        ),
        ("gcp:organizations/getClientConfig:getClientConfig", {}, lambda r: r["project"] == "proj-x"),
        (
            "gcp:compute/getImage:getImage",
            {"family": "debian-12", "project": "debian-cloud"},
            lambda r: r["selfLink"].endswith("/projects/debian-cloud/global/images/debian-12-v20261201"),
        ),
        ("gcp:compute/getZones:getZones", {}, lambda r: r["names"][0] == "us-central1-a"),
        (
            "kubernetes:yaml:decode",
            {"text": "a: 1\n---\nb: off\n"},
            lambda r: r["result"] == [{"a": 1}, {"b": False}],
        ),
    ],
)
def test_realistic_fixtures_for_common_lookups(token, args, check) -> None:
    result, origin = answer(token, args, CTX)
    assert origin == FIXTURE and check(result), result


def test_helm_template_is_synthetic() -> None:
    assert answer("kubernetes:helm:template", {"jsonOpts": "{}"}, CTX) == ({"result": []}, SYNTHETIC)


def test_pinned_answers_win_and_match_by_args(tmp_path) -> None:
    path = tmp_path / "invokes.yaml"
    path.write_text(
        "aws:ec2/getAmi:getAmi:\n  imageId: ami-0pinned\n"
        "aws:ec2/getVpc:getVpc:\n  - args: {default: true}\n    result: {id: vpc-0default}\n"
        "  - result: {id: vpc-0other}\n"
    )
    pinned = load_pinned(path)
    assert answer("aws:ec2/getAmi:getAmi", {"owners": ["amazon"]}, CTX, pinned) == (
        {"imageId": "ami-0pinned"},
        PINNED,
    )
    assert answer("aws:ec2/getVpc:getVpc", {"default": True}, CTX, pinned)[0] == {"id": "vpc-0default"}
    assert answer("aws:ec2/getVpc:getVpc", {"id": "x"}, CTX, pinned)[0] == {"id": "vpc-0other"}
    assert answer("aws:ec2/getSubnets:getSubnets", {}, CTX, pinned)[1] == FIXTURE


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- a\n", "expected a mapping of token to result"),
        ("getAmi: {}\n", "keys must be invoke tokens"),
        ("aws:ec2/getAmi:getAmi: [1]\n", "expected a result mapping or a list of {args, result} entries"),
        ("a: [\n", "not valid YAML"),
    ],
)
def test_bad_invokes_file_is_invalid_input(tmp_path, text: str, needle: str) -> None:
    path = tmp_path / "i.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(needle)):
        load_pinned(path)


def test_invokes_flag_pins_answers_in_a_program(capsys, tmp_path) -> None:
    path = tmp_path / "invokes.yaml"
    path.write_text(
        json.dumps(
            {
                "invokes": {
                    "aws:ec2/getInstanceType:getInstanceType": {
                        "gpuses": [
                            {"count": 4, "manufacturer": "NVIDIA", "name": "L40S", "memorySize": 49152}
                        ]
                    }
                }
            }
        )
    )
    code = main(["plan", "--program", str(PROJECTS / "site"), "--format", "json", "--invokes", str(path)])
    doc = json.loads(capsys.readouterr().out)["stacks"][0]
    assert code == 1 and doc["outputs"]["gpus"] == 4
    assert doc["summary"]["coverage"]["synthetic_invokes"] == []
    code = main(["check", "--program", str(PROJECTS / "site"), "--invokes", str(tmp_path / "missing.yaml")])
    assert code == 2 and "cannot read" in capsys.readouterr().err


def test_output_form_invokes_are_answered_too() -> None:
    captured = {}

    def program() -> None:
        captured["out"] = gcp.compute.get_network_output(name="default")
        pulumi.export("link", captured["out"].self_link)

    result = run(program)
    assert result.outputs["link"].startswith("https://www.googleapis.com/compute/v1/projects/")
    assert result.synthetic_invokes == ("gcp:compute/getNetwork:getNetwork",)
    assert isinstance(PinnedInvokes().find("x:y:z", {}), type(None))


def test_finding_result_types_leaves_the_sdk_functions_callable() -> None:
    for token in sdk_tokens():
        result_type(token)
    assert callable(aws.ec2.get_subnets) and callable(gcp.compute.get_network) and callable(aws.iam.get_role)


def test_reads_keep_the_id_the_program_asked_for() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc.get("shared", "vpc-0123456789abcdef0")
        aws.ec2.SecurityGroup("sg", vpc_id=vpc.id, description="app")

    result = run(program)
    (sg,) = result.resources  # reads are not registrations
    assert sg.inputs["vpcId"] == "vpc-0123456789abcdef0"
