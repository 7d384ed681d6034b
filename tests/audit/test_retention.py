"""Retention is typed and validated against each framework's minimum; bad values name the field."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main
from aiinfra.components.audit.retention import MINIMUMS
from aiinfra.components.audit.spec import AuditSpec, RetentionSpec
from aiinfra.errors import InputError

from conftest import REPO

FRAMEWORKS = sorted(MINIMUMS)


def test_minimums_cite_their_source() -> None:
    assert {k: (m.total_days, m.online_days) for k, m in MINIMUMS.items()} == {
        "pci-dss": (365, 90),
        "hipaa": (2190, 0),
        "eu-ai-act": (183, 0),
        "omb-m-21-31": (913, 365),
    }
    assert "10.5.1" in MINIMUMS["pci-dss"].source and "164.316(b)(2)(i)" in MINIMUMS["hipaa"].source
    assert "Art. 19" in MINIMUMS["eu-ai-act"].source and "unverified" in MINIMUMS["omb-m-21-31"].note


def test_defaults_are_production_ready() -> None:
    spec = AuditSpec()
    assert spec.enabled and (spec.retention.days, spec.retention.online_days) == (365, 90)
    assert RetentionSpec(frameworks=("pci-dss",)).days == 365  # the default meets PCI DSS


def test_below_a_framework_minimum_names_field_value_and_source() -> None:
    with pytest.raises(ValidationError) as err:
        RetentionSpec(days=365, frameworks=("hipaa",))
    text = str(err.value)
    assert "days: 365 is below the 2190-day minimum of hipaa" in text and "164.316(b)(2)(i)" in text
    with pytest.raises(ValidationError, match="online_days: 30 is below the 90 days pci-dss requires"):
        RetentionSpec(days=400, online_days=30, frameworks=("pci-dss",))
    with pytest.raises(ValidationError, match=r"online_days: 500 exceeds days \(400\)"):
        RetentionSpec(days=400, online_days=500)
    with pytest.raises(
        ValidationError, match=r"Input should be .pci-dss., .hipaa., .eu-ai-act. or .omb-m-21-31."
    ):
        RetentionSpec(frameworks=("sox",))


@given(
    days=st.integers(1, 3650),
    online=st.integers(1, 3650),
    frameworks=st.lists(st.sampled_from(FRAMEWORKS), unique=True, max_size=4),
)
def test_validation_accepts_exactly_what_meets_every_minimum(
    days: int, online: int, frameworks: list
) -> None:
    need_total = max((MINIMUMS[f].total_days for f in frameworks), default=0)
    need_online = max((MINIMUMS[f].online_days for f in frameworks), default=0)
    ok = online <= days and days >= need_total and online >= need_online
    try:
        RetentionSpec(days=days, online_days=online, frameworks=tuple(frameworks))
    except ValidationError:
        assert not ok
    else:
        assert ok


def _aws_platform() -> dict:
    return yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]


def test_a_stack_below_its_framework_minimum_is_refused_with_the_field_path(tmp_path, capsys) -> None:
    raw = copy.deepcopy(_aws_platform())
    raw["audit"]["retention"]["days"] = 200
    with pytest.raises(InputError) as err:
        validate_platform(raw)
    assert "platform.audit.retention" in str(err.value) and "365-day minimum of pci-dss" in str(err.value)
    stack = tmp_path / "Pulumi.short.yaml"
    stack.write_text(yaml.safe_dump({"config": {"aiinfra:platform": raw}}))
    assert main(["plan", str(stack)]) == 2
    assert "audit.retention" in capsys.readouterr().err


def test_disabled_sections_register_nothing(tmp_path) -> None:
    from aiinfra.plan import plan_stack

    raw = copy.deepcopy(_aws_platform())
    raw["audit"] = {"enabled": False}
    raw["observability"] = {"cost": {"enabled": False}}
    for team in raw["scheduling"][
        "teams"
    ]:  # a budget's alert needs OpenCost (tests/observability/test_budgets.py)
        team.pop("budget", None)
    stack = tmp_path / "Pulumi.quiet.yaml"
    stack.write_text(yaml.safe_dump({"config": {"aiinfra:platform": raw}}))
    run = plan_stack(str(stack)).run
    types = {r.type for r in run.resources}
    assert not types & {"aws:cloudtrail/trail:Trail", "aws:costexplorer/costAllocationTag:CostAllocationTag"}
    assert not [
        r
        for r in run.resources
        if r.type == "kubernetes:helm.sh/v3:Release" and r.inputs["chart"] == "opencost"
    ]
    assert not {k for k in run.outputs if k.startswith("audit_") or k == "team_cost"}
