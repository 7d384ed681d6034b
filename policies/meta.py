"""The pack's identity, shared by the offline runner, the CrossGuard adapter and the export."""

from __future__ import annotations

PACK_NAME = "aiinfra-aip"
PACK_VERSION = "0.1.0"
