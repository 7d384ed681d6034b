"""The ``observability`` section every blueprint takes: on by default, thresholds typed and bounded.

Plain values only; the blueprint turns them into resources through its platform's backend module.
"""

from __future__ import annotations

from pydantic import Field, HttpUrl, field_validator

from ..spec.base import Spec
from .cost_spec import CostSpec


class AlertThresholds(Spec):
    """The thresholds and durations of the platform alerts (docs/observability.md lists each alert)."""

    gpu_idle_percent: int = Field(
        default=10, ge=1, le=90, description="GPU utilization (%) below which an allocated GPU counts as idle"
    )
    gpu_idle_minutes: int = Field(
        default=30, ge=5, le=1440, description="minutes a pod's GPUs must stay idle before the alert fires"
    )
    gpu_temperature_celsius: int = Field(
        default=85,
        ge=60,
        le=100,
        description="GPU temperature (°C) above which the GPU counts as thermally at risk",
    )
    neuroncore_idle_percent: int = Field(
        default=10,
        ge=1,
        le=90,
        description="NeuronCore utilization (%) below which a core held by a Neuron runtime counts as idle",
    )
    neuroncore_idle_minutes: int = Field(
        default=30,
        ge=5,
        le=1440,
        description="minutes a runtime's NeuronCores must stay idle before the alert fires",
    )
    thermal_minutes: int = Field(
        default=5, ge=1, le=120, description="minutes above the temperature threshold before the alert fires"
    )
    node_not_ready_minutes: int = Field(
        default=10,
        ge=1,
        le=240,
        description="minutes a fabric-pool node may stay NotReady before the alert fires",
    )
    kueue_pending_minutes: int = Field(
        default=60,
        ge=5,
        le=10080,
        description="minutes a ClusterQueue may keep workloads pending before the alert fires",
    )
    device_plugin_minutes: int = Field(
        default=10,
        ge=1,
        le=240,
        description="minutes a GPU/EFA/RDMA device-plugin DaemonSet may have unavailable pods",
    )


class ReceiverSpec(Spec):
    """Where alerts go. AWS: an SNS topic (CMK) the stack creates; GCP: a Pub/Sub topic (CMK) behind a
    Cloud Monitoring notification channel; on-prem: Alertmanager's webhook receiver at ``webhook_url``."""

    webhook_url: HttpUrl | None = Field(
        default=None, description="on-prem: HTTPS URL Alertmanager posts alerts to (required on-prem)"
    )
    group_wait_seconds: int = Field(
        default=30, ge=0, le=600, description="Alertmanager group_wait: how long to buffer the first alert"
    )
    repeat_interval_hours: int = Field(
        default=4, ge=1, le=168, description="Alertmanager repeat_interval: how often a firing alert repeats"
    )

    @field_validator("webhook_url")
    @classmethod
    def _https(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and value.scheme != "https":
            raise ValueError(f"webhook_url: {str(value)!r} must use https (alerts carry cluster details)")
        return value


class ObservabilitySpec(Spec):
    """Metrics, alerts, receivers and dashboards of a platform (docs/observability.md)."""

    enabled: bool = Field(default=True, description="collect metrics, evaluate alerts and ship dashboards")
    thresholds: AlertThresholds = Field(default_factory=AlertThresholds, description="alert thresholds")
    receiver: ReceiverSpec = Field(default_factory=ReceiverSpec, description="where alerts are sent")
    retention_days: int = Field(
        default=30,
        ge=7,
        le=1095,
        description="metrics retention (on-prem Prometheus; AMP/GMP keep their own)",
    )
    storage_gib: int = Field(
        default=200, ge=20, le=16384, description="on-prem: Prometheus volume size on the warm tier (GiB)"
    )
    dashboards: bool = Field(default=True, description="ship the Grafana dashboards where Grafana runs")
    cost: CostSpec = Field(
        default_factory=CostSpec,
        description="cost per team: OpenCost with the cloud's list prices, namespaces attributed to teams",
    )
