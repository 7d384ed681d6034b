"""Quota checks: a team is never promised more than a pool supplies at full scale, cohorts and the
platform add up, spot/flex-start capacity is borrowed, TPU quotas are whole slices; messages name
the team, the pool (flavor) and both numbers. Stack-level errors exit 2 with nothing registered."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aiinfra.cli.main import main
from aiinfra.components.scheduling.check import check_plan
from aiinfra.components.scheduling.spec import SchedulingSpec

from .sched_helpers import flavor, plan, stack_file


def test_team_over_pool_names_team_pool_and_both_numbers() -> None:
    check_plan(plan([{"name": "a", "quotas": {"h100": 16}}], [flavor("h100")]))
    with pytest.raises(
        ValueError,
        match=r"^scheduling\.teams\[0\]\.quotas\.h100: team 'a' asks 17 GPUs of pool 'h100', which has 16 "
        r"\(2 x test-8g at full scale\)$",
    ):
        check_plan(plan([{"name": "a", "quotas": {"h100": 17}}], [flavor("h100")]))


def test_cohort_sum_over_pool_lists_every_team() -> None:
    teams = [
        {"name": "a", "cohort": "research", "quotas": {"h100": 10}},
        {"name": "b", "cohort": "research", "quotas": {"h100": 7}},
    ]
    with pytest.raises(
        ValueError,
        match=r"^scheduling\.cohorts\.research: quotas on pool 'h100' add up to 17 GPUs but the pool has 16 "
        r"\(2 x test-8g at full scale; in cohort 'research': team 'a' 10, team 'b' 7\)$",
    ):
        check_plan(plan(teams, [flavor("h100")], cohorts=[{"name": "research"}]))


def test_platform_sum_across_cohorts() -> None:
    teams = [
        {"name": "a", "cohort": "x", "quotas": {"h100": 10}},
        {"name": "b", "cohort": "y", "quotas": {"h100": 10}},
    ]
    with pytest.raises(
        ValueError, match=r"add up to 20 GPUs but the pool has 16 .*in the platform: team 'a' 10"
    ):
        check_plan(plan(teams, [flavor("h100")], cohorts=[{"name": "x"}, {"name": "y"}]))


def test_unknown_pool_names_team_and_pool() -> None:
    with pytest.raises(
        ValueError,
        match=r"teams\[0\]\.quotas\.a100: team 'a' names unknown pool 'a100', so no flavor .*pools: h100",
    ):
        check_plan(plan([{"name": "a", "quotas": {"a100": 1}}], [flavor("h100")]))


@pytest.mark.parametrize("capacity", ["spot", "flex_start"])
def test_spot_and_flex_start_are_borrowed_not_promised(capacity: str) -> None:
    pool = flavor("cheap", capacity=capacity)
    check_plan(plan([{"name": "a", "quotas": {"cheap": {"accelerators": 0, "borrowing_limit": 8}}}], [pool]))
    with pytest.raises(
        ValueError, match=r"team 'a' asks a nominal 4 GPUs of pool 'cheap', which is .*belong to the cohort"
    ):
        check_plan(plan([{"name": "a", "quotas": {"cheap": 4}}], [pool]))


def test_borrowing_limit_beyond_the_pool() -> None:
    with pytest.raises(
        ValueError, match=r"quotas\.h100\.borrowing_limit: team 'a' could reach 8 \+ 9 = 17 GPUs"
    ):
        check_plan(
            plan(
                [{"name": "a", "quotas": {"h100": {"accelerators": 8, "borrowing_limit": 9}}}],
                [flavor("h100")],
            )
        )


def test_multi_host_tpu_quota_is_whole_slices() -> None:
    tpu = flavor("v5p", nodes=4, per_node=4, kind="tpu", device="google.com/tpu", slice_chips=16)
    check_plan(plan([{"name": "a", "quotas": {"v5p": 16}}], [tpu]))
    with pytest.raises(
        ValueError, match=r"8 TPU chips of pool 'v5p' is not a whole number of 16-chip slices"
    ):
        check_plan(plan([{"name": "a", "quotas": {"v5p": 8}}], [tpu]))


def test_more_pools_than_a_resource_group_holds() -> None:
    flavors = [flavor(f"p{i}", nodes=1) for i in range(65)]
    check_plan(plan([{"name": "a", "quotas": {"p0": 1}}], flavors[:64]))
    with pytest.raises(ValueError, match=r"65 pools would be 65 flavors .*at most 64"):
        check_plan(plan([{"name": "a", "quotas": {"p0": 1}}], flavors))


def test_spec_level_errors_name_the_field() -> None:
    with pytest.raises(ValidationError, match=r"lending_limit: 9 exceeds the nominal quota of 8"):
        SchedulingSpec(teams=[{"name": "a", "quotas": {"p": {"accelerators": 8, "lending_limit": 9}}}])
    with pytest.raises(ValidationError, match=r"teams\[0\]\.cohort: 'x' is not a declared cohort"):
        SchedulingSpec(teams=[{"name": "a", "cohort": "x", "quotas": {"p": 1}}])
    with pytest.raises(ValidationError, match=r"cohorts\[0\]\.parent: cohort 'a' is its own ancestor"):
        SchedulingSpec(
            teams=[{"name": "t", "quotas": {"p": 1}}],
            cohorts=[{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}],
        )
    with pytest.raises(
        ValidationError, match=r"billing_account: removed; a team budget is now a projected-cost alert"
    ):
        SchedulingSpec(teams=[{"name": "t", "quotas": {"p": 1}}], billing_account="01A2B3-C4D5E6-F7A8B9")
    with pytest.raises(
        ValidationError, match=r"teams\[0\]\.priority_class: 'urgent' is not a platform priority"
    ):
        SchedulingSpec(teams=[{"name": "t", "priority_class": "urgent", "quotas": {"p": 1}}])
    with pytest.raises(ValidationError, match=r"cohorts: \['t'\] are also team"):
        SchedulingSpec(teams=[{"name": "t", "quotas": {"p": 1}}], cohorts=[{"name": "t"}])


@settings(max_examples=60, deadline=None)
@given(
    supply=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3),
    asks=st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3), min_size=1, max_size=4
    ),
)
def test_check_passes_exactly_when_every_pool_fits(supply: list[int], asks: list[list[int]]) -> None:
    flavors = [flavor(f"p{i}", nodes=n) for i, n in enumerate(supply)]
    teams = [
        {"name": f"t{j}", "quotas": {f"p{i}": row[i] for i in range(len(supply))}}
        for j, row in enumerate(asks)
    ]
    fits = all(sum(row[i] for row in asks) <= supply[i] * 8 for i in range(len(supply)))
    try:
        check_plan(plan(teams, flavors))
    except ValueError as exc:
        assert not fits, f"rejected a plan that fits: {exc}"
    else:
        assert fits, "accepted an over-subscribed plan"


def _plan_file(tmp_path, name: str, data: dict) -> str:
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.parametrize(
    ("stack", "change", "message"),
    [
        (
            "aws-training",
            lambda s: s["teams"][0]["quotas"].update({"h100-train": 72}),
            "platform.scheduling.teams[0].quotas.h100-train: team 'pretrain' asks 72 GPUs of pool 'h100-train', which has 64",
        ),
        (
            "aws-training",
            lambda s: s["teams"][1]["quotas"].update({"h100-train": 16}),
            # cohort research 48 + 16 = 64 fits; the platform adds inference's 8: 72 > 64
            "platform.scheduling.teams: quotas on pool 'h100-train' add up to 72 GPUs but the pool has 64",
        ),
        (
            "gcp-training",
            lambda s: s["teams"][1]["quotas"].update({"a100-train": 8}),
            "team 'inference' names unknown pool 'a100-train'",
        ),
        (
            "gcp-training",
            lambda s: s["teams"][1]["quotas"].update({"h200-train": 16}),
            "quotas on pool 'h200-train' add up to 40 GPUs but the pool has 32",
        ),
        (
            "gcp-training",
            lambda s: s.update(billing_account="01A2B3-C4D5E6-F7A8B9"),
            "scheduling.billing_account: removed; a team budget is now a projected-cost alert rule",
        ),
    ],
)
def test_stack_errors_exit_2_naming_team_flavor_and_numbers(tmp_path, capsys, stack, change, message) -> None:
    data = stack_file(stack)
    change(data["config"]["aiinfra:platform"]["scheduling"])
    code = main(["plan", _plan_file(tmp_path, "bad", data), "--format", "json"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err, err
