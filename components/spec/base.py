"""Shared building blocks for specs: the frozen base model, names, labels and taints."""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

_DNS_LABEL = re.compile(r"^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")
_LABEL_NAME = re.compile(
    r"^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"
)
_LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")


class Spec(BaseModel):
    """Base of every aiinfra spec: immutable, unknown keys rejected, values validated on assignment.

    A docstring under a field is its description (``use_attribute_docstrings``): the JSON Schema
    (``aiinfra schema``) and docs/config-reference.md are generated from those descriptions.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers_unquoted(cls, data: Any) -> Any:
        """An integer field takes a number, not the string ``"4"`` (pydantic's lax mode would convert
        it silently) nor ``true``; everything else about lax parsing (lists for tuples) stays."""
        if isinstance(data, dict):
            for name in _int_fields(cls):
                value = data.get(name)
                if isinstance(value, (str, bool)):
                    kind = "a string" if isinstance(value, str) else "a boolean"
                    raise ValueError(f"{name}: {value!r} is {kind}; give a whole number without quotes")
        return data


@cache
def _int_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` typed ``int`` or ``int | None`` (constraints aside)."""
    return tuple(name for name in model.model_fields if _is_int_field(model, name))


def _is_int_field(model: type[BaseModel], name: str) -> bool:
    """Whether field ``name`` is ``int`` or ``int | None`` (constraints aside)."""
    field = model.model_fields.get(name)
    if field is None:
        return False
    annotation = field.annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    return annotation is int


def _check_resource_name(value: str) -> str:
    if not _DNS_LABEL.match(value):
        raise ValueError(
            f"{value!r} is not a valid name: use 1-40 lower-case letters, digits and '-', "
            "starting with a letter and not ending with '-'"
        )
    return value


ResourceName = Annotated[str, AfterValidator(_check_resource_name)]
"""A DNS-label-like name used to derive child resource names (``f"{name}-<role>"``)."""


def _check_labels(labels: dict[str, str]) -> dict[str, str]:
    for key, value in labels.items():
        if not _LABEL_NAME.match(key):
            raise ValueError(f"label key {key!r} is not a valid Kubernetes label name")
        if not _LABEL_VALUE.match(value):
            raise ValueError(
                f"label {key!r} has value {value!r}, which is not a valid Kubernetes label value"
            )
    return labels


Labels = Annotated[dict[str, str], AfterValidator(_check_labels)]
"""Kubernetes labels, validated against the API server's rules."""


def _check_tags(tags: dict[str, str]) -> dict[str, str]:
    for key, value in tags.items():
        if not 1 <= len(key) <= 128 or key.lower().startswith("aws:"):
            raise ValueError(f"tag key {key!r} must be 1-128 characters and must not start with 'aws:'")
        if len(value) > 256:
            raise ValueError(f"tag {key!r} value is longer than 256 characters")
    return tags


Tags = Annotated[dict[str, str], AfterValidator(_check_tags)]
"""Cost-allocation tags (AWS tags, GCP labels are derived from them)."""


class Taint(Spec):
    """A Kubernetes node taint."""

    key: str = Field(pattern=_LABEL_NAME.pattern)
    """taint key (a Kubernetes label name)."""
    value: str = Field(default="", pattern=_LABEL_VALUE.pattern)
    """taint value (a Kubernetes label value, may be empty)."""
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] = "NoSchedule"
    """what the taint does to pods that do not tolerate it."""
