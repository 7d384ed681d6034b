"""The one reader of YAML input files (stack files, ``Pulumi.yaml``, waivers, ``--invokes``, pack config).

Every file a user hands aiinfra is read here, the way the Pulumi CLI reads it (Go ``gopkg.in/yaml.v3``),
and within bounds, so that no input can hang, exhaust memory or crash the reader:

- **Scalars resolve as yaml.v3 resolves them** (YAML 1.2 style): only ``true|True|TRUE|false|False|FALSE``
  are booleans (``team: on`` is the string ``"on"``); ``~|null|Null|NULL`` and empty are null;
  integers are what Go's ``strconv.ParseInt(s, 0, 64)`` accepts after removing ``_`` (``0x1f``,
  ``0o17``, ``0b101``, ``017``), plus ``[-]0b``/``[-]0o`` forms; floats match
  ``^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$`` or are ``.inf``/``.nan`` spellings;
  base-60 numbers (``1:30``) are strings. Source: go-yaml/yaml ``resolve.go`` at tag v3.0.1
  (commit f6f7691b1fdeb513f56608cd2c32c51f8194bf51, 2022-05-27), ``resolveMapList``, ``resolve()`` and
  ``yamlStyleFloat``, read 2026-12-07.
- **Dates stay text.** yaml.v3 resolves an unquoted ``2026-09-30`` to a timestamp; here it is the
  string ``"2026-09-30"`` (what a Pulumi program reads from config is text, and waiver dates are
  parsed by their model). unverified: how the Pulumi CLI's ``config.Value`` carries a timestamp.
- **Only the core tags.** ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!seq``,
  ``!!map`` and merge keys (``<<``). ``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``,
  ``!!timestamp``, ``!!python/...`` and local tags are refused (none is a Pulumi config value).
- **Duplicate keys are refused**, as yaml.v3 refuses them (``decode.go``: "mapping key ... already
  defined at line N"), instead of the last one silently winning.
- **Bounded.** At most :data:`MAX_BYTES` of input, :data:`MAX_DEPTH` levels of nesting (counted with
  aliases expanded) and :data:`MAX_NODES` values once aliases are expanded ("billion laughs": nine
  anchors of nine aliases each are 387 million values in a few hundred bytes); a recursive alias
  (an anchor containing itself) is refused. yaml.v3 bounds the same things differently (flow depth
  10,000, an alias-to-value ratio, "anchor ... value contains itself"); the limits here are tighter
  because nothing legitimate comes near them.
- **One line on failure.** :class:`YamlInputError` carries ``<file>:<line>:<column>: <problem>``
  (1-based, as editors count) for bad syntax, non-UTF-8 bytes, unreadable files and every bound.

This module depends on PyYAML only: it is also copied into the exported CrossGuard pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_BYTES = 8 * 1024 * 1024
"""Largest input file read (8 MiB; the largest shipped stack file is a few KiB)."""
MAX_DEPTH = 100
"""Deepest nesting of mappings and sequences, aliases expanded."""
MAX_NODES = 200_000
"""Most values (scalars, mappings, sequences) in a document once aliases are expanded."""
SHOWN = 40
"""Characters of a value an error message shows at most."""

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP, _MERGE = f"{_TAG}seq", f"{_TAG}map", f"{_TAG}merge"
_ALLOWED_TAGS = (_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP, _MERGE)

_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INF = frozenset({".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
_NEG_INF = frozenset({"-.inf", "-.Inf", "-.INF"})
_NAN = frozenset({".nan", ".NaN", ".NAN"})
_YAML_STYLE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")


class YamlInputError(ValueError):
    """A YAML file that cannot be read, is not valid YAML, or exceeds a bound (one line)."""


def shorten(value: Any, limit: int = SHOWN) -> str:
    """``repr`` of a value cut to ``limit`` characters (``'aaaa…' (5000 chars)``), for error messages."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    head = text[:limit]
    return f"{head!r}… ({len(text)} chars)" if isinstance(value, str) else f"{head}… ({len(text)} chars)"


