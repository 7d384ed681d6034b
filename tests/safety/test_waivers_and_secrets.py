"""Waivers that cover nothing or everything, and secrets that must never leak into messages or plans.

Fixtures: ``hostile/waivers/`` (waivers refused at load), ``hostile/secret_config/`` (a project whose
failures carry secret config values), ``hostile/secret_invokes/`` (pinned answers of secret-bearing
data sources flowing into inputs no schema marks secret).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from aiinfra.cli.main import main

from conftest import REPO

HOSTILE = Path(__file__).resolve().parent / "hostile"
EKS_PUBLIC = REPO / "tests" / "policies" / "programs" / "eks_public.py"
REFUSED = {
    "resource_empty_mapping.yaml": "waivers.0.resource: a selector mapping needs a non-empty urn, type or name",
    "resource_mapping_blank.yaml": "waivers.0.resource: a selector mapping needs a non-empty urn, type or name",
    "resource_null.yaml": "waivers.0.resource: a resource selector is required (a URN, 'type::name glob' or a name glob)",
    "resource_blank.yaml": "waivers.0.resource: a resource selector must not be blank",
    "owner_blank.yaml": "waivers.0.owner: must not be blank",
    "reason_blank.yaml": "waivers.0.reason: must not be blank",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_empty_selectors_and_blank_owners_or_reasons_are_refused(case: str, capsys) -> None:
    path = HOSTILE / "waivers" / case
    assert main(["check", "--program", str(EKS_PUBLIC), "--waivers", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"aiinfra check: invalid waivers in {path}: {REFUSED[case]}\n"
    assert captured.out == ""


def _waivers(tmp_path: Path, resource: object) -> Path:
    path = tmp_path / "waivers.yaml"
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    entry = {"rule": "AIP-NET-001", "resource": resource, "owner": "platform", "reason": "bootstrap"}
    path.write_text(yaml.safe_dump({"waivers": [{**entry, "expires": expires}]}))
    return path


def _check(capsys, waivers: Path, fmt: str) -> str:
    assert main(["check", "--program", str(EKS_PUBLIC), "--waivers", str(waivers), "--format", fmt]) == 0
    return capsys.readouterr().out


# AIP-NET-001 judges aws:eks/cluster:Cluster and the pulumi_eks component eks:index:Cluster, so a selector
# scoped to one of the two types (``aws:eks/cluster:Cluster::*``, ``{"type": "aws:eks/*"}``) is not blanket.
@pytest.mark.parametrize("selector", ["*", "urn:*", {"name": "*"}, {"type": "*"}, "*::*"])
def test_a_blanket_waiver_is_reported_as_such_in_every_format(selector, tmp_path: Path, capsys) -> None:
    path = _waivers(tmp_path, selector)

    text = _check(capsys, path, "text")
    (line,) = [line for line in text.splitlines() if "waived until" in line]
    assert "blanket waiver:" in line and "matches every resource of AIP-NET-001" in line
    assert "waived (1 by blanket waivers)" in text

    doc = json.loads(_check(capsys, path, "json"))
    (waived,) = [v for v in doc["violations"] if v["waived"]]
    assert waived["waiver"]["blanket"] is True and doc["summary"]["waived_by_blanket"] == 1

    sarif = json.loads(_check(capsys, path, "sarif"))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "AIP-NET-001"]
    justification = result["suppressions"][0]["justification"]
    assert "blanket waiver:" in justification and justification.endswith(
        "matches every resource of AIP-NET-001"
    )

    junit = ET.fromstring(_check(capsys, path, "junit"))
    (skipped,) = [s for s in junit.iter("skipped") if s.get("message", "").startswith("waived:")]
    assert skipped.get("message", "").endswith("matches every resource of AIP-NET-001)")


def test_a_waiver_naming_the_resource_is_not_blanket(tmp_path: Path, capsys) -> None:
    path = _waivers(tmp_path, "aws:eks/cluster:Cluster::public")
    text = _check(capsys, path, "text")
    assert "blanket" not in text
    doc = json.loads(_check(capsys, path, "json"))
    (waived,) = [v for v in doc["violations"] if v["waived"]]
    assert waived["waiver"]["blanket"] is False and doc["summary"]["waived_by_blanket"] == 0


SECRETS = (
    "correct-horse-battery-staple",
    "tok-9f8e7d6c5b4a",
    "abcd-secret-pin",
)


@pytest.mark.parametrize(
    ("extra", "code", "expected"),
    [
        (
            ["--config-value", "mode=int"],
            2,
            "configuration 'secret-config:token': its value (withheld: it may be read as a secret) is not a int",
        ),
        (["--config-value", "mode=raise"], 3, "RuntimeError: cannot reach the database with [secret]"),
        (["--config-value", "mode=print"], 0, "--- program stdout ---\nconnecting with [secret]\n"),
        (["--config-value", "mode=names"], 3, "failed to run offline: [secret]: x"),
        (
            ["--config-value", "pin=abcd-secret-pin"],
            2,
            "--config-value: config 'secret-config:pin': its value ([secret]) is not a integer",
        ),
    ],
)
def test_secret_config_values_never_appear_in_errors(extra, code, expected, capsys) -> None:
    argv = ["check", "--program", str(HOSTILE / "secret_config"), "--verbose", *extra]
    assert main(argv) == code
    captured = capsys.readouterr()
    assert expected in captured.err
    assert not [s for s in SECRETS if s in captured.err + captured.out]


def test_pinned_answers_of_secret_data_sources_are_secrets_in_the_plan(capsys) -> None:
    project = HOSTILE / "secret_invokes"
    argv = ["plan", "--program", str(project), "--invokes", str(project / "invokes.yaml"), "--format", "json"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    (stack,) = json.loads(out)["stacks"]
    content = {
        r["name"]: r["inputs"]["content"]
        for r in stack["resources"]
        if r["name"].startswith(("from-", "plain-"))
    }
    assert content == {
        "from-output": "[secret]",
        "from-plain": "[secret]",
        "from-gcp": "[secret]",
        "from-token": "[secret]",
        "plain-version": "11111111-2222-3333-4444-555555555555",
    }
    assert "hunter2" not in out and "pinned-token" not in out
