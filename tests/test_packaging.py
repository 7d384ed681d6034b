"""The installed package works the way a consuming platform team uses it: console script and imports,
from a directory that is not this checkout, with no provider SDK imported until needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BIN = Path(sys.executable).parent


def _python(code: str, cwd: Path) -> str:
    # -P: never import the checkout's folders by accident; the installed package is what is tested.
    proc = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def test_console_script_runs_outside_the_checkout(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(BIN / "aiinfra"), "catalog", "--cloud", "aws", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = json.loads(proc.stdout)
    assert any(e["machine_type"] == "p5.48xlarge" and e["fabric_interfaces"] == 32 for e in entries)


def test_components_import_outside_the_checkout(tmp_path: Path) -> None:
    out = _python(
        "import aiinfra.components.aws as a, aiinfra.policies, aiinfra.blueprints;"
        "from aiinfra.components.aws import GpuNodePool; print(GpuNodePool.__module__)",
        tmp_path,
    )
    assert out == "aiinfra.components.aws.nodepool"


def test_package_data_for_the_policy_pack_is_installed(tmp_path: Path) -> None:
    out = _python(
        "import aiinfra.policies, pathlib; print(pathlib.Path(aiinfra.policies.__file__).parent)", tmp_path
    )
    assert (Path(out) / "PulumiPolicy.yaml").is_file()
    assert (Path(out) / "checkov_skips.yaml").is_file()  # loaded by aiinfra.policies.checkov_skips


def test_importing_the_library_loads_no_provider_sdk(tmp_path: Path) -> None:
    out = _python(
        "import sys, aiinfra.components.spec, aiinfra.components.catalog, aiinfra.components.aws;"
        "print(sorted(m for m in ('pulumi_aws','pulumi_gcp','pulumi_kubernetes') if m in sys.modules))",
        tmp_path,
    )
    assert out == "[]"


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    """`aiinfra --help` stays a cold-start path: no Pulumi, provider SDK, boto3, pydantic, YAML or
    protobuf import behind it (its speed is measured by bench/startup.py, not asserted here)."""
    heavy = ("pulumi", "pulumi_aws", "pulumi_gcp", "pulumi_kubernetes", "pulumi_random", "boto3", "botocore")
    heavy += ("pydantic", "yaml", "jsonschema", "google.protobuf")
    out = _python(
        "import sys\n"
        "from aiinfra.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))",
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("stack", ["aws-training"])
def test_plan_does_not_import_other_clouds(stack: str) -> None:
    out = _python(
        f"import sys; from aiinfra.plan import plan_stack; plan_stack({stack!r});"
        "print(sorted(m for m in ('pulumi_aws','pulumi_gcp','pulumi_kubernetes') if m in sys.modules))",
        REPO,
    )
    assert "pulumi_gcp" not in out
