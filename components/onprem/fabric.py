"""The InfiniBand/RoCE fabric through the NVIDIA Network Operator.

Registers the operator's namespace and pinned Helm release, then the NicClusterPolicy as its own
custom resource ordered after the release (never a Helm hook: a hook NCP is deleted and recreated on
upgrade and tears down OFED/RDMA pods, NVIDIA/aicr #2585), one nv-ipam IPPool per rail and one
IPoIBNetwork or MacvlanNetwork per rail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from .common import COMPONENT_TAG, MELLANOX_REPO, NETWORK_OPERATOR, meta, tolerations_for
from .spec import NodePoolSpec, OnpremFabricSpec, RailSpec, fabric_pools

NAMESPACE = "nvidia-network-operator"
NCP_NAME = "nic-cluster-policy"  # the operator reconciles a singleton NicClusterPolicy
MELLANOX_VENDOR = "15b3"
NFD_MELLANOX_LABEL = "feature.node.kubernetes.io/pci-15b3.present"


def _image(image: str, version: str = COMPONENT_TAG) -> dict[str, str]:
    return {"image": image, "repository": MELLANOX_REPO, "version": version}


def rdma_device_plugin_config(fabric: OnpremFabricSpec) -> str:
    """The RDMA shared device plugin ``configList``: one resource (``rdma/<rail>``) per rail."""
    entries = []
    for rail in fabric.rails:
        selectors: dict[str, list[str]] = {
            "vendors": [MELLANOX_VENDOR],
            "ifNames": [rail.interface],
            "linkTypes": [fabric.link_type],
        }
        if rail.pci_device_ids:
            selectors["deviceIDs"] = list(rail.pci_device_ids)
        entries.append({"resourceName": rail.name, "rdmaHcaMax": fabric.rdma_hca_max, "selectors": selectors})
    return json.dumps({"configList": entries}, sort_keys=True)


def per_pool_doca(fabric: OnpremFabricSpec, pools: Sequence[NodePoolSpec]) -> bool:
    """True when some fabric pool keeps its host OFED: the DOCA driver then moves from the cluster-wide
    NicClusterPolicy into one NicNodePolicy per ``container`` pool (a section lives in either, never both:
    network-operator v26.4.1 docs/heterogeneous-cluster-support.md)."""
    return any(p.doca == "host" for p in fabric_pools(fabric, pools))


def ofed_driver_spec(fabric: OnpremFabricSpec) -> dict[str, Any]:
    """The ``ofedDriver`` section: the DOCA driver container with a safe upgrade policy."""
    return {
        **_image("doca-driver", fabric.ofed.version),
        "upgradePolicy": {
            "autoUpgrade": True,
            "safeLoad": True,  # webhook: only valid together with autoUpgrade
            "maxParallelUpgrades": fabric.ofed.max_parallel_upgrades,
            "drain": {
                "enable": True,
                "force": True,
                "deleteEmptyDir": True,
                "podSelector": "",
                "timeoutSeconds": fabric.ofed.drain_timeout_seconds,
            },
        },
    }


def nic_node_policy_spec(fabric: OnpremFabricSpec, pool: NodePoolSpec) -> dict[str, Any]:
    """NicNodePolicy spec of one ``container`` pool: the DOCA driver on the nodes its selector picks."""
    return {
        "nodeSelector": dict(pool.node_selector),
        "ofedDriver": ofed_driver_spec(fabric),
        "tolerations": tolerations_for(list(pool.taints)),
    }


def nic_cluster_policy_spec(fabric: OnpremFabricSpec, pools: Sequence[NodePoolSpec]) -> dict[str, Any]:
    """NicClusterPolicy spec: OFED with a safe upgrade policy (unless pools choose per-pool DOCA), the
    RDMA plugin, Multus/CNI/IPoIB, nv-ipam."""
    secondary: dict[str, Any] = {"multus": _image("multus-cni"), "cniPlugins": _image("plugins")}
    if fabric.network_kind == "ipoib":
        secondary["ipoib"] = _image("ipoib-cni")
    taints = [t for p in pools for t in p.taints]
    ofed = {} if per_pool_doca(fabric, pools) else {"ofedDriver": ofed_driver_spec(fabric)}
    return {
        **ofed,
        "rdmaSharedDevicePlugin": {
            **_image("k8s-rdma-shared-dev-plugin"),
            "config": rdma_device_plugin_config(fabric),
        },
        "secondaryNetwork": secondary,
        "nvIpam": {**_image("nvidia-k8s-ipam"), "enableWebhook": False},
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {"matchExpressions": [{"key": NFD_MELLANOX_LABEL, "operator": "In", "values": ["true"]}]}
                ]
            }
        },
        "tolerations": tolerations_for(taints),
    }


def ippool_spec(rail: RailSpec, fabric: OnpremFabricSpec) -> dict[str, Any]:
    """nv-ipam IPPool for one rail: its subnet, the per-node block, the gateway when given; only
    nodes with a Mellanox NIC (NFD label) get a block."""
    spec: dict[str, Any] = {"subnet": str(rail.subnet), "perNodeBlockSize": fabric.per_node_block_size}
    if rail.gateway is not None:
        spec["gateway"] = str(rail.gateway)
    spec["nodeSelector"] = {
        "nodeSelectorTerms": [
            {"matchExpressions": [{"key": NFD_MELLANOX_LABEL, "operator": "In", "values": ["true"]}]}
        ]
    }
    return spec


def network_spec(rail: RailSpec, fabric: OnpremFabricSpec, namespace: str) -> tuple[str, dict[str, Any]]:
    """(kind, spec) of the secondary network of one rail, IPAM from the rail's nv-ipam pool."""
    ipam = json.dumps({"type": "nv-ipam", "poolName": rail.name}, sort_keys=True)
    if fabric.network_kind == "ipoib":
        return "IPoIBNetwork", {"networkNamespace": namespace, "master": rail.interface, "ipam": ipam}
    return "MacvlanNetwork", {
        "networkNamespace": namespace,
        "master": rail.interface,
        "mode": "bridge",
        "mtu": fabric.effective_mtu,
        "ipam": ipam,
    }


