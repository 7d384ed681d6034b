"""Answering data sources: the user's pinned answers, then fixtures, then an SDK-derived answer.

``--invokes FILE.yaml`` pins exact answers. The file maps a token to its result (wire names, as
the provider returns them), or to a list of ``{args: {...}, result: {...}}`` entries where the
first entry whose ``args`` are a subset of the call's arguments wins::

    aws:ec2/getAmi:getAmi:
      imageId: ami-0abc1234567890def
    aws:ec2/getVpc:getVpc:
      - args: {default: true}
        result: {id: vpc-0123456789abcdef0, cidrBlock: 172.31.0.0/16}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies import yamlfile
from aiinfra.policies.yamlfile import shorten

from .fixtures import FixtureContext, UnansweredInvoke, answer_invoke
from .fixtures.kustomize import Unrendered

SECRET_RESULTS: Mapping[str, tuple[str, ...]] = {
    "aws:secretsmanager/getSecretVersion:getSecretVersion": ("secretString", "secretBinary"),
    "aws:secretsmanager/getRandomPassword:getRandomPassword": ("randomPassword",),
    "aws:ssm/getParameter:getParameter": ("value",),
    "aws:ssm/getParametersByPath:getParametersByPath": ("values",),
    "aws:kms/getSecrets:getSecrets": ("plaintext",),
    "aws:eks/getClusterAuth:getClusterAuth": ("token",),
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": ("authorizationToken", "password"),
    "gcp:secretmanager/getSecretVersion:getSecretVersion": ("secretData",),
    "gcp:secretmanager/getSecretVersionAccess:getSecretVersionAccess": ("secretData",),
    "gcp:secretmanager/getRegionalSecretVersion:getRegionalSecretVersion": ("secretData",),
    "gcp:kms/getKMSSecret:getKMSSecret": ("plaintext",),
    "gcp:organizations/getClientConfig:getClientConfig": ("accessToken",),
    "gcp:serviceaccount/getAccountAccessToken:getAccountAccessToken": ("accessToken",),
    "gcp:container/getCluster:getCluster": ("masterAuths",),
}
"""Data-source results that carry secrets, by token: these fields are answered as secrets (whatever
answered them: a pin, a fixture or a synthetic answer), so a value that flows into a resource shows
as ``"[secret]"`` in the plan. unverified: taken from the Terraform providers' "sensitive" attributes
as remembered (the ``secret: true`` marks of the pinned pulumi-aws 7.51 / pulumi-gcp 10.2 schemas were
not re-read); any result field in :data:`SECRET_FIELD_NAMES` is a secret for every data source too."""

SECRET_FIELD_NAMES = frozenset(
    {"kubeconfig", "kubeConfig", "kubeconfigRaw", "kubeConfigRaw", "kubeAdminConfigRaw"}
)
"""Kubeconfig-like result fields: a secret whichever data source returns them."""

PINNED = "pinned"
FIXTURE = "fixture"
SYNTHETIC = "synthetic"


@dataclass(frozen=True)
class PinnedInvokes:
    """User-pinned data-source answers, by token."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def find(self, token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
        """The pinned result for this call, or None."""
        entry = self.answers.get(token)
        if entry is None:
            return None
        if isinstance(entry, Mapping):
            return dict(entry)
        for item in entry:
            wanted = item.get("args") or {}
            if all(args.get(k) == v for k, v in wanted.items()):
                return dict(item["result"])
        return None


def load_pinned(path: str | Path) -> PinnedInvokes:
    """Read an ``--invokes`` file; raises :class:`InputError` naming what is malformed."""
    file = Path(path)
    try:
        data = yamlfile.load(file, "--invokes file") or {}
    except yamlfile.YamlInputError as exc:
        raise InputError(str(exc)) from None
    if isinstance(data, Mapping) and set(data) == {"invokes"}:
        data = data["invokes"]
    if not isinstance(data, Mapping):
        raise InputError(f"--invokes file {str(path)!r}: expected a mapping of token to result")
    for token, entry in data.items():
        where = f"--invokes file {str(path)!r}: {shorten(token)}"
        if not isinstance(token, str) or token.count(":") < 2:
            raise InputError(f"{where}: keys must be invoke tokens such as 'aws:ec2/getAmi:getAmi'")
        if isinstance(entry, Mapping):
            continue
        if not isinstance(entry, list) or not all(
            isinstance(i, Mapping) and isinstance(i.get("result"), Mapping) and set(i) <= {"args", "result"}
            for i in entry
        ):
            raise InputError(f"{where}: expected a result mapping or a list of {{args, result}} entries")
    return PinnedInvokes(dict(data), str(path))


def answer(
    token: str, args: Mapping[str, Any], ctx: FixtureContext, pinned: PinnedInvokes | None = None
) -> tuple[dict[str, Any], str]:
    """The answer for a data-source call and where it came from (pinned, fixture or synthetic)."""
    from .fixtures import lookups
    from .synth import synthesize

    if pinned is not None:
        found = pinned.find(token, args)
        if found is not None:
            return found, PINNED
    try:
        return answer_invoke(token, args, ctx), FIXTURE
    except UnansweredInvoke:
        pass
    handler = lookups.INVOKES.get(token)
    if handler is not None:
        result = handler(args, ctx)
        made_up = token in lookups.SYNTHETIC or isinstance(result, Unrendered)
        return dict(result), SYNTHETIC if made_up else FIXTURE
    return synthesize(token, args, ctx) or {}, SYNTHETIC


def secret_result_fields(token: str, result: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of a data-source result that are secrets (see :data:`SECRET_RESULTS`)."""
    named = SECRET_RESULTS.get(token, ())
    return tuple(k for k in result if k in named or k in SECRET_FIELD_NAMES)


def mark_secret_results(token: str, result: dict[str, Any], wrap: Any) -> dict[str, Any]:
    """``result`` with each secret field replaced by ``wrap(value)`` (the wire form of a secret)."""
    fields = secret_result_fields(token, result)
    if not fields:
        return result
    return {k: wrap(v) if k in fields and v is not None else v for k, v in result.items()}
