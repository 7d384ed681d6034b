"""In-cluster GPUDirect wiring of one GKE GPU pool: multi-networking objects and the NCCL installers.

The pool's extra NICs (from :class:`~.fabric.GpuFabric`) are only usable by pods once GKE
multi-networking knows them: per additional node network a ``networking.gke.io/v1``
``GKENetworkParamSet`` (``vpc``, ``vpcSubnet``, ``deviceMode``: ``NetDevice`` for the TCPX/TCPXO
and gVNIC networks, ``RDMA`` for the RoCE subnets) and a ``Network`` (``type: Device``,
``parametersRef`` to the param set). The GPUDirect software runs as DaemonSets in ``kube-system``
on the pool's nodes only:

- TCPX (A3 High): ``nccl-tcpx-installer`` + the NRI device injector;
- TCPXO (A3 Mega): ``nccl-tcpxo-installer`` + the NRI device injector;
- RDMA (A3 Ultra / A4): the NCCL gIB plugin installer.

The RxDM daemon (TCPX/TCPXO) runs as a sidecar of each training pod, not here; its image and the
pod annotations that attach the networks are exposed for the job manifests.

Images and versions come from GoogleCloudPlatform/container-engine-accelerators release notes
(``gpudirect-tcpx/README.md``, ``gpudirect-tcpxo/README.md``, ``gpudirect-rdma/README.md``) and
cluster-toolkit ``modules/compute/gke-node-pool/gpu_direct.tf``; see :data:`RELEASES`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pulumi

from ..base import Component
from ..catalog import MachineType
from ..spec.pool import AcceleratorPoolSpec
from .fabric import GPUDIRECT_FABRICS, FabricNetworks, fabric_subnets

GKE_NETWORKING = "networking.gke.io/v1"
NAMESPACE = "kube-system"
ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator"
NODEPOOL_LABEL = "cloud.google.com/gke-nodepool"
DEFAULT_INTERFACE = "networking.gke.io/default-interface"
INTERFACES = "networking.gke.io/interfaces"
DeviceMode = Literal["NetDevice", "RDMA"]

_IMAGES = "us-docker.pkg.dev/gce-ai-infra"
PAUSE_IMAGE = "gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830"
"""The idle container that keeps an installer pod Running after its init containers finished
(digest as in the upstream installer manifests)."""
NRI_INJECTOR_IMAGE = "gcr.io/gke-release/nri-device-injector@sha256:6e79483d52abdc28454bf186320b10a56b0f117a10e8d65d5c74dbb821a76970"
"""NRI device injector (container-engine-accelerators ``nri_device_injector/nri-device-injector.yaml``;
the digest is from one stored version of that file, not checked to be the newest)."""
HOST_TOOLS_IMAGE = "ubuntu:24.04"
"""For the TCPXO host preparation (needs ``nsenter``); upstream uses an unpinned ``ubuntu`` image."""
SYSCTL_IMAGE = "alpine:3.23"
"""For the RDMA sysctl step; upstream uses ``alpine:latest``. 3.23: main repository supported until
2027-11-01 (3.20 left support on 2026-04-01; Alpine release branches, read 2026-12-07)."""
HOST_BIN = "/home/kubernetes/bin"
HOST_NVIDIA_LIB = f"{HOST_BIN}/nvidia/lib64"


@dataclass(frozen=True)
class GpuDirectRelease:
    """One GPUDirect flavour's software: installer image, RxDM sidecar image (None for RDMA) and the
    GKE version floor per minor version (``1.X`` -> lowest ``1.X.Y-gke.Z``)."""

    installer: str
    rxdm: str | None
    gke_floors: Mapping[str, str]


RELEASES: dict[str, GpuDirectRelease] = {
    # Installer v3.1.9 + RxDM v2.0.12 (release notes Feb 15, 2024; CTK pins the same pair). A newer pair,
    # v3.1.12 / v2.0.15, is listed in gpudirect-tcpx/README.md; not adopted until the reference moves.
    # Floors: CTK modules/compute/gke-node-pool/gpu_direct.tf as changed by "Update gke-versioning in
    # gpu_direct.tf" (#5284, commit bf18385, 2026-02-27; unchanged at HEAD 1047080, 2026-06-25), which
    # raised them to the patch versions of the GKE security bulletins. That change also dropped the 1.30
    # row (CTK then accepts any 1.30); we keep the pre-#5284 1.30 floor as a conservative lower bound.
    "tcpx": GpuDirectRelease(
        installer=f"{_IMAGES}/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev:v3.1.9",
        rxdm=f"{_IMAGES}/gpudirect-tcpx/tcpgpudmarxd-dev:v2.0.12",
        gke_floors={
            "1.27": "1.27.16-gke.2874000",
            "1.28": "1.28.15-gke.3163000",
            "1.29": "1.29.15-gke.2467000",
            "1.30": "1.30.2-gke.1023000",
        },
    ),
    # Installer v1.0.14 + RxDM v1.0.20 (gpudirect-tcpxo/README.md, Nov 19, 2025; as in the reference).
    # Floors: CTK gpu_direct.tf after #5284 (commit bf18385, 2026-02-27), 1.28-1.32.
    "tcpxo": GpuDirectRelease(
        installer=f"{_IMAGES}/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev:v1.0.14",
        rxdm=f"{_IMAGES}/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.20",
        gke_floors={
            "1.28": "1.28.15-gke.3163000",
            "1.29": "1.29.15-gke.2467000",
            "1.30": "1.30.14-gke.1922000",
            "1.31": "1.31.14-gke.1243000",
            "1.32": "1.32.11-gke.1174000",
        },
    ),
    # gIB plugin v1.1.0 (gpudirect-rdma/README.md, Aug 15, 2025). The reference gives no version and no
    # GKE floor for RDMA; later tags (v1.1.2) appear only in recipes (unverified as a release).
    "rdma": GpuDirectRelease(
        installer=f"{_IMAGES}/gpudirect-gib/nccl-plugin-gib:v1.1.0",
        rxdm=None,
        gke_floors={},
    ),
}

_GKE_VERSION = re.compile(r"^(?P<minor>1\.\d+)(?:\.(?P<patch>\d+)-gke\.(?P<build>\d+))?$")


def _version_key(version: str) -> tuple[int, int]:
    match = _GKE_VERSION.match(version)
    assert match is not None and match["patch"] is not None
    return int(match["patch"]), int(match["build"])


def check_gke_version(fabric: str, version: str | None, *, field: str = "cluster.min_master_version") -> None:
    """Refuse a GKE version below the GPUDirect floor of ``fabric`` (TCPX / TCPXO).

    ``version`` is ``1.X.Y-gke.Z``, a bare minor ``1.X`` (GKE resolves it to the newest patch, which
    is above every floor listed), ``latest``, or None (the release channel picks; nothing to check).
    Minors newer than the listed floors are accepted; older ones are refused. The error names
    ``field``, the value and what is allowed.
    """
    release = RELEASES.get(fabric)
    if version is None or version == "latest" or release is None or not release.gke_floors:
        return
    match = _GKE_VERSION.match(version)
    if match is None:
        raise ValueError(
            f"{field}: {version!r} is not a GKE version (expected '1.X', '1.X.Y-gke.Z' or 'latest')"
        )
    floors = release.gke_floors
    allowed = ", ".join(f">= {v}" for v in floors.values())
    minor = match["minor"]
    oldest = min(floors, key=lambda m: int(m.split(".")[1]))
    if int(minor.split(".")[1]) < int(oldest.split(".")[1]):
        raise ValueError(
            f"{field}: GKE {version} is too old for GPUDirect-{fabric.upper()} (allowed: {allowed}, or a newer minor)"
        )
    floor = floors.get(minor)
    if floor is not None and match["patch"] is not None and _version_key(version) < _version_key(floor):
        raise ValueError(
            f"{field}: GKE {version} is below the GPUDirect-{fabric.upper()} floor {floor} for {minor} "
            f"(allowed: {allowed}, or a newer minor)"
        )


@dataclass(frozen=True)
class PodNetwork:
    """One additional pod network: its role in the pool (``vpc0``, ``gvnic``, ``rdma-3``), Kubernetes
    object name (``<pool>-<role>``), device mode and pod interface."""

    role: str
    name: str
    device_mode: DeviceMode
    interface: str


def pod_networks(pool_name: str, machine: MachineType) -> list[PodNetwork]:
    """The pool's additional networks in NIC order (same order as the node pool's
    ``additional_node_network_configs``); ``eth0`` stays the default pod network."""
    out = []
    for nic, (role, index) in enumerate(fabric_subnets(machine), start=1):
        roce = role == "roce"
        net_role = f"rdma-{index}" if roce else role
        out.append(
            PodNetwork(
                role=net_role,
                name=f"{pool_name}-{net_role}",
                device_mode="RDMA" if roce else "NetDevice",
                interface=f"eth{nic}",
            )
        )
    return out


def pod_annotations(networks: list[PodNetwork]) -> dict[str, str]:
    """The annotations a training pod needs to get every GPUDirect NIC of its pool."""
    interfaces = [{"interfaceName": "eth0", "network": "default"}] + [
        {"interfaceName": n.interface, "network": n.name} for n in networks
    ]
    return {DEFAULT_INTERFACE: "eth0", INTERFACES: json.dumps(interfaces, separators=(",", ":"))}


def param_set_spec(vpc: pulumi.Input[str], subnet: pulumi.Input[str], device_mode: DeviceMode) -> dict:
    """``GKENetworkParamSet.spec`` of a Device network."""
    return {"vpc": vpc, "vpcSubnet": subnet, "deviceMode": device_mode}


def network_spec(param_set: str) -> dict:
    """``Network.spec``: a Device network whose parameters are the named param set."""
    return {
        "type": "Device",
        "parametersRef": {"group": "networking.gke.io", "kind": "GKENetworkParamSet", "name": param_set},
    }


TOLERATE_ALL = [{"operator": "Exists"}]
"""Tolerate every taint. The gIB installer does so upstream (container-engine-accelerators
``gpudirect-rdma/nccl-rdma-installer.yaml`` at commit 0c62442: ``tolerations: [{operator: Exists}]``): it must run on a pool's node
whatever taints the node carries (e.g. a NoExecute maintenance taint), or NCCL on that node has no
plugin. The required node affinity still keeps it on the pool."""


def tolerations(pool: AcceleratorPoolSpec, machine: MachineType) -> list[dict[str, str]]:
    """Tolerate the pool's GPU taint and its own taints, nothing else."""
    out = [{"key": machine.device_resource, "operator": "Exists", "effect": "NoSchedule"}]
    out += [
        {"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect}
        for t in pool.taints
        if t.key != machine.device_resource
    ]
    return out


def pool_affinity(pool_name: str, machine: MachineType) -> dict:
    """Required node affinity: the pool's GKE node pool and its accelerator type."""
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {
                        "matchExpressions": [
                            {"key": NODEPOOL_LABEL, "operator": "In", "values": [pool_name]},
                            {
                                "key": ACCELERATOR_LABEL,
                                "operator": "In",
                                "values": [machine.accelerator_type],
                            },
                        ]
                    }
                ]
            }
        }
    }


