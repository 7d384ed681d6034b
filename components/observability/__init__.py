"""Observability of the platform: cost per team (OpenCost) here; metrics, alerts and dashboards join it.

Specs (:mod:`.spec`, :mod:`.cost_spec`) import no provider SDK; :mod:`.cost` imports
pulumi_kubernetes (and pulumi_aws for cost-allocation tags) only when it is built.
"""
