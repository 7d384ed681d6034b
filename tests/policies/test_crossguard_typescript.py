"""The CrossGuard pack judges a TypeScript program's registrations as it judges a Python program's.

`pulumi preview --policy-pack` sends the analyzer each resource's type, name and properties as the
engine received them from the language host, camelCase whatever the program's language. Here the
TypeScript twin (tests/nodejs/twin) runs in the Node program host, and pulumi-policy's own analyzer
servicer (the code path the CLI drives over gRPC) gets its registrations: its diagnostics must equal the
offline runner's, and equal those for the Python twin.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_crossguard import crossguard_diagnostics, offline_diagnostics

from aiinfra.engine.host import run_project
from aiinfra.engine.project import load_project

TWIN = Path(__file__).resolve().parents[1] / "nodejs" / "twin"

pytestmark = pytest.mark.slow


def _run(language: str):
    node = TWIN.parent
    if not (node / "node_modules" / "@pulumi" / "pulumi" / "package.json").is_file():
        npm = shutil.which("npm")
        assert npm is not None, "Node.js and npm are needed (then: npm ci in tests/nodejs)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=node, check=True, capture_output=True)
    return run_project(load_project(TWIN / language)).run


def test_the_pack_judges_the_typescript_twin_like_the_python_twin(monkeypatch) -> None:
    monkeypatch.setenv("PULUMI_NODEJS_TRANSPILE_ONLY", "true")
    monkeypatch.setenv("PULUMI_STACK", "dev")
    monkeypatch.delenv("AIINFRA_WAIVERS", raising=False)
    ts, py = _run("typescript"), _run("python")
    got = crossguard_diagnostics(ts, None)
    assert got == offline_diagnostics(ts, None)
    assert got == crossguard_diagnostics(py, None)
    assert {name for _, name, _ in got} >= {"aip-iam-001-no-admin-wildcards", "aip-net-004-no-world-ingress"}
