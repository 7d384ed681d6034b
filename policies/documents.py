"""IAM policy documents as rules see them: parsed once, normalised, judged statement by statement.

A policy reaches a rule in one of three shapes, all accepted here:

- a JSON string (``json.dumps(...)``, ``pulumi.Output.json_dumps(...)``, a literal);
- a mapping (pulumi-aws accepts ``aws.iam.PolicyDocumentArgs``-style dicts; keys ``Version``/``Statement``);
- the ``json`` output of ``aws.iam.get_policy_document`` (a JSON string), or — where an engine answers
  that data source with its arguments — statements in the data source's own argument shape
  (``effect``, ``actions``, ``resources``, ``principals: [{type, identifiers}]``,
  ``conditions: [{test, variable, values}]``).

Keys are matched case-insensitively (``Effect``/``effect``), single values and lists are both
accepted, and a document that cannot be parsed is reported by the caller (never ignored silently).
Statement semantics follow the IAM JSON policy reference (docs.aws.amazon.com/IAM/latest/UserGuide/
reference_policies_elements_*.html, read 2026-12): ``Effect`` Allow|Deny, ``Action``/``NotAction``,
``Resource``/``NotResource``, ``Principal``/``NotPrincipal`` and ``Condition`` blocks.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .access import UnknownValueError, as_list
from .conditions import Condition, admin_action, covers_every_arn, covers_service_arns, narrows

__all__ = [
    "PUBLIC_GCP_MEMBERS",
    "RESTRICTING_CONDITION_KEYS",
    "PolicyParseError",
    "Statement",
    "parse_policy",
]

RESTRICTING_CONDITION_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:userid",
        "aws:username",
        "kms:CallerAccount",
        "kms:ViaService",
        "sts:ExternalId",
        "aws:ResourceOrgID",
        "token.actions.githubusercontent.com:sub",
    )
)
"""Condition keys that narrow *who* can use a grant to a principal "*" (an account, an org, a network,
a calling service or an external id). ``aws:SecureTransport``, ``aws:CurrentTime`` and similar keys do
not: an Allow to "*" that only requires TLS is still open to everyone. OIDC ``:sub`` keys narrow web
identity trust policies (IAM docs "Creating a role for web identity or OIDC")."""

PUBLIC_GCP_MEMBERS = ("allUsers", "allAuthenticatedUsers")
"""IAM principals that make a GCP resource public (cloud.google.com/iam/docs/principals-overview)."""


class PolicyParseError(ValueError):
    """A policy value that is neither JSON, a mapping, nor a known statement shape."""


def _ci(node: Mapping[str, Any], *names: str) -> Any:
    """The value of the first of ``names`` present in ``node``, matching keys case-insensitively."""
    wanted = {n.lower() for n in names}
    for key in node:
        if isinstance(key, str) and key.lower() in wanted:
            return node[key]
    return None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in as_list(value) if isinstance(v, str))


@dataclass(frozen=True)
class Statement:
    """One normalised policy statement."""

    effect: str
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    principals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Principal type (``AWS``, ``Service``, ``Federated``, ``CanonicalUser``, or ``*``) -> identifiers."""
    not_principal: bool = False
    condition_keys: tuple[str, ...] = ()
    """Lower-cased condition keys (``aws:sourcearn``), whatever the operator."""
    conditions: tuple[Condition, ...] = ()
    """Every condition entry with its operator and values."""
    sid: str = ""

    @property
    def allows(self) -> bool:
        """An Allow statement (Deny statements never grant anything)."""
        return self.effect.lower() == "allow"

    @property
    def public_principal(self) -> bool:
        """``"Principal": "*"`` or ``{"AWS": "*"}`` (or a NotPrincipal, which grants to everyone else)."""
        if self.not_principal:
            return True
        return any(
            ident == "*" for kind, ids in self.principals.items() if kind in ("*", "AWS") for ident in ids
        )

    @property
    def restricted(self) -> bool:
        """True when a condition narrows who may use the grant: a ``RESTRICTING_CONDITION_KEYS`` key
        (or an OIDC ``:sub``) under an operator and values that actually narrow it
        (:func:`.conditions.narrows`); the key name alone proves nothing."""
        return any(
            (c.key in RESTRICTING_CONDITION_KEYS or c.key.endswith(":sub")) and narrows(c)
            for c in self.conditions
        )

    def narrowed_subject(self) -> bool:
        """True when an OIDC ``<provider>:sub`` condition narrows the web identities that may assume."""
        return any(c.key.endswith(":sub") and narrows(c) for c in self.conditions)

    @property
    def all_resources(self) -> bool:
        """``Resource: "*"`` or patterns that together match every ARN (``arn:*``,
        ``arn:aws:*:*:*:*``; :func:`.conditions.covers_every_arn`), or a NotResource (everything but
        the listed ARNs)."""
        return bool(self.not_resources) or covers_every_arn(self.resources)

    def admin_scope(self) -> list[str]:
        """Admin action patterns of this statement whose resources cover their scope: every ARN for
        ``*``-like patterns and NotAction, every ARN of the service for ``svc:*`` (``s3:*`` on
        ``arn:aws:s3:::*``)."""
        if self.not_resources:
            return self.admin_actions()
        out = []
        for a in self.admin_actions():
            service = a.split(":", 1)[0] if ":" in a and not a.startswith("NotAction") else ""
            if any(ch in service for ch in "*?"):
                service = ""
            if covers_service_arns(self.resources, service) if service else covers_every_arn(self.resources):
                out.append(a)
        return out

    def grants(self, action: str) -> bool:
        """Whether this Allow statement's actions cover ``action`` (wildcards and NotAction included)."""
        if not self.allows:
            return False
        if self.not_actions:
            return not any(_action_matches(p, action) for p in self.not_actions)
        return any(_action_matches(p, action) for p in self.actions)

    def admin_actions(self) -> list[str]:
        """Action patterns that grant all actions (``*``, ``*:*``) or all actions of a service
        (``s3:*``, ``S3:**``): any glob that matches every action name (:func:`.conditions.admin_action`)."""
        if not self.allows:
            return []
        if self.not_actions:
            return [f"NotAction {', '.join(self.not_actions)}"]
        return [a for a in self.actions if admin_action(a)]


