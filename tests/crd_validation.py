"""Custom resources validated as the API server would, against the CRDs vendored at the pinned tags.

The CRDs are in tests/schemas/crds (written by scripts/vendor_upstream.py, sources in
tests/schemas/SOURCES.md). For one object, :func:`crd_errors`:

1. applies the structural defaults of its CRD version (``default:`` in the openAPIV3Schema: a missing
   property of an object that is present gets the default, then defaulting continues inside it);
2. validates the defaulted object against the schema converted to JSON Schema (unknown fields fail:
   the API server would prune them silently; int-or-string, nullable and Go regexps handled);
3. evaluates every ``x-kubernetes-validations`` CEL rule on the node it is attached to (cel-python).
   Transition rules (``oldSelf``) are skipped: a created object has no old version.

Every CRD-validating test uses this module.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import celpy
import jsonschema
import yaml

VENDORED_CRDS = Path(__file__).resolve().parent / "schemas" / "crds"


@cache
def openapi_schemas() -> dict[str, dict[str, Any]]:
    """``<group>/<version>/<Kind>`` -> the openAPIV3Schema of every served version of every vendored CRD."""
    out = {}
    for path in sorted(VENDORED_CRDS.glob("*/*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                out[f"{group}/{version['name']}/{kind}"] = version["schema"]["openAPIV3Schema"]
    return out


def key_of(obj: dict[str, Any]) -> str:
    """The schema key of an object: ``<apiVersion>/<kind>``."""
    return f"{obj['apiVersion']}/{obj['kind']}"


def _json_schema(node: Any) -> Any:
    """openAPIV3Schema -> JSON Schema: int-or-string, preserve-unknown-fields, closed objects, nullable,
    Go inline regexp flags (``^(?i)…``) moved to the front for Python."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if not k.startswith("x-kubernetes-")}
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
        out.setdefault("additionalProperties", False)
    if node.get("nullable"):
        out.pop("nullable")
        if "type" in out:
            out["type"] = [out["type"], "null"]
    pattern = out.get("pattern")
    if isinstance(pattern, str) and pattern.startswith("^(?i)"):
        out["pattern"] = "(?i)^" + pattern[len("^(?i)") :]
    return out


@cache
def json_schema(key: str) -> dict[str, Any]:
    """The JSON Schema of one served CRD version (KeyError when no CRD is vendored for it)."""
    schema = _json_schema(openapi_schemas()[key])
    schema["properties"]["metadata"] = {"type": "object"}
    # Some root schemas list only spec and status (ObjectBucketClaim); every object has TypeMeta.
    for field in ("apiVersion", "kind"):
        schema["properties"].setdefault(field, {"type": "string"})
    return schema


def _children(schema: dict[str, Any], value: Any) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(path step, sub-schema, sub-value) of every present child the schema describes."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for name, sub in value.items():
            if name in props:
                yield f".{name}", props[name], sub
            elif isinstance(extra, dict):
                yield f"[{name!r}]", extra, sub
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, sub in enumerate(value):
            yield f"[{i}]", schema["items"], sub


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """A copy of ``value`` with the schema's structural defaults applied (the API server's defaulting)."""
    value = copy.deepcopy(value)
    _default_in_place(schema, value)
    return value


def _default_in_place(schema: dict[str, Any], value: Any) -> None:
    if isinstance(value, dict):
        for name, sub in schema.get("properties", {}).items():
            if name not in value and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
    for _, sub_schema, sub_value in _children(schema, value):
        _default_in_place(sub_schema, sub_value)


def _is_url(value: celpy.celtypes.StringType) -> celpy.celtypes.BoolType:
    """Kubernetes CEL library ``isURL``: an absolute URI with a scheme."""
    parsed = urlparse(str(value))
    return celpy.celtypes.BoolType(bool(parsed.scheme) and bool(parsed.netloc or parsed.path))


_NUMBERS = (celpy.celtypes.IntType, celpy.celtypes.UintType, celpy.celtypes.DoubleType)


def _equal(left: Any, right: Any) -> celpy.celtypes.BoolType:
    """CEL heterogeneous equality (cel-go, hence the API server): values of different types are unequal,
    not an error (``self != 0`` on an int-or-string port that holds a name is true)."""
    if isinstance(left, _NUMBERS) and isinstance(right, _NUMBERS):
        return celpy.celtypes.BoolType(float(left) == float(right))
    if not (isinstance(left, type(right)) or isinstance(right, type(left))):
        return celpy.celtypes.BoolType(False)
    return celpy.celtypes.BoolType(left == right)


def _not_equal(left: Any, right: Any) -> celpy.celtypes.BoolType:
    return celpy.celtypes.BoolType(not _equal(left, right))


# Kubernetes CEL functions the vendored CRDs use beyond what cel-python provides.
_K8S_FUNCTIONS = {"isURL": _is_url, "_==_": _equal, "_!=_": _not_equal}
_TRANSITION = re.compile(r"\boldSelf\b")


@cache
def _program(rule: str) -> Any:
    env = celpy.Environment()
    return env.program(env.compile(rule), functions=_K8S_FUNCTIONS)


def cel_rules(
    schema: dict[str, Any], value: Any, path: str = ""
) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(path, rule, self) of every CEL rule that applies to a present node of ``value``."""
    for rule in schema.get("x-kubernetes-validations", []) or []:
        yield path or ".", rule, value
    for step, sub_schema, sub_value in _children(schema, value):
        yield from cel_rules(sub_schema, sub_value, path + step)


def cel_errors(schema: dict[str, Any], value: Any) -> list[str]:
    """Messages of the CEL rules ``value`` breaks (an evaluation error counts as broken, as in the API server)."""
    errors = []
    for path, rule, node in cel_rules(schema, value):
        if _TRANSITION.search(rule["rule"]):
            continue
        try:
            result: Any = _program(rule["rule"]).evaluate({"self": celpy.json_to_cel(node)})
        except celpy.CELEvalError as exc:
            result = exc
        if not (isinstance(result, celpy.celtypes.BoolType) and bool(result)):
            reason = rule.get("message") or rule["rule"]
            detail = f" (evaluation error: {result.args[0]})" if isinstance(result, Exception) else ""
            errors.append(f"{path}: CEL rule failed: {reason}{detail}")
    return errors


def crd_errors(obj: dict[str, Any]) -> list[str]:
    """Everything the API server would refuse in ``obj`` on create: schema errors after defaulting, then
    broken CEL rules (KeyError when no CRD is vendored for its kind)."""
    key = key_of(obj)
    schema = openapi_schemas()[key]
    defaulted = apply_defaults(schema, obj)
    validator = jsonschema.Draft7Validator(json_schema(key))
    errors = sorted(validator.iter_errors(defaulted), key=lambda e: [str(p) for p in e.path])
    out = [f"{list(e.path)}: {e.message}" for e in errors]
    if not out:  # CEL rules run on schema-valid objects only (the API server's order)
        out = cel_errors(schema, defaulted)
    return out
