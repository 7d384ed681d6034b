"""Spec validation: every cross-field rule fails with a message naming the field and what is allowed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from aiinfra.components.spec import (
    AcceleratorPoolSpec,
    EncryptionPolicy,
    FabricSpec,
    HotTier,
    LifecycleSpec,
    StorageTiers,
    Taint,
    WarmTier,
)
from aiinfra.errors import describe_validation_error


def _error(model, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        model(**kwargs)
    return describe_validation_error(info.value, "spec")


def _pool(**kwargs):
    base = {"name": "train", "machine_type": "p5.48xlarge", "max_nodes": 4, "zone": "usw2-az1"}
    return {**base, **kwargs}


def test_valid_pool_defaults() -> None:
    pool = AcceleratorPoolSpec(**_pool(fabric={"type": "efa"}))
    assert pool.desired == 0
    assert pool.machine("aws").fabric_interfaces == 32
    assert pool.model_config["frozen"] and pool.model_config["extra"] == "forbid"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"min_nodes": 3, "max_nodes": 2}, "spec: min_nodes (3) must be <= max_nodes (2)"),
        (
            {"min_nodes": 1, "desired_nodes": 5},
            "spec.desired_nodes: 5 must lie between min_nodes (1) and max_nodes (4)",
        ),
        ({"capacity": "capacity_block"}, "spec.reservation_id: required when capacity is 'capacity_block'"),
        ({"capacity": "reservation"}, "spec.reservation_id: required when capacity is 'reservation'"),
        ({"capacity": "spot", "reservation_id": "cr-1"}, "spot and reservations are exclusive"),
        (
            {"machine_type": "p9.huge"},
            "spec.machine_type: machine type 'p9.huge' is not in the aiinfra catalog",
        ),
        (
            {"machine_type": "g6e.xlarge", "fabric": {"type": "efa"}},
            "spec.fabric.type: 'efa' needs a machine type with that fabric",
        ),
        (
            {"fabric": {"type": "efa", "interfaces": 33}},
            "spec.fabric.interfaces: 33 exceeds the 32 efa interfaces of p5.48xlarge",
        ),
        (
            {"fabric": {"type": "efa"}, "zone": None},
            "spec.zone: EFA traffic does not cross availability zones",
        ),
        (
            {
                "capacity": "capacity_block",
                "reservation_id": "cr-1",
                "fabric": {"type": "efa", "placement": "cluster"},
            },
            "spec.fabric.placement: 'cluster' cannot be forced with a reservation",
        ),
        ({"accelerator": "NVIDIA H100"}, "give either machine_type, or accelerator"),
        ({"name": "Train_1"}, "spec.name: 'Train_1' is not a valid name"),
        ({"max_nodes": 0}, "spec.max_nodes: Input should be greater than or equal to 1 (got 0)"),
        ({"surprise": True}, "spec.surprise: Extra inputs are not permitted (got True)"),
        ({"labels": {"bad key!": "x"}}, "label key 'bad key!' is not a valid Kubernetes label name"),
    ],
)
def test_pool_errors_name_the_field(kwargs: dict, expected: str) -> None:
    assert expected in _error(AcceleratorPoolSpec, **_pool(**kwargs))


def test_accelerator_resolution_through_the_catalog() -> None:
    pool = AcceleratorPoolSpec(name="infer", accelerator="L40S", accelerator_count=8, max_nodes=2)
    assert pool.machine("aws").machine_type == "g6e.48xlarge"
    nothing = AcceleratorPoolSpec(name="x", accelerator="H100", accelerator_count=3, max_nodes=1)
    with pytest.raises(ValueError, match=r"accelerator: no aws machine type carries 3 x 'H100'"):
        nothing.machine("aws")


def test_machine_of_another_cloud_is_rejected() -> None:
    pool = AcceleratorPoolSpec(name="x", machine_type="a3-megagpu-8g", max_nodes=1)
    with pytest.raises(
        ValueError,
        match=r"machine_type: machine type 'a3-megagpu-8g' belongs to gcp, not aws "
        r"\(aws types with NVIDIA H100: p5.4xlarge, p5.48xlarge\)",
    ):
        pool.machine("aws")


def test_taint_effect_is_validated() -> None:
    assert "effect" in _error(Taint, key="nvidia.com/gpu", effect="Never")


def test_fabric_defaults_are_safe() -> None:
    fabric = FabricSpec()
    # type None = "the machine's fabric for multi-node pools", resolved by the pool spec.
    assert (fabric.type, fabric.placement, fabric.efa_only) == (None, "auto", True)
    single = AcceleratorPoolSpec(name="one", machine_type="p5.48xlarge", max_nodes=1)
    assert single.fabric.type == "none"


def test_storage_rules() -> None:
    assert (
        "spec.throughput_mb_per_tib: 300 is not a Lustre throughput tier (allowed: 125, 250, 500, 1000)"
        in _error(HotTier, throughput_mb_per_tib=300)
    )
    assert "spec.iops: required for io2 volumes" in _error(WarmTier, volume_type="io2")
    assert "exceeds the gp3 maximum of 80000" in _error(WarmTier, volume_type="gp3", iops=90000)
    assert "spec.hot.import_from_cold: needs a cold tier" in _error(StorageTiers, hot={}, cold=None)
    assert "spec.capacity_gib: Input should be greater than or equal to 1200 (got -5)" in _error(
        HotTier, capacity_gib=-5
    )


def test_lifecycle_needs_thirty_days_between_transitions() -> None:
    message = _error(LifecycleSpec, infrequent_after_days=30, archive_after_days=45)
    assert "spec.archive_after_days: 45 must be at least 30 days after infrequent_after_days (30)" in message
    assert LifecycleSpec(infrequent_after_days=None, archive_after_days=90).transitions() == [
        ("archive", 90),
        ("deep_archive", 180),
    ]


@given(st.integers(min_value=30, max_value=400), st.integers(min_value=0, max_value=400))
def test_lifecycle_accepts_exactly_ordered_gaps(first: int, gap: int) -> None:
    kwargs = {
        "infrequent_after_days": first,
        "archive_after_days": first + gap,
        "deep_archive_after_days": None,
    }
    if gap >= 30:
        assert LifecycleSpec(**kwargs).transitions() == [("infrequent", first), ("archive", first + gap)]
    else:
        with pytest.raises(ValidationError):
            LifecycleSpec(**kwargs)


def test_encryption_defaults_are_safe() -> None:
    policy = EncryptionPolicy()
    assert (policy.rotation_days, policy.deletion_window_days, policy.allow_destroy) == (90, 30, False)
    assert policy.key_for("hot") == "hot"
    assert EncryptionPolicy(key_scope="shared").key_for("hot") == "platform"
    assert "spec.rotation_days: Input should be greater than or equal to 90 (got 30)" in _error(
        EncryptionPolicy, rotation_days=30
    )
    assert "deletion_window_days" in _error(EncryptionPolicy, deletion_window_days=45)


@given(
    min_nodes=st.integers(min_value=0, max_value=50),
    desired=st.integers(min_value=0, max_value=50),
    max_nodes=st.integers(min_value=1, max_value=50),
)
def test_node_count_ordering_property(min_nodes: int, desired: int, max_nodes: int) -> None:
    kwargs = _pool(min_nodes=min_nodes, desired_nodes=desired, max_nodes=max_nodes)
    if min_nodes <= desired <= max_nodes:
        assert AcceleratorPoolSpec(**kwargs).desired == desired
    else:
        with pytest.raises(ValidationError):
            AcceleratorPoolSpec(**kwargs)
