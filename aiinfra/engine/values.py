"""Conversion of engine wire values (protobuf Structs) into the plain values the engine records.

We decode the Struct ourselves instead of rehydrating Pulumi objects: secrets become
:class:`~aiinfra.engine.model.Secret`, unknowns :data:`~aiinfra.engine.model.UNKNOWN`, resource
references their URN, and numbers stay floats, exactly as a policy sees them.
"""

from __future__ import annotations

import sys
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc

from .model import UNKNOWN, Secret

_SIG = rpc._special_sig_key
_SECRET = rpc._special_secret_sig
_RESOURCE = rpc._special_resource_sig
_ASSET = rpc._special_asset_sig
_ARCHIVE = rpc._special_archive_sig
_OUTPUT = rpc._special_output_value_sig


def decode_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """Decode a top-level property Struct; keys whose value is null are dropped (as the engine does).

    Keys come out sorted: a protobuf map's iteration order follows the order its keys were inserted
    in, which for a program building a dict from a set follows PYTHONHASHSEED; sorted, every report
    of the same program is the same bytes.
    """
    out: dict[str, Any] = {}
    for key, value in sorted(struct.fields.items()):
        decoded = decode_value(value)
        if decoded is not None:
            out[sys.intern(key)] = decoded
    return out


def decode_value(value: struct_pb2.Value) -> Any:
    """Decode one protobuf Value."""
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        text = value.string_value
        return UNKNOWN if text == rpc.UNKNOWN else (sys.intern(text) if len(text) <= 64 else text)
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [decode_value(v) for v in value.list_value.values]
    if kind == "struct_value":
        return _decode_special(value.struct_value)
    return None


def _decode_special(struct: struct_pb2.Struct) -> Any:
    fields = struct.fields
    sig = fields[_SIG].string_value if _SIG in fields else None
    if sig is None:
        return decode_struct(struct)
    if sig == _SECRET:
        return Secret(decode_value(fields["value"]))
    if sig == _RESOURCE:
        return fields["urn"].string_value
    if sig == _OUTPUT:
        if "value" not in fields:
            return UNKNOWN
        inner = decode_value(fields["value"])
        return Secret(inner) if fields.get("secret") and fields["secret"].bool_value else inner
    if sig == _ASSET:
        return {"asset": {k: decode_value(v) for k, v in sorted(fields.items()) if k != _SIG}}
    if sig == _ARCHIVE:
        return {"archive": {k: decode_value(v) for k, v in sorted(fields.items()) if k != _SIG}}
    return decode_struct(struct)


def serialize_now(props: dict[str, Any]) -> struct_pb2.Struct:
    """``props`` on the wire as the SDK serialises them, without an event-loop turn.

    ``rpc.serialize_properties`` is a coroutine that only suspends on values not yet known (Outputs,
    resources whose URN is pending); the plain answers of the mocks never do, so it is driven to its
    end here. Anything that would suspend is a programming error in the engine, reported as such.
    """
    coroutine = rpc.serialize_properties(props, {})
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise TypeError(f"engine answer holds a value that is not known yet: {sorted(props)}")


def to_wire(value: Any) -> Any:
    """A recorded value as a plain JSON value for a Struct: unknowns as the engine's unknown sentinel,
    secrets as the secret signature object (a computed output echoing an input that is not known yet,
    ``tagsAll`` from ``tags={"role": role.name}``, must not reach ``Struct.update`` as a Python object)."""
    if value is UNKNOWN:
        return rpc.UNKNOWN
    if isinstance(value, Secret):
        return {_SIG: _SECRET, "value": to_wire(value.value)}
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    return value


def contains_unknown(value: Any) -> bool:
    """True when ``value`` or anything inside it is unknown."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Secret):
        return contains_unknown(value.value)
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


def to_jsonable(value: Any) -> Any:
    """Render a recorded value for reports: secrets as ``"[secret]"``, unknowns as ``"[unknown]"``."""
    if value is UNKNOWN:
        return "[unknown]"
    if isinstance(value, Secret):
        return "[secret]"
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def unwrap_secrets(value: Any) -> Any:
    """The plain value with every :class:`Secret` unwrapped (for computing outputs, never for reports).

    Containers without a secret inside come back as they are, not copied: the recorder unwraps
    every registration's inputs, and copies would double what a large plan holds. Callers treat the
    result as read-only.
    """
    if isinstance(value, Secret):
        return unwrap_secrets(value.value)
    if isinstance(value, dict):
        changed = {k: u for k, v in value.items() if (u := unwrap_secrets(v)) is not v}
        return {**value, **changed} if changed else value
    if isinstance(value, list):
        items = [unwrap_secrets(v) for v in value]
        return items if any(u is not v for u, v in zip(items, value, strict=True)) else value
    return value


def leaf_texts(value: Any, minimum: int = 4) -> set[str]:
    """Every string of at least ``minimum`` characters inside ``value`` (secrets unwrapped)."""
    value = unwrap_secrets(value)
    if isinstance(value, str):
        return {value} if len(value) >= minimum else set()
    if isinstance(value, dict):
        return {t for v in value.values() for t in leaf_texts(v, minimum)}
    if isinstance(value, (list, tuple)):
        return {t for v in value for t in leaf_texts(v, minimum)}
    return set()


def mark_secret_texts(value: Any, texts: frozenset[str] | set[str]) -> Any:
    """``value`` with every plain string that holds one of ``texts`` wrapped as a :class:`Secret`.

    A program that reads a secret-bearing data source in its plain form (``get_secret_version(...)``,
    not ``..._output``) gets the value without its secret mark, as the SDK unwraps it; the judge still
    knows what it answered and keeps the value a secret in every report.
    """
    if not texts or isinstance(value, Secret) or value is UNKNOWN:
        return value
    if isinstance(value, str):
        return Secret(value) if any(t in value for t in texts) else value
    if isinstance(value, dict):
        return {k: mark_secret_texts(v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [mark_secret_texts(v, texts) for v in value]
    return value
