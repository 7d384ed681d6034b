"""The accelerator catalog: the one place that holds machine-type facts.

Everything else asks the catalog (``lookup("p5.48xlarge").fabric_interfaces``) instead of repeating
a number. Entries are plain frozen dataclasses defined per cloud in ``aws``, ``gcp`` and ``onprem``.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import import_module

from .model import (
    CLOUDS,
    FABRICS,
    NO_PUBLIC_PRICE,
    Architecture,
    Cloud,
    Fabric,
    MachineType,
    Price,
    RackScale,
    TpuTopologyRule,
    no_public_price,
)

__all__ = [
    "CLOUDS",
    "FABRICS",
    "NO_PUBLIC_PRICE",
    "Architecture",
    "Cloud",
    "Fabric",
    "MachineType",
    "Price",
    "RackScale",
    "TpuTopologyRule",
    "UnknownMachineType",
    "closest",
    "find",
    "lookup",
    "machines",
    "no_public_price",
    "other_cloud_message",
]


class UnknownMachineType(KeyError):
    """Raised for a machine type the catalog does not know; the message lists close matches."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain sentence
        return str(self.args[0])


@cache
def _cloud_entries(cloud: Cloud) -> tuple[MachineType, ...]:
    return tuple(import_module(f"{__name__}.{cloud}").MACHINES)


@cache
def _index() -> dict[str, MachineType]:
    return {m.machine_type: m for cloud in CLOUDS for m in _cloud_entries(cloud)}


def machines(cloud: Cloud | None = None) -> tuple[MachineType, ...]:
    """All catalog entries, or those of one cloud, in catalog order."""
    if cloud is None:
        return tuple(m for c in CLOUDS for m in _cloud_entries(c))
    if cloud not in CLOUDS:
        raise ValueError(f"cloud {cloud!r} is not one of {', '.join(CLOUDS)}")
    return _cloud_entries(cloud)


def find(machine_type: str) -> MachineType | None:
    """The entry for ``machine_type``, or None."""
    return _index().get(machine_type)


def closest(machine_type: str, per_cloud: int = 3) -> str:
    """The few catalog types nearest ``machine_type`` by spelling, per cloud (``aws: p5.48xlarge, ...;
    gcp: ...``), for messages about a type the catalog does not know."""
    parts = []
    for cloud in CLOUDS:
        names = [m.machine_type for m in _cloud_entries(cloud)]
        near = difflib.get_close_matches(machine_type, names, n=per_cloud, cutoff=0.4)
        if near:
            parts.append(f"{cloud}: {', '.join(near)}")
    return "; ".join(parts)


def lookup(machine_type: str, cloud: Cloud | None = None) -> MachineType:
    """The entry for ``machine_type``; raises :class:`UnknownMachineType` naming close matches.

    With ``cloud`` given, a type that belongs to another cloud is rejected too, naming its cloud.
    """
    entry = find(machine_type)
    if entry is not None and cloud is not None and entry.cloud != cloud:
        raise UnknownMachineType(other_cloud_message(entry, cloud))
    if entry is None:
        near = closest(machine_type)
        hint = f"; closest: {near}" if near else ""
        where = f" for {cloud}" if cloud else ""
        raise UnknownMachineType(
            f"machine type {machine_type!r} is not in the aiinfra catalog{where}{hint} "
            "(`aiinfra catalog` lists every type)"
        )
    return entry


def other_cloud_message(entry: MachineType, cloud: Cloud) -> str:
    """``p5.48xlarge`` asked of a gcp pool: say whose type it is and the pool cloud's types with the
    same accelerator (else the same fabric, else the same accelerator count)."""
    own = _cloud_entries(cloud)
    model = entry.accelerator.split()[-1].lower()
    matching = [m for m in own if m.accelerator.split()[-1].lower() == model]
    what = f"{entry.accelerator}"
    if not matching:
        matching = [m for m in own if m.fabric == entry.fabric and m.fabric != "none"]
        what = f"the {entry.fabric} fabric"
    if not matching:
        matching = [m for m in own if m.accelerator_count == entry.accelerator_count]
        what = f"{entry.accelerator_count} accelerators per node"
    listed = ", ".join(m.machine_type for m in matching[:6]) or "none"
    return (
        f"machine type {entry.machine_type!r} belongs to {entry.cloud}, not {cloud} "
        f"({cloud} types with {what}: {listed})"
    )
