"""docs/policies.md and the README's rule count are generated from the registry and stay in sync."""

from __future__ import annotations

import re
from pathlib import Path

from aiinfra.policies.docgen import README_COUNT, counts_line, render_docs
from aiinfra.policies.frameworks import FRAMEWORKS, MAPPINGS, TITLES, all_controls, frameworks_of
from aiinfra.policies.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_policies_md_is_generated_from_the_registry() -> None:
    text = (ROOT / "docs" / "policies.md").read_text(encoding="utf-8")
    assert text == render_docs(), "docs/policies.md drifted: run `python -m aiinfra.policies.docgen`"


def test_readme_rule_count_comes_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = [int(m) for m in README_COUNT.findall(readme)]
    assert counts == [len(all_rules())]


def test_counts_line_states_levels() -> None:
    rules = all_rules()
    line = counts_line(rules)
    mandatory = sum(r.enforcement == "mandatory" for r in rules)
    assert line.startswith(f"{len(rules)} rules: {mandatory} mandatory, {len(rules) - mandatory} advisory")
    assert f"IAM {sum(r.domain == 'IAM' for r in rules)}" in line


def test_every_rule_is_mapped_and_every_mapping_names_a_rule() -> None:
    ids = {r.id for r in all_rules()}
    assert set(MAPPINGS) == ids
    for rule in all_rules():
        keys = {f.key for f in rule.frameworks}
        # Sustainability rules support no security control: NIST SP 800-53 has none on emissions.
        assert "nist-800-53" in keys or (rule.domain == "SUS" and not keys), rule.id
        assert keys <= set(FRAMEWORKS), rule.id


def test_every_mapped_control_has_a_title() -> None:
    for key in FRAMEWORKS:
        for control in all_controls(key):
            assert TITLES[key].get(control), (key, control)


def test_cis_sections_have_the_benchmark_shape() -> None:
    for key in ("cis-aws", "cis-eks", "cis-gke", "cis-kubernetes"):
        for control in all_controls(key):
            assert re.fullmatch(r"\d+(\.\d+){1,2}", control), (key, control)
    assert all(re.fullmatch(r"[A-Z]{2}-\d+(\(\d+\))?", c) for c in all_controls("nist-800-53"))


def test_frameworks_of_orders_cis_first() -> None:
    fws = frameworks_of("AIP-ENC-008")
    assert fws[0].key == "cis-eks" and fws[0].reference == "5.3.1"
    assert {f.key for f in fws} >= {"cis-eks", "nist-800-53", "hipaa"}
