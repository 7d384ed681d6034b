"""Checkov findings aiinfra does not follow on purpose, each with its reason: ``checkov_skips.yaml``.

A plain data file so that anything can load it (``aiinfra export`` marks the matching resources, a
CI recipe turns entries into ``--skip-check`` or ``checkov:skip`` comments, docs quote the reasons)::

    skips:
      - check: CKV_K8S_35                        # Checkov id (CKV_* or CKV2_*)
        resource: "kubernetes:apps/v1:Deployment::mlflow-server"   # waiver selector syntax
        reason: why aiinfra does not follow it here (one or two sentences)
        rule: AIP-K8S-051                        # optional: the AIP rule that covers the risk instead

``resource`` is a waiver selector (:class:`~policies.waivers.Selector`): ``<Pulumi type token>::<name
glob>``, a URN glob, or a bare name glob. Entries are reasons, not waivers of AIP rules: they never
change an AIP verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .waivers import Selector
from .yamlfile import load

SKIPS_FILE = Path(__file__).with_name("checkov_skips.yaml")
"""The skips shipped with aiinfra for its own blueprints."""


class CheckovSkip(BaseModel):
    """One Checkov check not followed for the resources ``resource`` selects, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str = Field(pattern=r"^CKV2?_[A-Z0-9]+_\d+$", description="the Checkov check id")
    resource: Selector = Field(
        description="which resources: a waiver selector (type::name glob, URN glob, name glob)"
    )
    reason: str = Field(min_length=20, description="why the finding is not followed")
    rule: str | None = Field(
        default=None,
        pattern=r"^AIP-[A-Z0-9]+-\d{3}$",
        description="the AIP rule that covers the risk instead, if any",
    )

    @field_validator("resource", mode="before")
    @classmethod
    def _selector(cls, value: Any) -> Selector:
        return Selector.parse(value)

    def matches(self, check: str, urn: str | None, type_: str, name: str) -> bool:
        """True when this entry explains Checkov ``check`` on the resource (``urn``, ``type_``, ``name``)."""
        return check == self.check and self.resource.matches(urn, type_, name)


def load_skips(path: str | Path = SKIPS_FILE) -> tuple[CheckovSkip, ...]:
    """The validated entries of a skips file; ``ValueError`` naming the entry when one is invalid."""
    data = load(path, "Checkov skips")
    entries = data.get("skips") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a mapping with a 'skips' list")
    out = []
    for i, entry in enumerate(entries):
        try:
            out.append(CheckovSkip.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "entry"
            raise ValueError(f"{path}: skips[{i}].{field}: {err['msg']}") from None
    return tuple(out)


def reason_for(
    skips: tuple[CheckovSkip, ...], check: str, urn: str | None, type_: str, name: str
) -> CheckovSkip | None:
    """The first entry that explains Checkov ``check`` on the resource, or None."""
    return next((s for s in skips if s.matches(check, urn, type_, name)), None)


DOC = Path(__file__).resolve().parents[1] / "docs" / "checkov-skips.md"


def render_markdown(skips: tuple[CheckovSkip, ...]) -> str:
    """docs/checkov-skips.md: every entry of the skips file as a table (tests/policies/test_checkov_skips.py)."""
    lines = [
        "# Checkov findings aiinfra does not follow",
        "",
        "<!-- generated from policies/checkov_skips.yaml by `python -m aiinfra.policies.checkov_skips`; do not edit -->",
        "",
        "Running Checkov on the Terraform-plan export of the shipped stacks reports these findings on purpose.",
        "Each is listed in `policies/checkov_skips.yaml` (plain YAML: `check`, `resource` as a waiver selector,",
        "`reason`, optional `rule`), which anything can load (`aiinfra.policies.checkov_skips.load_skips`).",
        "An entry explains a Checkov result; it never changes an AIP verdict.",
        "",
        "| Checkov check | Resources | AIP rule instead | Reason |",
        "|---|---|---|---|",
    ]
    for s in skips:
        reason = s.reason.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{s.check}` | `{s.resource}` | {s.rule or ''} | {reason} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOC.write_text(render_markdown(load_skips()), encoding="utf-8")
    print(f"wrote {DOC}")
