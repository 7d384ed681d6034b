"""Observability: accelerator, Kueue and node metrics, a metrics backend per platform, alerts that
matter to an AI platform, their receivers and Grafana dashboards (docs/observability.md).

One module per job: :mod:`.spec` (the typed ``observability`` section), :mod:`.metrics` (the metric
names and where they come from), :mod:`.alerts` (rules generated from the spec's thresholds),
:mod:`.receivers` (where alerts go), :mod:`.dashboards` (Grafana dashboard JSON), :mod:`.exporters`
(DCGM exporter and kube-state-metrics charts where no operator brings them), and one backend per
platform: :mod:`.amp` (AWS), :mod:`.gmp` (GCP), :mod:`.kube_prometheus` (on-prem); cost per team is
:mod:`.cost_spec` and :mod:`.cost` (OpenCost, cost-allocation tags).
"""
