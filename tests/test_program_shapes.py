"""Program shapes ``pulumi preview`` handles that the offline engine must handle too (issue 26, point 4):
a service-account-token Secret's ``ca.crt``, StackReference outputs (pinned with ``--stack-outputs`` or
unknown with a note), a local ``kustomize.Directory`` (rendered, or listed as not judged), and an exception
inside an ``apply`` (the resource input it was computing, the made-up data source before it, the user's
frames in a library beside the project). Look-alike projects in tests/projects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aiinfra.cli.main import main

PROJECTS = Path(__file__).resolve().parent / "projects"


def check(capsys, project: str, *extra: str) -> tuple[int, dict | None, str]:
    code = main(["check", "--program", str(PROJECTS / project), "--format", "json", *extra])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def plan(capsys, project: str, *extra: str) -> tuple[int, dict | None, str]:
    code = main(["plan", "--program", str(PROJECTS / project), "--format", "json", *extra])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


# --- service-account-token Secret: data["ca.crt"] --------------------------------------------------------
def test_service_account_token_secret_has_a_ca_bundle(capsys) -> None:
    code, doc, err = plan(capsys, "sa_token")
    assert code == 0, err
    stack = doc["stacks"][0]
    assert stack["outputs"] == {"ca_lines": 3}  # BEGIN, the offline placeholder, END
    kubeconfig = next(r for r in stack["resources"] if r["name"] == "remote-kubeconfig")
    assert kubeconfig["inputs"]["stringData"] == "[secret]"


# --- StackReference ---------------------------------------------------------------------------------------
def test_unpinned_stack_reference_gives_unknowns_and_a_note(capsys) -> None:
    code, doc, err = check(capsys, "stack_reference")
    assert code == 0, err
    notes = doc["coverage"]["stacks"][0]["notes"]
    assert notes == [
        "stack reference 'acme/network/prod': its outputs are unknown offline (as in a preview before that "
        "stack is deployed); rules see unknown values where they are used. Pin them with --stack-outputs FILE"
    ]
    # the ingress CIDRs come from the reference: the world-ingress rule cannot judge them
    assert [(v["policy_id"], v["message"].startswith("can't run policy")) for v in doc["violations"]] == [
        ("AIP-NET-004", True)
    ]


def test_pinned_stack_outputs_reach_the_program_and_the_rules(capsys) -> None:
    pins = str(PROJECTS / "stack_reference" / "outputs.yaml")
    code, doc, err = check(capsys, "stack_reference", "--stack-outputs", pins)
    assert code == 1, err
    assert doc["coverage"]["stacks"][0]["notes"] == []
    assert [(v["policy_id"], v["resource"], v["message"]) for v in doc["violations"]] == [
        ("AIP-NET-004", "admin", "ingress[0] allows tcp 22 from the whole internet.")
    ]
    code, planned, _ = plan(capsys, "stack_reference", "--stack-outputs", pins)
    assert planned["stacks"][0]["outputs"] == {"vpc": "vpc-0a1b2c3d"}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- just a list\n", "expected a mapping of stack name (org/project/stack) to outputs"),
        ("acme/network/prod: 3\n", "'acme/network/prod': expected a mapping of output name to value"),
    ],
)
def test_bad_stack_outputs_file_exits_2(capsys, tmp_path, text, needle) -> None:
    pins = tmp_path / "outputs.yaml"
    pins.write_text(text)
    code = main(["check", "--program", str(PROJECTS / "stack_reference"), "--stack-outputs", str(pins)])
    err = capsys.readouterr().err
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1


def test_stack_outputs_without_program_is_refused(capsys) -> None:
    assert main(["check", "--stack-outputs", "x.yaml"]) == 2
    assert "--stack-outputs only apply with --program PATH" in capsys.readouterr().err


# --- kustomize.Directory over local files -----------------------------------------------------------------
@pytest.mark.skipif(
    not (shutil.which("kubectl") or shutil.which("kustomize")), reason="needs kubectl or kustomize on PATH"
)
def test_local_kustomize_directory_is_rendered_and_judged(capsys) -> None:
    code, doc, err = check(capsys, "kustomize_dir")
    assert code == 1, err
    cov = doc["coverage"]["stacks"][0]
    assert cov["not_judged"] == [] and cov["synthetic_invokes"] == []
    assert (cov["resources_judged"], cov["resources_total"]) == (1, 1)
    found = {(v["policy_id"], v["resource"]) for v in doc["violations"]}
    assert (
        "AIP-K8S-001",
        "serving/model-server",
    ) in found  # privileged container, namespace from the kustomization


def test_kustomize_directory_without_the_tool_is_reported_not_judged(capsys, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    code, doc, err = check(capsys, "kustomize_dir")
    assert code == 0, err
    cov = doc["coverage"]["stacks"][0]
    assert cov["synthetic_invokes"] == ["kubernetes:kustomize:directory"]
    assert [(n["type"], n["name"]) for n in cov["not_judged"]] == [("kubernetes:kustomize:Directory", "app")]
    assert "not rendered offline" in cov["not_judged"][0]["reason"]
    assert main(["check", "--program", str(PROJECTS / "kustomize_dir"), "--require-coverage"]) == 1


# --- an exception inside an apply -------------------------------------------------------------------------
def test_apply_exception_names_input_resource_data_source_and_library_frame(capsys) -> None:
    code, doc, err = check(capsys, "apply_error/infra")
    assert code == 3 and doc is None
    lines = err.splitlines()
    assert lines[0].endswith(
        "failed to run offline: ValueError: not enough values to unpack (expected 2, got 1)"
    )
    assert lines[1] == "  while computing input 'bucket' of aws:s3/bucketV2:BucketV2 'artifacts'"
    assert lines[2].startswith(
        "  data sources answered with made-up values before it failed (a value from one may have fed it): "
        "aws:secretsmanager/getSecretVersion:getSecretVersion"
    )
    frames = lines[lines.index("  raised from your code at:") + 1 :]
    assert frames[0].startswith("    tests/projects/apply_error/infra/__main__.py:13 in <lambda>")
    assert frames[1] == (
        '    tests/projects/apply_error/teamlib/naming.py:6 in bucket_name: team, name = description.split("/")'
    )
    assert "While processing" not in err and "0x" not in err  # not the SDK's wrapper text with an address
    assert "Task was destroyed" not in err


def test_library_frames_exclude_installed_packages_and_the_interpreter() -> None:
    from aiinfra.engine.failure import user_frames

    def fail() -> None:
        json.loads("{")

    try:
        fail()
    except ValueError as exc:
        frames = user_frames(exc, PROJECTS, Path.cwd())
    # this test file is outside the project folder but is user code; json's own frames are not
    assert [f.function for f in frames] == [
        "test_library_frames_exclude_installed_packages_and_the_interpreter",
        "fail",
    ]
    assert all("json" not in f.file for f in frames)


# --- the organization -------------------------------------------------------------------------------------
def test_program_gets_the_self_managed_backend_organization(capsys) -> None:
    code, doc, err = plan(capsys, "organization")
    assert code == 0, err
    assert doc["stacks"][0]["outputs"] == {"base_name": "organization-dev"}  # was "none-dev"
