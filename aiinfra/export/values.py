"""Recorded Pulumi inputs as Terraform values: Terraform attribute names, blocks as lists, integers.

Values the engine cannot know at preview are left out of ``after`` and marked in ``after_unknown``
(as ``terraform show -json`` does); secrets stay ``"[secret]"`` and are marked in ``after_sensitive``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiinfra.engine.model import UNKNOWN, Secret

from .names import Fields, field_name
from .shapes import ArgsShape, Shape, args_shape


@dataclass
class Converted:
    """One resource's ``after`` values, what was unknown or secret, and the wire -> Terraform names used."""

    after: dict[str, Any] = field(default_factory=dict)
    unknown: dict[str, Any] = field(default_factory=dict)
    sensitive: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Top-level wire name -> Terraform name (references are rebuilt on these)."""
    unmapped: list[str] = field(default_factory=list)
    """Wire names the SDK class does not declare (left out, listed in the document's metadata)."""


def _scalar(value: Any, shape: Shape) -> Any:
    if shape.scalar is int and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _value(value: Any, shape: Shape, fields: Fields | None, max_one: bool | None) -> tuple[Any, Any, Any]:
    """(after, unknown marker, sensitive marker) of one value."""
    if value is UNKNOWN:
        return None, True, False
    if isinstance(value, Secret):
        return "[secret]", False, True
    if shape.kind == "list" and isinstance(value, list):
        # an object inside a list is one element of the block list, never wrapped again
        items = [_value(v, shape.item or Shape("scalar"), fields, False) for v in value]
        return _split(items)
    if shape.kind == "map" and isinstance(value, dict):
        pairs = {k: _value(v, shape.item or Shape("scalar"), None, None) for k, v in value.items()}
        after = {k: a for k, (a, u, _) in pairs.items() if u is not True}
        unknown = {k: u for k, (_, u, _) in pairs.items() if u}
        sensitive = {k: s for k, (_, _, s) in pairs.items() if s}
        return after, unknown or False, sensitive or False
    if shape.kind == "object" and shape.cls is not None and isinstance(value, dict):
        converted = convert_object(value, args_shape(shape.cls), fields)
        one = (converted.after, converted.unknown or False, converted.sensitive or False)
        # MaxItems=1 blocks are one-element lists in Terraform; the metadata says so where it has the
        # field, and an SDK object outside a list is always such a block otherwise
        return _split([one]) if max_one is not False else one
    return _scalar(value, shape), False, False


def _split(items: list[tuple[Any, Any, Any]]) -> tuple[Any, Any, Any]:
    after = [a for a, u, _ in items if u is not True]
    unknown = [u for _, u, _ in items]
    sensitive = [s for _, _, s in items]
    return after, (unknown if any(unknown) else False), (sensitive if any(sensitive) else False)


def convert_object(inputs: dict[str, Any], shape: ArgsShape, fields: Fields | None) -> Converted:
    """One ``*Args`` object's recorded inputs in Terraform's names and shapes."""
    out = Converted()
    for wire, value in inputs.items():
        if wire.startswith("__"):
            continue  # the engine's own bookkeeping (``__defaults``)
        prop = shape.props.get(wire)
        if prop is None:
            out.unmapped.append(wire)
            continue
        tf_name, max_one, nested = field_name(prop, shape, fields)
        after, unknown, sensitive = _value(value, prop.shape, nested, max_one)
        out.names[wire] = tf_name
        if unknown is True:
            out.unknown[tf_name] = True
            continue
        out.after[tf_name] = after
        if unknown:
            out.unknown[tf_name] = unknown
        if sensitive:
            out.sensitive[tf_name] = sensitive
    return out
