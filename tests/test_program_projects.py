"""``--program PATH`` runs a Pulumi project the way the Python language host does (look-alike projects
in tests/projects): Pulumi.yaml and stack config, cwd and sys.path, URNs, captured output, errors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiinfra.cli.main import main
from aiinfra.engine.project import OFFLINE_SECRET, load_project, parse_config_values
from aiinfra.errors import InputError

PROJECTS = Path(__file__).resolve().parent / "projects"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def check_json(capsys, project: str, *extra: str) -> tuple[int, dict, str]:
    code, out, err = cli(capsys, "check", "--program", str(PROJECTS / project), "--format", "json", *extra)
    return code, json.loads(out), err


# --- Pulumi.yaml and stack config ----------------------------------------------------------------------
def test_project_file_config_and_stack_file_resolve_like_the_cli() -> None:
    project = load_project(PROJECTS / "site", stack="dev")
    assert project.name == "lookalike-site"
    assert project.directory == (PROJECTS / "site").resolve() and project.entry == project.directory
    assert (
        project.stack_file == (PROJECTS / "site" / "config" / "Pulumi.dev.yaml").resolve()
    )  # stackConfigDir
    assert project.config == {
        "lookalike-site:indexDocument": "index.html",  # project default
        "lookalike-site:replicas": 2,
        "lookalike-site:mode": "off",  # YAML 1.2 as the Pulumi CLI reads it: a string, not False
        "aws:region": "us-west-2",  # stack file overrides the project-level provider value
        "lookalike-site:siteName": "docs",
        "lookalike-site:apiToken": OFFLINE_SECRET,
    }
    assert project.secret_keys == ("lookalike-site:apiToken",)
    assert any("apiToken" in n and "placeholder secret" in n for n in project.notes)


def test_stack_name_selects_the_stack_file_and_config_values_override() -> None:
    prod = load_project(
        PROJECTS / "site", stack="prod", config_values=["replicas=5", "aws:region=eu-central-1"]
    )
    assert prod.stack_file is not None and prod.stack_file.name == "Pulumi.prod.yaml"
    assert prod.config["lookalike-site:siteName"] == "docs-prod"
    assert prod.config["lookalike-site:replicas"] == "5" and prod.config["aws:region"] == "eu-central-1"
    assert prod.config["lookalike-site:indexDocument"] == "index.html"
    assert "lookalike-site:apiToken" not in prod.config  # only the dev stack file sets it


def test_main_subdirectory_and_stack_config_dir(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--program", str(PROJECTS / "subdir"), "--format", "json")
    assert code == 0
    doc = json.loads(out)["stacks"][0]
    assert doc["outputs"] == {"greeting": "HI"}  # src/helpers.py imported from main: src/
    assert doc["project"] == "lookalike-subdir"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--config-value", "novalue"], "expected KEY=VALUE"),
        (["--config-value", "replicas=many"], "'lookalike-site:replicas': 'many' is not a integer"),
    ],
)
def test_bad_config_values_exit_2(capsys, args, needle) -> None:
    code, _, err = cli(capsys, "check", "--program", str(PROJECTS / "site"), *args)
    assert code == 2 and needle in err and err.count("\n") == 1


def test_bare_key_in_a_stack_file_is_in_the_project_namespace(tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  region: x\n  aws:region: y\n")
    (tmp_path / "__main__.py").write_text("")
    assert load_project(tmp_path).config == {"p:region": "x", "aws:region": "y"}


def test_non_string_key_is_rejected(tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  3: x\n")
    (tmp_path / "__main__.py").write_text("")
    with pytest.raises(InputError, match="config key 3 must be a non-empty string"):
        load_project(tmp_path)


def test_parse_config_values_namespaces_bare_keys() -> None:
    assert parse_config_values(["a=1", "aws:region=us-east-2", "x=a=b"], "proj") == {
        "proj:a": "1",
        "aws:region": "us-east-2",
        "proj:x": "a=b",
    }


@pytest.mark.parametrize(
    ("project", "needle"),
    [
        (
            "nodejs",
            "@pulumi/pulumi is not installed (no node_modules/@pulumi/pulumi here or above): run `cd ",
        ),
        ("needs_config", "missing required configuration 'lookalike-config:bucketName'"),
        ("declared_required", "missing required configuration 'lookalike-declared:clusterName' (declared in"),
        ("spec_error", "AcceleratorPoolSpec.max_nodes: Input should be greater than or equal to 1 (got 0)"),
    ],
)
def test_invalid_input_exits_2_with_one_line(capsys, project: str, needle: str) -> None:
    code, out, err = cli(capsys, "check", "--program", str(PROJECTS / project))
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_config_names_the_stack_file_to_put_it_in(capsys) -> None:
    _, _, err = cli(capsys, "check", "--program", str(PROJECTS / "needs_config"))
    assert str(PROJECTS / "needs_config" / "Pulumi.dev.yaml") in err
    assert "--config-value lookalike-config:bucketName=VALUE" in err
    code, _, _ = cli(
        capsys, "check", "--program", str(PROJECTS / "needs_config"), "--config-value", "bucketName=my-b"
    )
    assert code in (0, 1)


def test_spec_error_names_the_users_line(capsys) -> None:
    _, _, err = cli(capsys, "plan", "--program", str(PROJECTS / "spec_error"))
    assert "(at tests/projects/spec_error/__main__.py:3)" in err


# --- running like the language host ---------------------------------------------------------------------
def test_urns_carry_the_project_and_stack_names(capsys) -> None:
    _, doc, _ = check_json(capsys, "site", "--stack-name", "prod", "--config-value", "apiToken=t")
    urns = {v["urn"] for v in doc["violations"]}
    assert urns == {"urn:pulumi:prod::lookalike-site::aws:s3/bucket:Bucket::content"}


def test_nested_urns_keep_the_whole_parent_chain_without_the_stack(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--program", "examples/aws-gpu-pool", "--format", "json")
    assert code == 0
    urns = [r["urn"] for r in json.loads(out)["stacks"][0]["resources"]]
    assert (
        "urn:pulumi:dev::ml-platform::aiinfra:aws:GpuNodePool$aws:eks/nodeGroup:NodeGroup::ml-h100-ng" in urns
    )
    assert not any("pulumi:pulumi:Stack$" in u for u in urns)


def test_program_output_never_reaches_a_json_report(capsys) -> None:
    code, out, err = cli(capsys, "check", "--program", str(PROJECTS / "site"), "--format", "json")
    assert code == 1
    json.loads(out)  # parseable: the program's print() went elsewhere
    assert "planning docs" not in out and "planning docs" not in err
    code, out, err = cli(capsys, "plan", "--program", str(PROJECTS / "site"), "--format", "json", "--verbose")
    json.loads(out)
    assert "planning docs with 2 replicas, mode=off" in err and "a warning from the program" in err


def test_fd_level_output_is_captured_too(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: fd\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import os\nos.write(1, b'raw bytes on fd 1\\n')\n")
    code, out, _ = cli(capsys, "check", "--program", str(tmp_path), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["resources_checked"] == 0


def test_cwd_sys_path_and_modules_are_restored(capsys) -> None:
    cwd, path = os.getcwd(), list(sys.path)
    cli(capsys, "check", "--program", str(PROJECTS / "site"))
    assert os.getcwd() == cwd and sys.path == path and "naming" not in sys.modules


def test_sibling_module_and_relative_asset_resolve_from_the_project(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--program", str(PROJECTS / "site"), "--format", "json")
    assert code == 1  # the bucket has mandatory findings
    doc = json.loads(out)["stacks"][0]
    obj = next(r for r in doc["resources"] if r["type"] == "aws:s3/bucketObject:BucketObject")
    assert obj["inputs"]["key"] == "index.html"
    bucket = next(r for r in doc["resources"] if r["type"] == "aws:s3/bucket:Bucket")
    assert bucket["inputs"]["bucket"] == "docs-dev-content"
    assert doc["outputs"]["token"] == "[secret]"


def test_program_exception_exits_3_with_the_users_frames(capsys) -> None:
    code, out, err = cli(capsys, "check", "--program", str(PROJECTS / "fails"), "--format", "json")
    assert code == 3 and out == ""
    assert "failed to run offline: KeyError: 'LOOKALIKE_REQUIRED_VARIABLE'" in err
    assert "tests/projects/fails/__main__.py:4 in <module>" in err
    assert "tests/projects/fails/settings.py:5 in region" in err


def test_missing_module_exit_3_is_not_a_bare_line(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: m\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import pulumi\nimport not_installed_anywhere\n")
    code, _, err = cli(capsys, "plan", "--program", str(tmp_path))
    assert code == 3
    assert "ModuleNotFoundError: No module named 'not_installed_anywhere'" in err
    assert "__main__.py:2 in <module>: import not_installed_anywhere" in err and "hint: install" in err


def test_single_file_program_without_project_file(capsys) -> None:
    code, out, _ = cli(
        capsys, "check", "--program", "tests/policies/programs/compliant.py", "--format", "json"
    )
    assert code == 0
    assert all(v["urn"].startswith("urn:pulumi:dev::aiinfra::") for v in json.loads(out)["violations"])


def test_secure_values_are_placeholder_secrets_with_a_note(capsys) -> None:
    _, doc, _ = check_json(capsys, "site")
    notes = doc["coverage"]["stacks"][0]["notes"]
    assert notes == [
        "lookalike-site:apiToken: secure value from Pulumi.dev.yaml read as a placeholder secret"
    ]


def test_plan_json_outputs_keep_secrets_hidden(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--program", str(PROJECTS / "site"), "--format", "json")
    assert OFFLINE_SECRET not in out and '"token": "[secret]"' in out


@given(
    key=st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,20}(:[A-Za-z][A-Za-z0-9_-]{0,20})?", fullmatch=True),
    value=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
)
def test_config_value_round_trip(key: str, value: str) -> None:
    parsed = parse_config_values([f"{key}={value}"], "proj")
    expected_key = key if ":" in key else f"proj:{key}"
    assert parsed == {expected_key: value}


def test_catalog_error_inside_the_program_is_invalid_input(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: mt\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        'from aiinfra.components.catalog import lookup\nlookup("p5.48xlargee")\n'
    )
    code, _, err = cli(capsys, "check", "--program", str(tmp_path))
    assert (
        code == 2
        and "machine type 'p5.48xlargee' is not in the aiinfra catalog; closest: aws: p5.48xlarge" in err
    )
    assert err.rstrip().endswith("__main__.py:2)")


def test_a_value_error_in_the_users_own_code_is_a_program_failure(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: ve\nruntime: python\n")
    (tmp_path / "__main__.py").write_text('raise ValueError("my own check failed")\n')
    code, _, err = cli(capsys, "check", "--program", str(tmp_path))
    assert code == 3 and "ValueError: my own check failed" in err and "__main__.py:1 in <module>" in err


def test_plan_program_graph(capsys, tmp_path) -> None:
    graph = tmp_path / "g.mmd"
    code, _, _ = cli(capsys, "plan", "--program", str(PROJECTS / "subdir"), "--graph", str(graph))
    assert code == 0 and graph.read_text().startswith("flowchart LR")


def test_sys_exit_in_the_program_is_a_program_failure(capsys, tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: ex\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import sys\nsys.exit(7)\n")
    code, out, err = cli(capsys, "check", "--program", str(tmp_path), "--format", "json")
    assert code == 3 and out == "" and "SystemExit: 7" in err and "__main__.py:2 in <module>" in err
