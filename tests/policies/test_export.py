"""`aiinfra policy export`: the exported pack is self-contained and judges fixtures in a fresh venv.

The slow test builds a real virtual environment (no --system-site-packages) from the pack's
requirements.txt alone (pip's cache makes reruns fast), proves `aiinfra` is not importable there, runs
the pack's __main__.py the way `python -m pulumi.policy` does, and drives pulumi-policy's analyzer
servicer over every pass/fail/unknown fixture: its diagnostics must equal the offline runner's.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from policy_fixtures import FIXTURES, to_run
from test_crossguard import _wire, offline_diagnostics

from aiinfra.cli.main import main
from aiinfra.policies.export import MANIFEST, PACKAGE, REQUIREMENTS, export_pack
from aiinfra.policies.registry import all_rules, get_rule

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "support" / "exported_pack_driver.py"


def _imports(path: Path) -> set[str]:
    """Top-level packages imported by ``path``, except imports guarded by ``except ImportError``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            guarded |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_export_writes_a_self_contained_pack(tmp_path: Path) -> None:
    written = export_pack(tmp_path / "pack")
    pack = tmp_path / "pack"
    assert {p.name for p in pack.iterdir()} == {
        "PulumiPolicy.yaml",
        "__main__.py",
        "requirements.txt",
        "config.example.json",
        MANIFEST,
        PACKAGE,
    }
    manifest = json.loads((pack / MANIFEST).read_text())["files"]
    assert sorted(manifest) == sorted(p.relative_to(pack).as_posix() for p in written if p.name != MANIFEST)
    project = yaml.safe_load((pack / "PulumiPolicy.yaml").read_text())
    assert project["runtime"] == {"name": "python", "options": {"virtualenv": "venv"}}
    assert (pack / "requirements.txt").read_text().split() == list(REQUIREMENTS)
    # every absolute import of the exported code is the package itself, the stdlib, or a requirement
    allowed = {PACKAGE, "pulumi_policy", "pydantic", "yaml", "jsonschema", *sys.stdlib_module_names}
    for f in written:
        if f.suffix == ".py":
            extra = _imports(f) - allowed
            assert not extra, (f, extra)
    assert (pack / PACKAGE / "catalog" / "aws.py").is_file()
    assert json.loads((pack / "config.example.json").read_text())["aip-iam-001-no-admin-wildcards"]


