"""Pictures of a plan: the overview (default) or every resource, as DOT, Mermaid, SVG, PNG or PDF.

The **overview** (:mod:`aiinfra.graph_overview`) draws one box per top-level component: accelerator
pools with what they yield, storage with its tiers, dependencies between components and the
provisioning critical path in bold red. The **resources** view draws every resource inside the box
of the component that owns it (its parent link is the nesting, so no parent edges compete with the
dependency arrows); an arrow to or from a component ends at the component's box (Graphviz
``compound=true`` with ``lhead``/``ltail``), never at an invisible point inside it.

``.dot``/``.gv`` and ``.mmd``/``.mermaid`` are text and need nothing installed (GitHub renders a
Mermaid block in Markdown). ``.svg``, ``.png`` and ``.pdf`` are rendered by Graphviz's ``dot``
program; without it the overview as ``.svg`` is drawn in pure Python (:mod:`aiinfra.graph_svg`) and
anything else gets one line saying how to install Graphviz.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

from aiinfra.critical_path import critical_path

SOURCE_SUFFIXES = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid"}
RENDERED_SUFFIXES = (".svg", ".png", ".pdf")
CRITICAL_COLOR = "#d62728"
VIEWS = ("overview", "resources")
"""``--graph-view``: one box per top-level component (default), or every resource."""
INSTALL_GRAPHVIZ = "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS)"
_FILLS = {"pool": "#e5f5e0", "storage": "#deebf7", "component": "#f7f7f7", "resource": "#ffffff"}


class GraphError(Exception):
    """The graph cannot be written as asked (unknown suffix, Graphviz missing)."""


def _short_type(token: str) -> str:
    """``aws:ec2/launchTemplate:LaunchTemplate`` -> ``aws:LaunchTemplate``."""
    parts = token.split(":")
    return f"{parts[0]}:{parts[-1]}" if len(parts) >= 3 else token


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class _Layout:
    """Node ids, the component tree and the critical path of one plan."""

    def __init__(self, plan: Any) -> None:
        self.resources = list(plan.run.resources)
        self.by_urn = {r.urn: r for r in self.resources}
        self.ids = {r.urn: f"n{i}" for i, r in enumerate(self.resources)}
        self.children: dict[str | None, list[Any]] = defaultdict(list)
        for r in self.resources:
            parent = r.parent if r.parent in self.by_urn else None
            self.children[parent].append(r)
        chain = critical_path(self.resources).chain
        self.critical_nodes = set(chain)
        self.critical_edges = set(itertools.pairwise(chain))

    def edges(self) -> list[tuple[str, str, bool]]:
        """(from id, to id, on the critical path) per dependency, redundant ones left out.

        A dependency already implied by a longer chain (A -> B -> C makes A -> C redundant) is not
        drawn: the transitive reduction keeps every ordering the picture shows and drops the hairball.
        """
        deps = {r.urn: {d for d in r.dependencies if d in self.by_urn and d != r.urn} for r in self.resources}
        reach: dict[str, set[str]] = {}

        def ancestors(urn: str) -> set[str]:
            if urn not in reach:
                reach[urn] = set()  # cycle guard; one Pulumi run has no cycles
                found: set[str] = set()
                for dep in deps.get(urn, ()):
                    found |= {dep, *ancestors(dep)}
                reach[urn] = found
            return reach[urn]

        out = []
        for r in self.resources:
            direct = deps[r.urn]
            implied = set().union(*(ancestors(d) for d in direct)) if direct else set()
            for dep in sorted(direct):
                critical = (dep, r.urn) in self.critical_edges
                if dep not in implied or critical:
                    out.append((self.ids[dep], self.ids[r.urn], critical))
        return out


def graph_dot(plan: Any) -> str:
    """Graphviz DOT: one cluster per component (nested), resources inside, dependencies as arrows."""
    layout = _Layout(plan)
    lines = [
        f'digraph "{_quote(plan.stack)}" {{',
        "  rankdir=LR; compound=true; newrank=true;",
        f'  label="{_quote(plan.stack)} (blueprint {plan.blueprint}): bold red = provisioning critical path";',
        '  labelloc=t; fontname="Helvetica"; fontsize=12;',
        '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=9];',
        '  edge [color="#555555", arrowsize=0.6];',
    ]

    def emit(parent: str | None, indent: str) -> None:
        for r in layout.children.get(parent, []):
            rid = layout.ids[r.urn]
            label = f"{_quote(r.name)}\\n{_quote(_short_type(r.type))}"
            if not r.custom:
                lines.append(f"{indent}subgraph cluster_{rid} {{")
                lines.append(
                    f'{indent}  label="{label}"; style="rounded,dashed"; color="#9e9e9e"; fontsize=10; fontname="Helvetica";'
                )
                # an invisible anchor so edges to or from the component itself have an end
                lines.append(f'{indent}  {rid} [label="", shape=point, width=0.01, style=invis];')
                emit(r.urn, indent + "  ")
                lines.append(f"{indent}}}")
                continue
            extra = (
                f', color="{CRITICAL_COLOR}", penwidth=2.2, fillcolor="#fde0dd"'
                if r.urn in layout.critical_nodes
                else ""
            )
            if r.protect:
                extra += ", peripheries=2"
            lines.append(f'{indent}{rid} [label="{label}"{extra}];')

    emit(None, "  ")
    components = {layout.ids[r.urn] for r in layout.resources if not r.custom}
    for src, dst, critical in layout.edges():
        attrs = [f'color="{CRITICAL_COLOR}", penwidth=2.5'] if critical else []
        # an end at a component is its invisible anchor: clip the arrow at the component's box
        attrs += [f"ltail=cluster_{src}"] if src in components else []
        attrs += [f"lhead=cluster_{dst}"] if dst in components else []
        lines.append(f"  {src} -> {dst}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _overview_label(node: Any) -> str:
    lines = [node.name, f"{node.type}, {node.resources} resource{'s' if node.resources != 1 else ''}"]
    if node.kind == "resource":
        lines = [node.name, node.type]
    lines += node.details
    if node.critical_minutes:
        lines.append(f"critical path: {node.critical_minutes:g} min")
    return "\\n".join(_quote(line) for line in lines)


def overview_dot(plan: Any) -> str:
    """Graphviz DOT of the overview: boxes per top-level component, arrows between boxes only."""
    from aiinfra.graph_overview import overview

    view = overview(plan)
    total = sum(n.resources for n in view.nodes)
    lines = [
        f'digraph "{_quote(plan.stack)}" {{',
        "  rankdir=TB; newrank=true; nodesep=0.25; ranksep=0.45;",
        f'  label="{_quote(view.title)}: {total} resources in {len(view.nodes)} boxes\\n'
        f"green: accelerator pools; blue: storage tiers; bold red: provisioning critical path "
        f'(~{view.critical_minutes:g} min)";',
        '  labelloc=t; fontname="Helvetica"; fontsize=14;',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, margin="0.15,0.08"];',
        '  edge [color="#666666", arrowsize=0.7];',
    ]
    for node in view.nodes:
        attrs = f'label="{_overview_label(node)}", fillcolor="{_FILLS[node.kind]}"'
        if node.kind == "resource":
            attrs += ', style="rounded,dashed,filled"'
        if node.critical_minutes:
            attrs += f', color="{CRITICAL_COLOR}", penwidth=2.2'
        lines.append(f"  {node.id} [{attrs}];")
    for src, dst, critical in view.edges:
        style = f' [color="{CRITICAL_COLOR}", penwidth=2.5]' if critical else ""
        lines.append(f"  {src} -> {dst}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def overview_mermaid(plan: Any) -> str:
    """Mermaid flowchart of the overview (GitHub and GitLab render it in Markdown)."""
    from aiinfra.graph_overview import overview

    view = overview(plan)
    lines = [
        "flowchart LR",
        f"  %% {view.title}: green = accelerator pools, blue = storage tiers, "
        f"thick red = provisioning critical path (~{view.critical_minutes:g} min)",
    ]
    for node in view.nodes:
        label = _overview_label(node).replace("\\n", "<br/>").replace('\\"', "'")
        lines.append(f'  {node.id}["{label}"]')
    critical_links = []
    for index, (src, dst, critical) in enumerate(view.edges):
        lines.append(f"  {src} {'==>' if critical else '-->'} {dst}")
        if critical:
            critical_links.append(index)
    for kind, fill in _FILLS.items():
        lines.append(f"  classDef {kind} fill:{fill},stroke:#666666;")
    for kind in _FILLS:
        ids = [n.id for n in view.nodes if n.kind == kind]
        if ids:
            lines.append(f"  class {','.join(ids)} {kind};")
    critical = [n.id for n in view.nodes if n.critical_minutes]
    if critical:
        lines.append(f"  style {critical[0]} stroke:{CRITICAL_COLOR},stroke-width:3px;")
        lines += [f"  style {i} stroke:{CRITICAL_COLOR},stroke-width:3px;" for i in critical[1:]]
    if critical_links:
        lines.append(
            f"  linkStyle {','.join(map(str, critical_links))} stroke:{CRITICAL_COLOR},stroke-width:3px;"
        )
    return "\n".join(lines) + "\n"


def graph_mermaid(plan: Any) -> str:
    """Mermaid flowchart: components as (nested) subgraphs, the critical path as thick links."""
    layout = _Layout(plan)
    lines = [
        "flowchart LR",
        f"  %% {plan.stack} (blueprint {plan.blueprint}): thick red = provisioning critical path",
    ]

    def emit(parent: str | None, indent: str) -> None:
        for r in layout.children.get(parent, []):
            rid = layout.ids[r.urn]
            label = f"{r.name}<br/><small>{_short_type(r.type)}</small>".replace('"', "'")
            if not r.custom:
                lines.append(f'{indent}subgraph {rid}["{label}"]')
                emit(r.urn, indent + "  ")
                lines.append(f"{indent}end")
            else:
                lines.append(f'{indent}{rid}["{label}"]')

    emit(None, "  ")
    link_styles = []
    for index, (src, dst, critical) in enumerate(layout.edges()):
        lines.append(f"  {src} {'==>' if critical else '-->'} {dst}")
        if critical:
            link_styles.append(index)
    lines.append(f"  classDef critical stroke:{CRITICAL_COLOR},stroke-width:3px;")
    critical = [layout.ids[u] for u in layout.critical_nodes if u in layout.ids]
    if critical:
        lines.append(f"  class {','.join(sorted(critical))} critical;")
    if link_styles:
        lines.append(
            f"  linkStyle {','.join(map(str, link_styles))} stroke:{CRITICAL_COLOR},stroke-width:3px;"
        )
    return "\n".join(lines) + "\n"


def check_target(path: Path, view: str = "overview") -> None:
    """Refuse a missing folder, an unknown suffix, or a format that needs Graphviz when it is not
    installed (before planning). The overview as ``.svg`` needs nothing: without Graphviz it is drawn
    in pure Python (:mod:`aiinfra.graph_svg`)."""
    suffix = path.suffix.lower()
    folder = path.parent
    if not folder.is_dir():
        raise GraphError(f"--graph {str(path)!r}: folder {str(folder)!r} does not exist (create it first)")
    if path.is_dir():
        raise GraphError(f"--graph {str(path)!r} is a directory; give a file name such as graph.dot")
    if suffix in SOURCE_SUFFIXES:
        return
    if suffix not in RENDERED_SUFFIXES:
        allowed = ", ".join([*SOURCE_SUFFIXES, *RENDERED_SUFFIXES])
        raise GraphError(f"--graph {str(path)!r}: unknown format {suffix or '(none)'} (allowed: {allowed})")
    if suffix == ".svg" and view == "overview":
        return
    missing = graphviz_missing()
    if missing:
        raise GraphError(
            f"--graph {str(path)!r}: rendering {suffix} needs {missing}; or write a .mmd or .dot file"
        )


def graphviz_missing() -> str | None:
    """What is missing to render through Graphviz, or None when ``dot`` is on PATH."""
    if shutil.which("dot") is None:
        return f"Graphviz's `dot` program on PATH ({INSTALL_GRAPHVIZ})"
    return None


def targets(path: Path, stacks: list[str]) -> list[Path]:
    """One file per stack: the path itself for one stack, ``<stem>-<stack><suffix>`` for several."""
    if len(stacks) == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{stack}{path.suffix}") for stack in stacks]


def write_graph(plan: Any, path: Path, view: str = "overview") -> Path:
    """Write one plan's picture to ``path`` (DOT, Mermaid, or rendered by Graphviz's ``dot``)."""
    suffix = path.suffix.lower()
    kind = SOURCE_SUFFIXES.get(suffix)
    if kind == "mermaid":
        path.write_text(overview_mermaid(plan) if view == "overview" else graph_mermaid(plan))
        return path
    source = overview_dot(plan) if view == "overview" else graph_dot(plan)
    if kind == "dot":
        path.write_text(source)
        return path
    if suffix == ".svg" and view == "overview" and graphviz_missing():
        from aiinfra.graph_overview import overview
        from aiinfra.graph_svg import overview_svg

        path.write_text(overview_svg(overview(plan)))
        return path
    path.write_bytes(render_dot(source, suffix.lstrip(".")))
    return path


def render_dot(source: str, fmt: str) -> bytes:
    """Run Graphviz's ``dot -T<fmt>`` on ``source``; raises GraphError with dot's own message."""
    done = subprocess.run(["dot", f"-T{fmt}"], input=source.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines() or [f"exit {done.returncode}"]
        raise GraphError(f"Graphviz dot -T{fmt} failed: {message[-1]}")
    return done.stdout
