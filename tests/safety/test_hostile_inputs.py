"""Hostile input files are exit 2 with one line, in every role a YAML file plays.

Each file under ``hostile/yaml/`` is a regression fixture: an alias bomb (hung with unbounded memory
before the bounded reader), 10,000-deep nesting (RecursionError), a recursive alias, a duplicate key,
non-UTF-8 bytes, and tags that are not Pulumi config values (``!!binary``, ``!!set``, a Python object
tag). Every one is tried as a stack file, a ``--program`` project's ``Pulumi.yaml`` and
``Pulumi.<stack>.yaml``, a waiver file, an ``--invokes`` file and a pack config file.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aiinfra.cli.main import main
from aiinfra.policies import yamlfile

from conftest import REPO

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "hostile"
YAML_CASES = {
    "alias_bomb.yaml": "expands to more than 200,000 values through aliases",
    "deep_nesting.yaml": "nested deeper than 100 levels",
    "recursive_alias.yaml": "an anchor contains itself",
    "duplicate_key.yaml": "mapping key 'config' already defined at line 2",
    "not_utf8.yaml": "not UTF-8 (byte 0xe9 at offset 46)",
    "binary_tag.yaml": "tag '!!binary' is not allowed",
    "set_tag.yaml": "tag '!!set' is not allowed",
    "python_tag.yaml": "tag '!!python/object/apply:os.system' is not allowed",
}
COMPLIANT = REPO / "tests" / "policies" / "programs" / "compliant.py"


def _project(tmp_path: Path) -> Path:
    """A minimal Python project (Pulumi.yaml + __main__.py) to put a hostile file into."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: hostile\nruntime: python\n")
    (project / "__main__.py").write_text("import pulumi\n")
    return project


def _roles(tmp_path: Path, hostile: Path) -> dict[str, list[str]]:
    """Command lines that read ``hostile`` in each role."""
    project = _project(tmp_path)
    stack_file = tmp_path / "Pulumi.hostile.yaml"
    shutil.copyfile(hostile, stack_file)
    shutil.copyfile(hostile, project / "Pulumi.dev.yaml")
    bad_project = tmp_path / "bad-project"
    bad_project.mkdir()
    shutil.copyfile(hostile, bad_project / "Pulumi.yaml")
    (bad_project / "__main__.py").write_text("import pulumi\n")
    other = tmp_path / "other.yaml"
    shutil.copyfile(hostile, other)
    return {
        "stack file (plan)": ["plan", str(stack_file)],
        "stack file (check)": ["check", str(stack_file)],
        "Pulumi.<stack>.yaml": ["check", "--program", str(project)],
        "Pulumi.yaml": ["plan", "--program", str(bad_project)],
        "waiver file": ["check", "--program", str(COMPLIANT), "--waivers", str(other)],
        "--invokes file": ["check", "--program", str(COMPLIANT), "--invokes", str(other)],
        "pack config": ["check", "--program", str(COMPLIANT), "--config", str(other)],
    }


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_hostile_yaml_is_exit_2_with_one_line_in_every_role(case: str, tmp_path: Path, capsys) -> None:
    for role, argv in _roles(tmp_path, HOSTILE / "yaml" / case).items():
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 2, (role, captured.err)
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, (role, captured.err)
        assert YAML_CASES[case] in captured.err, (role, captured.err)
        assert captured.out.strip() == "", role


