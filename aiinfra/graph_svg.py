"""The overview picture as SVG without Graphviz: a small layered layout in pure Python.

Used for ``--graph FILE.svg`` when Graphviz's ``dot`` is not installed, so the default picture needs
no system package. Boxes are placed in rows by dependency depth (a box sits one row below the
deepest box it waits for), ordered in each row by the mean position of what they wait for, and
every arrow runs from the bottom edge of one box to the top edge of the other, so no arrowhead
points at empty space. Graphviz, when installed, draws the same overview with fewer crossings.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

CHAR_WIDTH = 6.6
"""Approximate width of one 11 px Helvetica character, for box widths."""
LINE_HEIGHT = 15
ROW_GAP = 46
BOX_GAP = 18
MARGIN = 20
TITLE_HEIGHT = 44
_FILLS = {"pool": "#e5f5e0", "storage": "#deebf7", "component": "#f7f7f7", "resource": "#ffffff"}
CRITICAL = "#d62728"


def _lines(node: Any) -> list[str]:
    if node.kind == "resource":
        lines = [node.name, node.type]
    else:
        lines = [node.name, f"{node.type}, {node.resources} resource{'s' if node.resources != 1 else ''}"]
    lines += node.details
    if node.critical_minutes:
        lines.append(f"critical path: {node.critical_minutes:g} min")
    return lines


def _rows(nodes: list[Any], edges: list[tuple[str, str, bool]]) -> dict[str, int]:
    """Row of each node: one below the deepest node it waits for (edges that close a cycle ignored)."""
    preds: dict[str, list[str]] = defaultdict(list)
    for a, b, _ in edges:
        preds[b].append(a)
    row: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(node: str) -> int:
        if node in row:
            return row[node]
        if node in visiting:
            return 0
        visiting.add(node)
        row[node] = 1 + max((depth(p) for p in preds[node] if p not in visiting), default=-1)
        visiting.discard(node)
        return row[node]

    for n in nodes:
        depth(n.id)
    return row


def layout(view: Any) -> dict[str, tuple[float, float, float, float]]:
    """id -> (x, y, width, height) of every box."""
    rows = _rows(view.nodes, view.edges)
    size = {
        n.id: (max(len(line) for line in _lines(n)) * CHAR_WIDTH + 20, len(_lines(n)) * LINE_HEIGHT + 12)
        for n in view.nodes
    }
    preds: dict[str, list[str]] = defaultdict(list)
    for a, b, _ in view.edges:
        preds[b].append(a)
    by_row: dict[int, list[str]] = defaultdict(list)
    for n in view.nodes:
        by_row[rows[n.id]].append(n.id)
    widths = {r: sum(size[i][0] for i in ids) + BOX_GAP * (len(ids) - 1) for r, ids in by_row.items()}
    widest = max(widths.values(), default=0.0)
    centre: dict[str, float] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    y = MARGIN + TITLE_HEIGHT
    for r in sorted(by_row):
        ids = by_row[r]
        ids.sort(key=lambda i: _barycentre(i, preds, centre))
        x = MARGIN + (widest - widths[r]) / 2  # rows centred under the widest
        height = max(size[i][1] for i in ids)
        for i in ids:
            w, h = size[i]
            boxes[i] = (x, y, w, h)
            centre[i] = x + w / 2
            x += w + BOX_GAP
        y += height + ROW_GAP
    return boxes


def _barycentre(node: str, preds: dict[str, list[str]], centre: dict[str, float]) -> float:
    """Mean x of the boxes ``node`` waits for (0 for none: such boxes keep their order, first)."""
    placed = [centre[p] for p in preds[node] if p in centre]
    return sum(placed) / len(placed) if placed else 0.0


def _detour(
    boxes: dict[str, tuple[float, float, float, float]],
    a: str,
    b: str,
    x1: float,
    y1: float,
    x2: float,
    y2: float,
) -> float | None:
    """The x of a lane right of every box a straight arrow from (x1, y1) to (x2, y2) would cross, or None."""
    low, high = min(x1, x2) - 6, max(x1, x2) + 6
    crossed = [
        x + w
        for key, (x, y, w, h) in boxes.items()
        if key not in (a, b) and y > y1 and y + h < y2 and x < high and x + w > low
    ]
    return max(crossed) + 14 if crossed else None


def overview_svg(view: Any) -> str:
    """SVG of an :class:`~aiinfra.graph_overview.Overview`."""
    boxes = layout(view)
    width = max(x + w for x, _, w, _ in boxes.values()) + MARGIN if boxes else 400
    height = max(y + h for _, y, _, h in boxes.values()) + MARGIN if boxes else 100
    total = sum(n.resources for n in view.nodes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif" font-size="11">',
        "<defs>",
        '<marker id="arrow" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#666666"/></marker>',
        f'<marker id="arrow-critical" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" refX="10" refY="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{CRITICAL}"/></marker>',
        "</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{width / 2:.0f}" y="{MARGIN + 8}" text-anchor="middle" font-size="14">{escape(view.title)}: {total} resources in {len(view.nodes)} boxes</text>',
        f'<text x="{width / 2:.0f}" y="{MARGIN + 26}" text-anchor="middle" font-size="12">green: accelerator pools; blue: storage tiers; '
        f"bold red: provisioning critical path (~{view.critical_minutes:g} min)</text>",
    ]
    for a, b, critical in view.edges:
        ax, ay, aw, ah = boxes[a]
        bx, by, bw, _ = boxes[b]
        x1, y1, x2, y2 = ax + aw / 2, ay + ah, bx + bw / 2, by  # bottom of the source, top of the target
        if y2 <= y1:  # same row or upwards (a cycle's closing edge): side to side
            x1, y1, x2, y2 = ax + aw, ay + ah / 2, bx, by + ah / 2
        mid = (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}"
        side = _detour(boxes, a, b, x1, y1, x2, y2)
        if side is not None:  # boxes in the rows between: go round them on the right
            path = (
                f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + 20:.1f} {side:.1f},{y1 + 5:.1f} {side:.1f},{y1 + 25:.1f} "
                f"L{side:.1f},{y2 - 25:.1f} C{side:.1f},{y2 - 5:.1f} {x2:.1f},{y2 - 20:.1f} {x2:.1f},{y2:.1f}"
            )
        color, width_px, marker = (CRITICAL, 2.5, "arrow-critical") if critical else ("#666666", 1, "arrow")
        out.append(
            f'<path class="edge" data-from="{a}" data-to="{b}" d="{path}" '
            f'fill="none" stroke="{color}" stroke-width="{width_px}" marker-end="url(#{marker})"/>'
        )
    for node in view.nodes:
        x, y, w, h = boxes[node.id]
        stroke, stroke_width = (CRITICAL, 2.2) if node.critical_minutes else ("#333333", 1)
        dash = ' stroke-dasharray="4,3"' if node.kind == "resource" else ""
        out.append(
            f'<rect class="node" id="{node.id}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8" '
            f'fill="{_FILLS[node.kind]}" stroke="{stroke}" stroke-width="{stroke_width}"{dash}/>'
        )
        for index, line in enumerate(_lines(node)):
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{y + 6 + LINE_HEIGHT * (index + 1) - 3:.1f}" text-anchor="middle">{escape(line)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