_LOCKED = {
    "privileged": False,
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}
_PRIVILEGED = {"privileged": True}


def _host_path(name: str, path: str, kind: str | None = None) -> dict:
    host: dict[str, str] = {"path": path}
    if kind:
        host["type"] = kind
    return {"name": name, "hostPath": host}


def _pause() -> dict:
    return {
        "name": "pause",
        "image": PAUSE_IMAGE,
        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"memory": "16Mi"}},
        "securityContext": _LOCKED,
    }


def _installer_parts(fabric: str, machine: MachineType) -> tuple[list[dict], list[dict], dict[str, bool]]:
    """(init containers, volumes, host namespaces) of one flavour's NCCL plugin installer."""
    image = RELEASES[fabric].installer
    requests = {"requests": {"cpu": "150m", "memory": "128Mi"}}
    if fabric in ("tcpx", "tcpxo"):
        lib = f"/var/lib/{fabric}/lib64"
        # The installer writes the NCCL plugin into the host's /home/kubernetes/bin (mounted at
        # /usr/local, where its entry script expects it) for the workload pods to mount. Kept privileged
        # as in the upstream manifest: the entry script is not open source for TCPX and we have not
        # verified that it needs no host capability (unverified; narrow after a live test).
        install = {
            "name": f"nccl-{fabric}-installer",
            "image": image,
            "command": ["/bin/sh", "-c"],
            "args": [
                "set -ex\n/scripts/container_entry.sh install --install-nccl\n"
                f"mkdir -p /usr/local/nvidia/lib64\ncp -r {lib}/. /usr/local/nvidia/lib64\n"
            ],
            "resources": requests,
            "securityContext": _PRIVILEGED,
            "volumeMounts": [
                {"name": "var-lib", "mountPath": "/var/lib"},
                {"name": "host-bin", "mountPath": "/usr/local"},
            ],
        }
        volumes = [_host_path("var-lib", "/var/lib"), _host_path("host-bin", HOST_BIN)]
        if fabric == "tcpx":
            return [install], volumes, {}
        # TCPXO needs host-level preparation before the plugin can run: accept the TCPXO data-path
        # traffic, load the import-helper kernel module and expose the NICs' aperture (PCI BAR) devices
        # under /dev/aperture_devices for the RxDM sidecar. That is done in the host's namespaces
        # (nsenter into PID 1), hence privileged + hostPID for this one init container.
        prepare = {
            "name": "host-prepare",
            "image": HOST_TOOLS_IMAGE,
            "command": ["nsenter", "--target", "1", "--all", "--", "sh", "-c"],
            "args": [
                "set -e\n"
                "iptables -I INPUT -p tcp -m tcp -j ACCEPT\n"
                "modprobe import-helper\n"
                "mkdir -p /dev/aperture_devices\n"
                "for bdf in $(lspci -D -d 1ae0:0084 | cut -d' ' -f1); do\n"
                '  dst="/dev/aperture_devices/$bdf"; mkdir -p "$dst"; umount -R "$dst" 2>/dev/null || true\n'
                '  mount --bind "$(readlink -f /sys/bus/pci/devices/$bdf)" "$dst"\n'
                "done\n"
                "chmod -R a+r /dev/aperture_devices\n"
                "chmod a+rw /dev/aperture_devices/*/resource* 2>/dev/null || true\n"
            ],
            "resources": requests,
            "securityContext": _PRIVILEGED,
        }
        return [prepare, install], volumes, {"hostPID": True}
    # RDMA (gIB): the plugin and its NCCL go to /home/kubernetes/bin/{nvidia/lib64,gib}. The first init
    # container turns off martian-packet logging on every RDMA NIC (gpu<i>rdma0): a host network-namespace
    # sysctl, so it needs hostNetwork and privileged (/proc/sys is read-only otherwise).
    sysctls = "".join(
        f"sysctl -w net.ipv4.conf.gpu{i}rdma0.log_martians=0\n" for i in range(machine.fabric_interfaces)
    )
    quiet = {
        "name": "disable-log-martians",
        "image": SYSCTL_IMAGE,
        "command": ["/bin/sh", "-c"],
        "args": [f"set -e\n{sysctls}"],
        "resources": requests,
        "securityContext": _PRIVILEGED,
    }
    # Kept privileged as in the upstream manifest (unverified that the entry script needs it).
    install = {
        "name": "nccl-rdma-installer",
        "image": image,
        "command": ["/bin/sh", "-c"],
        "args": [
            "set -ex\n/scripts/container_entry.sh install --install-nccl\n"
            "cp -r /var/lib/gib/lib64/. /usr/local/home/kubernetes/bin/nvidia/lib64\n"
            "cp -r /var/lib/gib/. /usr/local/home/kubernetes/bin/gib\n"
        ],
        "resources": requests,
        "securityContext": _PRIVILEGED,
        "volumeMounts": [
            {"name": "host-nvidia-lib", "mountPath": "/usr/local/home/kubernetes/bin/nvidia/lib64"},
            {"name": "host-gib", "mountPath": "/usr/local/home/kubernetes/bin/gib"},
        ],
    }
    volumes = [
        _host_path("host-nvidia-lib", HOST_NVIDIA_LIB, "DirectoryOrCreate"),
        _host_path("host-gib", f"{HOST_BIN}/gib", "DirectoryOrCreate"),
    ]
    return [quiet, install], volumes, {"hostNetwork": True}


