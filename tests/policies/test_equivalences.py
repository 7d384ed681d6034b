"""Equivalent spellings get the same verdict: fixed examples and generated spellings, per rule.

The classes live in ``equivalences.py`` (one place). The property test draws a class of the rule
and a spelling from the class's generator, and asserts the class's verdict; the docs list, per rule,
what it treats as equivalent (``Rule.equivalents``), and every rule that documents equivalents has
classes here (and the other way round).
"""

from __future__ import annotations

import copy

import pytest
from equivalences import CLASSES, UNKNOWN_MEANS_REFERENCE, EquivalenceClass, Program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_fixtures import Fixture, to_run

from aiinfra.policies.registry import all_rules, get_rule
from aiinfra.policies.runner import evaluate

RULE_IDS = sorted({c.rule for c in CLASSES})
EXAMPLES = [(c, i) for c in CLASSES for i in range(len(c.examples))]


def judge(rule_id: str, program: Program) -> tuple[str, list[str]]:
    """The verdict of one rule over one program (pass | fail | unknown) and its messages."""
    rule = get_rule(rule_id)
    assert rule is not None
    result = evaluate(to_run(Fixture(copy.deepcopy(program))), rules=[rule])
    findings = [f for f in result.findings if f.rule.id == rule_id]
    if any(not f.unknown and not f.waived for f in findings):
        return "fail", [f.message for f in findings]
    if any(f.unknown for f in findings):
        return "unknown", [f.message for f in findings]
    return "pass", []


@pytest.mark.parametrize(("cls", "index"), EXAMPLES, ids=[f"{c.rule}-{c.name}-{i}" for c, i in EXAMPLES])
def test_example_spelling(cls: EquivalenceClass, index: int) -> None:
    verdict, messages = judge(cls.rule, cls.examples[index])
    assert verdict == cls.expect, (cls.name, messages)


@pytest.mark.parametrize("rule_id", RULE_IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_spellings_share_the_verdict(rule_id: str, data: st.DataObject) -> None:
    classes = [c for c in CLASSES if c.rule == rule_id and c.generate is not None]
    cls = data.draw(st.sampled_from(classes), label="class")
    program = data.draw(cls.generate, label="program")
    verdict, messages = judge(rule_id, program)
    assert verdict == cls.expect, (cls.name, messages)


def test_each_rule_has_failing_passing_and_unknown_classes() -> None:
    for rule_id in RULE_IDS:
        kinds = {c.expect for c in CLASSES if c.rule == rule_id}
        assert kinds >= {"fail", "pass"}, rule_id
        assert "unknown" in kinds or rule_id in UNKNOWN_MEANS_REFERENCE, rule_id  # unknown = computed (pass)
        assert any(c.generate is not None for c in CLASSES if c.rule == rule_id), rule_id
    for c in CLASSES:
        assert c.examples or c.generate is not None, c.name


def test_documented_equivalents_match_the_fixture_set() -> None:
    documented = {r.id for r in all_rules() if r.equivalents}
    assert documented == set(RULE_IDS)
