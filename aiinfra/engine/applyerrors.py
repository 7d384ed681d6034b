"""Where an exception raised inside an ``apply`` came from, recorded in the program host.

A function passed to ``Output.apply`` runs in an SDK task; when it raises, the exception travels through
futures to the registration that awaited the Output, and its traceback no longer reaches the user's
function (the SDK re-raises it with the traceback of the await). The host therefore notes, on the
exception object itself,

- the frames of the function at the moment it raised (:data:`APPLY_FRAMES`), and
- the input path (``tags.Name``) and resource (type, name) — or stack output — whose value was being
  computed when it surfaced (:data:`INPUT_PATH`, :data:`TARGET`),

so the failure can name them. Installed once per host process by :func:`install`; the SDK's behaviour is
otherwise unchanged (the exception is re-raised as it was).
"""

from __future__ import annotations

import contextlib
import traceback
from typing import Any

APPLY_FRAMES = "_aiinfra_apply_frames"
INPUT_PATH = "_aiinfra_input_path"
TARGET = "_aiinfra_target"
STACK_OUTPUT = ("stack output", "")
"""The :data:`TARGET` of a value exported with ``pulumi.export``."""
_NOTED: list[BaseException] = []
"""Exceptions noted while serialising inputs, newest last. The SDK re-raises a failed registration as
``raise exn from exn`` (``pulumi/runtime/stack.py`` ``wait_for_rpcs``), which overwrites the chain to the
exception its ``ValueError`` wrappers came from; the wrappers quote its text, which finds it here."""


def _note(exc: BaseException, name: str, value: Any) -> None:
    with contextlib.suppress(AttributeError, TypeError):  # an exception type without a __dict__
        setattr(exc, name, value)


def install() -> None:
    """Wrap ``Output.apply`` callbacks and ``rpc.serialize_property`` to note where exceptions arose."""
    from pulumi import output as output_module
    from pulumi.runtime import rpc

    original_apply = output_module.Output.apply
    if getattr(original_apply, "_aiinfra", False):
        return

    def apply(self: Any, func: Any, run_with_unknowns: bool = False) -> Any:
        def call(value: Any) -> Any:
            try:
                return func(value)
            except Exception as exc:
                if not hasattr(exc, APPLY_FRAMES):  # the innermost apply is the one that raised
                    _note(exc, APPLY_FRAMES, traceback.extract_tb(exc.__traceback__))
                raise

        return original_apply(self, call, run_with_unknowns)

    apply._aiinfra = True  # type: ignore[attr-defined]
    apply.__doc__ = original_apply.__doc__
    output_module.Output.apply = apply  # type: ignore[method-assign]

    original_serialize = rpc.serialize_property

    async def serialize_property(
        value: Any, deps: Any, property_key: Any, resource_obj: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        try:
            return await original_serialize(value, deps, property_key, resource_obj, *args, **kwargs)
        except Exception as exc:
            path = getattr(exc, INPUT_PATH, None)
            if path is None:
                path = []
                _note(exc, INPUT_PATH, path)
                _NOTED.append(exc)
            if isinstance(property_key, str) and (not path or path[0] != property_key):
                path.insert(0, property_key)
            if resource_obj is not None and not hasattr(exc, TARGET):
                target = (str(getattr(resource_obj, "_type", "?")), str(getattr(resource_obj, "_name", "?")))
                _note(exc, TARGET, target)
            raise

    rpc.serialize_property = serialize_property


def origin(exc: BaseException) -> BaseException:
    """The exception the user's code raised: the innermost of ``exc``'s chain that carries a note, or
    a noted exception whose text the SDK's ``While processing ...`` wrappers quote; else ``exc``."""
    found, current, seen = exc, exc, set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if hasattr(current, APPLY_FRAMES) or hasattr(current, INPUT_PATH):
            found = current
        current = current.__cause__ or current.__context__
    if found is exc and not hasattr(exc, INPUT_PATH):
        text = str(exc)
        for noted in reversed(_NOTED):
            inner = str(noted)
            if inner and text.endswith(f"has risen: {inner}"):
                return noted
    return found


def computing(exc: BaseException) -> str:
    """``while computing input 'bucket' of aws:s3/bucketV2:BucketV2 'artifacts'`` (or a stack output),
    or empty when nothing was noted."""
    path = getattr(exc, INPUT_PATH, None)
    target = getattr(exc, TARGET, None)
    if not path:
        return ""
    dotted = ".".join(path)
    if target == STACK_OUTPUT:
        return f"while computing stack output {dotted!r}"
    if target:
        return f"while computing input {dotted!r} of {target[0]} {target[1]!r}"
    return f"while computing {dotted!r}"


def apply_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames noted when an apply function raised ``exc`` (or anything in its chain), outermost first."""
    out: list[traceback.FrameSummary] = []
    current, seen = exc, set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        out = list(getattr(current, APPLY_FRAMES, ()) or ()) + out
        current = current.__cause__ or current.__context__
    return out
