"""Terraform names of Pulumi resources and properties, from the providers' bridge metadata.

``data/terraform_names.json`` (written by ``scripts/vendor_terraform_names.py``, sources recorded in
it) maps each Pulumi token to its Terraform resource type and, where the metadata has them, the
resource's list/set fields by their exact Terraform names with ``maxItemsOne``.

A property's Terraform name is found without guessing at case rules:

1. the metadata lists the field (lists, sets and MaxItems=1 blocks): the field whose name is the
   property's Python name, or else the one listed field the bridge pluralised into it (GCP's
   ``guest_accelerator`` -> ``guest_accelerators``; only listed names are candidates);
2. no metadata for this level (AWS, see :data:`AWS_FIELDS_NOTE`): a nested block's Terraform name is
   the suffix of its SDK type name, which the bridge builds from the Terraform name
   (``InstanceEbsBlockDevice`` under ``Instance`` -> ``ebs_block_device``);
3. scalars and maps: the SDK's Python name, which the bridge derives from the Terraform name.
"""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from .shapes import ArgsShape, Prop

DATA = Path(__file__).parent / "data" / "terraform_names.json"
AWS_FIELDS_NOTE = (
    "unverified: pulumi-aws's bridge metadata (with its renamed properties) was not available at the "
    "pinned version; AWS block names come from the SDK's nested type names. Measured on GCP, where the "
    "metadata gives the answer: that rule named 1,075 of 1,311 list/block fields right (250 sampled "
    "resource types, 2026-12-07); it misses Terraform names that are plural already "
    "(aws_launch_template's block_device_mappings becomes block_device_mapping)"
)
Fields = dict[str, list[Any]]
"""Terraform field name -> [maxItemsOne, nested Fields or None]."""


@cache
def _table() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def sources() -> dict[str, Any]:
    """Where the names come from (repository, tag, commit, date, sha256 per provider)."""
    return _table()["sources"]


def provider_name(token: str) -> str | None:
    """``registry.terraform.io/hashicorp/aws`` for an ``aws:`` token, None for other providers."""
    return _table()["providers"].get(token.split(":", 1)[0])


def terraform_type(token: str) -> str | None:
    """``aws:s3/bucket:Bucket`` -> ``aws_s3_bucket``; None when the metadata does not know the token."""
    entry = _table()["resources"].get(token)
    return entry["type"] if entry else None


def resource_fields(token: str) -> Fields | None:
    """The list/set fields of a resource type, or None when the metadata has none for it."""
    entry = _table()["resources"].get(token)
    return entry.get("fields") if entry else None


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _snake(type_suffix: str) -> str:
    return _CAMEL.sub("_", type_suffix).lower()


def _pluralised(tf_name: str, python_name: str) -> bool:
    """Whether ``python_name`` is the bridge's plural of the listed Terraform field ``tf_name``."""
    if python_name == tf_name:
        return True
    if not python_name.startswith(tf_name[:-1]):
        return False
    plurals = {tf_name + "s", tf_name + "es"}
    if tf_name.endswith("y"):
        plurals.add(tf_name[:-1] + "ies")
    return python_name in plurals


def field_name(
    prop: Prop, parent: ArgsShape, fields: Fields | None
) -> tuple[str, bool | None, Fields | None]:
    """(Terraform name, maxItemsOne or None when unknown, nested fields) of one property."""
    if prop.python.endswith("_") and keyword.iskeyword(prop.python[:-1]):
        prop = replace(prop, python=prop.python[:-1])  # the SDK escapes Python keywords: ``and_`` is ``and``
    if fields is not None:
        # a level the metadata describes: a nested level without list/set fields is {} (not None)
        if prop.python in fields:
            max_one, nested = fields[prop.python]
            return prop.python, max_one, nested or {}
        matches = [name for name in fields if _pluralised(name, prop.python)]
        if len(matches) == 1:
            max_one, nested = fields[matches[0]]
            return matches[0], max_one, nested or {}
        if prop.shape.kind in ("scalar", "map"):
            return prop.python, None, {}
    element = prop.shape.item if prop.shape.kind == "list" else prop.shape
    if element is not None and element.kind == "object" and element.cls is not None:
        own = element.cls.__name__
        for suffix in ("InitArgs", "Args"):
            if own.endswith(suffix):
                own = own[: -len(suffix)]
                break
        if own.startswith(parent.base) and len(own) > len(parent.base):
            return _snake(own[len(parent.base) :]), None, None
    return prop.python, None, None
