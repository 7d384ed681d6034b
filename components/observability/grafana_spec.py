"""``observability.grafana`` (AWS only): an optional Amazon Managed Grafana workspace that reads the
platform's Managed Prometheus workspace and gets the shipped dashboards. Off by default.

Allowed values are pulumi_aws 7.51.1's (``aws.grafana.Workspace``: authentication providers
``AWS_SSO``/``SAML``; Grafana versions 9.4, 10.4, 12.4, 13.2; ``WorkspaceServiceAccountToken``
lives at most 30 days), read 2026-12-01.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from ..spec.base import Spec
from .spec import ObservabilitySpec

_PREFIX_LIST = re.compile(r"^pl-[0-9a-f]{8,17}$")


class GrafanaSpec(Spec):
    """Amazon Managed Grafana for the platform: private by default, customer-managed permissions
    scoped to querying this platform's metrics workspace, dashboards provisioned."""

    enabled: bool = Field(default=False, description="create an Amazon Managed Grafana workspace (AWS only)")
    authentication: tuple[Literal["AWS_SSO", "SAML"], ...] = Field(
        default=("AWS_SSO",),
        min_length=1,
        description="how users sign in: IAM Identity Center (AWS_SSO), SAML, or both",
    )
    grafana_version: Literal["10.4", "12.4", "13.2"] = Field(
        default="13.2", description="Grafana version of the workspace"
    )
    prefix_list_ids: tuple[str, ...] = Field(
        default=(),
        description="managed prefix lists (pl-...) allowed to reach the workspace besides its VPC endpoint; "
        "empty: reachable only through the VPC endpoint",
    )
    provision_dashboards: bool = Field(
        default=True,
        description="provision the AMP data source and the shipped dashboards through the Grafana API "
        "(needs `pulumi up` to run where the workspace's VPC endpoint is reachable)",
    )
    token_days: int = Field(
        default=30,
        ge=1,
        le=30,
        description="lifetime (days) of the provisioning service account's token (AWS allows up to 30)",
    )

    @field_validator("authentication")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError(f"authentication: {list(value)} names a provider twice (allowed: AWS_SSO, SAML)")
        return value

    @field_validator("prefix_list_ids")
    @classmethod
    def _prefix_lists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pl in value:
            if not _PREFIX_LIST.match(pl):
                raise ValueError(f"prefix_list_ids: {pl!r} is not a managed prefix list id (pl-<hex>)")
        return value


class AwsObservabilitySpec(ObservabilitySpec):
    """The AWS ``observability`` section: the common one plus optional Amazon Managed Grafana."""

    grafana: GrafanaSpec = Field(
        default_factory=GrafanaSpec,
        description="optional Amazon Managed Grafana workspace with the shipped dashboards (off by default)",
    )
