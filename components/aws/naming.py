"""Names the AWS components give things that other tools (preflight) must predict. Pure: no SDK imports."""

from __future__ import annotations

from ..spec.encryption import KEY_PURPOSES, EncryptionPolicy


def key_names(policy: EncryptionPolicy) -> list[str]:
    """The keys a policy creates: one per purpose, or the single shared ``platform`` key."""
    return list(dict.fromkeys(policy.key_for(p) for p in KEY_PURPOSES))


def alias_name(component: str, key_name: str) -> str:
    """The KMS alias :class:`PlatformKeys` gives a key (``alias/<component>-<key>``)."""
    return f"alias/{component}-{key_name}"
