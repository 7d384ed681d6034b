"""Amazon Managed Grafana for an EKS platform (``observability.grafana``, off by default).

- ``aws.grafana.Workspace`` with ``permission_type="CUSTOMER_MANAGED"`` and our own role: it may
  only query this platform's AMP workspace (the four read actions of the AWS-managed
  ``AmazonPrometheusQueryAccess`` policy, scoped to the workspace ARN instead of ``*``). Its trust
  lets ``grafana.amazonaws.com`` assume it for this account only (``aws:SourceAccount``; Amazon
  Managed Grafana user guide "Amazon Managed Grafana permissions and policies for AWS data sources",
  read 2026-12-01).
- Reachable only through an interface VPC endpoint for ``com.amazonaws.<region>.grafana-workspace``
  in the platform's private subnets (``network_access_control.vpce_ids``; ``prefix_list_ids``
  empty unless the spec names some); encrypted with the platform's ``logs`` key (``kms_key_id``;
  unverified: whether Managed Grafana needs a key-policy statement beyond the account's IAM
  delegation for a customer-managed key).
- Dashboards: a Grafana service account (role ADMIN: creating data sources needs it) and a token
  (``token_days``), a ``pulumiverse_grafana`` provider on the workspace URL, the AMP data source and
  the shipped dashboards in folder ``aiinfra``. From Grafana 12 SigV4 is no longer offered by the core
  Prometheus data source: the AMP data source is the ``grafana-amazonprometheus-datasource`` plugin
  (Grafana docs "Connect to Amazon Managed Service for Prometheus", v12.4 and v13.0, and the plugin's
  page "Migrate from core Prometheus", read 2026-12-07), with SigV4 under the workspace role
  (``sigV4AuthType: ec2_iam_role``, unverified against a live workspace); the dashboards' data source
  picker and panels name the same type. Grafana 10.4 keeps the core ``prometheus`` type. pulumiverse_grafana
  2.44.0 is imported only here, only when dashboards are provisioned.

Children: ``{name}-role``, ``{name}-endpoint-sg``, ``{name}-endpoint-https``, ``{name}-endpoint``,
``{name}-workspace``; with dashboards ``{name}-provisioner``, ``{name}-token``, ``{name}-provider``,
``{name}-amp``, ``{name}-folder``, ``{name}-dashboard-<uid>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..aws.common import https_from_vpc_security_group
from ..base import Component
from .dashboards import dashboards
from .grafana_spec import GrafanaSpec

AMP_QUERY_ACTIONS = ("aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics")
"""The actions of the AWS-managed AmazonPrometheusQueryAccess policy (AMP user guide, read 2026-12-01)."""
GRAFANA_SERVICE = "grafana.amazonaws.com"
DATASOURCE_UID = "aiinfra-amp"
AMP_DATASOURCE_TYPE = "grafana-amazonprometheus-datasource"


def amp_datasource_type(grafana_version: str) -> str:
    """The data source type that signs AMP queries with SigV4 on a workspace of ``grafana_version``."""
    return "prometheus" if int(grafana_version.split(".")[0]) < 12 else AMP_DATASOURCE_TYPE


FOLDER_UID = "aiinfra"


def trust_policy(account_id: str) -> str:
    """Only Managed Grafana, for workspaces of this account, assumes the role."""
    from ..aws.common import policy_json

    return policy_json(
        [
            {
                "Effect": "Allow",
                "Principal": {"Service": GRAFANA_SERVICE},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ]
    )


def query_policy(workspace_arn: str) -> str:
    """Query this AMP workspace and nothing else."""
    from ..aws.common import policy_json

    return policy_json(
        [
            {
                "Sid": "QueryPlatformMetrics",
                "Effect": "Allow",
                "Action": list(AMP_QUERY_ACTIONS),
                "Resource": workspace_arn,
            }
        ]
    )


def datasource_json(region: str) -> str:
    """The Prometheus data source's jsonData: SigV4 with the workspace's IAM role."""
    return json.dumps(
        {"httpMethod": "POST", "sigV4Auth": True, "sigV4AuthType": "ec2_iam_role", "sigV4Region": region}
    )


class ManagedGrafana(Component):
    """An Amazon Managed Grafana workspace on the platform's AMP workspace, private, with dashboards."""

    def __init__(
        self,
        name: str,
        spec: GrafanaSpec,
        *,
        region: str,
        amp_workspace_arn: pulumi.Input[str],
        prometheus_endpoint: pulumi.Input[str],
        key_arn: pulumi.Input[str],
        vpc_id: pulumi.Input[str],
        vpc_cidr: str,
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        tags: Mapping[str, str],
        neuron: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:observability:ManagedGrafana", name, opts)
        import pulumi_aws as aws

        account = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=self)).account_id
        self.role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=account.apply(trust_policy),
            inline_policies=[
                {
                    "name": "query-platform-metrics",
                    "policy": pulumi.Output.from_input(amp_workspace_arn).apply(query_policy),
                }
            ],
            tags=dict(tags),
            opts=self.child_opts(),
        )
        sg = https_from_vpc_security_group(
            self,
            f"{name}-endpoint-sg",
            f"{name}-endpoint-https",
            vpc_id=vpc_id,
            cidr=vpc_cidr,
            description="HTTPS from inside the VPC to the Grafana workspace endpoint",
            group_tags=tags,
            rule_tags=tags,
        )
        self.endpoint = aws.ec2.VpcEndpoint(
            f"{name}-endpoint",
            vpc_id=vpc_id,
            service_name=f"com.amazonaws.{region}.grafana-workspace",
            vpc_endpoint_type="Interface",
            private_dns_enabled=True,
            subnet_ids=subnet_ids,
            security_group_ids=[sg.id],
            tags=dict(tags),
            opts=self.child_opts(),
        )
        self.workspace = aws.grafana.Workspace(
            f"{name}-workspace",
            name=name,
            description="aiinfra platform dashboards",
            account_access_type="CURRENT_ACCOUNT",
            authentication_providers=list(spec.authentication),
            permission_type="CUSTOMER_MANAGED",
            role_arn=self.role.arn,
            data_sources=["PROMETHEUS"],
            grafana_version=spec.grafana_version,
            kms_key_id=key_arn,
            network_access_control={
                "prefix_list_ids": list(spec.prefix_list_ids),
                "vpce_ids": [self.endpoint.id],
            },
            tags=dict(tags),
            opts=self.child_opts(),
        )
        self.dashboards: list[Any] = []
        if spec.provision_dashboards:
            self._provision(name, spec, region, prometheus_endpoint, neuron)
        self.register_outputs({"workspace_id": self.workspace.id, "endpoint": self.workspace.endpoint})

    def _provision(
        self, name: str, spec: GrafanaSpec, region: str, prometheus_endpoint: pulumi.Input[str], neuron: bool
    ) -> None:
        import pulumi_aws as aws
        import pulumiverse_grafana as grafana

        account = aws.grafana.WorkspaceServiceAccount(
            f"{name}-provisioner",
            name="aiinfra-provisioner",
            grafana_role="ADMIN",
            workspace_id=self.workspace.id,
            opts=self.child_opts(),
        )
        token = aws.grafana.WorkspaceServiceAccountToken(
            f"{name}-token",
            name="aiinfra-provisioner",
            seconds_to_live=spec.token_days * 86400,
            service_account_id=account.service_account_id,
            workspace_id=self.workspace.id,
            opts=self.child_opts(),
        )
        provider = grafana.Provider(
            f"{name}-provider",
            url=self.workspace.endpoint.apply(lambda host: f"https://{host}"),
            auth=pulumi.Output.secret(token.key),
            opts=self.child_opts(),
        )
        g_opts = self.child_opts(provider=provider)
        grafana.oss.DataSource(
            f"{name}-amp",
            name="Amazon Managed Prometheus (aiinfra)",
            type=amp_datasource_type(spec.grafana_version),
            uid=DATASOURCE_UID,
            url=prometheus_endpoint,
            is_default=True,
            json_data_encoded=datasource_json(region),
            opts=g_opts,
        )
        folder = grafana.oss.Folder(f"{name}-folder", title="aiinfra", uid=FOLDER_UID, opts=g_opts)
        self.dashboards = [
            grafana.oss.Dashboard(
                f"{name}-dashboard-{board['uid']}",
                folder=folder.uid,
                config_json=json.dumps(board, sort_keys=True),
                overwrite=True,
                opts=g_opts,
            )
            for board in dashboards(
                neuron=neuron, datasource_type=amp_datasource_type(spec.grafana_version)
            ).values()
        ]
