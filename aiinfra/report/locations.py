"""Where things are in the user's repository: construction lines of resources, waiver entry lines.

A resource's registration carries the SDK's stack trace (frames outside the Pulumi SDK, innermost
first; the Node.js SDK's are source-mapped, so they name the user's ``.ts`` lines). The innermost frame
inside the project directory, outside installed libraries (``site-packages``, ``node_modules``), is the
line the user wrote: for a child
of a library component (aiinfra's GpuNodePool) that is where the user constructed the component.
Where no frame is inside the project (a resource made in a callback), the parent chain is walked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from aiinfra.engine.model import frames


def construction_lines(run: Any, project_dir: Path) -> dict[str, tuple[str, int]]:
    """URN -> (absolute path, line) of the construction in the project's own files."""
    root = project_dir.resolve()
    by_urn = {r.urn: r for r in run.resources}
    cache: dict[str, tuple[str, int] | None] = {}

    def inside(source: tuple[str, int] | None) -> bool:
        if source is None:
            return False
        try:
            path = Path(source[0])
            if "site-packages" in source[0] or "node_modules" in path.parts:  # installed libraries
                return False
            return path.resolve().is_relative_to(root)
        except (OSError, ValueError):
            return False

    def find(urn: str, depth: int = 0) -> tuple[str, int] | None:
        if urn in cache:
            return cache[urn]
        res = by_urn.get(urn)
        found = None
        if res is not None:
            for source in frames(res):  # innermost first: the user's line nearest the registration
                if inside(source):
                    found = (str(Path(source[0]).resolve()), int(source[1]))
                    break
            if found is None and res.parent and depth < 64:
                found = find(res.parent, depth + 1)
        cache[urn] = found
        return found

    out = {}
    for r in run.resources:
        loc = find(r.urn)
        if loc is not None:
            out[r.urn] = loc
    return out


def waiver_lines(path: str | Path) -> dict[int, int]:
    """0-based waiver index -> 1-based line of its entry in a waiver YAML file (``waivers:`` list)."""
    from aiinfra.policies.yamlfile import YamlInputError, compose

    try:
        node = compose(path)
    except YamlInputError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "waivers"
            and isinstance(value, yaml.SequenceNode)
        ):
            return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return {}


def relative_uri(path: str | Path, source_root: Path) -> tuple[str, bool]:
    """``(uri, relative)``: a POSIX path relative to ``source_root`` when inside it, else a file URI."""
    target = Path(path).resolve()
    try:
        return target.relative_to(source_root.resolve()).as_posix(), True
    except ValueError:
        return target.as_uri(), False
