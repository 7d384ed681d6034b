"""The ``hybrid`` blueprint: an on-prem GPU cluster plus cloud burst capacity, run as one platform.

- The on-prem side is the ``onprem`` blueprint, composed inline (``onprem:``) or consumed from its own
  stack through a StackReference (``onprem_stack:``; its outputs carry the kubeconfig as a secret).
- The cloud side is the ``aws`` or ``gcp`` blueprint (``cloud:``), composed unchanged.
- Between them: a site-to-site link (IPsec VPN, or a given Direct Connect / Interconnect
  attachment), one validated address plan, Kueue MultiKueue (on-prem manager, cloud worker) and a
  scheduled replication of on-prem object storage into the cloud cold tier, the shared dataset store.
- One key hierarchy: cloud CMKs protect cloud tiers, the on-prem Vault transit KMS on-prem tiers, and
  everything between the sites travels encrypted (IPsec or the dedicated link, HTTPS with a verified
  certificate for replication, TLS-only bucket policies).

EKS Hybrid Nodes (``remote_network_config``) are not used: the on-prem GPU servers stay in their own
cluster, which is the MultiKueue manager, and do not join EKS. The address plan still applies the EKS
remote-network rules so the same plan can switch to Hybrid Nodes later.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Literal, Self

import pulumi
from pydantic import Field, field_validator, model_validator

from aiinfra.blueprints import onprem as onprem_blueprint
from aiinfra.components.hybrid.addressing import (
    AddressPlan,
    OnpremRanges,
    check_eks_remote_networks,
    check_gke_ranges,
    check_inside_cidrs,
    check_overlaps,
    eks_service_cidr,
    plan_of,
    reconcile_fabric_pools,
    uncovered,
)
from aiinfra.components.hybrid.spec import BurstSpec, Connectivity, ReplicationSpec, VpnSpec
from aiinfra.components.spec import PoolCapacity, Spec
from aiinfra.components.spec.base import ResourceName

CLOUD_BLUEPRINTS = ("aws", "gcp")
_STACK_REF = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_STACK_FILE = re.compile(r"^[A-Za-z0-9_.-]+$")
_LABEL_KEYS = ("team", "project", "cost-center")


class OnpremStackRef(Spec):
    """An existing on-prem stack consumed through a StackReference."""

    name: str = Field(description="fully qualified stack, e.g. organization/aiinfra/onprem")
    stack_file: str = Field(description="its stack name in stacks/ (answers the reference offline)")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not _STACK_REF.match(self.name):
            raise ValueError(f"name: {self.name!r} is not '<organization>/<project>/<stack>'")
        if not _STACK_FILE.match(self.stack_file):
            raise ValueError(f"stack_file: {self.stack_file!r} is not a stack name")
        return self


def referenced_onprem(stack_file: str) -> onprem_blueprint.Config:
    """The validated platform config of the on-prem stack a hybrid stack references (its stack file in
    stacks/): the hybrid side derives the fabric ranges from it instead of copying them."""
    from aiinfra.errors import InputError
    from aiinfra.stacks import load_stack

    try:
        raw = load_stack(stack_file).config.get("aiinfra:platform")
        return onprem_blueprint.Config.model_validate(raw)
    except (InputError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        raise ValueError(
            f"onprem_stack.stack_file: {stack_file!r} must be a valid on-prem stack ({message})"
        ) from None


class AddressPlanSpec(Spec):
    """The on-prem half of the address plan; the cloud half and the fabric rails come from their specs."""

    onprem: OnpremRanges
    """on-prem node, pod and service ranges."""
    fabric_pools: tuple[ipaddress.IPv4Network, ...] = Field(
        default=(),
        description="optional: IB/RoCE ranges of the on-prem fabric; derived from the on-prem side (inline "
        "platform or onprem_stack's stack file) when left out, checked against it when given",
    )


class Config(Spec):
    """Settings of a ``hybrid`` stack (``aiinfra:platform`` in ``stacks/Pulumi.<stack>.yaml``)."""

    blueprint: Literal["hybrid"]
    """which blueprint this stack uses; 'hybrid' for on-prem plus cloud burst."""
    name: ResourceName
    """hybrid platform name; must differ from the cloud and on-prem names."""
    environment: Literal["dev", "staging", "prod"] = "prod"
    """environment label on every resource."""
    onprem: onprem_blueprint.Config | None = Field(default=None, description="the on-prem platform, inline")
    onprem_stack: OnpremStackRef | None = Field(default=None, description="or an existing on-prem stack")
    cloud: Spec = Field(description="an aws or gcp blueprint config (blueprint: aws | gcp)")
    address_plan: AddressPlanSpec
    """the on-prem address ranges; validated against the cloud and fabric ranges for overlaps."""
    connectivity: Connectivity
    """site-to-site link: kind 'vpn' (IPsec, BGP or static) or 'dedicated' (Direct Connect / Interconnect)."""
    burst: BurstSpec
    """MultiKueue burst from on-prem queues to the cloud cluster."""
    replication: ReplicationSpec
    """scheduled dataset replication from the on-prem object store to the cloud cold tier."""

    @field_validator("cloud", mode="before")
    @classmethod
    def _cloud_config(cls, raw: Any) -> Any:
        """Validate ``cloud`` with its own blueprint's Config, importing only that blueprint."""
        if isinstance(raw, Spec):
            return raw
        from pydantic import ValidationError

        from aiinfra.blueprints import blueprint_module
        from aiinfra.errors import describe_validation_error

        kind = raw.get("blueprint") if isinstance(raw, dict) else None
        if kind not in CLOUD_BLUEPRINTS:
            raise ValueError(
                f"blueprint: {kind!r} is not a burst cloud (allowed: {', '.join(CLOUD_BLUEPRINTS)})"
            )
        try:
            return blueprint_module(kind).Config.model_validate(raw)
        except ValidationError as exc:
            first = describe_validation_error(exc, "cloud", model=blueprint_module(kind).Config).split("; ")[
                0
            ]
            raise ValueError(first.removeprefix("cloud.")) from None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.onprem is None) == (self.onprem_stack is None):
            raise ValueError(
                "onprem: set exactly one of onprem (inline platform) or onprem_stack (StackReference)"
            )
        names = {"name": self.name, "cloud.name": self.cloud_name}
        if self.onprem is not None:
            names["onprem.name"] = self.onprem.name
        if len(set(names.values())) != len(names):
            raise ValueError(f"name: the hybrid, cloud and on-prem names must differ (got {names})")
        self._check_cloud_specifics()
        self._check_addresses()
        self._check_burst()
        self._check_encryption()
        if self.cloud.services is not None:  # type: ignore[attr-defined]
            raise ValueError(
                "cloud.services: a hybrid platform's services live on the on-prem side (onprem.services); "
                "burst jobs reach the cloud through MultiKueue"
            )
        return self

    # --- validation helpers ---
    @property
    def cloud_kind(self) -> Literal["aws", "gcp"]:
        """Which cloud bursts: ``aws`` or ``gcp``."""
        return self.cloud.blueprint  # type: ignore[attr-defined,no-any-return]

    @property
    def cloud_name(self) -> str:
        """The cloud platform's name."""
        return str(self.cloud.name)  # type: ignore[attr-defined]

    def _check_cloud_specifics(self) -> None:
        link, rep = self.connectivity, self.replication
        if self.cloud_kind == "aws":
            if isinstance(link, VpnSpec) and len(link.tunnels) != 2 * len(link.onprem_public_ips):
                raise ValueError(
                    f"connectivity.tunnels: AWS builds one VPN connection (two tunnels) per on-prem public IP; "
                    f"{len(link.onprem_public_ips)} IP(s) need {2 * len(link.onprem_public_ips)} tunnels, got {len(link.tunnels)}"
                )
            if not isinstance(link, VpnSpec):
                if link.dx_gateway_id is None:
                    raise ValueError("connectivity.dx_gateway_id: required for a dedicated link on AWS")
                if link.interconnect_attachments:
                    raise ValueError(
                        "connectivity.interconnect_attachments: GCP only; use dx_gateway_id on AWS"
                    )
            if rep.datasync is None:
                raise ValueError("replication.datasync: required on AWS (agent_arn or activation_key_key)")
            if rep.transfer_pool is not None:
                raise ValueError("replication.transfer_pool: GCP only; use replication.datasync on AWS")
            if rep.source.access_key_key is None:
                raise ValueError(
                    "replication.source.access_key_key: DataSync needs the endpoint's S3 credentials"
                )
            if rep.source.server_certificate is None:
                raise ValueError(
                    "replication.source.server_certificate: required so DataSync verifies the on-prem endpoint's TLS certificate"
                )
        else:
            if isinstance(link, VpnSpec):
                if link.routing != "bgp":
                    raise ValueError("connectivity.routing: GCP HA VPN needs BGP (allowed: bgp)")
                if len(link.tunnels) != 2:
                    raise ValueError(
                        f"connectivity.tunnels: GCP HA VPN has one tunnel per HA interface (2), got {len(link.tunnels)}"
                    )
            else:
                if not link.interconnect_attachments:
                    raise ValueError(
                        "connectivity.interconnect_attachments: required for a dedicated link on GCP"
                    )
                if link.dx_gateway_id is not None:
                    raise ValueError(
                        "connectivity.dx_gateway_id: AWS only; use interconnect_attachments on GCP"
                    )
            if rep.transfer_pool is None:
                raise ValueError(
                    "replication.transfer_pool: required on GCP (the Storage Transfer agent pool)"
                )
            if rep.datasync is not None:
                raise ValueError("replication.datasync: AWS only; use replication.transfer_pool on GCP")
            rep.schedule.gcp_schedule((2026, 1, 1))  # raises for schedules STS cannot express

    def fabric_ranges(self) -> list[tuple[str, ipaddress.IPv4Network]]:
        """The on-prem fabric's ranges, derived from the on-prem side (the inline platform, or the
        referenced stack's file) and checked against ``address_plan.fabric_pools`` when that is given."""
        declared = [
            (f"address_plan.fabric_pools[{i}]", n) for i, n in enumerate(self.address_plan.fabric_pools)
        ]
        if self.onprem is not None:
            fabric, prefix, source = self.onprem.fabric, "onprem.fabric", "the inline on-prem platform"
        else:
            assert self.onprem_stack is not None
            fabric = referenced_onprem(self.onprem_stack.stack_file).fabric
            prefix = f"stack {self.onprem_stack.stack_file}: fabric"
            source = f"on-prem stack {self.onprem_stack.stack_file!r}"
        rails = (
            [(f"{prefix}.rails[{i}].subnet", r.subnet) for i, r in enumerate(fabric.rails)] if fabric else []
        )
        return reconcile_fabric_pools(declared, rails, source)

    def address_plan_of(self) -> AddressPlan:
        """Every range of both sides, named by the field it comes from."""
        onprem = self.address_plan.onprem
        entries: list[tuple[str, Any]] = [
            ("address_plan.onprem.nodes", onprem.nodes),
            ("address_plan.onprem.pods", onprem.pods),
            ("address_plan.onprem.services", onprem.services),
        ]
        if onprem.storage is not None:
            entries.append(("address_plan.onprem.storage", onprem.storage))
        entries += self.fabric_ranges()
        net = self.cloud.network  # type: ignore[attr-defined]
        if self.cloud_kind == "aws":
            vpc = ipaddress.ip_network(net.cidr)
            entries += [("cloud.network.cidr", vpc), ("cloud.services (EKS default)", eks_service_cidr(vpc))]
        else:
            for field in ("subnet_cidr", "pods_cidr", "services_cidr", "master_cidr", "fabric_cidr"):
                entries.append((f"cloud.network.{field}", getattr(net, field)))
        return plan_of(entries)

    def _check_addresses(self) -> None:
        plan = self.address_plan_of()
        check_overlaps(plan)
        onprem = self.address_plan.onprem
        cloud_ranges = [r for r in plan.ranges if r.owner.startswith("cloud.")]
        if self.cloud_kind == "aws":
            remote = [("address_plan.onprem.nodes", onprem.nodes), ("address_plan.onprem.pods", onprem.pods)]
            check_eks_remote_networks(
                remote, plan.get("cloud.network.cidr"), plan.get("cloud.services (EKS default)")
            )
        else:
            check_gke_ranges(plan.get("cloud.network.pods_cidr"), plan.get("cloud.network.services_cidr"))
        link = self.connectivity
        if isinstance(link, VpnSpec):
            check_inside_cidrs(
                [
                    (f"connectivity.tunnels[{i}].inside_cidr", t.inside_cidr)
                    for i, t in enumerate(link.tunnels)
                ],
                aws=self.cloud_kind == "aws",
            )
        for j, route in enumerate(link.routes_to_onprem):
            for r in cloud_ranges:
                if route.overlaps(r.cidr):
                    raise ValueError(
                        f"connectivity.routes_to_onprem[{j}]: {route} overlaps {r.owner} ({r.cidr}); a route back "
                        "to on-prem must not cover cloud ranges"
                    )
        needed = [("address_plan.onprem.nodes", onprem.nodes)]
        if onprem.storage is not None:
            needed.append(("address_plan.onprem.storage", onprem.storage))
        missing = uncovered(needed, link.routes_to_onprem)
        if missing:
            raise ValueError(
                f"connectivity.routes_to_onprem: no route back from the burst cluster to {', '.join(missing)}; "
                "the MultiKueue manager and the replication agents live there. Add a covering on-prem prefix "
                f"(routes: {[str(r) for r in link.routes_to_onprem]})"
            )
        if self.cloud_kind == "gcp":
            authorized = [ipaddress.ip_network(c) for c in self.cloud.cluster.authorized_cidrs]  # type: ignore[attr-defined]
            if uncovered([("address_plan.onprem.nodes", onprem.nodes)], authorized):
                raise ValueError(
                    f"cloud.cluster.authorized_cidrs: {[str(c) for c in authorized]} does not admit "
                    f"address_plan.onprem.nodes ({onprem.nodes}); the MultiKueue manager could not reach the "
                    "private GKE endpoint"
                )

    def _check_burst(self) -> None:
        if self.cloud.scheduling is not None:  # type: ignore[attr-defined]
            raise ValueError(
                "cloud.scheduling: the burst cluster is the MultiKueue worker; its queues and flavors come "
                "from burst (teams and GPUs per cloud pool), and the on-prem scheduling spec sets quotas, "
                "cohorts and priorities. Remove cloud.scheduling"
            )
        pools = {p.name: p for p in self.cloud.pools}  # type: ignore[attr-defined]
        onprem_teams = {t.name: t for t in self.onprem.scheduling.teams} if self.onprem is not None else None
        for i, team in enumerate(self.burst.teams):
            if onprem_teams is not None:
                if team.name not in onprem_teams:
                    raise ValueError(
                        f"burst.teams[{i}].name: {team.name!r} is not an on-prem team (teams: {', '.join(onprem_teams)})"
                    )
                if team.ns != onprem_teams[team.name].ns:
                    raise ValueError(
                        f"burst.teams[{i}].namespace: {team.ns!r} differs from the on-prem namespace "
                        f"{onprem_teams[team.name].ns!r}; MultiKueue mirrors the same namespace on the worker"
                    )
            for pool_name, gpus in team.gpus.items():
                if pool_name not in pools:
                    raise ValueError(
                        f"burst.teams[{i}].gpus.{pool_name}: not a cloud GPU pool (pools: {', '.join(pools)})"
                    )
                cap = pools[pool_name].capacity_at_scale(self.cloud_kind)
                if gpus > cap.accelerators:
                    raise ValueError(
                        f"burst.teams[{i}].gpus.{pool_name}: {gpus} exceeds the pool's {cap.accelerators} "
                        f"accelerators at full scale ({cap.max_nodes} x {cap.machine.machine_type})"
                    )

    def _check_encryption(self) -> None:
        if not self.cloud.encryption.enforce_in_transit:  # type: ignore[attr-defined]
            raise ValueError(
                "cloud.encryption.enforce_in_transit: must be true in a hybrid platform (datasets cross sites)"
            )
        if self.onprem is not None and not self.onprem.encryption.enforce_in_transit:
            raise ValueError(
                "onprem.encryption.enforce_in_transit: must be true in a hybrid platform (datasets cross sites)"
            )
        if self.cloud.storage.cold is None:  # type: ignore[attr-defined]
            raise ValueError("cloud.storage.cold: required; the cloud cold tier is the shared dataset store")

    # --- blueprint interface ---
    def referenced_stacks(self) -> dict[str, str]:
        """StackReferences this stack reads: qualified name -> stack file (answered offline from its plan)."""
        return {self.onprem_stack.name: self.onprem_stack.stack_file} if self.onprem_stack else {}

    def offline_context(self) -> dict[str, str]:
        """The cloud side's offline facts (region, project)."""
        return self.cloud.offline_context()  # type: ignore[attr-defined,no-any-return]

    def site_energy(self) -> Any:
        """The on-prem side's PUE and grid intensity when it is inline (else its own stack's plan shows it)."""
        return self.onprem.site_energy() if self.onprem is not None else None

    def scheduling_plan(self) -> Any:
        """The on-prem manager's Kueue plan when the on-prem side is inline (else its own stack's)."""
        return self.onprem.scheduling_plan() if self.onprem is not None else None

    def budget_alerts(self) -> tuple[str | None, str]:
        """The on-prem side's budget alert backend (its teams and Prometheus), as the plan above."""
        if self.onprem is None:
            return None, "the on-prem side is another stack (its own plan shows its budget alerts)"
        return self.onprem.budget_alerts()  # type: ignore[no-any-return]

    def capacity_at_scale(self) -> list[PoolCapacity]:
        """On-prem pools (when inline) and cloud burst pools at full scale."""
        onprem = self.onprem.capacity_at_scale() if self.onprem is not None else []
        return [*onprem, *self.cloud.capacity_at_scale()]  # type: ignore[attr-defined]

    def link_tags(self) -> dict[str, str]:
        """Tags (AWS) or labels (GCP) of the hybrid resources: the cloud's plus the hybrid platform."""
        if self.cloud_kind == "aws":
            return {**self.cloud.platform_tags(), "aiinfra:hybrid": self.name}  # type: ignore[attr-defined]
        return {**self.cloud.platform_tags(), "aiinfra-hybrid": self.name}  # type: ignore[attr-defined]

    def kubernetes_labels(self) -> dict[str, str]:
        """Labels on the MultiKueue objects of both clusters."""
        if self.onprem is not None:
            base = self.onprem.platform_labels()
        else:
            tags = self.cloud.tags  # type: ignore[attr-defined]
            base = {k: tags[k] for k in _LABEL_KEYS if k in tags}
            base.update({"environment": self.environment, "app.kubernetes.io/managed-by": "aiinfra"})
        return {**base, "aiinfra.io/platform": self.name}