def test_requirements_match_pyproject() -> None:
    """The exported requirements are the same distributions and floors as pyproject's runtime/policy deps."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {d.split(">")[0].split("=")[0].strip().lower(): d for d in project["dependencies"]}
    declared |= {d.split(">")[0].strip().lower(): d for d in project["optional-dependencies"]["policy"]}
    for req in REQUIREMENTS:
        name = req.split(">")[0].strip().lower()
        assert name in declared, req
        assert declared[name].replace(" ", "") == req.replace(" ", ""), (req, declared[name])


def test_cli_export_and_bad_destination(tmp_path: Path, capsys) -> None:
    assert main(["policy", "export", str(tmp_path / "p")]) == 0
    assert f"exported {len(all_rules())} rules" in capsys.readouterr().out
    assert main(["policy", "export", str(tmp_path / "p")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["policy", "export", str(tmp_path / "p"), "--force"]) == 0
    (tmp_path / "file").write_text("x")
    assert main(["policy", "export", str(tmp_path / "file")]) == 2


def test_force_keeps_files_the_export_did_not_write(tmp_path: Path, capsys) -> None:
    """A user's own rule module (and any other file) in DIR survives ``--force``; only files a previous
    export listed in its manifest, unchanged since, are removed when the new export no longer writes them."""
    pack = tmp_path / "pack"
    export_pack(pack)
    mine = pack / PACKAGE / "rules" / "my_rules.py"
    mine.write_text("# the user's own rule module\n")
    notes = pack / "NOTES.md"
    notes.write_text("ours\n")
    # a file an older export wrote and this one no longer writes, and one the user edited since
    stale, edited = pack / PACKAGE / "rules" / "retired.py", pack / PACKAGE / "rules" / "renamed.py"
    stale.write_text("# retired rule\n")
    edited.write_text("# renamed rule, edited by the user\n")
    manifest = json.loads((pack / MANIFEST).read_text())
    manifest["files"][f"{PACKAGE}/rules/retired.py"] = hashlib.sha256(b"# retired rule\n").hexdigest()
    manifest["files"][f"{PACKAGE}/rules/renamed.py"] = hashlib.sha256(b"# as exported\n").hexdigest()
    manifest["files"]["../outside.txt"] = "0" * 64  # a hostile manifest cannot reach outside DIR
    (tmp_path / "outside.txt").write_text("keep\n")
    (pack / MANIFEST).write_text(json.dumps(manifest))
    (pack / PACKAGE / "registry.py").write_text("# clobbered\n")

    assert main(["policy", "export", str(pack), "--force"]) == 0
    capsys.readouterr()
    assert mine.read_text() == "# the user's own rule module\n"
    assert notes.read_text() == "ours\n"
    assert edited.read_text() == "# renamed rule, edited by the user\n"
    assert (tmp_path / "outside.txt").read_text() == "keep\n"
    assert not stale.exists()
    assert (pack / PACKAGE / "registry.py").read_bytes() == (ROOT / "policies" / "registry.py").read_bytes()
    listed = json.loads((pack / MANIFEST).read_text())["files"]
    assert f"{PACKAGE}/rules/my_rules.py" not in listed and f"{PACKAGE}/rules/retired.py" not in listed


def test_exported_pack_bounds_hostile_documents_and_yaml(tmp_path: Path) -> None:
    """The exported copies of documents.py and yamlfile.py (no aiinfra import) refuse a 10,000-deep
    policy document (a parse error, the rule reports it) and a YAML alias bomb, in a fresh interpreter."""
    pack = tmp_path / "pack"
    export_pack(pack)
    bomb = ROOT / "tests" / "safety" / "hostile" / "yaml" / "alias_bomb.yaml"
    code = (
        f"import sys; sys.path.insert(0, {str(pack)!r})\n"
        f"from {PACKAGE}.documents import PolicyParseError, parse_policy\n"
        f"from {PACKAGE}.yamlfile import YamlInputError, load\n"
        "deep = '{\"Statement\": [{\"Condition\": ' + '{\"a\":' * 10000 + '1' + '}' * 10000 + '}]}'\n"
        "try:\n    parse_policy(deep)\nexcept PolicyParseError as exc:\n    print(exc)\n"
        f"try:\n    load({str(bomb)!r})\nexcept YamlInputError as exc:\n    print(str(exc).split(': ', 1)[1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=pack, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "nested too deeply to parse (60,033 characters)",
        "not valid YAML: expands to more than 200,000 values through aliases",
    ]


def test_force_without_a_manifest_removes_nothing(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / PACKAGE / "rules").mkdir(parents=True)
    (pack / PACKAGE / "rules" / "mine.py").write_text("x = 1\n")
    export_pack(pack, force=True)
    assert (pack / PACKAGE / "rules" / "mine.py").read_text() == "x = 1\n"


def _cases() -> tuple[list[dict], list[set]]:
    cases, expected = [], []
    for rule_id in sorted(FIXTURES):
        for kind in ("pass", "fail", "unknown"):
            fx = FIXTURES[rule_id][kind]
            if fx.waivers is not None:
                continue  # waiver files are exercised in-process (test_crossguard)
            run = to_run(fx)
            config = {get_rule(k).name: v for k, v in (fx.config or {}).items()}
            resources = [
                {
                    "urn": r.urn,
                    "type": r.type,
                    "name": r.name,
                    "inputs": _wire(r.inputs),
                    "state": _wire({**r.inputs, **r.outputs}),
                    "protect": r.protect,
                    "parent": r.parent,
                    "dependencies": list(r.dependencies),
                    "property_dependencies": {k: list(v) for k, v in r.property_dependencies.items()},
                }
                for r in run.resources
            ]
            cases.append({"stack": fx.stack, "config": config, "resources": resources})
            os.environ["PULUMI_STACK"] = fx.stack
            expected.append(offline_diagnostics(run, fx.config))
    return cases, expected


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_exported_pack_judges_fixtures_in_a_fresh_venv(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("AIINFRA_WAIVERS", raising=False)
    pack = tmp_path / "pack"
    export_pack(pack)
    venv = pack / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=pack,
        capture_output=True,
        text=True,
        timeout=800,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('aiinfra') is None)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert probe.stdout.strip() == "True", "aiinfra must not be importable in the fresh venv"

    # the pack starts its gRPC server the way `pulumi preview --policy-pack` launches it
    server = subprocess.Popen(
        [str(python), "-u", "-c", "import runpy; runpy.run_path('.', run_name='__main__')"],
        cwd=pack,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        port = server.stdout.readline().decode().strip()
        assert port.isdigit(), server.stderr.read1().decode() if server.poll() is not None else port
    finally:
        server.kill()
        server.wait(timeout=10)

    cases, expected = _cases()
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    out = subprocess.run(
        [str(python), str(DRIVER), str(pack), str(cases_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout)
    assert result["pack"] == "aiinfra-aip" and result["policies"] == len(all_rules())
    got = [{tuple(d) for d in case} for case in result["cases"]]
    assert len(got) == len(expected) > 150
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, (i, cases[i]["resources"][0]["type"], g ^ e)
    assert sum(1 for e in expected if e) > 60  # the fail fixtures really fail


def test_readme_deploy_path_installs_the_policy_extra() -> None:
    """`pulumi preview --policy-pack policies` imports pulumi_policy from .venv: the README's deploy path
    must install the extra that carries it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = readme[readme.index("## Deploying for real") :]
    block = deploy[deploy.index("```bash") : deploy.index("```", deploy.index("```bash") + 3)]
    assert 'pip install -e ".[policy]"' in block and "--policy-pack policies" in block
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["policy"]
    assert any(d.startswith("pulumi-policy") for d in extra)
