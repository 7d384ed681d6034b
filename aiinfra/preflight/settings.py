"""Optional preflight settings a stack file may carry next to ``aiinfra:platform``.

``aiinfra:expectedAccountId: "123456789012"`` pins the account a stack deploys to (the blueprint
Config has no field for it). ``aiinfra:preflight`` names existing resources the deployment relies on::

    aiinfra:preflight:
      expected_account_id: "123456789012"   # same as aiinfra:expectedAccountId
      kms_keys: [alias/shared-data, arn:aws:kms:...]   # must exist, be enabled, rotate
      buckets: [corp-datasets]                         # must exist and be reachable
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError

from aiinfra.components.spec.base import Spec
from aiinfra.errors import InputError, describe_validation_error

ACCOUNT_KEY = "aiinfra:expectedAccountId"
PREFLIGHT_KEY = "aiinfra:preflight"

AccountId = Annotated[str, StringConstraints(pattern=r"^\d{12}$")]
KeyRef = Annotated[str, StringConstraints(min_length=1, max_length=2048, pattern=r"^\S+$")]
BucketName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]


class PreflightSettings(Spec):
    """What the checks compare the account with, beyond the blueprint config."""

    expected_account_id: AccountId | None = None
    kms_keys: tuple[KeyRef, ...] = Field(default=(), max_length=50)
    buckets: tuple[BucketName, ...] = Field(default=(), max_length=50)


def preflight_settings(stack_config: Mapping[str, Any]) -> PreflightSettings:
    """Read and validate the optional settings; raises :class:`InputError` naming the key."""
    raw = stack_config.get(PREFLIGHT_KEY) or {}
    if not isinstance(raw, dict):
        raise InputError(f"{PREFLIGHT_KEY}: expected a mapping, got {type(raw).__name__}")
    raw = dict(raw)
    account = stack_config.get(ACCOUNT_KEY)
    if account is not None:
        # YAML reads an unquoted account id as an int; leading zeros are then lost, so insist on a string.
        if not isinstance(account, str):
            raise InputError(f"{ACCOUNT_KEY}: quote the 12-digit account id (got {account!r})")
        if raw.get("expected_account_id") not in (None, account):
            raise InputError(
                f"{ACCOUNT_KEY}: {account!r} disagrees with {PREFLIGHT_KEY}.expected_account_id "
                f"{raw['expected_account_id']!r}; keep one"
            )
        raw["expected_account_id"] = account
    try:
        return PreflightSettings.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, PREFLIGHT_KEY)) from None