def build(config: Config) -> dict[str, Any]:
    """Compose the on-prem side, the cloud side and what joins them; returns the stack outputs."""
    import pulumi_kubernetes as k8s

    secrets = pulumi.Config("aiinfra")
    name = config.name
    if config.onprem is not None:
        onprem = onprem_blueprint.compose(config.onprem)
        manager_provider = onprem.provider
        onprem_outputs = onprem_blueprint.outputs(config.onprem, onprem)
        vault = {
            "address": config.onprem.encryption.vault.address,
            "kms_id": config.onprem.encryption.vault.id,
        }
    else:
        assert config.onprem_stack is not None
        ref = pulumi.StackReference(f"{name}-onprem", stack_name=config.onprem_stack.name)
        manager_provider = k8s.Provider(
            f"{name}-onprem-k8s", kubeconfig=ref.require_output("kubeconfig"), enable_server_side_apply=True
        )
        onprem_outputs = {
            key: ref.get_output(key)
            for key in ("namespaces", "team_namespaces", "cluster_queues", "kueue_cohort")
        }
        vault = {
            "address": ref.get_output("vault_address"),
            "kms_id": ref.get_output("ceph_csi_kms").apply(lambda k: (k or {}).get("encryption_kms_id")),
        }

    preshared = (
        {t.psk_key: secrets.require_secret(t.psk_key) for t in config.connectivity.tunnels}
        if isinstance(config.connectivity, VpnSpec)
        else {}
    )
    side = _aws_side if config.cloud_kind == "aws" else _gcp_side
    cloud = side(config, preshared, secrets)

    from aiinfra.components.hybrid.multikueue import MultiKueueBurst
    from aiinfra.components.scheduling.install import KueueInstall

    # Kueue (with JobSet and LWS) on the worker: MultiKueue mirrors jobs into its queues.
    worker_kueue = KueueInstall(
        f"{name}-worker-kueue",
        fair_sharing=False,
        opts=pulumi.ResourceOptions(
            providers={"kubernetes": cloud["worker_provider"]}, depends_on=cloud["worker_nodes"]
        ),
    )
    burst = MultiKueueBurst(
        f"{name}-burst",
        config.burst,
        cloud["flavors"],
        manager_provider=manager_provider,
        worker_provider=cloud["worker_provider"],
        worker_endpoint=cloud["worker_endpoint"],
        worker_ca_data=cloud["worker_ca_data"],
        labels=config.kubernetes_labels(),
        opts=pulumi.ResourceOptions(depends_on=[cloud["link"], worker_kueue]),
    )
    plan = config.address_plan_of()
    return {
        "onprem": onprem_outputs,
        "cloud": cloud["outputs"],
        "link": cloud["link_outputs"],
        "multikueue": {
            "worker": config.burst.worker,
            "admission_check": burst.admission_check,
            "burst_queues": burst.queues,
            "worker_kubeconfig": burst.worker_kubeconfig,
        },
        "replication": cloud["replication"],
        "key_hierarchy": {
            "cloud": cloud["keys"],
            "onprem": {"kms": "vault-transit", **vault},
            "in_transit": {
                "link": "IPsec IKEv2"
                if isinstance(config.connectivity, VpnSpec)
                else "dedicated (given attachment)",
                "replication": "HTTPS only, server certificate verified",
                "cloud_storage": "TLS-only access to the cold tier",
            },
        },
        "address_plan": {r.owner: str(r.cidr) for r in plan.ranges},
    }


