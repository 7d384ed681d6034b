"""User-facing errors: one clear message naming what is wrong (CLI exit code 2)."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from aiinfra.policies.yamlfile import shorten

_FIELD_HEAD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\]-]*$")  # '-': keys such as quotas.h100-train
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


class InputError(Exception):
    """Invalid input from the user: a stack name or file, its config, or a CLI argument."""


def _location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _models_of(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_of(arg)]


def _models_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[type[BaseModel]]:
    """The model class(es) a pydantic error location points into (union members included)."""
    current = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nested = [
            m for c in current if part in c.model_fields for m in _models_of(c.model_fields[part].annotation)
        ]
        if nested:
            current = nested
        elif not any(part in c.model_fields for c in current):
            # a discriminated union's tag (``connectivity.vpn``): keep the member it names
            tagged = [c for c in current if part in {str(f.default) for f in c.model_fields.values()}]
            current = tagged or current
        else:
            return []
    return current


def unknown_key_hint(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> str:
    """``unknown key 'max_node' (did you mean 'max_nodes'?)``, or the allowed keys when none is close."""
    key = str(loc[-1]) if loc else ""
    allowed = sorted({f for m in (_models_at(model, loc[:-1]) if model else []) for f in m.model_fields})
    if not allowed:
        return f"unknown key {shorten(key)}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key {shorten(key)} (did you mean {close[0]!r}?)"
    return f"unknown key {shorten(key)} (allowed: {', '.join(allowed)})"


def name_items(where: str, raw: Any, root: str) -> str:
    """The named list items a location passes through, as a suffix: `` (in pools[3] (h100-train))``."""
    path = where.removeprefix(root).lstrip(".")
    node, named = raw, []
    for segment in path.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None or not isinstance(node, dict):
            break
        node = node.get(match.group(1))
        for index in re.findall(r"\[(\d+)\]", match.group(2)):
            if not isinstance(node, list) or int(index) >= len(node):
                node = None
                break
            node = node[int(index)]
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                named.append(f"{match.group(1)}[{index}] ({node['name']})")
    return f" (in {', '.join(named)})" if named else ""


def describe_validation_error(
    error: ValidationError, root: str, *, model: type[BaseModel] | None = None, raw: Any = None
) -> str:
    """Render a pydantic error as ``root.field.path: message (got value)`` lines, first error first.

    Model-level validators in aiinfra start their message with the field name (``"zone: ..."``); that
    name is appended to the location so every line names a field. With ``model``, an unknown key gets
    the closest known key as a suggestion; with ``raw`` (the validated input), the list items on the
    path are named at the end (``platform.pools[3].zone: ... (in pools[3] (h100-train))``).
    """
    lines = []
    for item in error.errors(include_url=False):
        parts = tuple(p for p in item["loc"] if not str(p).startswith("function-"))
        loc = _location(parts)
        message = item["msg"].removeprefix("Value error, ")
        hinted = item["type"] == "extra_forbidden" and model is not None
        if hinted:
            message = unknown_key_hint(model, parts)
        head, sep, rest = message.partition(": ")
        if sep and _FIELD_HEAD.match(head):
            loc = f"{loc}.{head}" if loc else head
            message = rest
        where = f"{root}.{loc}" if loc else root
        named = name_items(where, raw, root) if raw is not None else ""
        got = ""
        if item["type"] not in ("value_error", "assertion_error") and not hinted and "input" in item:
            shown = item["input"]
            if not isinstance(shown, (dict, list)):
                got = f" (got {shorten(shown)})"
        lines.append(f"{where}: {message}{got}{named}")
    return "; ".join(lines)
