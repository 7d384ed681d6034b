"""The field reference of the ``scheduling`` spec, generated from the pydantic models.

``docs/scheduling.md`` embeds it between ``<!-- fields:begin -->`` and ``<!-- fields:end -->``; a test
keeps the two equal. Regenerate with ``python -m aiinfra.components.scheduling.reference docs/scheduling.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .spec import (
    BudgetSpec,
    CohortSpec,
    PreemptionSpec,
    PriorityClassSpec,
    SchedulingSpec,
    TeamQuota,
    TeamSpec,
)

BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"
MODELS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("scheduling", SchedulingSpec),
    ("scheduling.teams[]", TeamSpec),
    ("scheduling.teams[].quotas.<pool>", TeamQuota),
    ("scheduling.teams[].budget", BudgetSpec),
    ("scheduling.cohorts[]", CohortSpec),
    ("scheduling.preemption", PreemptionSpec),
    ("scheduling.priority_classes[]", PriorityClassSpec),
)


def _type(annotation: Any) -> str:
    """A readable type: ``name`` for validated names, ``X or None``, ``list of X``, ``map of X``."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return "name" if args[0] is str else _type(args[0])
    if origin in (Union, UnionType):
        return " or ".join(_type(a) for a in args)
    if origin is tuple:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"map of {_type(args[1])}"
    if origin is Literal:
        return " / ".join(repr(a) for a in args)
    if annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def _default(field: Any) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            return ", ".join(getattr(v, "name", type(v).__name__) for v in value)
        return "defaults" if isinstance(value, BaseModel) else repr(value)
    if field.default is PydanticUndefined:
        return "required"
    return repr(field.default)


def reference() -> str:
    """Markdown tables, one per model: field, type, default, description."""
    out = []
    for path, model in MODELS:
        out += [
            f"**`{path}`** — {model.__doc__.splitlines()[0]}",
            "",
            "| field | type | default | description |",
            "|---|---|---|---|",
        ]
        for name, field in model.model_fields.items():
            text = (field.description or "").replace("|", "\\|")
            out.append(f"| `{name}` | {_type(field.annotation)} | {_default(field)} | {text} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def embed(text: str) -> str:
    """``text`` with the generated reference between the markers."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{reference()}{END}{tail}"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = Path(sys.argv[1])
    target.write_text(embed(target.read_text()))