def _go_int(text: str) -> int | None:
    """The integer yaml.v3 reads ``text`` as (``_`` removed, Go base-0 prefixes), or None."""
    plain = text.replace("_", "")
    if not _GO_INT.match(plain):
        return None
    sign = -1 if plain[0] == "-" else 1
    digits = plain.lstrip("+-").lower()
    if digits[:2] in ("0x", "0o", "0b"):
        value = int(digits[2:], {"x": 16, "o": 8, "b": 2}[digits[1]])
    elif len(digits) > 1 and digits[0] == "0":
        value = int(digits, 8)  # Go's base 0: a leading 0 is octal (YAML 1.1 style, kept by yaml.v3)
    else:
        value = int(digits)
    value *= sign
    return value if -(2**63) <= value < 2**64 else None


def _plain_tag(text: str) -> str:
    """The tag yaml.v3 resolves a plain (unquoted, untagged) scalar to."""
    if text in _TRUE or text in _FALSE:
        return _BOOL
    if text in _NULLS:
        return _NULL
    if text in _INF or text in _NEG_INF or text in _NAN:
        return _FLOAT
    if text == "<<":
        return _MERGE
    first = text[:1]
    if first == ".":
        return _FLOAT if _YAML_STYLE_FLOAT.match(text) else _STR
    if first.isdigit() or first in "+-":
        if _go_int(text) is not None:
            return _INT
        if _YAML_STYLE_FLOAT.match(text.replace("_", "")):
            return _FLOAT
    return _STR


class _Resolver(BaseResolver):
    """Plain scalars resolve as yaml.v3 resolves them; everything else as its explicit or default tag."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            return _plain_tag(value)
        return super().resolve(kind, value, implicit)


class _BoundedComposer(Composer):
    """Composes nodes while counting nesting, so a 10,000-deep document fails before Python's stack does."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=mark)
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


class _Constructor(SafeConstructor):
    """Core-schema values only; duplicate keys refused."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                raise ConstructorError(
                    None, None, "a mapping key must be a scalar", key_node.start_mark
                ) from None
            if first is not key_node:
                raise ConstructorError(
                    None,
                    None,
                    f"mapping key {shorten(key)} already defined at line {first.start_mark.line + 1}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:  # type: ignore[override]
        text = str(self.construct_scalar(node))
        value = _go_int(text)
        if value is None:
            raise ConstructorError(None, None, f"{shorten(text)} is not an integer", node.start_mark)
        return value

    def construct_yaml_float(self, node: ScalarNode) -> float:  # type: ignore[override]
        text = str(self.construct_scalar(node))
        if text in _INF:
            return float("inf")
        if text in _NEG_INF:
            return float("-inf")
        if text in _NAN:
            return float("nan")
        try:
            return float(text.replace("_", ""))
        except ValueError:
            raise ConstructorError(None, None, f"{shorten(text)} is not a number", node.start_mark) from None

    def construct_yaml_bool(self, node: ScalarNode) -> bool:  # type: ignore[override]
        text = str(self.construct_scalar(node))
        if text not in _TRUE | _FALSE:
            raise ConstructorError(None, None, f"{shorten(text)} is not true or false", node.start_mark)
        return text in _TRUE

    def construct_refused(self, node: Node) -> Any:
        """Any tag outside the core schema."""
        raise ConstructorError(
            None,
            None,
            f"tag {shorten(node.tag.replace(_TAG, '!!'))} is not allowed (plain values, sequences and "
            "mappings only; quote the value to make it a string)",
            node.start_mark,
        )


_Constructor.yaml_constructors = {
    _NULL: SafeConstructor.construct_yaml_null,
    _BOOL: _Constructor.construct_yaml_bool,
    _INT: _Constructor.construct_yaml_int,
    _FLOAT: _Constructor.construct_yaml_float,
    _STR: SafeConstructor.construct_yaml_str,
    _SEQ: SafeConstructor.construct_yaml_seq,
    _MAP: SafeConstructor.construct_yaml_map,
    None: _Constructor.construct_refused,
}


class Loader(Reader, Scanner, Parser, _BoundedComposer, _Constructor, _Resolver):
    """The bounded yaml.v3-compatible loader (a PyYAML ``SafeLoader`` with the changes above)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


