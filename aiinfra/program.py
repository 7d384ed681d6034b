"""The Pulumi program: stack config → validated blueprint config → ``blueprint.build()`` → exports.

``__main__.py`` at the repository root calls :func:`main` under ``pulumi up``; the offline engine
calls the same function under mocks, so what ``aiinfra plan`` shows is what ``pulumi up`` runs.
"""

from __future__ import annotations

import pulumi

from aiinfra.blueprints import build, validate_platform

CONFIG_NAMESPACE = "aiinfra"
PLATFORM_KEY = "platform"


def main() -> None:
    """Read ``aiinfra:platform``, validate it before registering anything, build and export."""
    raw = pulumi.Config(CONFIG_NAMESPACE).require_object(PLATFORM_KEY)
    config = validate_platform(raw)
    for name, value in build(config).items():
        pulumi.export(name, value)
