"""Waivers: a validated YAML file of time-boxed exceptions, applied identically offline and in CrossGuard.

File format (YAML or JSON)::

    waivers:
      - rule: AIP-NET-004
        resource: "aws:ec2/securityGroup:SecurityGroup::public-alb-*"   # or a URN, or a name glob
        owner: platform-team@example.com
        reason: Public ALB for the inference API, fronted by WAF.
        expires: 2026-09-30
        ticket: PLAT-1234          # optional

A selector is a URN (``urn:pulumi:...``, globs allowed), ``<type token>::<name glob>``, a bare name
glob, or a mapping ``{urn|type|name: ...}``. A waived finding is still reported (``waived: true``).
Hygiene (AIP-GOV-001): expired waivers, waivers for unknown rule ids and waivers expiring more
than ``maxWaiverDays`` (default 90) ahead are violations; expired and unknown-rule waivers never apply.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

WAIVERS_ENV = "AIINFRA_WAIVERS"
"""Environment variable naming a waiver file; read by ``aiinfra check`` and by the CrossGuard pack."""


class WaiverError(ValueError):
    """A waiver file that cannot be read or does not validate (one clear message)."""


class Selector(BaseModel):
    """Which resources a waiver covers; every given field must match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    urn: str | None = None
    type: str | None = None
    name: str | None = None

    @classmethod
    def parse(cls, value: str | Mapping[str, Any] | Selector) -> Selector:
        """A selector from its string or mapping spelling; an empty one (``null``, ``{}``, ``""``) is
        refused: it would silently cover every resource of the rule."""
        if isinstance(value, Selector):
            return value
        if value is None:
            raise ValueError("a resource selector is required (a URN, 'type::name glob' or a name glob)")
        if isinstance(value, Mapping):
            selector = cls.model_validate(dict(value))
            if not any(v is not None and v.strip() for v in (selector.urn, selector.type, selector.name)):
                raise ValueError("a selector mapping needs a non-empty urn, type or name")
            return selector
        if not isinstance(value, str):
            raise ValueError(f"a selector is a string or a mapping, not {type(value).__name__}")
        text = value.strip()
        if not text:
            raise ValueError("a resource selector must not be blank")
        if text.startswith("urn:"):
            return cls(urn=text)
        if "::" in text:
            type_, name = text.rsplit("::", 1)
            return cls(type=type_, name=name or "*")
        return cls(name=text)

    def matches(self, urn: str | None, type_: str, name: str) -> bool:
        if self.urn is not None and not (urn and fnmatch.fnmatchcase(urn, self.urn)):
            return False
        if self.type is not None and not fnmatch.fnmatchcase(type_, self.type):
            return False
        return not (self.name is not None and not fnmatch.fnmatchcase(name, self.name))

    def matches_every(self, types: Iterable[str]) -> bool:
        """True when this selector matches every resource of the given types whatever its name,
        project, stack or parent (``*``, ``urn:*``, ``<type>::*``): a blanket waiver of the rule."""
        probes = list(types) or ["probe:index/probe:Probe"]
        for type_ in probes:
            for name in ("p", "zz-Probe.0_9~"):
                for urn in (
                    f"urn:pulumi:s::p::{type_}::{name}",
                    f"urn:pulumi:other-stack::other.project::probe:index:Parent${type_}::{name}",
                ):
                    if not self.matches(urn, type_, name):
                        return False
        return True

    def __str__(self) -> str:
        if self.urn:
            return self.urn
        if self.type:
            return f"{self.type}::{self.name or '*'}"
        return self.name or "*"


