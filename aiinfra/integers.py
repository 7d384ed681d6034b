"""Integers where the provider schema says integer: ``deviceIndex: 1``, not ``1.0``, in plan JSON.

The engine records inputs as the Pulumi engine sees them (protobuf numbers, all floats), which is
what policies judge. For people reading ``aiinfra plan --format json``, each provider SDK's typed
``*Args`` classes (generated from the provider schema, one property getter per input with its
wire name and type) say which inputs are integers; integral floats at those paths become ints.
Resources whose SDK class cannot be found (components, other providers) are left as they are.
"""

from __future__ import annotations

import collections.abc
import keyword
import sys
import typing
from functools import cache
from importlib import import_module
from typing import Any, ForwardRef

_PACKAGES = {"aws": "pulumi_aws", "gcp": "pulumi_gcp", "kubernetes": "pulumi_kubernetes"}
INT = "int"
Tree = dict[str, Any]


def _args_class(token: str) -> type | None:
    """``aws:ec2/launchTemplate:LaunchTemplate`` -> ``pulumi_aws.ec2.launch_template.LaunchTemplateArgs``."""
    try:
        package, module_path, name = token.split(":")
    except ValueError:
        return None
    if package not in _PACKAGES:
        return None
    module_name = module_path.split("/")[0] if package != "kubernetes" else module_path.replace("/", ".")
    module_name = module_name.replace("-", "_")
    if keyword.iskeyword(module_name):  # aws:lambda/... lives in pulumi_aws.lambda_
        module_name += "_"
    try:
        module = import_module(f"{_PACKAGES[package]}.{module_name}")
    except ImportError:
        return None
    resource = getattr(module, name, None)
    if resource is None:
        return None
    home = sys.modules.get(resource.__module__)
    # ``InitArgs`` first: the SDK names a resource's args so exactly when ``<name>Args`` is taken by a
    # nested type of the same name (``s3.BucketVersioningArgs`` is the old Bucket's versioning block)
    return getattr(home, f"{name}InitArgs", None) or getattr(home, f"{name}Args", None)


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


def _kind(annotation: Any, home: type, depth: int) -> Any:
    """INT, a subtree for an Args class (lists are transparent), or None."""
    if annotation is int:
        return INT
    if annotation in (float, str, bool, type(None)):
        return None
    if isinstance(annotation, (ForwardRef, str)):
        target = _resolve(annotation, home)
        return _tree(target, depth + 1) if target is not None else None
    args = typing.get_args(annotation)
    if not args:
        return (
            _tree(annotation, depth + 1)
            if isinstance(annotation, type) and annotation.__name__.endswith("Args")
            else None
        )
    if typing.get_origin(annotation) in (dict, collections.abc.Mapping):
        value = _kind(args[-1], home, depth)
        return {"*": value} if value else None
    kinds = [_kind(a, home, depth) for a in args]
    if float in args:
        return None
    if INT in kinds:
        return INT
    return next((k for k in kinds if isinstance(k, dict)), None)


@cache
def _tree(cls: type | None, depth: int = 0) -> Tree | None:
    if cls is None or depth > 12:
        return None
    tree: Tree = {}
    for attr in dir(cls):
        prop = getattr(cls, attr, None)
        if not isinstance(prop, property) or prop.fget is None:
            continue
        wire = getattr(prop.fget, "_pulumi_name", None)
        annotation = prop.fget.__annotations__.get("return")
        if wire is None or annotation is None:
            continue
        kind = _kind(annotation, cls, depth)
        if kind:
            tree[wire] = kind
    return tree or None


def integer_tree(token: str) -> Tree | None:
    """Which input paths of resource type ``token`` are integers (None when unknown or none)."""
    return _tree(_args_class(token))


def with_integers(value: Any, tree: Any) -> Any:
    """``value`` with integral floats turned into ints wherever ``tree`` says INT."""
    if tree is None:
        return value
    if isinstance(value, list):
        return [with_integers(v, tree) for v in value]
    if tree == INT:
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(value, dict) and isinstance(tree, dict):
        star = tree.get("*")
        return {k: with_integers(v, tree.get(k, star)) for k, v in value.items()}
    return value
