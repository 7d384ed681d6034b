"""Pictures of a plan: components as DOT clusters / Mermaid subgraphs, the critical path highlighted.

A resource sits inside the box of the component that owns it (its parent link is the nesting, so no
parent edges compete with the dependency arrows); dependency arrows are solid and thin; the
provisioning critical path (aiinfra/critical_path.py) is drawn bold red. ``.svg``, ``.png`` and
``.pdf`` files are rendered from the DOT source through Graphviz (the python ``graphviz`` package
and Graphviz's ``dot`` program); without ``dot`` the caller gets a clear message instead.
"""

from __future__ import annotations

import itertools
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from aiinfra.critical_path import critical_path

SOURCE_SUFFIXES = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid"}
RENDERED_SUFFIXES = (".svg", ".png", ".pdf")
CRITICAL_COLOR = "#d62728"


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
    for src, dst, critical in layout.edges():
        style = f' [color="{CRITICAL_COLOR}", penwidth=2.5]' if critical else ""
        lines.append(f"  {src} -> {dst}{style};")
    lines.append("}")
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


def check_target(path: Path) -> None:
    """Refuse a missing folder, an unknown suffix, or a rendered format when Graphviz is not installed
    (before planning)."""
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
    missing = graphviz_missing()
    if missing:
        raise GraphError(
            f"--graph {str(path)!r}: rendering {suffix} needs {missing}; or write a .dot or .mmd file"
        )


def graphviz_missing() -> str | None:
    """What is missing to render through Graphviz, or None when both the package and ``dot`` are there."""
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return "the graphviz Python package (pip install 'aiinfra[graph]')"
    if shutil.which("dot") is None:
        return "Graphviz's `dot` program on PATH (apt-get install graphviz, brew install graphviz)"
    return None


def targets(path: Path, stacks: list[str]) -> list[Path]:
    """One file per stack: the path itself for one stack, ``<stem>-<stack><suffix>`` for several."""
    if len(stacks) == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{stack}{path.suffix}") for stack in stacks]


def write_graph(plan: Any, path: Path) -> Path:
    """Write one plan's graph to ``path`` (DOT, Mermaid, or rendered through Graphviz)."""
    suffix = path.suffix.lower()
    kind = SOURCE_SUFFIXES.get(suffix)
    if kind == "mermaid":
        path.write_text(graph_mermaid(plan))
        return path
    source = graph_dot(plan)
    if kind == "dot":
        path.write_text(source)
        return path
    import graphviz

    data = graphviz.Source(source).pipe(format=suffix.lstrip("."))
    path.write_bytes(data)
    return path
