"""TPU slice pools: topology -> node count, on valid and invalid shapes, through the spec and the
registered node pool."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aiinfra.components.catalog import lookup
from aiinfra.components.gcp.tpu import TpuNodePool, TpuSliceSpec

from engine_helpers import only, run

VALID = [
    # machine type, topology, hosts (GKE nodes), chips
    ("ct5p-hightpu-4t", "2x2x4", 4, 16),
    ("ct5p-hightpu-4t", "4x4x4", 16, 64),
    ("ct5p-hightpu-4t", "4x4x8", 32, 128),
    ("ct4p-hightpu-4t", "2x2x2", 2, 8),
    ("ct5lp-hightpu-4t", "4x4", 4, 16),
    ("ct6e-standard-4t", "16x16", 64, 256),
    ("tpu7x-standard-4t", "2x2x4", 4, 16),
    ("ct6e-standard-8t", None, 1, 8),
    ("ct5lp-hightpu-1t", None, 1, 1),
]
INVALID = [
    ("ct5p-hightpu-4t", "2x2x3", "does not tile"),
    ("ct5p-hightpu-4t", "4x4x6", "does not tile"),
    ("ct5p-hightpu-4t", "32x32x32", "exceeds"),
    ("ct6e-standard-4t", "4x2", "not an allowed"),
    ("ct6e-standard-4t", "32x32", "exceeds"),
    ("ct6e-standard-8t", "4x8", "single-host only"),
    ("ct5p-hightpu-2t", "2x2x2", "single-host only"),
    ("ct5lp-hightpu-4t", "2x2x2", "2D"),
    ("ct5p-hightpu-4t", "axb", "form"),
]


def _spec(machine_type: str, topology: str | None, **extra) -> TpuSliceSpec:
    return TpuSliceSpec(
        name="tpu", machine_type=machine_type, topology=topology, zone="us-central1-a", **extra
    )


@pytest.mark.parametrize(("machine_type", "topology", "hosts", "chips"), VALID)
def test_valid_topology_gives_node_count(
    machine_type: str, topology: str | None, hosts: int, chips: int
) -> None:
    spec = _spec(machine_type, topology)
    assert spec.max_nodes == hosts  # defaulted from the topology
    assert spec.tpu_slice.hosts == hosts and spec.tpu_slice.chips == chips
    assert spec.capacity_at_scale("gcp").accelerators == chips


@pytest.mark.parametrize(("machine_type", "topology", "reason"), INVALID)
def test_invalid_topology_is_rejected_naming_the_field(machine_type: str, topology: str, reason: str) -> None:
    with pytest.raises(ValidationError) as err:
        _spec(machine_type, topology)
    message = str(err.value)
    assert "topology: " in message and reason in message


def _registered_pool(spec: TpuSliceSpec):
    def program() -> None:
        TpuNodePool(
            "p",
            spec,
            spec.machine("gcp"),
            project="aiinfra-demo",
            region="us-central1",
            cluster_id="projects/aiinfra-demo/locations/us-central1/clusters/c",
            service_account_email="nodes@aiinfra-demo.iam.gserviceaccount.com",
            node_key_id="projects/aiinfra-demo/locations/us-central1/keyRings/r/cryptoKeys/nodes",
            labels={"team": "t"},
        )

    return only(run(program), "gcp:container/nodePool:NodePool")


@pytest.mark.parametrize(("machine_type", "topology", "hosts", "chips"), VALID)
def test_registered_pool_node_count_matches_topology(machine_type, topology, hosts, chips) -> None:
    spec = _spec(machine_type, topology, min_nodes=hosts)  # a fixed, always-on slice
    pool = _registered_pool(spec)
    assert pool.inputs["nodeCount"] == float(hosts)
    assert "autoscaling" not in pool.inputs
    assert pool.inputs["nodeConfig"]["machineType"] == machine_type
    placement = pool.inputs.get("placementPolicy")
    machine = lookup(machine_type)
    if hosts == 1:
        assert placement is None
    elif machine.placement == "workload_policy":
        assert "policyName" in placement and "tpuTopology" not in placement
    else:
        assert placement == {"type": "COMPACT", "tpuTopology": topology}


def test_single_host_pool_autoscales_vm_by_vm() -> None:
    spec = _spec("ct6e-standard-4t", None, min_nodes=0, max_nodes=6, capacity="spot")
    pool = _registered_pool(spec)
    assert pool.inputs["autoscaling"] == {
        "totalMinNodeCount": 0.0,
        "totalMaxNodeCount": 6.0,
        "locationPolicy": "ANY",
    }
    assert pool.inputs["nodeConfig"]["spot"] is True
    assert spec.capacity_at_scale("gcp").accelerators == 24


def test_reserved_slice_targets_the_reservation() -> None:
    spec = _spec("ct5p-hightpu-4t", "2x2x4", capacity="reservation", reservation_id="v5p-res")
    pool = _registered_pool(spec)
    assert pool.inputs["nodeConfig"]["reservationAffinity"] == {
        "consumeReservationType": "SPECIFIC_RESERVATION",
        "key": "compute.googleapis.com/reservation-name",
        "values": ["v5p-res"],
    }
