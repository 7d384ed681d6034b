"""Policy documents parse the same from JSON text, a mapping and get_policy_document's shape, and
the IAM rules' verdicts follow the statement semantics (property tests over open-ended statements)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiinfra.policies.access import lazy_props
from aiinfra.policies.documents import PolicyParseError, parse_policy
from aiinfra.policies.registry import Res, RuleContext, get_rule

ACTIONS = st.sampled_from(
    ["*", "s3:*", "s3:GetObject", "kms:Decrypt", "iam:PassRole", "iam:Put*", "ec2:RunInstances"]
)
RESOURCES = st.sampled_from(["*", "arn:aws:s3:::data/*", "arn:aws:iam::1:role/train"])
PRINCIPALS = st.sampled_from(
    ["*", {"AWS": "*"}, {"AWS": "arn:aws:iam::1:root"}, {"Service": "ec2.amazonaws.com"}]
)
CONDITIONS = st.sampled_from(
    [
        None,
        {"Bool": {"aws:SecureTransport": "true"}},
        {"StringEquals": {"aws:PrincipalOrgID": "o-1"}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:1:t"}},
    ]
)


@st.composite
def statements(draw):
    st_ = {
        "Effect": draw(st.sampled_from(["Allow", "Deny"])),
        "Action": draw(st.lists(ACTIONS, min_size=1, max_size=3)),
        "Resource": draw(st.lists(RESOURCES, min_size=1, max_size=2)),
        "Principal": draw(PRINCIPALS),
    }
    cond = draw(CONDITIONS)
    if cond:
        st_["Condition"] = cond
    return st_


def as_data_source(statement: dict) -> dict:
    """The same statement in aws.iam.get_policy_document's argument shape."""
    principal = statement["Principal"]
    principals = (
        [{"type": "*", "identifiers": ["*"]}]
        if principal == "*"
        else [{"type": k, "identifiers": [v]} for k, v in principal.items()]
    )
    out = {
        "effect": statement["Effect"],
        "actions": statement["Action"],
        "resources": statement["Resource"],
        "principals": principals,
    }
    for op, block in (statement.get("Condition") or {}).items():
        out["conditions"] = [{"test": op, "variable": k, "values": [v]} for k, v in block.items()]
    return out


def run_rule(rule_id: str, type_: str, props: dict) -> list[str]:
    rule = get_rule(rule_id)
    res = Res(type=type_, name="r", urn="urn:pulumi:dev::p::" + type_ + "::r", props=lazy_props(props))
    return list(rule.fn(res, RuleContext(config=rule.defaults())))


@settings(max_examples=150, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4))
def test_three_shapes_parse_alike_and_judge_alike(stmts) -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": stmts})
    shapes = [
        text,
        {"Version": "2012-10-17", "Statement": stmts},
        {"statements": [as_data_source(s) for s in stmts]},
    ]
    parsed = [parse_policy(lazy_props({"p": s})["p"]) for s in shapes]
    assert [(p.allows, p.public_principal, p.restricted, p.all_resources) for p in parsed[0]] == [
        (p.allows, p.public_principal, p.restricted, p.all_resources) for p in parsed[2]
    ]
    verdicts = {
        rule: [run_rule(rule, t, {"policy": s}) for s in shapes]
        for rule, t in (
            ("AIP-IAM-004", "aws:s3/bucketPolicy:BucketPolicy"),
            ("AIP-IAM-001", "aws:iam/policy:Policy"),
        )
    }
    for rule, results in verdicts.items():
        assert bool(results[0]) == bool(results[1]) == bool(results[2]), rule


@settings(max_examples=150, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4))
def test_deny_never_grants_and_narrowing_conditions_clear_public_findings(stmts) -> None:
    findings = run_rule(
        "AIP-IAM-004", "aws:s3/bucketPolicy:BucketPolicy", {"policy": json.dumps({"Statement": stmts})}
    )
    expected = [
        i
        for i, s in enumerate(stmts)
        if s["Effect"] == "Allow"
        and s["Principal"] in ("*", {"AWS": "*"})
        and not any(k in ("StringEquals", "ArnLike") for k in (s.get("Condition") or {}))
    ]
    assert [int(f.split("statement ")[1].split()[0]) for f in findings] == expected


def test_unparseable_documents_are_violations_not_silence() -> None:
    assert run_rule("AIP-IAM-001", "aws:iam/policy:Policy", {"policy": "{not json"})[0].startswith(
        "policy cannot be parsed"
    )
    with pytest.raises(PolicyParseError):
        parse_policy('{"Version": "2012-10-17"}')
    assert parse_policy("") is None and parse_policy(None) is None
