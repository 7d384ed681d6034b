"""Every EFFECTIVE Alertmanager configuration the platform ships passes the real ``amtool check-config``.

Effective: kube-prometheus-stack's ``alertmanager.config`` is the release's values merged over the
chart's defaults at the pinned tag with Helm's merge (maps merge, lists replace;
components/payloads/chart_defaults.py), because that is what the chart renders into Alertmanager's
Secret. AMP's alert manager definition is used as given (AMP has no defaults to merge).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aiinfra.components.payloads.chart_defaults import effective_values
from aiinfra.components.payloads.helm_merge import helm_merge

from . import upstream_tools
from .plans import STACKS, of_type, releases

AMP_DEFINITION = "aws:amp/alertManagerDefinition:AlertManagerDefinition"


def effective_configs(stack: str) -> dict[str, dict[str, Any]]:
    """Resource name -> the Alertmanager configuration it makes Alertmanager load."""
    out = {}
    for r in releases(stack, "kube-prometheus-stack"):
        values = effective_values("kube-prometheus-stack", r.inputs["version"], r.inputs.get("values"))
        out[r.name] = values["alertmanager"]["config"]
    for r in of_type(stack, AMP_DEFINITION):
        out[r.name] = yaml.safe_load(yaml.safe_load(r.inputs["definition"])["alertmanager_config"])
    return out


def test_every_stack_with_an_alertmanager_is_judged() -> None:
    judged = {s for s in STACKS if effective_configs(s)}
    assert {"onprem", "hybrid-gcp", "aws-training"} <= judged, judged


@pytest.mark.parametrize("stack", STACKS)
def test_effective_alertmanager_configs_pass_amtool(stack: str, tmp_path: Path) -> None:
    failures = []
    for name, config in effective_configs(stack).items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        result = upstream_tools.run("amtool", "check-config", path)
        if result.returncode != 0:
            failures.append(f"{name}: {(result.stdout + result.stderr).strip()}")
    assert not failures, "\n".join(failures)


def test_amtool_refuses_the_route_main_shipped_before_the_fix(tmp_path: Path) -> None:
    """The fault of issue 24 point 5 as a fixture: receivers set, routes inherited from the chart."""
    values = {
        "alertmanager": {
            "config": {
                "route": {"receiver": "aiinfra-platform"},
                "receivers": [
                    {"name": "aiinfra-platform", "webhook_configs": [{"url": "https://x.example/"}]}
                ],
            }
        }
    }
    config = effective_values("kube-prometheus-stack", "88.5.3", values)["alertmanager"]["config"]
    assert config["route"]["routes"] == [{"receiver": "null", "matchers": ['alertname = "Watchdog"']}]
    path = tmp_path / "alertmanager.yaml"
    path.write_text(yaml.safe_dump(config))
    result = upstream_tools.run("amtool", "check-config", path)
    assert result.returncode != 0
    assert 'undefined receiver "null"' in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("defaults", "values", "expected"),
    [
        # maps merge key by key
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}}, {"a": {"x": 1, "y": 3}}),
        # lists replace whole
        ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
        ({"a": [1, 2]}, {"a": []}, {"a": []}),
        # null deletes the default key
        ({"a": {"x": 1}, "b": 2}, {"a": None}, {"b": 2}),
        # a scalar over a map replaces it (Helm warns and takes the user's value)
        ({"a": {"x": 1}}, {"a": "s"}, {"a": "s"}),
        # no values: the defaults
        ({"a": 1}, None, {"a": 1}),
    ],
)
def test_helm_merge(defaults: dict, values: dict | None, expected: dict) -> None:
    assert helm_merge(defaults, values) == expected
    assert helm_merge(defaults, values) is not defaults