class NetworkFabric(Component):
    """The Network Operator, its NicClusterPolicy, an IPPool and a secondary network per rail.

    Rail networks render their NetworkAttachmentDefinitions into the operator namespace; pods in team
    namespaces attach with ``k8s.v1.cni.cncf.io/networks: nvidia-network-operator/<rail>`` and request
    ``rdma/<rail>``.
    """

    def __init__(
        self,
        name: str,
        fabric: OnpremFabricSpec,
        pools: Sequence[NodePoolSpec],
        *,
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:onprem:NetworkFabric", name, opts)
        import pulumi_kubernetes as k8s

        ns = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata=meta(NAMESPACE, {**labels, "pod-security.kubernetes.io/enforce": "privileged"}),
            opts=self.child_opts(),
        )
        release = k8s.helm.v3.Release(
            f"{name}-operator",
            name="network-operator",
            **NETWORK_OPERATOR.release_args(),
            namespace=NAMESPACE,
            values={
                "nfd": {"enabled": True},  # the GPU Operator's NFD stays off: one NFD per cluster
                "sriovNetworkOperator": {"enabled": False},
                "upgradeCRDs": True,
                "operator": {"tolerations": tolerations_for([t for p in pools for t in p.taints])},
            },
            opts=self.child_opts(depends_on=[ns]),
        )
        after_release = self.child_opts(depends_on=[release])
        self.policy = k8s.apiextensions.CustomResource(
            f"{name}-nic-cluster-policy",
            api_version="mellanox.com/v1alpha1",
            kind="NicClusterPolicy",
            metadata=meta(NCP_NAME, labels),
            spec=nic_cluster_policy_spec(fabric, pools),
            opts=after_release,
        )
        # Pools that keep their host OFED get no DOCA driver: the others get theirs from a NicNodePolicy.
        self.node_policies = []
        if per_pool_doca(fabric, pools):
            for pool in fabric_pools(fabric, pools):
                if pool.doca != "container":
                    continue
                self.node_policies.append(
                    k8s.apiextensions.CustomResource(
                        f"{name}-nic-node-policy-{pool.name}",
                        api_version="mellanox.com/v1alpha1",
                        kind="NicNodePolicy",
                        metadata=meta(pool.name, labels),
                        spec=nic_node_policy_spec(fabric, pool),
                        opts=after_release,
                    )
                )
        self.ip_pools = []
        self.networks = []
        for rail in fabric.rails:
            pool = k8s.apiextensions.CustomResource(
                f"{name}-ippool-{rail.name}",
                api_version="nv-ipam.nvidia.com/v1alpha1",
                kind="IPPool",
                metadata=meta(rail.name, labels, NAMESPACE),
                spec=ippool_spec(rail, fabric),
                opts=after_release,
            )
            kind, spec = network_spec(rail, fabric, NAMESPACE)
            network = k8s.apiextensions.CustomResource(
                f"{name}-net-{rail.name}",
                api_version="mellanox.com/v1alpha1",
                kind=kind,
                metadata=meta(rail.name, labels),
                spec=spec,
                opts=self.child_opts(depends_on=[self.policy, *self.node_policies, pool]),
            )
            self.ip_pools.append(pool)
            self.networks.append(network)
        self.release = release
        self.namespace = NAMESPACE
        self.rdma_resources = [f"rdma/{r.name}" for r in fabric.rails]
        self.register_outputs(
            {"namespace": self.namespace, "rdma_resources": self.rdma_resources, "release": release.status}
        )
