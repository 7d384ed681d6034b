"""TPU slice topology maths, in one place (pure functions, no resources).

Rules (reference accelerators.md §3, after CTK ``hardware.go``), as implemented here:

1. A topology is ``AxB`` (2D families: v5e, v6e) or ``AxBxC`` (3D families: v4, v5p, 7x), every
   dimension a positive integer. The dimensionality must match the family.
2. ``chips`` = product of the dimensions; ``hosts`` (GKE nodes) = chips / chips-per-VM, where
   chips-per-VM is the machine type's ``-Nt`` suffix (``MachineType.accelerator_count``). A
   non-integer host count is an error.
3. **Single-host slices.** ``topology=None`` means one VM with all of its chips. A topology that fits
   in one VM is rejected (AI-Hypercomputer/xpk#822: single-host slices must not be given a topology),
   with one exception: for 2D families the shape that *is* the VM (``1x1`` for ``-1t``, ``2x2`` for
   ``-4t``, ``2x4`` for ``-8t``) is accepted, because it is in the family's allowed list and
   chips-per-VM equals the shape.
4. **Multi-host slices** are built only from 4-chip VMs (``-4t``; the only multi-host VM shape of the
   families catalogued). ``-1t``, ``-2t`` and ``-8t`` machine types are single-host only.
5. **2D families**: the shape must be one of the rule's ``allowed_shapes`` (1x1 … 16x16).
6. **3D families**: chips ≤ the family's ``max_chips`` (maximum number of 4x4x4 cubes times 64), and the shape must tile
   4x4x4 cubes: a slice smaller than a cube has every dimension in {1, 2, 4} (2x2x2, 2x2x4, 2x4x4,
   4x4x4 …); a slice with any dimension above 4 spans several cubes and then *every* dimension must
   be a multiple of 4 (4x4x8, 8x8x16, 16x16x24 …).

Every error is a ``ValueError`` whose message names the topology, the TPU version and the
allowed shapes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .model import MachineType

_TOPOLOGY_RE = re.compile(r"^\d+(x\d+)*$")
MULTI_HOST_CHIPS_PER_VM = 4
_CUBE_EDGE = 4
_SUB_CUBE_DIMS = frozenset({1, 2, 4})
NATURAL_2D_SHAPES: dict[int, str] = {1: "1x1", 4: "2x2", 8: "2x4"}


@dataclass(frozen=True)
class TpuSlice:
    """A validated TPU slice: its shape, chip count and how many VMs (GKE nodes) it takes."""

    machine_type: str
    tpu_version: str
    topology: str | None
    dims: tuple[int, ...]
    chips: int
    hosts: int
    chips_per_vm: int

    @property
    def multi_host(self) -> bool:
        """True when the slice spans more than one VM."""
        return self.hosts > 1


def parse_topology(topology: str) -> tuple[int, ...]:
    """``"2x2x4"`` -> ``(2, 2, 4)``; raises ValueError for anything that is not ``NxM[xK]`` of positive ints."""
    text = topology.strip().lower()
    if not _TOPOLOGY_RE.match(text) or "x" not in text:
        raise ValueError(f"TPU topology {topology!r} is not of the form AxB or AxBxC (positive integers)")
    dims = tuple(int(part) for part in text.split("x"))
    if any(d <= 0 for d in dims):
        raise ValueError(f"TPU topology {topology!r} has a zero dimension; every dimension must be >= 1")
    return dims


def format_topology(dims: tuple[int, ...]) -> str:
    """``(2, 2, 4)`` -> ``"2x2x4"``."""
    return "x".join(str(d) for d in dims)


def shape_tiles_cubes(dims: tuple[int, ...]) -> bool:
    """True when a 3D shape obeys the 4x4x4-cube rule (see module docstring, rule 6)."""
    if all(d <= _CUBE_EDGE for d in dims):
        return all(d in _SUB_CUBE_DIMS for d in dims)
    return all(d % _CUBE_EDGE == 0 for d in dims)


def describe_allowed(machine: MachineType) -> str:
    """A one-line statement of the shapes the machine type's family accepts, for error messages."""
    rule = _rule(machine)
    if rule.dimensions == 2:
        return "allowed shapes: " + ", ".join(rule.allowed_shapes)
    return (
        f"allowed shapes: AxBxC with every dimension in {{1, 2, 4}} (e.g. 2x2x2, 2x2x4, 2x4x4, 4x4x4), "
        f"or, above one 4x4x4 cube, every dimension a multiple of 4 (e.g. 4x4x8, 8x8x16), "
        f"at most {rule.max_chips} chips"
    )


def _rule(machine: MachineType):  # -> TpuTopologyRule
    if machine.accelerator_kind != "tpu" or machine.tpu_topology is None or machine.tpu_version is None:
        raise ValueError(f"machine type {machine.machine_type!r} is not a TPU machine type")
    return machine.tpu_topology


def validate_topology(machine: MachineType, topology: str | None) -> TpuSlice:
    """Check ``topology`` for ``machine`` and return the resulting slice; raise ValueError if invalid."""
    rule = _rule(machine)
    version = machine.tpu_version
    per_vm = machine.accelerator_count
    where = f"TPU {version} ({machine.machine_type}, {per_vm} chips per VM)"

    if topology is None:
        return TpuSlice(machine.machine_type, str(version), None, (), per_vm, 1, per_vm)

    def fail(reason: str) -> ValueError:
        return ValueError(
            f"topology {topology!r} is invalid for {where}: {reason}; {describe_allowed(machine)}"
        )

    try:
        dims = parse_topology(topology)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if len(dims) != rule.dimensions:
        raise fail(f"{version} slices are {rule.dimensions}D, got {len(dims)} dimensions")

    canonical = format_topology(dims)
    chips = math.prod(dims)
    if chips > rule.max_chips:
        raise fail(f"{chips} chips exceeds the {version} maximum of {rule.max_chips}")
    if rule.dimensions == 2 and canonical not in rule.allowed_shapes:
        raise fail(f"{canonical} is not an allowed {version} shape")
    if rule.dimensions == 3 and not shape_tiles_cubes(dims):
        raise fail(f"{canonical} does not tile 4x4x4 cubes")

    if chips <= per_vm:
        natural = rule.dimensions == 2 and NATURAL_2D_SHAPES.get(per_vm) == canonical
        if not natural:
            raise fail(
                f"a {chips}-chip slice fits in one {per_vm}-chip VM: single-host slices must not be given "
                f"a topology (omit it)"
            )
        return TpuSlice(machine.machine_type, str(version), canonical, dims, chips, 1, per_vm)

    if chips % per_vm:
        raise fail(f"{chips} chips / {per_vm} chips per VM = {chips / per_vm:g} hosts, not a whole number")
    if per_vm != MULTI_HOST_CHIPS_PER_VM:
        raise fail(
            f"multi-host slices need {MULTI_HOST_CHIPS_PER_VM}-chip VMs; {machine.machine_type} is single-host only"
        )
    return TpuSlice(machine.machine_type, str(version), canonical, dims, chips, chips // per_vm, per_vm)
