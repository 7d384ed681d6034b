"""Helm's merge of a release's values over its chart's defaults, so a check sees the EFFECTIVE values.

Helm coalesces user values into the chart's ``values.yaml`` (helm/helm ``pkg/chartutil/coalesce.go``,
``coalesceTablesFullKey``): maps merge key by key, recursively; any other value the user gives (a
list, a scalar, a string) replaces the default whole (a map/non-map clash keeps the user's value, with
a warning); a user ``null`` deletes a key whose default is not null, and a ``null`` with nothing to
delete stays.
A list is therefore never merged: setting ``receivers`` replaces the chart's receivers, while
``route`` (a map) keeps every default key the user did not name, ``route.routes`` included.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any


def helm_merge(defaults: Mapping[str, Any], values: Mapping[str, Any] | None) -> dict[str, Any]:
    """``values`` coalesced over ``defaults`` as Helm does (maps merge, lists and scalars replace,
    ``None`` deletes a non-null default); neither argument is modified."""
    out = copy.deepcopy(dict(defaults))
    for key, value in (values or {}).items():
        if value is None and out.get(key) is not None:
            out.pop(key)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def lookup(values: Mapping[str, Any], path: str, default: Any = None) -> Any:
    """The value at dotted ``path`` in ``values`` (``default`` where any step is missing)."""
    node: Any = values
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node
