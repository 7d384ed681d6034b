"""Docs stand on their own: no pointer outside the repository, every relative link resolves, the
AWS guide's example stack plans, and the guides a newcomer needs exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from aiinfra.plan import plan_stack

from conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_no_reference_outside_the_repository(path: Path) -> None:
    text = path.read_text()
    assert "../shared" not in text and "DESIGN.md" not in text
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # links, not code
    for target, _ in LINK.findall(prose):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        resolved = (path.parent / target).resolve()
        assert resolved.is_relative_to(REPO), f"{path.name} links outside the repository: {target}"
        assert resolved.exists(), f"{path.name} links to a missing file: {target}"


def test_newcomer_guides_exist() -> None:
    for name in (
        "aws",
        "getting-started",
        "reading-the-plan",
        "ci",
        "troubleshooting",
        "architecture",
        "config-reference",
    ):
        assert (REPO / "docs" / f"{name}.md").is_file(), name


def _yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(), re.S)


@pytest.mark.parametrize("guide", ["aws.md", "getting-started.md"])
def test_example_stack_in_the_guide_plans(guide: str, tmp_path: Path) -> None:
    (block,) = [b for b in _yaml_blocks(REPO / "docs" / guide) if "aiinfra:platform" in b]
    assert block.startswith("# yaml-language-server: $schema=../schema/stack.schema.json")
    path = tmp_path / "Pulumi.research.yaml"
    path.write_text(block)
    plan = plan_stack(str(path))
    assert plan.blueprint == "aws" and plan.summary["accelerator_total"] == 16
    assert yaml.safe_load(block)["config"]["aiinfra:platform"]["pools"][0]["machine_type"] == "p4d.24xlarge"


def test_ci_recipes_use_real_cli_options() -> None:
    from aiinfra.cli.main import build_parser

    text = (REPO / "docs" / "ci.md").read_text()
    found = re.findall(r"aiinfra (check|plan|export)([^\n`]*)", text)
    assert {name for name, _ in found} == {"check", "plan", "export"}
    for name, command in found:
        parser = build_parser([name])
        sub = next(a for a in parser._actions if a.dest == "command").choices[name]
        real = {opt for action in sub._actions for opt in action.option_strings}
        for option in re.findall(r"(?<![\w/.-])--[a-z-]+", command):
            assert option in real, (name, option)
