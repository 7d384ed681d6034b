"""The engine's value conversions: wire Structs to recorded values, secrets unwrapped for fixtures."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from hypothesis import given
from hypothesis import strategies as st

from aiinfra.engine.model import UNKNOWN, Secret
from aiinfra.engine.values import decode_struct, unwrap_secrets

_leaves = st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=80)
_plain = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_with_secrets = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        | inner.map(Secret)
    ),
    max_leaves=20,
)


def _reference_unwrap(value: Any) -> Any:
    """Unwrapping written the obvious way, copying everything."""
    if isinstance(value, Secret):
        return _reference_unwrap(value.value)
    if isinstance(value, dict):
        return {k: _reference_unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_reference_unwrap(v) for v in value]
    return value


def _has_secret(value: Any) -> bool:
    if isinstance(value, Secret):
        return True
    if isinstance(value, dict):
        return any(_has_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_secret(v) for v in value)
    return False


@given(_with_secrets)
def test_unwrap_secrets_equals_a_full_copying_unwrap(value: Any) -> None:
    assert unwrap_secrets(value) == _reference_unwrap(value)
    assert not _has_secret(unwrap_secrets(value))


@given(_plain)
def test_values_without_secrets_come_back_uncopied(value: Any) -> None:
    assert unwrap_secrets(value) is value


def test_a_nested_secret_copies_only_the_containers_above_it() -> None:
    shared = {"keep": ["a", "b"]}
    value = {"left": shared, "right": {"token": Secret("s3cr3t")}}
    out = unwrap_secrets(value)
    assert out == {"left": {"keep": ["a", "b"]}, "right": {"token": "s3cr3t"}}
    assert out["left"] is shared  # untouched branch shared, not copied
    assert value["right"]["token"] == Secret("s3cr3t")  # the recorded value keeps its secret


def test_decode_struct_drops_top_level_nulls_and_marks_unknowns() -> None:
    struct = struct_pb2.Struct()
    struct.update(
        {
            "name": "pool-a",
            "gone": None,
            "size": 3,
            "later": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            "nested": {"kept": None},
        }
    )
    assert decode_struct(struct) == {"name": "pool-a", "size": 3.0, "later": UNKNOWN, "nested": {}}
