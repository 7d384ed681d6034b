"""Planning a GCP stack never imports pulumi_aws; the GCP modules never import it either."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GCP_SOURCES = [
    *sorted((REPO / "components" / "gcp").glob("*.py")),
    REPO / "blueprints" / "gcp.py",
    REPO / "aiinfra" / "engine" / "fixtures" / "gcp.py",
]


def test_planning_gcp_stacks_does_not_import_pulumi_aws() -> None:
    code = (
        "import sys\n"
        "from aiinfra.plan import plan_stack\n"
        "for s in ('gcp-training', 'gcp-tpu-inference'):\n"
        "    plan_stack(s)\n"
        "assert 'pulumi_gcp' in sys.modules\n"
        "print(sorted(m for m in sys.modules if m == 'pulumi_aws' or m.startswith('pulumi_aws.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_gcp_sources_never_mention_pulumi_aws() -> None:
    for path in GCP_SOURCES:
        assert "pulumi_aws" not in path.read_text(), path


def test_validating_a_gcp_config_does_not_import_the_gcp_sdk() -> None:
    """Specs and validation are SDK-free: the SDK loads only when the program builds."""
    code = (
        "import sys\n"
        "from aiinfra.plan import validated_config\n"
        "from aiinfra.stacks import load_stack\n"
        "validated_config(load_stack('gcp-training'))\n"
        "print('pulumi_gcp' in sys.modules, 'pulumi_aws' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"
