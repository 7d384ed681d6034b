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
    "find",
    "lookup",
    "machines",
    "no_public_price",
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


def lookup(machine_type: str, cloud: Cloud | None = None) -> MachineType:
    """The entry for ``machine_type``; raises :class:`UnknownMachineType` naming close matches.

    With ``cloud`` given, a type that belongs to another cloud is rejected too.
    """
    entry = find(machine_type)
    pool = [m.machine_type for m in machines(cloud)]
    if entry is None or (cloud is not None and entry.cloud != cloud):
        close = difflib.get_close_matches(machine_type, pool, n=4, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        where = f" for {cloud}" if cloud else ""
        raise UnknownMachineType(
            f"machine type {machine_type!r} is not in the aiinfra catalog{where}{hint} "
            f"(known: {', '.join(pool)})"
        )
    return entry