def _flavors(config: Config) -> list[Any]:
    """The cloud GPU pools as MultiKueue worker flavors (node labels, tolerations, node size)."""
    from aiinfra.components.hybrid.multikueue import WorkerFlavor

    flavors = []
    for pool in config.cloud.pools:  # type: ignore[attr-defined]
        machine = pool.machine(config.cloud_kind)
        tolerations = [{"key": machine.device_resource, "operator": "Exists", "effect": "NoSchedule"}]
        for t in pool.taints:
            tol = {"key": t.key, "operator": "Equal" if t.value else "Exists", "effect": t.effect}
            if t.value:
                tol["value"] = t.value
            if tol not in tolerations:
                tolerations.append(tol)
        flavors.append(
            WorkerFlavor(
                name=pool.name,
                node_labels={"aiinfra.io/pool": pool.name},
                tolerations=tolerations,
                device_resource=machine.device_resource,
                accelerators_per_node=machine.accelerator_count,
                vcpus=machine.vcpus,
                memory_gib=machine.memory_gib,
            )
        )
    return flavors


def _aws_side(config: Config, preshared: dict[str, Any], secrets: pulumi.Config) -> dict[str, Any]:

    from aiinfra.blueprints import aws as aws_blueprint
    from aiinfra.components.hybrid.aws_link import AwsSiteLink
    from aiinfra.components.hybrid.aws_replication import DataSyncReplication

    name, cloud = config.name, config.cloud
    platform = aws_blueprint.compose(cloud)  # type: ignore[arg-type]
    tags = config.link_tags()
    opts = pulumi.ResourceOptions(providers={"aws": platform.provider})
    route_tables = platform.network.private_route_table_ids
    link = AwsSiteLink(
        f"{name}-link",
        config.connectivity,
        vpc_id=platform.network.vpc_id,
        vpc_cidr=cloud.network.cidr,  # type: ignore[attr-defined]
        subnet_ids=platform.network.private_subnet_ids,
        route_table_ids=route_tables,
        api_security_group_id=platform.cluster.security_group_id,
        preshared_keys=preshared,
        tags=tags,
        opts=opts,
    )
    rep = config.replication
    assert rep.datasync is not None
    source = rep.source
    sync = DataSyncReplication(
        f"{name}-sync",
        rep,
        bucket_arn=platform.storage.bucket.arn,
        key_arn=platform.keys.arn("cold"),
        log_key_arn=platform.keys.arn("logs"),
        activation_key=(
            secrets.require_secret(rep.datasync.activation_key_key)
            if rep.datasync.activation_key_key
            else None
        ),
        access_key=secrets.require_secret(source.access_key_key) if source.access_key_key else None,
        secret_key=secrets.require_secret(source.secret_key_key) if source.secret_key_key else None,
        tags=tags,
        opts=opts,
    )
    return {
        "outputs": aws_blueprint.outputs(platform),
        "link": link,
        "link_outputs": {
            "transit_gateway_id": link.transit_gateway_id,
            "vpn_connection_ids": link.vpn_connection_ids,
            "tunnel_addresses": link.tunnel_addresses,
        },
        "replication": {"datasync_task": sync.task_arn, "schedule": rep.schedule.aws_expression()},
        "keys": platform.keys.key_arns,
        "flavors": _flavors(config),
        "worker_provider": platform.kubernetes_provider,
        "worker_nodes": [p.node_group for p in platform.pools],
        "worker_endpoint": platform.cluster.endpoint,
        "worker_ca_data": platform.cluster.certificate_authority_data,
    }


