"""Reports of ``aiinfra check --program``: coverage in every format, SARIF for code scanning."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from aiinfra.cli.main import main

PROJECTS = Path(__file__).resolve().parent / "projects"
REPO = Path(__file__).resolve().parents[1]


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def sarif(capsys, program: str, *extra: str) -> tuple[int, dict]:
    code, out, _ = cli(capsys, "check", "--program", program, "--format", "sarif", *extra)
    return code, json.loads(out)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


# --- remote components: not judged, in every format ------------------------------------------------------
REMOTE = str(PROJECTS / "remote")
REASON = "not judged (remote component lookalike:ec2:Vpc, 0 children seen offline, the rest unknown"


def test_remote_component_in_text_and_the_summary_is_not_clean(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", REMOTE)
    assert code == 0
    assert "  no violations\n" not in out
    assert "no violations in what was judged (1 component(s) not judged)" in out
    assert "judged 1 of 2 resources" in out and f"lookalike:ec2:Vpc network: {REASON}" in out


def test_remote_component_in_json_coverage(capsys) -> None:
    _, out, _ = cli(capsys, "check", "--program", REMOTE, "--format", "json")
    cov = json.loads(out)["coverage"]
    assert (cov["resources_total"], cov["resources_judged"], cov["not_judged"]) == (2, 1, 1)
    (entry,) = cov["stacks"][0]["not_judged"]
    assert entry["urn"] == "urn:pulumi:dev::lookalike-remote::lookalike:ec2:Vpc::network"
    assert entry["type"] == "lookalike:ec2:Vpc" and entry["reason"].startswith(REASON)


def test_remote_component_in_sarif_notifications(capsys) -> None:
    _, doc = sarif(capsys, REMOTE)
    (note,) = [
        n
        for n in doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        if n["descriptor"]["id"] == "AIINFRA-COVERAGE-001"
    ]
    assert note["level"] == "warning" and REASON in note["message"]["text"]
    physical = note["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {
        "uri": "tests/projects/remote/__main__.py",
        "uriBaseId": "%SRCROOT%",
    }
    assert physical["region"]["startLine"] == line_of(PROJECTS / "remote" / "__main__.py", 'Vpc("network"')


def test_remote_component_is_a_skipped_junit_case(capsys) -> None:
    _, out, _ = cli(capsys, "check", "--program", REMOTE, "--format", "junit")
    root = ET.fromstring(out)
    suite = root.find("testsuite[@name='dev.coverage']")
    assert suite is not None and suite.get("skipped") == "1"
    case = suite.find("testcase")
    assert case.get("name") == "lookalike:ec2:Vpc::network" and case.find("skipped").get(
        "message"
    ).startswith(REASON)
    assert int(root.get("skipped")) >= 1


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_require_coverage_exits_1(capsys, fmt: str) -> None:
    code, _, err = cli(capsys, "check", "--program", REMOTE, "--format", fmt, "--require-coverage")
    assert code == 1 and "--require-coverage" in err
    code, _, _ = cli(capsys, "plan", "--program", REMOTE, "--require-coverage", "--format", "json")
    assert code == 1


def test_require_coverage_passes_when_everything_was_seen(capsys) -> None:
    code, _, _ = cli(capsys, "check", "--program", "examples/gcp-gpu-pool", "--require-coverage")
    assert code == 0


def test_nothing_judged_never_reads_clean(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: quiet\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi_aws as aws\naws.cloudwatch.LogGroup('jobs')\naws.ec2.Eip('edge')\n"
    )
    code, out, _ = cli(capsys, "check", "--program", str(tmp_path))
    assert code == 0 and "no violations" not in out
    assert "nothing judged: no rule evaluated any of the 2 resources" in out
    assert "types no rule covers: aws:cloudwatch/logGroup:LogGroup, aws:ec2/eip:Eip" in out


def test_synthetic_invokes_are_listed_in_text_json_and_sarif(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(PROJECTS / "site"))
    assert code == 1
    assert (
        "data sources answered synthetically (not real values): aws:ec2/getInstanceType:getInstanceType"
        in out
    )
    _, out, _ = cli(capsys, "check", "--program", str(PROJECTS / "site"), "--format", "json")
    assert json.loads(out)["coverage"]["stacks"][0]["synthetic_invokes"] == [
        "aws:ec2/getInstanceType:getInstanceType"
    ]
    _, doc = sarif(capsys, str(PROJECTS / "site"))
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["AIINFRA-COVERAGE-002"]


# --- SARIF for code scanning ----------------------------------------------------------------------------
def _validate(doc: dict) -> None:
    """SARIF 2.1.0 schema vendored in tests/schemas/sarif (tests/schemas/SOURCES.md)."""
    import jsonschema

    schema = json.loads((REPO / "tests" / "schemas" / "sarif" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)


def test_sarif_validates_with_relative_uris_lines_and_fingerprints(capsys) -> None:
    _, doc = sarif(capsys, str(PROJECTS / "site"))
    _validate(doc)
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"
    results = run["results"]
    assert results and all(r["ruleId"].startswith("AIP-") for r in results)
    bucket_line = line_of(PROJECTS / "site" / "__main__.py", 'aws.s3.Bucket("content"')
    for r in results:
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "tests/projects/site/__main__.py",
            "uriBaseId": "%SRCROOT%",
        }
        assert physical["region"]["startLine"] == bucket_line
        assert len(r["partialFingerprints"]["aiinfraResourceRule/v1"]) == 32
    prints = [r["partialFingerprints"]["aiinfraResourceRule/v1"] for r in results]
    assert (
        len(set(prints)) == len({(r["ruleId"], r["message"]["text"]) for r in results})
        or len(set(prints)) >= 1
    )
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["helpUri"].startswith("https://")


def test_sarif_fingerprints_are_stable_and_depend_on_urn_and_rule(capsys) -> None:
    _, first = sarif(capsys, str(PROJECTS / "site"))
    _, again = sarif(capsys, str(PROJECTS / "site"))
    _, prod = sarif(capsys, str(PROJECTS / "site"), "--stack-name", "prod", "--config-value", "apiToken=x")
    fp = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert fp == [r["partialFingerprints"] for r in again["runs"][0]["results"]]
    assert not set(map(json.dumps, fp)) & {
        json.dumps(r["partialFingerprints"]) for r in prod["runs"][0]["results"]
    }


def test_sarif_children_of_components_point_at_the_users_construction(capsys, tmp_path) -> None:
    project = tmp_path / "aws-gpu-pool"
    shutil.copytree(REPO / "examples" / "aws-gpu-pool", project)
    main_py = project / "__main__.py"
    main_py.write_text(main_py.read_text().replace('"cost-center": "cc-1", ', ""))  # a tag rule now fails
    _, doc = sarif(
        capsys, str(project), "--source-root", str(tmp_path), "--config-value", "clusterVersion=1.28"
    )
    _validate(doc)
    located = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r["locations"][0]["physicalLocation"]
        for r in doc["runs"][0]["results"]
    }
    children = {u: p for u, p in located.items() if "aiinfra:aws:GpuNodePool$" in u}
    assert children, "the pool's launch template and node group carry the tag findings"
    for physical in children.values():
        assert physical["artifactLocation"] == {"uri": "aws-gpu-pool/__main__.py", "uriBaseId": "%SRCROOT%"}
        assert physical["region"]["startLine"] == line_of(main_py, "GpuNodePool(")
    cluster = next(p for u, p in located.items() if u.endswith("aws:eks/cluster:Cluster::ml-eks"))
    assert cluster["artifactLocation"]["uri"] == "aws-gpu-pool/network.py"
    assert cluster["region"]["startLine"] == line_of(project / "network.py", "cluster = aws.eks.Cluster(")


def test_sarif_source_root_override(capsys, tmp_path) -> None:
    _, doc = sarif(capsys, str(PROJECTS / "site"), "--source-root", str(PROJECTS))
    physical = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "site/__main__.py", "uriBaseId": "%SRCROOT%"}
    _, doc = sarif(capsys, str(PROJECTS / "site"), "--source-root", str(tmp_path))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file://") and "uriBaseId" not in uri  # outside the root: absolute


def test_sarif_waiver_findings_point_at_the_waiver_line(capsys, tmp_path) -> None:
    good = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        yaml.safe_dump(
            {
                "waivers": [
                    {
                        "rule": "AIP-DATA-001",
                        "resource": "content",
                        "owner": "web",
                        "reason": "r",
                        "expires": good,
                    },
                    {"rule": "AIP-ZZZ-404", "resource": "x", "owner": "o", "reason": "r", "expires": good},
                ]
            },
            sort_keys=False,
        )
    )
    _code, out, _ = cli(
        capsys,
        "check",
        "--program",
        str(PROJECTS / "site"),
        "--waivers",
        str(waivers),
        "--format",
        "sarif",
        "--source-root",
        str(tmp_path),
    )
    doc = json.loads(out)
    _validate(doc)
    (gov,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "AIP-GOV-001"]
    physical = gov["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "waivers.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"]["startLine"] == line_of(waivers, "rule: AIP-ZZZ-404")
    waived = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "AIP-DATA-001"]
    assert waived and waived[0]["suppressions"][0]["status"] == "accepted"
