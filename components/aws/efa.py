"""EFA network-interface layout for a launch template, derived from the catalog.

Current AWS guidance (EC2 User Guide, "EFA for accelerated instance types"): network card 0 device
index 0 is the ENA primary; if card 0 carries EFA, an ``efa-only`` interface goes at card 0 device
index 1; every further EFA card gets an ``efa-only`` interface at device index 0. ``efa-only``
interfaces take no IP address. p6-b300 is the exception the count must respect: card 0 has no EFA,
cards 1-16 carry the 16 EFA interfaces (``MaximumEfaInterfaces``, not ``MaximumNetworkCards``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..catalog import MachineType


@dataclass(frozen=True)
class InterfaceSlot:
    """One launch-template network interface: which card, which device index, which type."""

    network_card_index: int
    device_index: int
    interface_type: Literal["interface", "efa", "efa-only"]


def efa_interface_layout(
    machine: MachineType, count: int | None = None, *, efa_only: bool = True
) -> list[InterfaceSlot]:
    """The interfaces for ``count`` EFA devices (default: all the type supports) on ``machine``.

    With ``efa_only=False`` the legacy layout is produced: an ``efa`` interface (EFA with ENA) as
    the primary on card 0 and ``efa`` interfaces on the other cards (each consumes an IP address).
    """
    if not machine.efa_capable:
        raise ValueError(f"{machine.machine_type} does not support EFA")
    wanted = machine.fabric_interfaces if count is None else count
    if not 1 <= wanted <= machine.fabric_interfaces:
        raise ValueError(
            f"{machine.machine_type} supports 1 to {machine.fabric_interfaces} EFA interfaces, not {wanted}"
        )
    first_efa_card = 0 if machine.efa_on_card0 else 1
    efa_cards = range(first_efa_card, first_efa_card + wanted)
    if not efa_only:
        if not machine.efa_on_card0:
            raise ValueError(
                f"{machine.machine_type}: card 0 has no EFA, so the legacy 'efa' primary is impossible"
            )
        return [InterfaceSlot(card, 0, "efa") for card in efa_cards]
    slots = [InterfaceSlot(0, 0, "interface")]
    for card in efa_cards:
        slots.append(InterfaceSlot(card, 1 if card == 0 else 0, "efa-only"))
    return slots
