"""Cloud-neutral, validated specs (pydantic v2, frozen, ``extra="forbid"``).

A spec is plain structure: counts, machine types, feature flags. Validation happens here, before any
resource is registered; a bad value fails naming the field, the value and what is allowed.
"""

from .base import Spec, Taint
from .encryption import EncryptionPolicy
from .fabric import FabricSpec
from .pool import AcceleratorPoolSpec, PoolCapacity
from .storage import ColdTier, HotTier, LifecycleSpec, StorageTiers, WarmTier

__all__ = [
    "AcceleratorPoolSpec",
    "ColdTier",
    "EncryptionPolicy",
    "FabricSpec",
    "HotTier",
    "LifecycleSpec",
    "PoolCapacity",
    "Spec",
    "StorageTiers",
    "Taint",
    "WarmTier",
]
