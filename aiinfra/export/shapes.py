"""The shape of a resource's inputs, read from the provider SDK's own typed ``*Args`` classes.

Each property getter of a generated ``*Args`` class carries its wire name (``_pulumi_name``, the
camelCase key the engine records), its Python name (the snake_case name of the Pulumi property) and its
type: a scalar, a list, a map, or a nested ``*Args`` class. A nested class that is not inside a list
is a block Terraform declares with ``MaxItems: 1`` (the bridge flattens those to one object).
"""

from __future__ import annotations

import collections.abc
import sys
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ForwardRef

from aiinfra.integers import _args_class


@dataclass(frozen=True)
class Shape:
    """One property's type: ``kind`` is scalar, list, map or object."""

    kind: str
    scalar: type | None = None
    """For scalars: int, float, str, bool, or None when the SDK says ``Any``."""
    item: Shape | None = None
    """For lists and maps: the element shape."""
    cls: type | None = None
    """For objects: the nested ``*Args`` class."""


@dataclass(frozen=True)
class Prop:
    """One input property: its wire (camelCase) name, its Python (snake_case) name and its shape."""

    wire: str
    python: str
    shape: Shape


@dataclass(frozen=True)
class ArgsShape:
    """The properties of one ``*Args`` class by wire name."""

    cls: type
    props: dict[str, Prop] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The class name without ``Args`` (``InstanceEbsBlockDevice``): nested type names extend it."""
        name = self.cls.__name__
        for suffix in ("InitArgs", "Args"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name


ANY = Shape("scalar")


def _resolve(ref: Any, home: type) -> type | None:
    name = ref.__forward_arg__ if isinstance(ref, ForwardRef) else str(ref)
    if name.startswith("Output") or name.endswith("Dict"):
        return None
    module = sys.modules.get(home.__module__)
    found = getattr(module, name, None)
    if found is None:
        inputs = sys.modules.get(f"{home.__module__.rsplit('.', 1)[0]}._inputs")
        found = getattr(inputs, name, None)
    return found if isinstance(found, type) else None


def _members(annotation: Any) -> list[Any]:
    """The meaningful members of ``Input[Optional[...]]``: no None, Awaitable or ``Output[T]``."""
    if typing.get_origin(annotation) is typing.Union:
        out = []
        for arg in typing.get_args(annotation):
            out.extend(_members(arg))
        return out
    if annotation is type(None) or typing.get_origin(annotation) is collections.abc.Awaitable:
        return []
    if isinstance(annotation, ForwardRef) and annotation.__forward_arg__.startswith("Output"):
        return []
    return [annotation]


def shape_of(annotation: Any, home: type) -> Shape:
    """The shape of one getter's return annotation."""
    members = _members(annotation)
    if not members:
        return ANY
    first = members[0]
    origin = typing.get_origin(first)
    if origin in (list, collections.abc.Sequence):
        args = typing.get_args(first)
        return Shape("list", item=shape_of(args[0], home) if args else ANY)
    if origin in (dict, collections.abc.Mapping):
        args = typing.get_args(first)
        return Shape("map", item=shape_of(args[-1], home) if args else ANY)
    if isinstance(first, (ForwardRef, str)):
        target = _resolve(first, home)
        return Shape("object", cls=target) if target is not None else ANY
    if isinstance(first, type) and first.__name__.endswith("Args"):
        return Shape("object", cls=first)
    if first in (int, float, str, bool):
        return Shape("scalar", scalar=first)
    return ANY


@cache
def args_shape(cls: type) -> ArgsShape:
    """Every input property of an ``*Args`` class by wire name."""
    props: dict[str, Prop] = {}
    for attr in dir(cls):
        prop = getattr(cls, attr, None)
        if not isinstance(prop, property) or prop.fget is None:
            continue
        wire = getattr(prop.fget, "_pulumi_name", None)
        annotation = prop.fget.__annotations__.get("return")
        if wire is None or annotation is None:
            continue
        props[wire] = Prop(wire=wire, python=prop.fget.__name__, shape=shape_of(annotation, cls))
    return ArgsShape(cls=cls, props=props)


def resource_shape(token: str) -> ArgsShape | None:
    """The input shape of resource type ``token`` (None when its SDK class is not installed)."""
    cls = _args_class(token)
    return args_shape(cls) if cls is not None else None
