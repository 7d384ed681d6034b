"""JupyterHub on the accelerator pools (the Zero to JupyterHub Helm chart, pinned).

Pin: chart ``jupyterhub`` 4.4.0 (JupyterHub 5.5.0), jupyterhub/zero-to-jupyterhub-k8s tag 4.4.0
(commit 5c5f5df751588, 2026-06-10; the newest chart release in the repository, checked 2026-12-01),
repository https://hub.jupyter.org/helm-chart/.

- Profiles from the pools: ``<n> x <accelerator> (<pool>)`` per chosen pool (default: one accelerator
  of every pool) with the pool's node labels, its accelerator taint tolerated and the device resource
  requested, plus a default "CPU only" profile. With ``team`` set, the hub runs in that team's
  namespace and every server pod carries ``kueue.x-k8s.io/queue-name: <team>``, so servers are
  admitted through the team's LocalQueue and count against its quota (Kueue's pod integration).
- Homes: ``singleuser.storage`` dynamic PVCs on the warm tier's encrypted StorageClass; the hub's
  own database PVC uses it too.
- Idle culling on (``cull.enabled``, ``cull.timeout`` = ``cull_idle_minutes``).
- Login: GenericOAuthenticator against the configured OIDC provider; the client secret comes from a
  Kubernetes Secret as ``OAUTH_CLIENT_SECRET`` (read by OAuthenticator). The dummy authenticator is
  accepted only in environment ``dev`` (spec check). Group claim key ``auth_state_groups_key``
  (OAuthenticator 16+) is unverified for every provider.
- Network: ``singleuser.networkPolicy`` on, egress to the platform's MLflow, Label Studio and KServe
  model pods only (namespace + pod selectors, their pod ports) besides the chart's own rules (hub,
  proxy, DNS, public internet); private IPs stay refused and the cloud metadata server is blocked by
  the policy (:mod:`.notebook_egress`), not by ``cloudMetadata.blockWithIptables`` (off: its init
  container is privileged with NET_ADMIN, which the namespaces' Pod Security ``baseline`` refuses).
- Reachable inside the network: ``proxy.service.type`` ClusterIP (the chart default is LoadBalancer),
  an internal load balancer, or a public one only with a written exception (AIP-SVC-002 flags it).

Children: ``{name}-ns`` (without a team), ``{name}-hub`` (Helm release).
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..base import Component
from ..charts import PinnedChart
from .exposure import internal_address, service_annotations, service_type
from .notebook_egress import Destination, singleuser_network_policy
from .spec import NotebooksSpec, ProfileSpec
from .target import ServiceFacts, ServiceTarget
from .workload import namespace_labels

CHART = PinnedChart("jupyterhub", "4.4.0", "https://hub.jupyter.org/helm-chart/")
NAMESPACE = "jupyterhub"
QUEUE_LABEL = "kueue.x-k8s.io/queue-name"
CPU_ONLY = {
    "display_name": "CPU only",
    "default": True,
    "kubespawner_override": {"cpu_limit": 4, "mem_limit": "16G"},
}


def hub_namespace(spec: NotebooksSpec, facts: ServiceFacts) -> str:
    """The team's namespace (its LocalQueue admits the servers) or ``jupyterhub``."""
    return facts.team_namespaces[spec.team] if spec.team else NAMESPACE


