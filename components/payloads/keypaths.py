"""Key paths of nested values: derive them from a chart's defaults, check a payload against them.

A *key path* is the dotted path of a mapping key (``driver.upgradePolicy.drain.enable``). Lists are
leaves: their items are Kubernetes objects (tolerations, env entries) validated elsewhere. Keys that
contain dots are written with the dot escaped as ``\\.``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


def _join(prefix: str, key: object) -> str:
    part = str(key).replace(".", "\\.")
    return f"{prefix}.{part}" if prefix else part


@dataclass(frozen=True)
class KeyPaths:
    """The valid key paths of one payload.

    ``leaves``: paths whose value is a scalar, a list or null in the defaults (anything may be set
    there; a null default often stands for a map). ``branches``: paths of non-empty maps (descended
    into). ``open``: maps whose keys are free-form (empty ``{}`` in the defaults, or named so by the
    recorder, e.g. ``nodeSelector``): every key below is accepted.
    """

    leaves: frozenset[str]
    branches: frozenset[str]
    open: frozenset[str]

    def unknown(self, values: Mapping[str, Any]) -> list[str]:
        """Key paths in ``values`` that these facts do not know, in payload order."""
        return list(self._walk(values, ""))

    def _walk(self, values: Mapping[str, Any], prefix: str) -> Iterator[str]:
        for key, value in values.items():
            path = _join(prefix, key)
            if path in self.open or path in self.leaves:
                continue
            if path in self.branches:
                if isinstance(value, Mapping):
                    yield from self._walk(value, path)
                continue
            yield path

    def __len__(self) -> int:
        return len(self.leaves) + len(self.branches) + len(self.open)


def derive(defaults: Mapping[str, Any], *, open_maps: frozenset[str] = frozenset()) -> KeyPaths:
    """Key paths of a defaults document (a chart's ``values.yaml``); ``open_maps`` names maps whose
    keys are free-form although the defaults list some."""
    leaves: set[str] = set()
    branches: set[str] = set()
    opened: set[str] = set()

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, value in node.items():
            path = _join(prefix, key)
            if path in open_maps or (isinstance(value, Mapping) and not value):
                opened.add(path)
            elif isinstance(value, Mapping):
                branches.add(path)
                walk(value, path)
            else:
                leaves.add(path)

    walk(defaults, "")
    return KeyPaths(frozenset(leaves), frozenset(branches), frozenset(opened))
