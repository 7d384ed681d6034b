"""Default values of the charts the platform installs, where a check needs the EFFECTIVE values (the
release's values merged over these with Helm's merge, :func:`.helm_merge.helm_merge`).

Only the subtrees a check reads are recorded, copied from the chart's ``values.yaml`` at the pinned
tag (data, Apache-2.0 like the charts); each names its source, tag and commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .helm_merge import helm_merge


@dataclass(frozen=True)
class ChartDefaults:
    """A chart version's recorded default values (a subset of its values.yaml) and their source."""

    chart: str
    version: str
    source: str
    ref: str
    commit: str
    values: Mapping[str, Any]


# kube-prometheus-stack 88.5.3 values.yaml ``alertmanager.config`` (lines 553-590 at the tag).
KUBE_PROMETHEUS_STACK = ChartDefaults(
    "kube-prometheus-stack",
    "88.5.3",
    "github.com/prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml",
    "kube-prometheus-stack-88.5.3",
    "ea930baeebeba39f56d6b44e351f23b2a072a600",
    {
        "alertmanager": {
            "config": {
                "global": {"resolve_timeout": "5m"},
                "inhibit_rules": [
                    {
                        "source_matchers": ["severity = critical"],
                        "target_matchers": ["severity =~ warning|info"],
                        "equal": ["namespace", "alertname"],
                    },
                    {
                        "source_matchers": ["severity = warning"],
                        "target_matchers": ["severity = info"],
                        "equal": ["namespace", "alertname"],
                    },
                    {
                        "source_matchers": ["alertname = InfoInhibitor"],
                        "target_matchers": ["severity = info"],
                        "equal": ["namespace"],
                    },
                    {"target_matchers": ["alertname = InfoInhibitor"]},
                ],
                "route": {
                    "group_by": ["namespace"],
                    "group_wait": "30s",
                    "group_interval": "5m",
                    "repeat_interval": "12h",
                    "receiver": "null",
                    "routes": [{"receiver": "null", "matchers": ['alertname = "Watchdog"']}],
                },
                "receivers": [{"name": "null"}],
                "templates": ["/etc/alertmanager/config/*.tmpl"],
            }
        }
    },
)

RECORDED: dict[tuple[str, str], ChartDefaults] = {(d.chart, d.version): d for d in (KUBE_PROMETHEUS_STACK,)}


def effective_values(chart: str, version: str, values: Mapping[str, Any] | None) -> dict[str, Any]:
    """A release's values merged over the recorded chart defaults as Helm merges them (KeyError when
    no defaults are recorded for that chart version)."""
    return helm_merge(RECORDED[(chart, version)].values, values)