def profile_list(spec: NotebooksSpec, facts: ServiceFacts) -> list[dict[str, Any]]:
    """KubeSpawner profiles: one per chosen pool, then CPU only (the default)."""
    flavors = {f.name: f for f in facts.flavors}
    chosen = spec.profiles or tuple(ProfileSpec(pool=name) for name in flavors)
    out = []
    for p in chosen:
        f = flavors[p.pool]
        share = f.share(p.accelerators)
        override: dict[str, Any] = {
            "node_selector": dict(f.node_labels),
            "tolerations": [
                {"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect} for t in f.taints
            ],
            "extra_resource_limits": {r: str(n * p.accelerators) for r, n in f.resources.items()},
            "extra_resource_guarantees": {r: str(n * p.accelerators) for r, n in f.resources.items()},
            "cpu_limit": float(share["cpu"]),
            "mem_limit": share["memory"].removesuffix("i"),
        }
        out.append(
            {
                "display_name": f"{p.accelerators} x {f.accelerator} ({f.name})",
                "slug": f"{f.name}-{p.accelerators}",
                "description": f"{f.machine_type} node of pool {f.name}",
                "kubespawner_override": override,
            }
        )
    return [*out, CPU_ONLY]


def authenticator_config(spec: NotebooksSpec) -> dict[str, Any]:
    """``hub.config``: the authenticator class and its settings."""
    if spec.authenticator == "dummy":
        return {"JupyterHub": {"authenticator_class": "dummy"}}
    oidc = spec.oidc
    assert oidc is not None
    generic: dict[str, Any] = {
        "client_id": oidc.client_id,
        "oauth_callback_url": oidc.callback_url,
        "authorize_url": oidc.authorize_url,
        "token_url": oidc.token_url,
        "userdata_url": oidc.userdata_url,
        "scope": ["openid", "profile", "email"],
        "username_claim": oidc.username_claim,
        "login_service": "single sign-on",
    }
    if oidc.allowed_groups:
        generic["allowed_groups"] = list(oidc.allowed_groups)
        generic["auth_state_groups_key"] = "oauth_user.groups"
    else:
        generic["allow_all"] = True  # everyone the provider authenticates (the provider is the gate)
    return {"JupyterHub": {"authenticator_class": "generic-oauth"}, "GenericOAuthenticator": generic}


def hub_values(
    spec: NotebooksSpec, facts: ServiceFacts, reach: tuple[Destination, ...] = ()
) -> dict[str, Any]:
    """The chart values (key paths checked against the chart's facts by the payload test); ``reach``:
    the platform services the notebook servers may connect to."""
    hub: dict[str, Any] = {
        "config": authenticator_config(spec),
        "db": {"pvc": {"storageClassName": facts.warm_storage_class}},
        "networkPolicy": {"enabled": True},
    }
    if spec.authenticator == "oidc":
        assert spec.oidc is not None
        ref = {"name": spec.oidc.client_secret_name, "key": "client-secret"}
        hub["extraEnv"] = {"OAUTH_CLIENT_SECRET": {"valueFrom": {"secretKeyRef": ref}}}
    singleuser: dict[str, Any] = {
        "profileList": profile_list(spec, facts),
        "storage": {
            "type": "dynamic",
            "capacity": f"{spec.home_gib}Gi",
            "dynamic": {"storageClass": facts.warm_storage_class},
        },
        "networkPolicy": singleuser_network_policy(reach),
        # The chart's iptables init container is privileged with NET_ADMIN (refused by Pod Security
        # baseline); the NetworkPolicy above blocks the metadata server instead (see notebook_egress).
        "cloudMetadata": {"blockWithIptables": False},
    }
    if spec.team:
        singleuser["extraLabels"] = {QUEUE_LABEL: spec.team, "hub.jupyter.org/network-access-hub": "true"}
    return {
        "hub": hub,
        "proxy": {
            "service": {
                "type": service_type(spec.exposure),
                "annotations": service_annotations(spec.exposure, facts.internal_lb_annotations, facts.cloud),
            }
        },
        "singleuser": singleuser,
        "cull": {"enabled": True, "timeout": spec.cull_idle_minutes * 60, "every": 600},
    }


def summary(spec: NotebooksSpec, facts: ServiceFacts) -> dict[str, Any]:
    """The plan row of JupyterHub."""
    from .summary import exposure_note

    ns = hub_namespace(spec, facts)
    names = [p["display_name"] for p in profile_list(spec, facts)]
    queue = f"LocalQueue {spec.team} in {ns}" if spec.team else "no Kueue queue (no team)"
    return {
        "service": "notebooks",
        "what": f"JupyterHub (chart {CHART.version}), profiles: {', '.join(names)}",
        "endpoint": internal_address("proxy-public", ns, 80) + exposure_note(spec.exposure),
        "stores": [f"homes: {spec.home_gib} GiB each on {facts.warm_storage_class} (warm tier)", queue],
        "identity": f"{spec.authenticator} login" + (" (dev only)" if spec.authenticator == "dummy" else ""),
    }


class JupyterHub(Component):
    """JupyterHub as a pinned Helm release (and its namespace when it has no team)."""

    def __init__(
        self,
        name: str,
        spec: NotebooksSpec,
        target: ServiceTarget,
        opts: pulumi.ResourceOptions | None = None,
        reach: tuple[Destination, ...] = (),
    ) -> None:
        super().__init__("aiinfra:services:JupyterHub", name, opts)
        import pulumi_kubernetes as k8s

        facts = target.facts
        self.spec, self.facts = spec, facts
        ns = hub_namespace(spec, facts)
        waits = []
        if spec.team is None:
            waits.append(
                k8s.core.v1.Namespace(
                    f"{name}-ns",
                    metadata={
                        "name": ns,
                        "labels": {
                            **namespace_labels(facts.labels, "notebooks"),
                            "pod-security.kubernetes.io/enforce": "baseline",
                        },
                    },
                    opts=self.child_opts(),
                )
            )
        self.release = k8s.helm.v3.Release(
            f"{name}-hub",
            name="jupyterhub",
            **CHART.release_args(),
            namespace=ns,
            values=hub_values(spec, facts, reach),
            opts=self.child_opts(depends_on=waits),
        )
        self.endpoint = internal_address("proxy-public", ns, 80)
        self.namespace = None if spec.team else ns  # the namespace this service creates (None: the team's)
        self.register_outputs({"endpoint": self.endpoint})

    def summary(self) -> dict[str, Any]:
        """This hub's plan row."""
        return summary(self.spec, self.facts)
