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


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` not installed (apt-get install graphviz)")
@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_renders_through_graphviz(tmp_path: Path, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"plan{suffix}"
    assert main(["plan", "onprem", "--graph", str(target)]) == 0
    assert target.read_bytes().startswith(magic)


def test_clear_message_without_dot(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["plan", "onprem", "--graph", str(tmp_path / "plan.png")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"aiinfra plan: --graph {str(tmp_path / 'plan.png')!r}: rendering .png needs Graphviz's `dot` program "
        "on PATH (apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS)); "
        "or write a .mmd or .dot file\n"
    )
    assert not (tmp_path / "plan.png").exists()


def test_full_graph_edges_end_at_component_boxes() -> None:
    """An arrow to or from a component is clipped at the component's box (lhead/ltail), never drawn to
    the invisible anchor point inside it."""
    plan = cached_plan("aws-training")
    text = graph.graph_dot(plan)
    assert "compound=true" in text
    ids = {r.urn: f"n{i}" for i, r in enumerate(plan.run.resources)}
    anchors = {ids[r.urn] for r in plan.run.resources if not r.custom}
    edges = re.findall(r"^  (n\d+) -> (n\d+)(?: \[(.*)\])?;$", text, re.M)
    to_components = [(a, b, attrs) for a, b, attrs in edges if a in anchors or b in anchors]
    assert to_components  # the shipped stack has dependencies on components
    for src, dst, attrs in to_components:
        if src in anchors:
            assert f"ltail=cluster_{src}" in attrs
        if dst in anchors:
            assert f"lhead=cluster_{dst}" in attrs
    assert not [e for e in edges if e[2] and "lhead" in e[2] and e[1] not in anchors]


def test_overview_is_one_box_per_top_level_component() -> None:
    from aiinfra.graph_overview import overview

    plan = cached_plan("aws-training")
    view = overview(plan)
    stack_urns = {r.urn for r in plan.run.resources if r.type == "pulumi:pulumi:Stack"}
    top = [
        r
        for r in plan.run.resources
        if r.type != "pulumi:pulumi:Stack" and (r.parent is None or r.parent in stack_urns)
    ]
    assert [n.name for n in view.nodes] == [r.name for r in top]
    assert sum(n.resources for n in view.nodes) == plan.summary["resource_count"]
    by_name = {n.name: n for n in view.nodes}
    pool = by_name["llm-train-h100-train"]
    assert pool.kind == "pool" and pool.details[0] == "8 x p5.48xlarge = 64 NVIDIA H100"
    assert by_name["llm-train-data"].kind == "storage"
    assert [d.split(":")[0] for d in by_name["llm-train-data"].details] == ["hot", "warm", "cold"]
    assert sum(n.critical_minutes for n in view.nodes) == pytest.approx(view.critical_minutes, abs=0.05)
    ids = {n.id for n in view.nodes}
    assert all(a in ids and b in ids and a != b for a, b, _ in view.edges)
    critical = [(a, b) for a, b, c in view.edges if c]
    on_path = [n.id for n in view.nodes if n.critical_minutes]
    assert len(critical) == len(on_path) - 1


def test_overview_dot_has_no_clusters_and_highlights_the_path() -> None:
    text = graph.overview_dot(cached_plan("aws-training"))
    assert "subgraph" not in text and "lhead" not in text  # arrows run between boxes only
    assert "rankdir=TB" in text
    assert text.count(f'[color="{graph.CRITICAL_COLOR}", penwidth=2.5]') >= 3
    assert "8 x p5.48xlarge = 64 NVIDIA H100\\ncapacity_block, efa x32" in text
    assert "hot: FSx for Lustre PERSISTENT_2, 14400 GiB" in text


def test_overview_mermaid() -> None:
    text = graph.overview_mermaid(cached_plan("gcp-training"))
    assert text.startswith("flowchart LR\n") and "subgraph" not in text
    assert "==>" in text and "classDef pool" in text and "linkStyle" in text
    assert "4 x a3-ultragpu-8g = 32 NVIDIA H200" in text


def test_graph_view_resources_writes_the_full_graph(tmp_path: Path) -> None:
    target = tmp_path / "plan.dot"
    assert main(["plan", "onprem", "--graph", str(target), "--graph-view", "resources"]) == 0
    assert "subgraph cluster_" in target.read_text()
    assert main(["plan", "onprem", "--graph", str(target)]) == 0
    assert "subgraph cluster_" not in target.read_text()


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` not installed (apt-get install graphviz)")
def test_overview_png_is_readable_size(tmp_path: Path) -> None:
    """The overview of the largest shipped stack fits a screen (the resource graph was 4,601 x 4,461 px)."""
    import struct

    target = tmp_path / "overview.png"
    target.write_bytes(graph.render_dot(graph.overview_dot(cached_plan("aws-training")), "png"))
    width, height = struct.unpack(">II", target.read_bytes()[16:24])
    assert width <= 2400 and height <= 1400, (width, height)


def test_pure_python_svg_overview_arrows_end_on_boxes() -> None:
    """Without Graphviz the overview SVG is drawn in Python: one box per node, one path per arrow, and
    every arrow starts on its source box's border and ends on its target box's border."""
    import xml.etree.ElementTree as ET

    from aiinfra.graph_overview import overview
    from aiinfra.graph_svg import layout, overview_svg

    view = overview(cached_plan("gcp-training"))
    root = ET.fromstring(overview_svg(view))
    ns = "{http://www.w3.org/2000/svg}"
    rects = [r for r in root.iter(f"{ns}rect") if r.get("class") == "node"]
    paths = [p for p in root.iter(f"{ns}path") if p.get("class") == "edge"]
    assert sorted(r.get("id") for r in rects) == sorted(n.id for n in view.nodes)
    assert [(p.get("data-from"), p.get("data-to")) for p in paths] == [(a, b) for a, b, _ in view.edges]
    boxes = layout(view)

    def on_border(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
        bx, by, bw, bh = box
        inside_x, inside_y = bx - 0.1 <= x <= bx + bw + 0.1, by - 0.1 <= y <= by + bh + 0.1
        on_x = abs(x - bx) < 0.1 or abs(x - bx - bw) < 0.1
        on_y = abs(y - by) < 0.1 or abs(y - by - bh) < 0.1
        return (inside_x and on_y) or (inside_y and on_x)

    for path in paths:
        numbers = [float(v) for v in re.findall(r"-?\d+\.?\d*", path.get("d"))]
        start, end = (numbers[0], numbers[1]), (numbers[-2], numbers[-1])
        assert on_border(*start, boxes[path.get("data-from")]), path.get("d")
        assert on_border(*end, boxes[path.get("data-to")]), path.get("d")
    critical = [p for p in paths if p.get("stroke") == graph.CRITICAL_COLOR]
    assert len(critical) == sum(1 for *_, c in view.edges if c) >= 3


def test_svg_without_graphviz_is_the_python_overview(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    target = tmp_path / "plan.svg"
    assert main(["plan", "onprem", "--graph", str(target)]) == 0
    assert target.read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    capsys.readouterr()
    assert main(["plan", "onprem", "--graph", str(target), "--graph-view", "resources"]) == 2
    assert (
        "rendering .svg needs Graphviz's `dot` program on PATH (apt-get install graphviz"
        in capsys.readouterr().err
    )