def _action_matches(pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def _principals(value: Any) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"*": (value,)} if value == "*" else {"AWS": (value,)}
    if isinstance(value, Mapping):
        return {str(k): _strings(value[k]) for k in value}
    out: dict[str, list[str]] = {}
    for item in as_list(value):  # get_policy_document shape: [{type, identifiers}]
        if isinstance(item, Mapping):
            kind = _ci(item, "type")
            out.setdefault(str(kind or "AWS"), []).extend(_strings(_ci(item, "identifiers")))
    return {k: tuple(v) for k, v in out.items()}


def _conditions(value: Any) -> tuple[Condition, ...]:
    if value is None:
        return ()
    out: list[Condition] = []
    if isinstance(value, Mapping):  # JSON shape: {operator: {key: values}}
        for op in value:
            block = value[op]
            if isinstance(block, Mapping):
                out.extend(Condition(str(op), str(k).lower(), _values(block[k])) for k in block)
        return tuple(out)
    for item in as_list(value):  # get_policy_document shape: [{test, variable, values}]
        if isinstance(item, Mapping):
            var = _ci(item, "variable")
            if isinstance(var, str):
                out.append(Condition(str(_ci(item, "test") or ""), var.lower(), _values(_ci(item, "values"))))
    return tuple(out)


def _values(value: Any) -> tuple[str, ...]:
    """Condition values as strings (IAM compares strings; booleans and numbers become their text)."""
    out = []
    for v in as_list(value):
        if isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, (str, int, float)):
            out.append(str(v))
    return tuple(out)


def _statement(node: Any) -> Statement:
    if not isinstance(node, Mapping):
        raise PolicyParseError("a statement is not an object")
    principal = _ci(node, "Principal", "principals")
    conditions = _conditions(_ci(node, "Condition", "conditions"))
    not_principal = _ci(node, "NotPrincipal", "notPrincipals")
    return Statement(
        effect=str(_ci(node, "Effect") or "Allow"),
        actions=_strings(_ci(node, "Action", "actions")),
        not_actions=_strings(_ci(node, "NotAction", "notActions")),
        resources=_strings(_ci(node, "Resource", "resources")),
        not_resources=_strings(_ci(node, "NotResource", "notResources")),
        principals=_principals(principal if principal is not None else not_principal),
        not_principal=not_principal is not None and principal is None,
        condition_keys=tuple(c.key for c in conditions),
        conditions=conditions,
        sid=str(_ci(node, "Sid") or ""),
    )


def parse_json(text: str) -> Any:
    """JSON text of a policy document; :class:`PolicyParseError` (a finding, never a crash) when it is
    not JSON or nests deeper than the parser can go (``json`` recurses once per level)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyParseError(f"not valid JSON ({exc.msg} at char {exc.pos})") from None
    except RecursionError:
        raise PolicyParseError(f"nested too deeply to parse ({len(text):,} characters)") from None


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> tuple[Statement, ...]:
    return _parse_mapping(parse_json(text))


def _parse_mapping(data: Any) -> tuple[Statement, ...]:
    if not isinstance(data, Mapping):
        raise PolicyParseError("the document is not a JSON object")
    statements = _ci(data, "Statement", "statements")
    if statements is None:
        raise PolicyParseError("the document has no Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    return tuple(_statement(s) for s in as_list(statements))


def parse_policy(value: Any) -> tuple[Statement, ...] | None:
    """The statements of a policy value; None when absent or empty. Unknown values raise
    :class:`UnknownValueError` (as every rule access does); unparseable ones :class:`PolicyParseError`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, Mapping):
        return _parse_mapping(value)
    raise PolicyParseError(f"a policy of type {type(value).__name__} is neither JSON text nor an object")


def gcp_bindings(policy_data: Any) -> list[tuple[str, tuple[str, ...]]]:
    """``(role, members)`` pairs of a GCP IAM policy (``policyData`` JSON of ``*IAMPolicy`` resources)."""
    if policy_data is None:
        return []
    data = parse_json(policy_data) if isinstance(policy_data, str) else policy_data
    if not isinstance(data, Mapping):
        raise PolicyParseError("policyData is not a JSON object")
    out = []
    for b in as_list(_ci(data, "bindings")):
        if isinstance(b, Mapping):
            out.append((str(_ci(b, "role") or ""), _strings(_ci(b, "members"))))
    return out


def matching(patterns: Iterable[str], names: Sequence[str]) -> list[str]:
    """Names matched by any glob in ``patterns`` (case-insensitive)."""
    pats = [p.lower() for p in patterns]
    return [n for n in names if any(fnmatch.fnmatchcase(n.lower(), p) for p in pats)]


def known(value_fn: Any) -> Any:
    """Call ``value_fn`` and return None instead of raising when the value is unknown at preview."""
    try:
        return value_fn()
    except UnknownValueError:
        return None