def test_alias_bomb_ends_promptly_with_bounded_memory() -> None:
    """The 569-byte bomb as a project's stack file, in a child process capped at 4 GiB and 60 s.

    Before the bounded reader this run did not finish: ``timeout 60 aiinfra check --program <project>``
    under ``ulimit -v 3000000`` ended with 124 (killed by the time-out) after 60.4 s.
    """
    project = HOSTILE / "bomb_project"

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    proc = subprocess.run(
        [str(Path(sys.executable).parent / "aiinfra"), "check", "--program", str(project)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == (
        f"aiinfra check: {project / 'Pulumi.dev.yaml'}:9:8: not valid YAML: "
        "expands to more than 200,000 values through aliases\n"
    )


def test_a_program_decoding_an_alias_bomb_fails_promptly() -> None:
    """``kubernetes:yaml:decode`` answers from the program's own text; an alias bomb there is the program
    failing (exit 3), not a judge that expands it. Before the bounded decoder: killed by a 60 s time-out
    (``timeout 60 aiinfra check --program hostile/decode_bomb`` ended with 124 after 60.1 s)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    proc = subprocess.run(
        [str(Path(sys.executable).parent / "aiinfra"), "check", "--program", str(HOSTILE / "decode_bomb")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    assert (
        "YamlInputError: kubernetes:yaml:decode text:9:8: not valid YAML: expands to more than 200,000 "
        "values through aliases" in proc.stderr.splitlines()[0]
    )


def test_unwritable_output_is_exit_2(tmp_path: Path, capsys) -> None:
    target = tmp_path / "missing" / "report.json"
    assert main(["check", "--program", str(COMPLIANT), "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"aiinfra check: cannot write {str(target)!r}: No such file or directory\n"
    assert captured.out == ""


def test_unreadable_file_is_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    """Permission denied (simulated: the tests may run as root, who can read a mode-000 file)."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n")

    def denied(path, mode="r", *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(yamlfile, "open", denied, raising=False)
    assert main(["check", "--program", str(COMPLIANT), "--waivers", str(waivers)]) == 2
    err = capsys.readouterr().err
    assert err == f"aiinfra check: waiver file {str(waivers)!r}: cannot read (Permission denied)\n"


def test_a_directory_where_a_file_belongs_is_one_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "invokes.yaml"
    folder.mkdir()
    assert main(["check", "--program", str(COMPLIANT), "--invokes", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err == f"aiinfra check: --invokes file {str(folder)!r}: cannot read (Is a directory)\n"


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path, capsys) -> None:
    big = tmp_path / "Pulumi.big.yaml"
    big.write_text("config:\n  x: " + "a" * yamlfile.MAX_BYTES + "\n")
    assert main(["plan", str(big)]) == 2
    assert capsys.readouterr().err == f"aiinfra plan: {big}: larger than 8 MiB\n"


def test_stack_files_read_as_yaml_1_2_like_pulumi(tmp_path: Path, capsys) -> None:
    """``team: on`` is the string "on" (YAML 1.1 made it True and the tag was refused as not a string);
    a date stays text and ``1:30`` is not base-60 90."""
    data = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    text = (REPO / "stacks" / "Pulumi.aws-training.yaml").read_text()
    assert "      team: ml-platform\n" in text
    stack = tmp_path / "Pulumi.on.yaml"
    stack.write_text(text.replace("      team: ml-platform\n", "      team: on\n      since: 2026-09-30\n"))
    assert data["config"]["aiinfra:platform"]["tags"]["team"] == "ml-platform"
    assert main(["plan", str(stack), "--format", "json"]) == 0
    (planned,) = json.loads(capsys.readouterr().out)["stacks"]
    tagged = [r["inputs"]["tags"] for r in planned["resources"] if isinstance(r["inputs"].get("tags"), dict)]
    assert tagged and all(t.get("team") == "on" and t.get("since") == "2026-09-30" for t in tagged)


def test_program_config_reads_as_pulumi_reads_it(capsys) -> None:
    code = main(["plan", "--program", str(HOSTILE / "yaml12_project"), "--format", "json"])
    assert code == 0
    (planned,) = json.loads(capsys.readouterr().out)["stacks"]
    assert planned["outputs"] == {"team": "on", "since": "2026-09-30", "window": "1:30"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v: on", "on"),
        ("v: yes", "yes"),
        ("v: True", True),
        ("v: 0o17", 15),
        ("v: 017", 15),
        ("v: 1_000", 1000),
        ("v: 0x1f", 31),
        ("v: 1e3", 1000.0),
        ("v: 1:30", "1:30"),
        ("v: 2026-09-30", "2026-09-30"),
        ("v: ~", None),
        ("v: .inf", float("inf")),
        ("v: '017'", "017"),
    ],
)
def test_scalars_resolve_as_yaml_v3_resolves_them(text: str, value: object) -> None:
    assert yamlfile.loads(text) == {"v": value}


@pytest.mark.parametrize("command", ["plan", "check"])
def test_a_failing_stack_is_reported_while_the_others_complete(command: str, tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "Pulumi.bomb.yaml"
    shutil.copyfile(HOSTILE / "yaml" / "alias_bomb.yaml", bomb)
    code = main([command, "onprem", str(bomb), "--format", "json", "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 2
    doc = json.loads(captured.out)
    if command == "plan":
        assert [s["stack"] for s in doc["stacks"]] == ["onprem"]
    else:
        assert [s["stack"] for s in doc["summary"]["stacks"]] == ["onprem"]
    assert captured.err == (
        f"aiinfra {command}: {bomb}:9:8: not valid YAML: expands to more than 200,000 values through aliases\n"
    )


def test_deeply_nested_policy_document_is_a_finding(capsys) -> None:
    """IAM JSON nested 10,000 deep: a finding naming the document, not a RecursionError (exit 1 with a
    traceback before: ``RecursionError: maximum recursion depth exceeded while decoding a JSON object``)."""
    code = main(["check", "--program", str(HOSTILE / "deep_policy"), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    found = [(v["policy_id"], v["resource"], v["message"]) for v in json.loads(captured.out)["violations"]]
    assert (
        "AIP-IAM-001",
        "deep",
        "policy cannot be parsed: nested too deeply to parse (60,110 characters).",
    ) in found
    assert not [f for f in found if f[1] == "plain"]


def test_deeply_nested_manifest_yaml_is_a_finding(capsys) -> None:
    """A ConfigGroup's YAML the workload rules cannot parse is a finding of each, not a RecursionError."""
    code = main(["check", "--program", str(HOSTILE / "deep_manifest"), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    found = {(v["policy_id"], v["message"]) for v in json.loads(captured.out)["violations"]}
    message = "cannot be judged: yaml:1:101: not valid YAML: nested deeper than 100 levels."
    workload_rules = (
        "AIP-K8S-001",
        "AIP-K8S-002",
        "AIP-K8S-003",
        "AIP-K8S-020",
        "AIP-K8S-021",
        "AIP-K8S-050",
        "AIP-K8S-051",
        "AIP-K8S-052",
    )
    assert found == {(rule_id, message) for rule_id in workload_rules}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["check", "--program", str(COMPLIANT), "--stack-name", "dev/../../x"],
            "--stack-name 'dev/../../x': a stack name is 1 to 100 letters, digits, '-', '_' or '.'",
        ),
        (
            ["plan", "--program", str(COMPLIANT), "--stack-name", "a" * 101],
            f"--stack-name {'a' * 40!r}… (101 chars): a stack name is 1 to 100",
        ),
        (["plan", "--program", str(COMPLIANT), "--stack-name", ""], "--stack-name '': a stack name"),
        (["check", "aws-training", "--stack-name", "prod"], "--stack-name only apply with --program PATH"),
        (["plan", "onprem", "--config-value", "x=1"], "--config-value only apply with --program PATH"),
        (["check", "onprem", "--timeout", "30"], "--timeout only apply with --program PATH"),
        (
            ["check", "--invokes", "i.yaml", "--stack-name", "dev"],
            "--stack-name, --invokes only apply with --program PATH",
        ),
    ],
)
def test_program_arguments_are_validated(argv: list[str], message: str, capsys) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1 and captured.out == ""


def test_errors_show_only_a_short_prefix_of_a_value(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path)
    (project / "Pulumi.yaml").write_text(
        "name: hostile\nruntime: python\nconfig:\n  size:\n    type: integer\n"
    )
    long_value = "x" * 5000
    (project / "Pulumi.dev.yaml").write_text(f"config:\n  hostile:size: {long_value}\n")
    assert main(["plan", "--program", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "x" * 41 not in err and "(5000 chars)" in err


@pytest.mark.parametrize(("flag", "what"), [("--waivers", "waiver file"), ("--config", "config file")])
def test_deeply_nested_json_input_is_one_line(flag: str, what: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "input.json"
    path.write_text("[" * 10_000 + "]" * 10_000)
    assert main(["check", "--program", str(COMPLIANT), flag, str(path)]) == 2
    assert capsys.readouterr().err == f"aiinfra check: {what} {str(path)!r}: nested too deeply\n"