class Waiver(BaseModel):
    """One exception: which rule, which resources, who owns it, why, and until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(pattern=r"^AIP-[A-Z0-9]+-\d{3}$")
    resource: Selector
    owner: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    expires: dt.date
    ticket: str | None = None

    @field_validator("resource", mode="before")
    @classmethod
    def _selector(cls, value: Any) -> Selector:
        return Selector.parse(value)

    @field_validator("owner", "reason", mode="before")
    @classmethod
    def _not_blank(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise ValueError("must not be blank")
        return value

    def blanket(self, types: Iterable[str]) -> bool:
        """True when this waiver covers every resource of a rule judging ``types`` (see
        :meth:`Selector.matches_every`); reports say so wherever the waiver is shown."""
        return self.resource.matches_every(types)

    @field_validator("rule", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class WaiverFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    waivers: tuple[Waiver, ...] = ()


class WaiverSet:
    """Loaded waivers plus the hygiene rules that decide whether each one may apply."""

    def __init__(self, waivers: Iterable[Waiver] = (), sources: Sequence[str] = ()) -> None:
        self.waivers = tuple(waivers)
        self.sources = tuple(sources)

    def __len__(self) -> int:
        return len(self.waivers)

    def merged(self, other: WaiverSet) -> WaiverSet:
        return WaiverSet(self.waivers + other.waivers, self.sources + other.sources)

    def find(
        self, rule_id: str, urn: str | None, type_: str, name: str, today: dt.date, known: Iterable[str] = ()
    ) -> Waiver | None:
        """The first waiver that applies to a finding (expired waivers never apply)."""
        if rule_id == "AIP-GOV-001":
            return None
        for w in self.waivers:
            if w.rule == rule_id and w.expires >= today and w.resource.matches(urn, type_, name):
                return w
        return None

    def hygiene(self, known_rules: Iterable[str], today: dt.date, max_days: float = 90) -> list[str]:
        """AIP-GOV-001 messages, one per problem."""
        known = set(known_rules)
        out = []
        for i, w in enumerate(self.waivers):
            label = f"waiver #{i + 1} ({w.rule} for {w.resource}, owner {w.owner})"
            if w.rule not in known:
                out.append(f"{label} names an unknown rule id.")
            if w.expires < today:
                out.append(f"{label} expired on {w.expires.isoformat()}.")
            elif (w.expires - today).days > max_days:
                out.append(f"{label} expires {w.expires.isoformat()}, more than {max_days:g} days ahead.")
        return out


def parse_waivers(data: Any, source: str = "<inline>") -> WaiverSet:
    """Validate already-parsed waiver data (a mapping with ``waivers`` or a list of entries)."""
    if data is None:
        return WaiverSet((), (source,))
    if isinstance(data, (list, tuple)):
        data = {"waivers": list(data)}
    try:
        parsed = WaiverFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        raise WaiverError(f"invalid waivers in {source}: {where}: {message}") from None
    return WaiverSet(parsed.waivers, (source,))


def load_waivers(path: str | os.PathLike[str]) -> WaiverSet:
    """Read and validate a waiver file (YAML or JSON)."""
    from .yamlfile import YamlInputError, load

    p = Path(path)
    if not p.is_file():
        raise WaiverError(f"waiver file {str(p)!r} does not exist")
    try:
        data = load(p, "waiver file", json.loads if p.suffix == ".json" else None)
    except YamlInputError as exc:
        raise WaiverError(str(exc)) from None
    return parse_waivers(data, str(p))


def waivers_from_config(config: Mapping[str, Any], base: Path | None = None) -> WaiverSet:
    """Waivers named by a policy config (``waiversFile``, inline ``waivers``) plus ``$AIINFRA_WAIVERS``;
    relative paths resolve against ``base`` (CrossGuard: the user's project) or the working directory."""
    out = WaiverSet()
    env = os.environ.get(WAIVERS_ENV)
    paths = [p for p in (config.get("waiversFile"), env) if p]
    seen: set[str] = set()
    for raw in paths:
        p = Path(str(raw))
        if not p.is_absolute() and base is not None:
            p = base / p  # relative to the user's project, never to whatever the working directory is
        if str(p.resolve()) in seen:
            continue
        seen.add(str(p.resolve()))
        out = out.merged(load_waivers(p))
    inline = config.get("waivers")
    if inline:
        out = out.merged(parse_waivers(list(inline), "policy config"))
    return out
