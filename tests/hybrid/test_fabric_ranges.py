"""The hybrid address plan's on-prem fabric ranges come from the on-prem side (inline platform or the
referenced stack file) and a declared `address_plan.fabric_pools` must agree with them."""

from __future__ import annotations

import copy
import ipaddress

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.components.hybrid.addressing import reconcile_fabric_pools
from aiinfra.errors import InputError

from .hybrid_helpers import platform
from conftest import REPO

GCP = yaml.safe_load((REPO / "stacks" / "Pulumi.hybrid-gcp.yaml").read_text())["config"]["aiinfra:platform"]
N = ipaddress.ip_network


def test_referenced_stack_rails_are_derived() -> None:
    plan = validate_platform(platform()).address_plan_of()
    rails = {r.owner: str(r.cidr) for r in plan.ranges if "rails" in r.owner}
    assert rails == {f"stack onprem: fabric.rails[{i}].subnet": f"10.110.{i}.0/24" for i in range(8)}


def test_a_declared_range_that_matches_no_rail_is_refused_naming_both() -> None:
    raw = platform()
    raw["address_plan"]["fabric_pools"] = ["10.99.0.0/21"]
    with pytest.raises(InputError) as err:
        validate_platform(raw)
    message = str(err.value)
    assert "address_plan.fabric_pools[0]: 10.99.0.0/21 matches no rail of on-prem stack 'onprem'" in message
    assert "stack onprem: fabric.rails[0].subnet (10.110.0.0/24)" in message


def test_a_declared_range_missing_rails_is_refused() -> None:
    raw = platform()
    raw["address_plan"]["fabric_pools"] = ["10.110.0.0/22"]  # rails 0-3 only
    with pytest.raises(
        InputError,
        match=r"stack onprem: fabric\.rails\[4\]\.subnet: 10\.110\.4\.0/24 of on-prem stack 'onprem' lies in none of address_plan\.fabric_pools\[0\]",
    ):
        validate_platform(raw)


def test_a_covering_declaration_is_accepted_and_kept() -> None:
    raw = platform()
    raw["address_plan"]["fabric_pools"] = ["10.110.0.0/21"]
    plan = validate_platform(raw).address_plan_of()
    assert plan.get("address_plan.fabric_pools[0]") == N("10.110.0.0/21")


def test_inline_onprem_is_checked_too() -> None:
    raw = copy.deepcopy(GCP)
    raw["address_plan"]["fabric_pools"] = ["10.121.0.0/22"]
    with pytest.raises(
        InputError,
        match=r"matches no rail of the inline on-prem platform \(onprem\.fabric\.rails\[0\]\.subnet \(10\.120\.0\.0/24\)",
    ):
        validate_platform(raw)


def test_missing_referenced_stack_is_an_input_error() -> None:
    raw = platform()
    raw["onprem_stack"]["stack_file"] = "no-such-stack"
    with pytest.raises(
        InputError, match=r"onprem_stack\.stack_file: 'no-such-stack' must be a valid on-prem stack"
    ):
        validate_platform(raw)


def test_reconcile_without_rails_refuses_declared_ranges() -> None:
    with pytest.raises(ValueError, match="has no fabric rails"):
        reconcile_fabric_pools([("address_plan.fabric_pools[0]", N("10.1.0.0/24"))], [], "x")
    assert reconcile_fabric_pools([], [("r", N("10.1.0.0/24"))], "x") == [("r", N("10.1.0.0/24"))]
