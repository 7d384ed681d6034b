"""User-facing errors: one clear message naming what is wrong (CLI exit code 2)."""

from __future__ import annotations

import re

from pydantic import ValidationError

_FIELD_HEAD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\]-]*$")  # '-': keys such as quotas.h100-train


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


def describe_validation_error(error: ValidationError, root: str) -> str:
    """Render a pydantic error as ``root.field.path: message (got value)`` lines, first error first.

    Model-level validators in aiinfra start their message with the field name (``"zone: ..."``); that
    name is appended to the location so every line names a field.
    """
    lines = []
    for item in error.errors(include_url=False):
        loc = _location(tuple(p for p in item["loc"] if not str(p).startswith("function-")))
        message = item["msg"].removeprefix("Value error, ")
        head, sep, rest = message.partition(": ")
        if sep and _FIELD_HEAD.match(head):
            loc = f"{loc}.{head}" if loc else head
            message = rest
        where = f"{root}.{loc}" if loc else root
        got = ""
        if item["type"] not in ("value_error", "assertion_error") and "input" in item:
            shown = item["input"]
            if not isinstance(shown, (dict, list)):
                got = f" (got {shown!r})"
        lines.append(f"{where}: {message}{got}")
    return "; ".join(lines)
