"""Bad input never half-applies: invalid stack configs fail naming the field (CLI exit 2) and register
nothing; valid ones always plan. Property-based over the aws blueprint's config space."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main
from aiinfra.components.catalog import lookup, machines
from aiinfra.engine import run_program
from aiinfra.engine.recorder import RecordingMonitor
from aiinfra.errors import InputError
from aiinfra.program import main as program_main

from conftest import REPO

SHIPPED = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
    "aiinfra:platform"
]

# (path into the platform config, strategy of values that must be rejected there)
_INVALID = [
    (["name"], st.sampled_from(["", "UPPER", "-x", "a" * 60, "has space"])),
    (["region"], st.text(min_size=1, max_size=12).filter(lambda s: s.strip() and not s[0].isalpha())),
    (["environment"], st.text(min_size=1, max_size=8).filter(lambda s: s not in ("dev", "staging", "prod"))),
    (
        ["pools", 0, "max_nodes"],
        st.one_of(st.integers(max_value=0), st.integers(min_value=2001), st.just("eight")),
    ),
    (["pools", 0, "min_nodes"], st.integers(max_value=-1)),
    (["pools", 0, "desired_nodes"], st.integers(min_value=9, max_value=10**6)),
    (
        ["pools", 0, "machine_type"],
        st.text(min_size=1, max_size=20).filter(
            lambda s: s.strip() and all(s.strip() != m.machine_type for m in machines())
        ),
    ),
    (["pools", 0, "capacity"], st.sampled_from(["spot", "on_demand", "preemptible", 3])),
    (["pools", 0, "disk_gib"], st.one_of(st.integers(max_value=49), st.integers(min_value=16385))),
    (["pools", 0, "fabric", "interfaces"], st.integers(min_value=33, max_value=10**4)),
    (["pools"], st.sampled_from([[], {}, "p5", None])),
    (
        ["storage", "hot", "capacity_gib"],
        st.one_of(st.integers(max_value=1199), st.integers(min_value=7_632_001)),
    ),
    (
        ["storage", "hot", "throughput_mb_per_tib"],
        st.integers().filter(lambda v: v not in (125, 250, 500, 1000)),
    ),
    (["encryption", "rotation_days"], st.one_of(st.integers(max_value=89), st.integers(min_value=2561))),
    (["encryption", "deletion_window_days"], st.one_of(st.integers(max_value=6), st.integers(min_value=31))),
    (["network", "cidr"], st.sampled_from(["10.0.0.0/8", "300.1.0.0/16", "fd00::/48", "", "10.0.0.0/24"])),
    (["tags"], st.sampled_from([{}, {"team": "x"}, "team"])),
]


def _set(raw: dict, path: list, value) -> dict:
    data = copy.deepcopy(raw)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@st.composite
def invalid_configs(draw) -> tuple[str, dict]:
    index = draw(st.integers(min_value=0, max_value=len(_INVALID)))
    if index == len(_INVALID):  # an unknown key anywhere we know the shape
        where = draw(
            st.sampled_from(
                [[], ["pools", 0], ["storage"], ["encryption"], ["network"], ["pools", 0, "fabric"]]
            )
        )
        key = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12))
        data = copy.deepcopy(SHIPPED)
        target = data
        for part in where:
            target = target[part]
        if key in target:
            key = key + "_x"
        target[key] = 1
        return key, data
    path, values = _INVALID[index]
    field = next(str(p) for p in reversed(path) if isinstance(p, str))
    return field, _set(SHIPPED, path, draw(values))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invalid_configs())
def test_invalid_configs_fail_naming_the_field(case: tuple[str, dict]) -> None:
    field, raw = case
    with pytest.raises(InputError) as info:
        validate_platform(raw)
    message = str(info.value)
    assert message.startswith("platform"), message
    assert field in message or field.rstrip("s") in message, message


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invalid_configs())
def test_invalid_configs_register_nothing(monkeypatch_registrations, case: tuple[str, dict]) -> None:
    _, raw = case
    monkeypatch_registrations.clear()
    with pytest.raises(InputError):
        run_program(program_main, config={"aiinfra:platform": raw})
    assert monkeypatch_registrations == []


@pytest.fixture(scope="module")
def monkeypatch_registrations():
    """Count every RegisterResource the engine sees (module-scoped so hypothesis can reuse it)."""
    calls: list[str] = []
    original = RecordingMonitor.RegisterResource

    def counting(self, request):
        if request.type != "pulumi:pulumi:Stack":
            calls.append(request.type)
        return original(self, request)

    RecordingMonitor.RegisterResource = counting
    yield calls
    RecordingMonitor.RegisterResource = original


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("config: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping with a 'config' mapping"),
        ("config:\n  other: 1\n", "config key 'aiinfra:platform' is required"),
        ("config:\n  aiinfra:platform: 7\n", "platform: expected a mapping with a 'blueprint' key"),
        ("config:\n  aiinfra:platform: {name: x}\n", "platform.blueprint: required"),
    ],
)
def test_malformed_stack_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(text)
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(invalid_configs())
def test_cli_exits_2_for_invalid_configs(tmp_path_factory, case: tuple[str, dict]) -> None:
    _, raw = case
    path = tmp_path_factory.mktemp("bad") / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump({"config": {"aiinfra:platform": raw}}))
    assert main(["plan", str(path)]) == 2


_AWS_TYPES = [m for m in machines("aws") if m.image_family in ("nvidia", "neuron")]


@st.composite
def valid_pools(draw, index: int) -> dict:
    machine = draw(st.sampled_from(_AWS_TYPES))
    unit = machine.rack.hosts if machine.rack else 1  # rack-scale pools come in whole racks
    max_nodes = unit * draw(st.integers(min_value=1, max_value=16 // unit or 1))
    min_nodes = unit * draw(st.integers(min_value=0, max_value=max_nodes // unit))
    pool = {
        "name": f"pool{index}",
        "machine_type": machine.machine_type,
        "min_nodes": min_nodes,
        "desired_nodes": unit * draw(st.integers(min_value=min_nodes // unit, max_value=max_nodes // unit)),
        "max_nodes": max_nodes,
        "capacity": draw(st.sampled_from(["on_demand", "spot", "reservation", "capacity_block"])),
    }
    if pool["capacity"] in ("reservation", "capacity_block"):
        pool["reservation_id"] = f"cr-{index:017d}"
    if pool["capacity"] == "capacity_block":
        pool["capacity_block"] = {"start": "2027-01-04T11:30:00Z", "end": "2027-01-18T11:30:00Z"}
    if machine.efa_capable and draw(st.booleans()):
        pool["fabric"] = {"type": "efa"}
        pool["zone"] = draw(st.sampled_from(["usw2-az1", "usw2-az2", "usw2-az3"]))
    elif machine.efa_capable and max_nodes > 1:
        pool["fabric"] = {"type": "none"}  # multi-node EFA-capable pools get EFA (and need a zone) by default
    return pool


@st.composite
def valid_configs(draw) -> dict:
    count = draw(st.integers(min_value=1, max_value=3))
    raw = copy.deepcopy(SHIPPED)
    raw["pools"] = [draw(valid_pools(i)) for i in range(count)]
    # Two teams splitting every pool they may be promised (spot capacity belongs to the cohort).
    teams: list[dict] = [{"name": "alpha", "quotas": {}}, {"name": "beta", "quotas": {}}]
    for pool in raw["pools"]:
        supply = (
            0
            if pool["capacity"] == "spot"
            else pool["max_nodes"] * lookup(pool["machine_type"], "aws").accelerator_count
        )
        first = draw(st.integers(min_value=0, max_value=supply))
        teams[0]["quotas"][pool["name"]] = first
        teams[1]["quotas"][pool["name"]] = draw(st.integers(min_value=0, max_value=supply - first))
    raw["scheduling"] = {"teams": teams}
    # The shipped services name the shipped pools and teams: point them at the drawn ones; the
    # shipped serving models name the shipped pools too, so they go.
    notebooks = raw["services"]["notebooks"]
    notebooks["team"] = "alpha"
    notebooks["profiles"] = [{"pool": p["name"]} for p in raw["pools"]]
    raw["services"].pop("serving", None)
    raw["storage"]["hot"]["capacity_gib"] = draw(st.sampled_from([1200, 2400, 4800, 9600]))
    raw["encryption"]["key_scope"] = draw(st.sampled_from(["per_tier", "shared"]))
    return raw


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_configs())
def test_valid_configs_always_plan(raw: dict) -> None:
    config = validate_platform(raw)
    result = run_program(program_main, config={"aiinfra:platform": raw}, context=config.offline_context())
    groups = result.by_type("aws:eks/nodeGroup:NodeGroup")
    # one node group per pool, plus the fixed system node group of the controllers
    node_groups = [g for g in groups if g.name != f"{raw['name']}-system-ng"]
    assert len(groups) == len(raw["pools"]) + 1 and len(node_groups) == len(raw["pools"])
    queues = result.by_type("kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue")
    assert {q.inputs["metadata"]["name"] for q in queues} == {"alpha", "beta"}
    for pool, group in zip(raw["pools"], sorted(node_groups, key=lambda g: g.name), strict=True):
        assert group.inputs["scalingConfig"]["maxSize"] == float(pool["max_nodes"])