def _gcp_side(config: Config, preshared: dict[str, Any], secrets: pulumi.Config) -> dict[str, Any]:
    from aiinfra.blueprints import gcp as gcp_blueprint
    from aiinfra.components.hybrid.gcp_link import GcpSiteLink
    from aiinfra.components.hybrid.gcp_replication import StorageTransferReplication

    name, cloud = config.name, config.cloud
    platform = gcp_blueprint.compose(cloud)  # type: ignore[arg-type]
    opts = pulumi.ResourceOptions(providers={"gcp": platform.provider})
    project, region = cloud.project, cloud.region  # type: ignore[attr-defined]
    link = GcpSiteLink(
        f"{name}-link",
        config.connectivity,
        project=project,
        region=region,
        network_id=platform.network.network_id,
        network_name=platform.network.network_name,
        advertised_ranges=[cloud.network.master_cidr],  # type: ignore[attr-defined]
        gke_peering_name=platform.cluster.peering_name,
        preshared_keys=preshared,
        labels=config.link_tags(),
        opts=opts,
    )
    rep = config.replication
    sync = StorageTransferReplication(
        f"{name}-sync", rep, project=project, bucket_name=platform.storage.bucket_name, opts=opts
    )
    start = rep.start_date
    return {
        "outputs": gcp_blueprint.outputs(platform),
        "link": link,
        "link_outputs": {"router": link.router_name, "tunnels": link.tunnel_names},
        "replication": {
            "transfer_job": sync.job_name,
            "schedule": rep.schedule.gcp_schedule((start.year, start.month, start.day)),
        },
        "keys": platform.keys.key_ids,
        "flavors": _flavors(config),
        "worker_provider": platform.kubernetes_provider,
        "worker_nodes": list(platform.pools),
        "worker_endpoint": platform.cluster.endpoint.apply(lambda e: f"https://{e}"),
        "worker_ca_data": platform.cluster.ca_certificate,
    }
