"""Runtime-faithful property access for rules.

CrossGuard hands a rule read-only ``Mapping``/``Sequence`` proxies (``pulumi_policy.proxy``) whose
numbers are floats, whose secrets are already unwrapped and whose preview-unknown values raise
``UnknownValueError`` when touched. The offline runner builds the *same* shapes from recorded
resources with the lazy proxies below (no copy per resource: children are wrapped on access), so a
rule cannot tell which engine called it. Rules only ever use the ``Mapping``/``Sequence`` protocols
and the helpers here, never ``isinstance(x, dict)`` / ``isinstance(x, list)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

try:  # the offline engine's markers; an exported pack (no aiinfra installed) only sees CrossGuard proxies
    from aiinfra.engine.model import UNKNOWN, Secret
except ImportError:  # pragma: no cover - exercised by the exported-pack test in a fresh venv

    class Secret:  # type: ignore[no-redef]
        """Stand-in: nothing is ever an instance of it outside the offline engine."""

        value: Any = None

    UNKNOWN = object()

try:  # the same exception and sentinel CrossGuard uses, so `except UnknownValueError` works for both
    from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError
except ImportError:  # pragma: no cover - pulumi-policy is an optional extra
    UNKNOWN_STRING_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

    class UnknownValueError(Exception):  # type: ignore[no-redef]
        """Raised when a rule touches a value that is unknown during preview."""

        def __init__(self, unknown_type_sentinel: str, props: list[str]):
            super().__init__()
            self.unknown_type_sentinel = unknown_type_sentinel
            self.props = props
            self.message = f"string value at .{'.'.join(props)} can't be known during preview"


__all__ = [
    "UnknownValueError",
    "as_float",
    "as_list",
    "get",
    "is_true",
    "lazy_props",
    "strings",
    "tags_of",
]


def _wrap(value: Any, path: tuple[str, ...]) -> Any:
    while isinstance(value, Secret):
        value = value.value
    if value is UNKNOWN:
        raise UnknownValueError(UNKNOWN_STRING_VALUE, list(path))
    if isinstance(value, dict):
        return LazyMapping(value, path)
    if isinstance(value, (list, tuple)):
        return LazySequence(value, path)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


_WRAPPED = frozenset({dict, list, tuple, int, Secret, type(UNKNOWN)})
"""Value types ``_wrap`` changes; anything else (str, float, bool) is returned as stored."""


class LazyMapping(Mapping):
    """Read-only mapping over a recorded dict: secrets unwrapped, unknowns raise on access."""

    __slots__ = ("_memo", "_path", "_target")

    def __init__(self, target: dict, path: tuple[str, ...] = ()) -> None:
        self._target = target
        self._path = path
        self._memo: dict[str, Any] | None = None

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._target[key], (*self._path, str(key)))

    def __iter__(self) -> Iterator[str]:
        return iter(self._target)

    def __len__(self) -> int:
        return len(self._target)

    def __repr__(self) -> str:
        return f"LazyMapping({list(self._target)!r})"


class LazySequence(Sequence):
    """Read-only sequence over a recorded list (same semantics as :class:`LazyMapping`)."""

    __slots__ = ("_path", "_target")

    def __init__(self, target: list | tuple, path: tuple[str, ...] = ()) -> None:
        self._target = target
        self._path = path

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._target)))]
        return _wrap(self._target[index], (*self._path, str(index)))

    def __len__(self) -> int:
        return len(self._target)


def lazy_props(values: dict) -> Mapping[str, Any]:
    """The CrossGuard-shaped view of recorded inputs/outputs."""
    return LazyMapping(values)


def get(props: Any, *path: str | int, default: Any = None) -> Any:
    """Walk ``path`` through mappings/sequences; missing keys give ``default``.

    Unknown values raise :class:`UnknownValueError` (as in CrossGuard); rules decide what that means.
    """
    node = props
    for key in path:
        if type(node) is LazyMapping and type(key) is str:  # fast path: the offline runner's own view
            target = node._target
            if key not in target:
                return default
            value = target[key]
            if value is None:
                return default
            node = _wrap(value, (*node._path, key)) if type(value) in _WRAPPED else value
            if node is None:
                return default
            continue
        if isinstance(key, int):
            if not isinstance(node, Sequence) or isinstance(node, str) or key >= len(node):
                return default
            node = node[key]
        else:
            if not isinstance(node, Mapping):
                return default
            # `key in node` would touch the value (Mapping.__contains__ reads it); look at keys only
            if not _has(node, key):
                return default
            node = node[key]
        if node is None:
            return default
    return node


def _has(node: Mapping, key: str) -> bool:
    if isinstance(node, LazyMapping):
        return key in node._target
    return any(k == key for k in node)


def _keys(node: Mapping) -> Any:
    return node._target if isinstance(node, LazyMapping) else list(node)


def as_list(value: Any) -> list[Any]:
    """A sequence value as a list (strings and scalars become one-element lists, None empty)."""
    if value is None:
        return []
    if type(value) is LazySequence:  # fast path: the offline runner's own view
        path = value._path
        return [_wrap(v, (*path, str(i))) if type(v) in _WRAPPED else v for i, v in enumerate(value._target)]
    if isinstance(value, (str, bytes, Mapping)):
        return [value]
    if isinstance(value, Sequence):
        return [value[i] for i in range(len(value))]
    return [value]


def strings(value: Any) -> list[str]:
    """All string items of a sequence value."""
    return [v for v in as_list(value) if isinstance(v, str)]


def is_true(value: Any) -> bool:
    """True for ``True`` and the provider string ``"true"`` (launch-template quirk)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return False


def is_false(value: Any) -> bool:
    """True for ``False`` and the string ``"false"``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value.strip().lower() == "false"
    return False


def as_float(value: Any) -> float | None:
    """A numeric value as float (CrossGuard numbers are floats; strings like "3" accepted), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("s"))
        except ValueError:
            return None
    return None


_TAG_KEYS = ("tags", "labels", "resourceLabels")


def memoized(props: Any, key: str, compute: Any) -> Any:
    """``compute()`` once per recorded resource view (offline runs judge each resource with many
    rules); CrossGuard's proxies are not memoized. Exceptions (unknown values) are never cached."""
    if not isinstance(props, LazyMapping):
        return compute()
    memo = props._memo
    if memo is None:
        memo = props._memo = {}
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def tags_of(props: Mapping[str, Any]) -> dict[str, str]:
    """Tags/labels of a resource (AWS ``tags``, GCP ``labels``/``resourceLabels``, GKE node labels).

    Unknown tag maps raise; unknown individual values are kept as the empty string. The result is
    shared between rules: treat it as read-only.
    """
    return memoized(props, "tags", lambda: _tags_of(props))


def _tags_of(props: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    sources = [get(props, key) for key in _TAG_KEYS]
    sources.append(get(props, "nodeConfig", "resourceLabels"))
    sources.append(get(props, "nodeConfig", "labels"))
    for source in sources:
        if isinstance(source, Mapping):
            for key in _keys(source):
                try:
                    value = source[key]
                except UnknownValueError:
                    value = ""
                out[str(key)] = value if isinstance(value, str) else str(value)
    return out
