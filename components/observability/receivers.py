"""Where alerts go: Alertmanager routing shared by every backend, and the receiver per platform.

- AWS: the AMP workspace's alert manager definition, ``alertmanager_config`` with an ``sns_configs``
  receiver signed with SigV4 (AMP user guide, "Alert manager configuration", read 2026-12-01).
- On-prem: kube-prometheus-stack's Alertmanager with a ``webhook_configs`` receiver (Prometheus
  Alertmanager configuration reference, read 2026-12-01).
- GCP: alert policies notify a Cloud Monitoring ``pubsub`` notification channel (see :mod:`.gmp`).
"""

from __future__ import annotations

from typing import Any

import yaml

from .spec import ReceiverSpec

RECEIVER = "aiinfra-platform"
SILENT = "null"
"""kube-prometheus-stack's receiver with no integrations, where its default route sends ``Watchdog``."""
WATCHDOG_ROUTE = {"receiver": SILENT, "matchers": ['alertname = "Watchdog"']}
"""The chart's one default child route (kube-prometheus-stack 88.5.3 values.yaml ``alertmanager.config``):
``Watchdog`` always fires by design (a dead man's switch), so it goes nowhere instead of paging."""


def route(spec: ReceiverSpec) -> dict[str, Any]:
    """The Alertmanager route: everything to the platform receiver, grouped per alert and queue/pod."""
    return {
        "receiver": RECEIVER,
        "group_by": ["alertname", "cluster_queue", "namespace", "node"],
        "group_wait": f"{spec.group_wait_seconds}s",
        "group_interval": "5m",
        "repeat_interval": f"{spec.repeat_interval_hours}h",
    }


def webhook_alertmanager_config(spec: ReceiverSpec) -> dict[str, Any]:
    """Alertmanager configuration posting to the on-prem webhook (``alertmanager.config`` values).

    Helm merges these values over the chart's ``alertmanager.config`` (maps merge, lists replace):
    ``receivers`` replaces the chart's list, while ``route`` would keep the chart's ``routes``, which
    name the chart's ``null`` receiver. Both are stated here, so the effective configuration names
    only receivers it defines (``tests/contracts/test_alertmanager.py`` checks it with amtool)."""
    if spec.webhook_url is None:
        raise ValueError("observability.receiver.webhook_url: required on-prem (an HTTPS URL)")
    return {
        "route": {**route(spec), "routes": [dict(WATCHDOG_ROUTE)]},
        "receivers": [
            {"name": RECEIVER, "webhook_configs": [{"url": str(spec.webhook_url), "send_resolved": True}]},
            {"name": SILENT},
        ],
    }


def sns_alertmanager_definition(spec: ReceiverSpec, topic_arn: str, region: str) -> str:
    """The AMP alert manager definition (YAML with ``alertmanager_config`` as a string) for SNS."""
    config = {
        "route": route(spec),
        "receivers": [
            {
                "name": RECEIVER,
                "sns_configs": [{"topic_arn": topic_arn, "sigv4": {"region": region}, "send_resolved": True}],
            }
        ],
    }
    return yaml.safe_dump({"alertmanager_config": yaml.safe_dump(config, sort_keys=False)}, sort_keys=False)
