"""The rule registry: every AIP rule with its metadata and its plain check function.

A *resource rule* is ``fn(res: Res, ctx: RuleContext) -> Iterable[str]`` (one message per
violation) and runs on every resource whose type token is in ``rule.types``. A *stack rule* is
``fn(stack: StackView, ctx: RuleContext) -> Iterable[tuple[urn | None, str]]`` and sees all
resources with parents and dependencies; ``rule.types`` lists its subjects (what it judges), used
for reporting and JUnit test cases. Rules never import providers, components or blueprints.

Touching a preview-unknown value raises ``UnknownValueError``; unless the rule catches it (each rule
documents its choice in ``unknown``), the verdict is *unknown*: CrossGuard then reports an advisory
"can't run policy ... during preview" diagnostic and the offline runner does the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["low", "medium", "high", "critical"]
Enforcement = Literal["advisory", "mandatory", "disabled"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
DOMAINS: tuple[str, ...] = (
    "ENC",
    "NET",
    "NODE",
    "GPU",
    "DATA",
    "GOV",
    "IAM",
    "K8S",
    "AUD",
    "PERF",
    "SVC",
    "OBS",
    "SUS",
    "AI",
)
ID_RE = re.compile(rf"^AIP-({'|'.join(DOMAINS)})-\d{{3}}$")
NAME_RE = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Framework:
    """One compliance control a rule supports (maps to ``PolicyComplianceFramework``): the framework's
    display ``name`` and ``version``, the control ``reference`` and its title in ``specification``;
    ``key`` is the short framework id used by ``aiinfra check --framework`` (e.g. ``nist-800-53``)."""

    name: str
    version: str
    reference: str
    specification: str = ""
    key: str = ""


@dataclass
class Res:
    """One resource as a rule sees it (CrossGuard ``ResourceValidationArgs`` / ``PolicyResource``)."""

    type: str
    name: str
    urn: str
    props: Mapping[str, Any]
    protect: bool = False
    parent: str | None = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, Sequence[str]] = field(default_factory=dict)
    provider: str | None = None
    provider_props: Mapping[str, Any] | None = None

    def deps_of(self, *props: str) -> list[str]:
        """URNs the named input properties depend on (the engine's property dependencies)."""
        out: list[str] = []
        for prop in props:
            out.extend(self.property_dependencies.get(prop, ()))
        return out


class StackView:
    """All resources of a stack, indexed once by type and URN (no rescans per rule)."""

    def __init__(self, resources: Sequence[Res], stack: str = "") -> None:
        self.resources = resources
        self.stack = stack
        self.by_urn: dict[str, Res] = {}
        self.by_type: dict[str, list[Res]] = {}
        for res in resources:
            self.by_urn[res.urn] = res
            self.by_type.setdefault(res.type, []).append(res)

    def of(self, *types: str) -> list[Res]:
        """Resources of the given type tokens, in registration order per type."""
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        out: list[Res] = []
        for t in types:
            out.extend(self.by_type.get(t, ()))
        return out

    def resolve(self, urns: Iterable[str], *types: str) -> list[Res]:
        """The resources behind ``urns`` (dependencies), optionally only of ``types``."""
        out = []
        for urn in urns:
            res = self.by_urn.get(urn)
            if res is not None and (not types or res.type in types):
                out.append(res)
        return out


def string_list(default: Sequence[str], description: str | None = None) -> dict[str, Any]:
    """JSON-schema of a tunable list of strings; its default is the only default the rule uses."""
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}, "default": list(default)}
    if description is not None:
        schema["description"] = description
    return schema


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the resource: its effective config and the stack identity."""

    config: Mapping[str, Any]
    stack: str = ""
    stack_tags: Mapping[str, str] = field(default_factory=dict)

    def words(self, key: str) -> list[str]:
        """A list tunable lower-cased for matching (both runners fill schema defaults into config)."""
        return [str(v).lower() for v in self.config[key]]

    def environment(self, res: Res | None = None) -> str:
        """The environment: config ``environment``, else the resource's own ``environment`` tag or
        label (when judging one resource), else stack tag ``environment``, else the stack name."""
        env = self.config.get("environment") or (_resource_environment(res) if res is not None else "")
        env = env or self.stack_tags.get("environment") or self.stack
        return str(env or "")

    def is_production(self, res: Res | None = None) -> bool:
        """True when the environment is one of ``productionEnvironments`` (or starts with ``prod``)."""
        env = self.environment(res).lower()
        prods = self.words("productionEnvironments")
        return env in prods or any(env.startswith(p + "-") or env.endswith("-" + p) for p in prods)


def _resource_environment(res: Res) -> str:
    """The resource's ``environment`` tag/label; empty when absent or unknown at preview."""
    from .access import UnknownValueError, tags_of

    try:
        return str(tags_of(res.props).get("environment", ""))
    except UnknownValueError:
        return ""


