"""Every rule runs its pass, fail and unknown-value fixtures; every rule has complete metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_fixtures import FIXTURES, Fixture, to_run

from aiinfra.policies.registry import ID_RE, NAME_RE, SEVERITIES, all_rules
from aiinfra.policies.runner import evaluate
from aiinfra.policies.waivers import parse_waivers

RULES = all_rules()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies.md"
CASES = [(r.id, kind) for r in RULES for kind in ("pass", "fail", "unknown")]


def run_fixture(rule_id: str, fx: Fixture):
    rule = next(r for r in RULES if r.id == rule_id)
    waivers = parse_waivers(fx.waivers) if fx.waivers is not None else None
    result = evaluate(to_run(fx), config=fx.config, waivers=waivers, rules=[rule])
    return [f for f in result.findings if f.rule.id == rule_id], result


def verdict(findings) -> str:
    if any(not f.unknown and not f.waived for f in findings):
        return "fail"
    if any(f.unknown for f in findings):
        return "unknown"
    return "pass"


@pytest.mark.parametrize(("rule_id", "kind"), CASES, ids=[f"{r}-{k}" for r, k in CASES])
def test_rule_fixture(rule_id: str, kind: str) -> None:
    fx = FIXTURES[rule_id][kind]
    expected = {"pass": "pass", "fail": "fail", "unknown": fx.expect}[kind]
    if kind == "pass":
        expected = fx.expect if fx.expect != "pass" else "pass"
    findings, _ = run_fixture(rule_id, fx)
    assert verdict(findings) == expected, [f.message for f in findings]
    for f in findings:
        assert "Secret(" not in f.message and "opaque" not in f.message  # values never echoed


def test_every_rule_has_three_fixtures() -> None:
    for rule in RULES:
        assert set(FIXTURES.get(rule.id, {})) == {"pass", "fail", "unknown"}, rule.id
        assert FIXTURES[rule.id]["unknown"].expect in ("pass", "unknown"), rule.id
    assert set(FIXTURES) == {r.id for r in RULES}


def test_catalogue_is_complete() -> None:
    ids = [r.id for r in RULES]
    counts = {
        d: sum(1 for i in ids if i.split("-")[1] == d)
        for d in ("ENC", "NET", "NODE", "GPU", "DATA", "GOV", "IAM", "K8S", "AUD", "PERF", "OBS")
    }
    assert (
        counts
        == {
            "ENC": 12,
            "NET": 11,
            "NODE": 14,
            "GPU": 9,
            "DATA": 10,
            "GOV": 1,
            "IAM": 6,
            "K8S": 5,
            "AUD": 8,
            "PERF": 1,
            "OBS": 7,  # AIP-OBS-004..007: Amazon Managed Grafana
        }
    )  # catalogue 48 + AIP-DATA-009, AIP-NET-090, AIP-PERF-001, then the IAM/K8S/AUD families and the scanner-parity rules
    mandatory = {r.id for r in RULES if r.enforcement == "mandatory"}
    assert "AIP-NODE-001" in mandatory and "AIP-ENC-003" not in mandatory


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_metadata(rule) -> None:
    assert ID_RE.match(rule.id)
    assert NAME_RE.match(rule.name) and rule.name.startswith(rule.id.lower() + "-")
    assert rule.severity in SEVERITIES
    assert rule.enforcement in ("advisory", "mandatory")
    assert rule.description[0].isupper() and rule.description.endswith(".")
    assert len(rule.remediation) > 20 and rule.unknown
    assert rule.kind == "stack" or rule.types
    assert rule.docs_url == f"docs/policies.md#{rule.id.lower()}"
    if DOCS.is_file():
        text = DOCS.read_text(encoding="utf-8")
        assert re.search(rf'<a id="{rule.id.lower()}"></a>', text), f"docs anchor for {rule.id} missing"


def test_names_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