def daemonset_spec(
    app: str,
    pool: AcceleratorPoolSpec,
    machine: MachineType,
    *,
    init_containers: list[dict],
    containers: list[dict],
    volumes: list[dict],
    host: Mapping[str, bool],
    tolerate_all: bool = False,
) -> dict[str, Any]:
    """A ``kube-system`` DaemonSet spec pinned to the pool's nodes (required node affinity), tolerating
    its GPU taint and pool taints, or every taint with ``tolerate_all``."""
    selector = {"k8s-app": app, "aiinfra.io/pool": pool.name}
    pod: dict[str, Any] = {
        "priorityClassName": "system-node-critical",
        "affinity": pool_affinity(pool.name, machine),
        "tolerations": TOLERATE_ALL if tolerate_all else tolerations(pool, machine),
        "automountServiceAccountToken": False,
        **host,
        "containers": containers,
        "volumes": volumes,
    }
    if init_containers:
        pod["initContainers"] = init_containers
    return {
        "selector": {"matchLabels": selector},
        "updateStrategy": {"type": "RollingUpdate"},
        "template": {"metadata": {"labels": selector}, "spec": pod},
    }


def installer_spec(pool: AcceleratorPoolSpec, machine: MachineType) -> dict[str, Any]:
    """The NCCL plugin installer DaemonSet spec of the pool's GPUDirect flavour."""
    fabric = machine.fabric
    init, volumes, host = _installer_parts(fabric, machine)
    return daemonset_spec(
        f"nccl-{fabric}-installer",
        pool,
        machine,
        init_containers=init,
        containers=[_pause()],
        volumes=volumes,
        host=host,
        tolerate_all=fabric == "rdma",
    )