ResourceFn = Callable[[Res, RuleContext], Iterable[str]]
StackFn = Callable[[StackView, RuleContext], Iterable[tuple[str | None, str]]]


@dataclass(frozen=True)
class Rule:
    """One AIP rule and its metadata."""

    id: str
    slug: str
    title: str
    severity: Severity
    enforcement: Enforcement
    kind: Literal["resource", "stack"]
    types: tuple[str, ...]
    description: str
    remediation: str
    unknown: str
    fn: Callable[..., Iterable[Any]]
    references: tuple[str, ...] = ()
    config_schema: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    rationale: str = ""
    fixes: Mapping[str, str] = field(default_factory=dict)
    """Cloud-specific remediation (``aws``/``gcp``/``kubernetes`` -> text); ``remediation`` is the fallback."""
    equivalents: tuple[str, ...] = ()
    """Spellings the rule judges alike (documented in docs/policies.md; each has an equivalence
    class of fixtures in tests/policies/equivalences.py)."""
    peers: tuple[str, ...] = ()
    """Peer scanners' checks this rule corresponds to, e.g. ``Checkov CKV_AWS_28`` (docs/policies.md)."""

    @property
    def frameworks(self) -> tuple[Framework, ...]:
        """Every compliance control this rule supports (one entry per framework and control), from
        the single mapping table in :mod:`.frameworks`."""
        from .frameworks import frameworks_of

        return frameworks_of(self.id)

    def fix_for(self, resource_type: str | None) -> str:
        """The remediation naming the cloud of ``resource_type`` (``aws:...``, ``gcp:...``, ``kubernetes:...``)."""
        cloud = (resource_type or "").split(":", 1)[0]
        return self.fixes.get(cloud, self.remediation)

    @property
    def name(self) -> str:
        """The CrossGuard policy name, e.g. ``aip-node-001-imdsv2-required``."""
        return f"{self.id.lower()}-{self.slug}"

    @property
    def anchor(self) -> str:
        """The docs anchor (``docs/policies.md#aip-node-001``)."""
        return self.id.lower()

    @property
    def docs_url(self) -> str:
        return f"docs/policies.md#{self.anchor}"

    @property
    def domain(self) -> str:
        return self.id.split("-")[1]

    def defaults(self) -> dict[str, Any]:
        """Default config values from the schema."""
        return {k: v["default"] for k, v in self.config_schema.items() if "default" in v}


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    slug: str,
    *,
    title: str,
    severity: Severity,
    enforcement: Enforcement,
    types: Sequence[str],
    description: str,
    remediation: str,
    unknown: str,
    stack: bool = False,
    references: Sequence[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    rationale: str = "",
    fixes: Mapping[str, str] | None = None,
    equivalents: Sequence[str] = (),
    peers: Sequence[str] = (),
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register the decorated function as rule ``id``."""

    def register(fn: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(
            id=id,
            slug=slug,
            title=title,
            severity=severity,
            enforcement=enforcement,
            kind="stack" if stack else "resource",
            types=tuple(types),
            description=description,
            remediation=remediation,
            unknown=unknown,
            fn=fn,
            references=tuple(references),
            config_schema=dict(config or {}),
            rationale=rationale,
            fixes=dict(fixes or {}),
            equivalents=tuple(equivalents),
            peers=tuple(peers),
        )
        return fn

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id (imports the rule modules on first call)."""
    from . import rules  # noqa: F401  (registers on import)

    return [RULES[k] for k in sorted(RULES)]


def get_rule(rule_id: str) -> Rule | None:
    """A rule by AIP id or by policy name (case-insensitive)."""
    all_rules()
    key = rule_id.upper()
    if key in RULES:
        return RULES[key]
    for r in RULES.values():
        if r.name == rule_id.lower():
            return r
    return None
