"""Shared building blocks for specs: the frozen base model, names, labels and taints."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

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