class ManifestLoader(_BoundedComposer, yaml.SafeLoader):
    """PyYAML's ``SafeLoader`` (YAML 1.1 scalars, as Kubernetes' own YAML reading treats manifests) with
    the same depth bound; :func:`load_manifests` adds the alias bound."""


def load_manifests(text: str, source: str = "<manifests>") -> list[Any]:
    """Every document of a multi-document YAML text (Kubernetes manifests a program hands over), each
    within :data:`MAX_DEPTH` and :data:`MAX_NODES`; raises :class:`YamlInputError`."""
    loader = ManifestLoader(text)
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            _check_expansion(node)
            documents.append(loader.construct_document(node))
    except yaml.YAMLError as exc:
        raise YamlInputError(describe(source, exc)) from None
    finally:
        loader.dispose()
    return documents


def _check_expansion(root: Node) -> None:
    """Refuse a node graph that expands beyond :data:`MAX_NODES` values or :data:`MAX_DEPTH` levels,
    or that contains itself (aliases make the composed document a graph; it is walked once per node)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_NODES:
                raise yaml.MarkedYAMLError(
                    problem=f"expands to more than {MAX_NODES:,} values through aliases",
                    problem_mark=node.start_mark,
                )
            if depth[key] > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"nested deeper than {MAX_DEPTH} levels through aliases",
                    problem_mark=node.start_mark,
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise yaml.MarkedYAMLError(problem="an anchor contains itself", problem_mark=node.start_mark)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def loads(text: str, source: str = "<string>") -> Any:
    """Parse one YAML document within the bounds above; raises :class:`YamlInputError`."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlInputError(describe(source, exc)) from None
    except RecursionError:  # pragma: no cover - the depth bound stops nesting long before this
        raise YamlInputError(f"{source}: nested too deeply") from None
    finally:
        loader.dispose()


def compose(path: str | Path) -> Node | None:
    """The node tree of a YAML file (with line marks), within the same bounds as :func:`load`."""
    label = str(path)
    loader = Loader(read_text(path))
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node)
        return node
    except yaml.YAMLError as exc:
        raise YamlInputError(describe(label, exc)) from None
    finally:
        loader.dispose()


def read_text(path: str | Path, what: str = "") -> str:
    """A file's text: UTF-8, at most :data:`MAX_BYTES`; raises :class:`YamlInputError` (one line)."""
    label = f"{what} {str(path)!r}" if what else str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlInputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise YamlInputError(f"{label}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlInputError(
            f"{label}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def load(path: str | Path, what: str = "", parse: Callable[[str], Any] | None = None) -> Any:
    """Read and parse a YAML file (or, with ``parse``, another text format such as JSON) within bounds.

    ``what`` names the file's role in messages (``--invokes file``, ``waiver file``).
    """
    text = read_text(path, what)
    label = f"{what} {str(path)!r}" if what else str(path)
    if parse is not None:
        try:
            return parse(text)
        except RecursionError:
            raise YamlInputError(f"{label}: nested too deeply") from None
        except ValueError as exc:
            raise YamlInputError(f"{label}: not valid: {str(exc)[:200]}".replace("\n", " ")) from None
    return loads(text, label)


def describe(source: str, exc: yaml.YAMLError) -> str:
    """``SOURCE:LINE:COLUMN: not valid YAML: <problem>`` (1-based), one line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = " ".join(
        str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p
    ) or str(exc)
    where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark is not None else source
    return f"{where}: not valid YAML: {problem}".replace("\n", " ")
