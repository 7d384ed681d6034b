"""What an IAM pattern or condition really matches, whatever its spelling.

A rule must not trust a key name: ``"StringLike": {"aws:PrincipalOrgID": "*"}`` names the
organisation key and narrows nothing, ``StringEqualsIfExists`` is true when the key is absent,
``IpAddress aws:SourceIp 0.0.0.0/0`` admits every address, and ``Resource: "arn:*"`` is
``Resource: "*"``. Semantics follow the IAM JSON policy reference (docs.aws.amazon.com/IAM/latest/
UserGuide/reference_policies_elements_condition_operators.html and ..._elements_resource.html,
read 2026-12):

- ``...IfExists`` operators evaluate to true when the key is missing from the request, and
  ``ForAllValues:`` is true for an empty (missing) key: neither narrows who may call.
- Negated operators (``StringNotEquals``, ``NotIpAddress``, ``ArnNotLike``), ``Null``, ``Bool``,
  numeric, date and binary operators exclude or test properties; they do not name the caller.
- ``StringLike`` and both ``ArnLike`` and ``ArnEquals`` honour ``*`` and ``?`` wildcards;
  ``StringEquals`` compares literally (``"*"`` then matches only the string ``*``).
- Resource ARNs and action names are globs with ``*`` and ``?``; actions are case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .cidrs import covers_internet

__all__ = [
    "Condition",
    "admin_action",
    "covers_every_arn",
    "covers_service_arns",
    "glob_matches",
    "narrows",
    "wide_value",
]


@dataclass(frozen=True)
class Condition:
    """One ``operator: {key: values}`` entry of a statement's Condition block."""

    operator: str
    key: str
    """Lower-cased condition key (``aws:sourceip``, ``token.actions.githubusercontent.com:sub``)."""
    values: tuple[str, ...]


@lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM glob matching: ``*`` any run of characters (colons included), ``?`` one character."""
    return _glob(pattern, ignore_case).fullmatch(value) is not None


ARN_PROBES: dict[str, tuple[str, ...]] = {
    partition: tuple(
        p.replace("{p}", partition)
        for p in (
            "arn:{p}:s3:::training-data/shard-0001",
            "arn:{p}:iam::111122223333:role/gpu-node",
            "arn:{p}:ec2:us-east-1:111122223333:instance/i-0abc",
            "arn:{p}:kms:eu-west-1:444455556666:key/1234abcd",
            "arn:{p}:sts::444455556666:assumed-role/admin/session",
            "arn:{p}:lambda:ap-south-1:777788889999:function:fn:1",
        )
    )
    for partition in ("aws", "aws-cn", "aws-us-gov")
}
"""ARNs of different services, regions and accounts in each partition: a set of patterns that
matches all probes of one partition matches every resource an account there can name."""


GLOBAL_SERVICES = ("iam", "sts", "organizations", "cloudfront", "route53")
"""Services whose ARNs have an empty region segment (IAM User Guide, "IAM identifiers" and the
service authorization reference, read 2026-12)."""


def _service_probes(service: str) -> dict[str, tuple[str, ...]]:
    if service == "s3":  # bucket and object ARNs carry no region or account
        forms = ("arn:{p}:s3:::bucket-a", "arn:{p}:s3:::bucket-b/key")
    elif service in GLOBAL_SERVICES:  # no region segment
        forms = ("arn:{p}:{s}::111122223333:thing/a", "arn:{p}:{s}::444455556666:other/b")
    else:
        forms = (
            "arn:{p}:{s}:us-east-1:111122223333:thing/a",
            "arn:{p}:{s}:eu-west-1:444455556666:other:b",
            "arn:{p}:{s}::111122223333:global/c",
        )
    return {
        p: tuple(f.replace("{p}", p).replace("{s}", service) for f in forms)
        for p in ("aws", "aws-cn", "aws-us-gov")
    }


def covers_service_arns(patterns: Iterable[str], service: str) -> bool:
    """True when the Resource patterns together match every ARN of ``service`` in a partition
    (``arn:aws:s3:::*`` for S3, ``arn:aws:iam::*:*`` for IAM), or every ARN at all."""
    pats = [p.strip() for p in patterns if isinstance(p, str)]
    if not pats or not service:
        return False
    if covers_every_arn(pats):
        return True
    probes = _service_probes(service.lower())
    return any(
        all(any(glob_matches(p, arn, ignore_case=False) for p in pats) for arn in arns)
        for arns in probes.values()
    )


def covers_every_arn(patterns: Iterable[str]) -> bool:
    """True when the Resource patterns together match every ARN of a partition (``*``, ``arn:*``,
    ``arn:aws:*:*:*:*``, ``arn:*:*``, ``*:*``)."""
    pats = [p.strip() for p in patterns if isinstance(p, str)]
    if not pats:
        return False
    return any(
        all(any(glob_matches(p, arn) for p in pats) for arn in probes) for probes in ARN_PROBES.values()
    )


_ACTION_PROBES = ("s3:GetObject", "iam:CreateUser", "ec2:RunInstances", "sts:AssumeRole", "kms:Decrypt")
_NAME_PROBES = ("A", "Zz9", "CreateUser", "GetObject", "PutBucketPolicy")


def admin_action(pattern: str) -> bool:
    """True when an Action pattern matches every action (``*``, ``*:*``, ``?*``) or every action of
    one service (``s3:*``, ``S3:**``, ``iam:?*``); case-insensitive, as IAM compares actions."""
    if not isinstance(pattern, str):
        return False
    pat = pattern.strip()
    if all(glob_matches(pat, a, ignore_case=True) for a in _ACTION_PROBES):
        return True
    service, sep, name = pat.partition(":")
    if not sep or not service or any(ch in service for ch in "*?"):
        return False
    return all(glob_matches(name, n, ignore_case=True) for n in _NAME_PROBES)


_SUBJECT_PREFIXES = ("repo:", "system:serviceaccount:", "project_path:", "organization:")
"""Fixed prefixes of OIDC subjects: GitHub Actions (``repo:OWNER/REPO:...``), EKS/IRSA
(``system:serviceaccount:NAMESPACE:NAME``), GitLab (``project_path:GROUP/PROJECT:...``). The
segment after the prefix names the owner (organisation, namespace, group)."""


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def wide_value(key: str, value: str) -> bool:
    """True when a wildcard ``value`` of ``key`` (under a Like operator) does not pin the caller's
    owner: the account of an ARN, the organisation of an org path, the owner of an OIDC subject,
    any wildcard in an account, organisation, VPC or endpoint id."""
    if "${" in value:
        return True  # a policy variable (${aws:PrincipalAccount}) is the caller's own value: it names nobody
    if not _has_wildcard(value):
        return False
    v = value.strip()
    if key.endswith(":sub"):
        lowered = v.lower()
        for prefix in _SUBJECT_PREFIXES:
            if lowered.startswith(prefix):
                rest = v[len(prefix) :]
                owner = re.split(r"[/:]", rest, maxsplit=1)[0]
                return owner == rest or _has_wildcard(owner) or not owner
        return True  # an unrecognised subject with a wildcard: nothing proves an owner is pinned
    if "arn" in key.split(":", 1)[-1]:
        parts = v.split(":", 5)
        if len(parts) < 6:
            return True  # the wildcard spans the account segment (arn:*, arn:aws:*)
        account, resource = parts[4], parts[5]
        if _has_wildcard(account):
            return True
        return not account and (not resource or resource[0] in "*?")
    if key.endswith("userid"):
        return _has_wildcard(v.split(":", 1)[0])
    return _has_wildcard(v.split("/", 1)[0])


_MATCHING = {"stringequals", "stringequalsignorecase"}
_LIKE = {"stringlike", "arnlike", "arnequals"}


def narrows(cond: Condition) -> bool:
    """True when the condition limits the request to values it names: a positive matching operator
    (not ``...IfExists``, not ``ForAllValues:``) whose every value pins the caller."""
    op = cond.operator.strip().lower()
    if op.endswith("ifexists") or op.startswith("forallvalues:") or not cond.values:
        return False
    op = op.removeprefix("foranyvalue:")
    if op in _MATCHING:
        return not any("${" in v for v in cond.values)
    if op in _LIKE:
        return not any(wide_value(cond.key, v) for v in cond.values)
    if op == "ipaddress":
        return not covers_internet(cond.values)
    return False
