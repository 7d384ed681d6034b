"""EFA interface layouts follow current AWS guidance, counted from MaximumEfaInterfaces."""

from __future__ import annotations

import pytest

from aiinfra.components.aws.efa import InterfaceSlot, efa_interface_layout
from aiinfra.components.catalog import lookup


def _efa_slots(slots: list[InterfaceSlot]) -> list[InterfaceSlot]:
    return [s for s in slots if s.interface_type != "interface"]


@pytest.mark.parametrize(
    ("machine_type", "efa_devices"),
    [
        ("p5.48xlarge", 32),
        ("p5e.48xlarge", 32),
        ("p5en.48xlarge", 16),
        ("p6-b200.48xlarge", 8),
        ("p4d.24xlarge", 4),
        ("trn1n.32xlarge", 16),
        ("g6e.12xlarge", 1),
    ],
)
def test_one_efa_only_interface_per_efa_device(machine_type: str, efa_devices: int) -> None:
    slots = efa_interface_layout(lookup(machine_type))
    assert slots[0] == InterfaceSlot(0, 0, "interface")
    assert slots[1] == InterfaceSlot(0, 1, "efa-only")
    efa = _efa_slots(slots)
    assert len(efa) == efa_devices
    assert all(s == InterfaceSlot(s.network_card_index, 0, "efa-only") for s in efa[1:])
    assert [s.network_card_index for s in efa] == list(range(efa_devices))


def test_p6_b300_card_zero_is_ena_only() -> None:
    machine = lookup("p6-b300.48xlarge")
    assert (machine.network_cards, machine.fabric_interfaces, machine.efa_on_card0) == (17, 16, False)
    slots = efa_interface_layout(machine)
    assert slots[0] == InterfaceSlot(0, 0, "interface")
    assert [s.network_card_index for s in _efa_slots(slots)] == list(range(1, 17))
    assert all(s.device_index == 0 for s in _efa_slots(slots))
    with pytest.raises(ValueError, match="card 0 has no EFA"):
        efa_interface_layout(machine, efa_only=False)


def test_fewer_interfaces_and_legacy_layout() -> None:
    machine = lookup("p5.48xlarge")
    assert len(_efa_slots(efa_interface_layout(machine, 4))) == 4
    legacy = efa_interface_layout(machine, efa_only=False)
    assert legacy[0] == InterfaceSlot(0, 0, "efa") and len(legacy) == 32


def test_non_efa_types_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"g6e\.xlarge does not support EFA"):
        efa_interface_layout(lookup("g6e.xlarge"))
    with pytest.raises(ValueError, match="supports 1 to 32 EFA interfaces, not 40"):
        efa_interface_layout(lookup("p5.48xlarge"), 40)