def nri_injector_spec(pool: AcceleratorPoolSpec, machine: MachineType) -> dict[str, Any]:
    """The NRI device injector DaemonSet spec (TCPX/TCPXO): it injects the devices named in pod
    annotations (``devices.gke.io/container.<name>``) into the RxDM and workload containers."""
    injector = {
        "name": "device-injector",
        "image": NRI_INJECTOR_IMAGE,
        "resources": {"requests": {"cpu": "150m", "memory": "64Mi"}},
        # Privileged as upstream: it serves containerd's NRI socket and resolves host /dev device nodes
        # for injection (unverified that a narrower context suffices).
        "securityContext": _PRIVILEGED,
        "volumeMounts": [
            {"name": "dev", "mountPath": "/dev"},
            {"name": "nri", "mountPath": "/var/run/nri"},
        ],
    }
    return daemonset_spec(
        "device-injector",
        pool,
        machine,
        init_containers=[],
        containers=[injector],
        volumes=[_host_path("dev", "/dev"), _host_path("nri", "/var/run/nri")],
        host={},
    )


class GpuDirectWiring(Component):
    """The in-cluster side of one GPU pool's GPUDirect fabric (see module docstring).

    Pass the Kubernetes provider of the cluster in ``opts`` (``providers={"kubernetes": …}``) and
    ``depends_on`` the node pool. ``gke_version`` (the cluster's pinned minimum, if any) is checked
    against the TCPX/TCPXO floors before anything is registered; ``version_field`` names it in errors.

    Children: ``{name}-params-<role>`` (GKENetworkParamSet) and ``{name}-net-<role>`` (Network)
    per additional network, ``{name}-installer`` (DaemonSet), and for TCPX/TCPXO ``{name}-nri``.
    """

    pod_annotations: dict[str, str]
    rxdm_image: str | None

    def __init__(
        self,
        name: str,
        pool: AcceleratorPoolSpec,
        machine: MachineType,
        *,
        fabric: FabricNetworks,
        labels: Mapping[str, str] | None = None,
        gke_version: str | None = None,
        version_field: str = "cluster.min_master_version",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        if machine.fabric not in GPUDIRECT_FABRICS:
            raise ValueError(
                f"fabric.type: {machine.machine_type} has no GPUDirect fabric (allowed: {', '.join(GPUDIRECT_FABRICS)})"
            )
        networks = pod_networks(pool.name, machine)
        if len(networks) != len(fabric.pairs):
            raise ValueError(
                f"fabric: {machine.machine_type} needs {len(networks)} additional networks, got {len(fabric.pairs)}"
            )
        check_gke_version(machine.fabric, gke_version, field=version_field)
        super().__init__("aiinfra:gcp:GpuDirectWiring", name, opts)
        import pulumi_kubernetes as k8s

        meta_labels = {
            "app.kubernetes.io/managed-by": "aiinfra",
            "aiinfra.io/pool": pool.name,
            **dict(labels or {}),
        }
        self.networks = []
        for net, (vpc, subnet) in zip(networks, fabric.pairs, strict=True):
            params = k8s.apiextensions.CustomResource(
                f"{name}-params-{net.role}",
                api_version=GKE_NETWORKING,
                kind="GKENetworkParamSet",
                metadata={"name": net.name, "labels": meta_labels},
                spec=param_set_spec(vpc, subnet, net.device_mode),
                opts=self.child_opts(),
            )
            self.networks.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-net-{net.role}",
                    api_version=GKE_NETWORKING,
                    kind="Network",
                    metadata={"name": net.name, "labels": meta_labels},
                    spec=network_spec(net.name),
                    opts=self.child_opts(depends_on=[params]),
                )
            )
        flavour = machine.fabric
        self.installer = k8s.apps.v1.DaemonSet(
            f"{name}-installer",
            metadata={
                "name": f"nccl-{flavour}-installer-{pool.name}",
                "namespace": NAMESPACE,
                "labels": meta_labels,
            },
            spec=installer_spec(pool, machine),
            opts=self.child_opts(),
        )
        self.nri_injector = None
        if flavour in ("tcpx", "tcpxo"):
            self.nri_injector = k8s.apps.v1.DaemonSet(
                f"{name}-nri",
                metadata={
                    "name": f"device-injector-{pool.name}",
                    "namespace": NAMESPACE,
                    "labels": meta_labels,
                },
                spec=nri_injector_spec(pool, machine),
                opts=self.child_opts(),
            )
        self.pod_annotations = pod_annotations(networks)
        self.rxdm_image = RELEASES[flavour].rxdm
        self.register_outputs(
            {
                "pod_annotations": self.pod_annotations,
                "rxdm_image": self.rxdm_image,
                "networks": [n.name for n in networks],
            }
        )
