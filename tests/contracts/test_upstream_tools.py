"""A missing upstream validator fails under CI=true and skips (saying how to install it) elsewhere."""

from __future__ import annotations

import pytest

from . import upstream_tools


def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream_tools.shutil, "which", lambda _: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y prometheus-alertmanager"):
        upstream_tools.require("amtool")


def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream_tools.shutil, "which", lambda _: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y prometheus"):
        upstream_tools.require("promtool")


def test_present_tool_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upstream_tools.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert upstream_tools.require("promtool") == "/usr/bin/promtool"
