"""TPU slice topology maths (components/catalog/tpu.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiinfra.components.catalog import lookup, machines
from aiinfra.components.catalog.gcp import TPU_2D_SHAPES
from aiinfra.components.catalog.tpu import (
    TpuSlice,
    format_topology,
    parse_topology,
    shape_tiles_cubes,
    validate_topology,
)

TPUS = [m for m in machines("gcp") if m.accelerator_kind == "tpu"]
TPUS_2D = [m for m in TPUS if m.tpu_topology.dimensions == 2]
TPUS_3D = [m for m in TPUS if m.tpu_topology.dimensions == 3]
NATURAL = {1: "1x1", 4: "2x2", 8: "2x4"}


def _chips(shape: str) -> int:
    return math.prod(parse_topology(shape))


# --- parsing -----------------------------------------------------------------------------------------


def test_parse_and_format() -> None:
    assert parse_topology("2x2x4") == (2, 2, 4)
    assert parse_topology("16x16") == (16, 16)
    assert format_topology((4, 4, 8)) == "4x4x8"


@pytest.mark.parametrize("bad", ["", "4", "2x", "x2", "2x2x", "2*2", "axb", "2x-2", "0x4", "2x0x4", "2 x 2"])
def test_parse_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_topology(bad)


@given(st.lists(st.integers(min_value=1, max_value=64), min_size=2, max_size=3))
def test_parse_roundtrip(dims: list[int]) -> None:
    assert parse_topology(format_topology(tuple(dims))) == tuple(dims)


# --- 2D families: every allowed shape with every machine size ----------------------------------------


@pytest.mark.parametrize("m", TPUS_2D, ids=lambda m: m.machine_type)
@pytest.mark.parametrize("shape", TPU_2D_SHAPES)
def test_2d_shapes_each_machine_size(m, shape: str) -> None:
    per_vm = m.accelerator_count
    chips = _chips(shape)
    valid = shape == NATURAL[per_vm] or (per_vm == 4 and chips > 4)
    if valid:
        s = validate_topology(m, shape)
        assert isinstance(s, TpuSlice)
        assert (s.chips, s.hosts, s.multi_host) == (chips, chips // per_vm, chips > per_vm)
        assert s.topology == shape and s.tpu_version == m.tpu_version
    else:
        with pytest.raises(ValueError) as exc:
            validate_topology(m, shape)
        msg = str(exc.value)
        assert shape in msg and m.tpu_version in msg and "16x16" in msg


def test_2d_multi_host_counts() -> None:
    v5e = lookup("ct5lp-hightpu-4t")
    assert validate_topology(v5e, "16x16").hosts == 64
    assert validate_topology(v5e, "4x8").hosts == 8
    v6e = lookup("ct6e-standard-4t")
    s = validate_topology(v6e, "2x4")
    assert (s.chips, s.hosts, s.multi_host) == (8, 2, True)


@pytest.mark.parametrize("m", TPUS, ids=lambda m: m.machine_type)
def test_no_topology_is_one_host(m) -> None:
    s = validate_topology(m, None)
    assert (s.chips, s.hosts, s.multi_host, s.topology) == (m.accelerator_count, 1, False, None)


@pytest.mark.parametrize("shape", ["2x8", "4x2", "3x3", "16x32", "32x32", "8x4"])
def test_2d_shapes_outside_the_list(shape: str) -> None:
    with pytest.raises(ValueError, match="allowed shapes: 1x1, 2x2, 2x4, 4x4"):
        validate_topology(lookup("ct5lp-hightpu-4t"), shape)


# --- 3D families -------------------------------------------------------------------------------------

VALID_3D = {
    "ct5p-hightpu-4t": [
        "2x2x2",
        "2x2x4",
        "2x4x4",
        "4x4x4",
        "4x4x8",
        "4x8x8",
        "8x8x8",
        "8x8x16",
        "8x16x16",
        "16x16x16",
        "16x16x24",
        "4x4x12",
        "12x16x20",
    ],
    "ct4p-hightpu-4t": [
        "2x2x2",
        "2x2x4",
        "2x4x4",
        "4x4x4",
        "4x4x8",
        "8x8x8",
        "8x8x16",
        "8x16x16",
        "16x16x16",
    ],
    "tpu7x-standard-4t": ["2x2x2", "4x4x4", "8x8x8", "8x16x16", "16x16x16", "16x16x36", "12x12x64"],
}


@pytest.mark.parametrize(("machine", "shape"), [(m, s) for m, ss in VALID_3D.items() for s in ss])
def test_3d_valid_shapes(machine: str, shape: str) -> None:
    m = lookup(machine)
    s = validate_topology(m, shape)
    assert s.chips == _chips(shape) <= m.tpu_topology.max_chips
    assert s.hosts == s.chips // 4 and s.multi_host


@pytest.mark.parametrize(
    ("machine", "shape", "why"),
    [
        ("ct5p-hightpu-4t", "2x2", "3D"),  # wrong dimensionality
        ("ct5p-hightpu-4t", "2x2x2x2", "3D"),  # wrong dimensionality
        ("ct5lp-hightpu-4t", "2x2x2", "2D"),  # 3D shape for a 2D family
        ("ct5p-hightpu-4t", "16x16x48", "maximum"),  # 12,288 chips > 8,960
        ("ct4p-hightpu-4t", "16x16x32", "maximum"),  # 8,192 chips > 4,096
        ("tpu7x-standard-4t", "24x24x24", "maximum"),  # 13,824 chips > 9,216
        ("ct5p-hightpu-4t", "3x3x3", "cubes"),  # not a cube tiling
        ("ct5p-hightpu-4t", "2x2x8", "cubes"),  # spans cubes with a partial dim
        ("ct5p-hightpu-4t", "4x4x6", "cubes"),
        ("ct5p-hightpu-4t", "1x1x3", "cubes"),
        ("ct5p-hightpu-4t", "2x2x1", "single-host"),  # fits in one 4-chip VM
        ("ct5p-hightpu-4t", "1x2x2", "single-host"),
        ("ct5p-hightpu-4t", "1x1x1", "single-host"),
        ("ct5p-hightpu-4t", "1x1x2", "single-host"),
        ("ct5p-hightpu-2t", "1x2x1", "single-host"),
        ("ct5p-hightpu-2t", "2x2x2", "single-host only"),  # multi-host needs 4-chip VMs
        ("ct5p-hightpu-1t", "2x2x2", "single-host only"),
        ("ct5lp-hightpu-8t", "2x2", "single-host"),  # smaller than the VM
        ("ct5lp-hightpu-8t", "4x4", "single-host only"),
        ("ct6e-standard-1t", "2x2", "single-host only"),
        ("ct5lp-hightpu-4t", "1x1", "single-host"),
        ("ct6e-standard-8t", "1x1", "single-host"),
    ],
)
def test_invalid_topologies(machine: str, shape: str, why: str) -> None:
    m = lookup(machine)
    with pytest.raises(ValueError) as exc:
        validate_topology(m, shape)
    msg = str(exc.value)
    assert repr(shape) in msg, msg
    assert f"TPU {m.tpu_version}" in msg, msg
    assert "allowed shapes" in msg, msg
    assert why in msg, msg


def test_non_integer_hosts() -> None:
    # Real TPU VMs have 1, 2, 4 or 8 chips and every allowed shape has a power-of-two chip count, so the
    # host arithmetic only fails for shapes the shape rules let through on an unusual VM size: use a
    # synthetic 3-chip VM of a 2D family to exercise the check and its message.
    from dataclasses import replace

    synthetic = replace(lookup("ct6e-standard-4t"), machine_type="ct6e-standard-3t", accelerator_count=3)
    with pytest.raises(
        ValueError, match=r"8 chips / 3 chips per VM = 2\.66667 hosts, not a whole number"
    ) as exc:
        validate_topology(synthetic, "2x4")
    assert "'2x4'" in str(exc.value) and "v6e" in str(exc.value)


def test_non_tpu_machine_rejected() -> None:
    with pytest.raises(ValueError, match="not a TPU"):
        validate_topology(lookup("a3-megagpu-8g"), "2x2")


# --- property tests over open-ended dims -----------------------------------------------------------

dim = st.integers(min_value=1, max_value=40)


@given(st.tuples(dim, dim, dim), st.sampled_from(TPUS_3D))
def test_3d_property(dims: tuple[int, int, int], m) -> None:
    shape = format_topology(dims)
    chips = math.prod(dims)
    expect_ok = (
        chips <= m.tpu_topology.max_chips
        and shape_tiles_cubes(dims)
        and chips > m.accelerator_count
        and chips % m.accelerator_count == 0
        and m.accelerator_count == 4
    )
    if expect_ok:
        s = validate_topology(m, shape)
        assert s.hosts * m.accelerator_count == s.chips == chips
        assert s.multi_host
    else:
        with pytest.raises(ValueError) as exc:
            validate_topology(m, shape)
        assert repr(shape) in str(exc.value) and m.tpu_version in str(exc.value)


@given(st.tuples(st.integers(1, 64), st.integers(1, 64)), st.sampled_from(TPUS_2D))
def test_2d_property(dims: tuple[int, int], m) -> None:
    shape = format_topology(dims)
    try:
        s = validate_topology(m, shape)
    except ValueError as exc:
        assert repr(shape) in str(exc) and m.tpu_version in str(exc)
        return
    assert shape in TPU_2D_SHAPES
    assert s.chips == math.prod(dims) and s.hosts * m.accelerator_count == s.chips


@given(st.tuples(dim, dim, dim))
def test_cube_rule_property(dims: tuple[int, int, int]) -> None:
    if max(dims) > 4:
        assert shape_tiles_cubes(dims) == all(d % 4 == 0 for d in dims)
    else:
        assert shape_tiles_cubes(dims) == all(d in (1, 2, 4) for d in dims)
