"""MIG profiles per GPU model: which ``nvidia.com/mig.config`` values the MIG manager accepts.

Source: the GPU Operator's default mig-parted config, ConfigMap ``default-mig-parted-config`` in
NVIDIA/gpu-operator ``assets/state-mig-manager/0400_configmap.yaml`` (read at commit
0b0b6b154bdd7ed54102f3efe0239108b0c4a433). A profile name the config does not hold for the GPU
fails on the node with "config not found" (NVIDIA/mig-parted#100), so aiinfra rejects it before
anything is registered.

Each profile maps to the MIG devices it creates per GPU (``mig-devices`` in that file); with the
``mixed`` strategy every device becomes the extended resource ``nvidia.com/mig-<device>``. The
upstream file groups some profiles without a per-model comment; those are attributed by memory
size (``7g.80gb`` → the 80 GB parts, ``7g.180gb`` → B200) — noted here rather than hidden.
L40S (and other Ada/L-series boards) have no MIG.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .model import MachineType

MigDevices = Mapping[str, int]  # MIG device (e.g. "1g.10gb") -> devices per GPU

SOURCE = (
    "NVIDIA/gpu-operator assets/state-mig-manager/0400_configmap.yaml (default-mig-parted-config) "
    "@0b0b6b154bdd7ed54102f3efe0239108b0c4a433"
)
DISABLED = "all-disabled"

_A100_H100_80GB: dict[str, dict[str, int]] = {
    "all-1g.10gb": {"1g.10gb": 7},
    "all-1g.10gb.me": {"1g.10gb+me": 1},
    "all-1g.20gb": {"1g.20gb": 4},
    "all-2g.20gb": {"2g.20gb": 3},
    "all-3g.40gb": {"3g.40gb": 2},
    "all-4g.40gb": {"4g.40gb": 1},
    "all-7g.80gb": {"7g.80gb": 1},
    "all-balanced": {"1g.10gb": 2, "2g.20gb": 1, "3g.40gb": 1},
}

_PROFILES: dict[tuple[str, int], dict[str, dict[str, int]]] = {
    ("NVIDIA A100", 40): {
        "all-1g.5gb": {"1g.5gb": 7},
        "all-1g.5gb.me": {"1g.5gb+me": 1},
        "all-1g.10gb": {"1g.10gb": 4},
        "all-2g.10gb": {"2g.10gb": 3},
        "all-3g.20gb": {"3g.20gb": 2},
        "all-4g.20gb": {"4g.20gb": 1},
        "all-7g.40gb": {"7g.40gb": 1},
        "all-balanced": {"1g.5gb": 2, "2g.10gb": 1, "3g.20gb": 1},
    },
    ("NVIDIA A100", 80): _A100_H100_80GB,
    ("NVIDIA H100", 80): _A100_H100_80GB,
    ("NVIDIA H200", 141): {
        "all-1g.18gb": {"1g.18gb": 7},
        "all-1g.18gb.me": {"1g.18gb+me": 1},
        "all-1g.35gb": {"1g.35gb": 4},
        "all-2g.35gb": {"2g.35gb": 3},
        "all-3g.71gb": {"3g.71gb": 2},
        "all-4g.71gb": {"4g.71gb": 1},
        "all-7g.141gb": {"7g.141gb": 1},
        "all-balanced": {"1g.18gb": 2, "2g.35gb": 1, "3g.71gb": 1},
    },
    ("NVIDIA B200", 179): {
        "all-1g.23gb": {"1g.23gb": 7},
        "all-1g.23gb.me": {"1g.23gb+me": 1},
        "all-1g.45gb": {"1g.45gb": 4},
        "all-2g.45gb": {"2g.45gb": 3},
        "all-3g.90gb": {"3g.90gb": 2},
        "all-4g.90gb": {"4g.90gb": 1},
        "all-7g.180gb": {"7g.180gb": 1},
        "all-balanced": {"1g.23gb": 2, "2g.45gb": 1, "3g.90gb": 1},
    },
}

PROFILES: Mapping[tuple[str, int], Mapping[str, MigDevices]] = MappingProxyType(
    {k: MappingProxyType({p: MappingProxyType(d) for p, d in v.items()}) for k, v in _PROFILES.items()}
)


def _key(machine: MachineType) -> tuple[str, int]:
    return (machine.accelerator, round(machine.accelerator_memory_gib or 0))


def mig_profiles(machine: MachineType) -> Mapping[str, MigDevices]:
    """The MIG profiles the GPU Operator's default config offers for ``machine``'s GPU (empty: no MIG)."""
    return PROFILES.get(_key(machine), MappingProxyType({}))


def mig_devices(machine: MachineType, profile: str) -> MigDevices:
    """MIG devices per GPU for ``profile``; ValueError naming the allowed profiles when invalid."""
    offered = mig_profiles(machine)
    gpu = f"{machine.accelerator} {round(machine.accelerator_memory_gib or 0)}GB"
    if not offered:
        raise ValueError(f"{machine.machine_type} ({gpu}) is not MIG-capable; use time-slicing or no sharing")
    if profile not in offered:
        raise ValueError(
            f"{profile!r} is not a MIG profile of {gpu} in the GPU Operator's default-mig-parted-config "
            f"(allowed: {', '.join(offered)})"
        )
    return offered[profile]


def mig_resources(machine: MachineType, profile: str) -> dict[str, int]:
    """Extended resources per GPU under the ``mixed`` strategy, e.g. {"nvidia.com/mig-1g.10gb": 7}."""
    # '+' is not allowed in a resource name; the device plugin writes media-extension devices as
    # "mig-1g.10gb.me" (unverified against a running cluster).
    return {
        f"nvidia.com/mig-{device.replace('+', '.')}": n for device, n in mig_devices(machine, profile).items()
    }
