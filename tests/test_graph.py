"""Plan graphs: components as clusters/subgraphs, the critical path highlighted, one file per stack,
SVG/PNG through Graphviz when `dot` is installed and a clear message when it is not."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest

from aiinfra import graph
from aiinfra.cli.main import main
from aiinfra.critical_path import critical_path

from conftest import cached_plan

HAS_DOT = graph.graphviz_missing() is None


def test_dot_groups_resources_into_component_clusters() -> None:
    plan = cached_plan("aws-training")
    text = graph.graph_dot(plan)
    components = [r for r in plan.run.resources if not r.custom]
    assert text.count("subgraph cluster_") == len(components)
    # the node group sits inside its GpuNodePool's cluster
    cluster = re.search(
        r'subgraph cluster_n\d+ \{\n\s+label="llm-train-h100-train\\naiinfra:GpuNodePool";(.*?)\n\s+\}',
        text,
        re.S,
    )
    assert cluster and "llm-train-h100-train-lt" in cluster.group(1)
    assert "style=dotted" not in text  # parent links are the nesting, not edges


def test_critical_path_is_highlighted() -> None:
    plan = cached_plan("aws-training")
    text = graph.graph_dot(plan)
    chain = critical_path(plan.run.resources).chain
    ids = {r.urn: f"n{i}" for i, r in enumerate(plan.run.resources)}
    for a, b in itertools.pairwise(chain):
        if b in {r.urn for r in plan.run.resources if a in r.dependencies}:
            assert f'{ids[a]} -> {ids[b]} [color="{graph.CRITICAL_COLOR}", penwidth=2.5];' in text
    red_edges = text.count(f'[color="{graph.CRITICAL_COLOR}", penwidth=2.5]')
    assert 1 <= red_edges < len(chain)
    assert text.count("penwidth=2.2") == len(chain)


def test_redundant_dependencies_are_not_drawn() -> None:
    plan = cached_plan("hybrid-aws")
    drawn = len(graph._Layout(plan).edges())
    declared = sum(len(r.dependencies) for r in plan.run.resources)
    assert drawn < declared


def test_mermaid_subgraphs_and_thick_critical_links() -> None:
    text = graph.graph_mermaid(cached_plan("aws-training"))
    assert text.startswith("flowchart LR")
    assert text.count("subgraph ") == text.count("\n  end") + text.count("\n    end") + text.count(
        "\n      end"
    )
    assert "==>" in text and "classDef critical" in text and "linkStyle" in text


def test_one_file_per_stack(tmp_path: Path, capsys) -> None:
    target = tmp_path / "plan.dot"
    assert main(["plan", "aws-training", "onprem", "--graph", str(target)]) == 0
    assert not target.exists()
    for stack in ("aws-training", "onprem"):
        text = (tmp_path / f"plan-{stack}.dot").read_text()
        assert text.startswith(f'digraph "{stack}" {{')
    assert "wrote" in capsys.readouterr().err


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` (and the graphviz package) not installed")
@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_renders_through_graphviz(tmp_path: Path, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"plan{suffix}"
    assert main(["plan", "onprem", "--graph", str(target)]) == 0
    assert target.read_bytes().startswith(magic)


def test_clear_message_without_dot(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["plan", "onprem", "--graph", str(tmp_path / "plan.png")]) == 2
    err = capsys.readouterr().err
    assert "rendering .png needs" in err and "or write a .dot or .mmd file" in err
    assert not (tmp_path / "plan.png").exists()
