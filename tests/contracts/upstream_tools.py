"""Real upstream validators the contract tests run: promtool (Debian ``prometheus``) and amtool
(Debian ``prometheus-alertmanager``), installed by ``.ci/run``.

In CI (``CI=true``) a missing tool fails the test: CI installs them, so a skip there would hide a
broken check. Elsewhere the test is skipped with the command that installs the tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGES = {"promtool": "prometheus", "amtool": "prometheus-alertmanager"}


def require(tool: str) -> str:
    """The path of ``tool``; fails (CI) or skips (elsewhere) with the install command when absent."""
    path = shutil.which(tool)
    if path:
        return path
    message = (
        f"{tool} is not installed: `apt-get update && apt-get install -y {PACKAGES[tool]}` "
        "(.ci/run installs it)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def run(tool: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run an upstream tool; its exit code and output are the verdict."""
    return subprocess.run(
        [require(tool), *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )
