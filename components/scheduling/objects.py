"""Custom resources whose fields sit beside ``metadata`` rather than under ``spec``.

``kubernetes.apiextensions.CustomResource`` only takes ``spec``; a Kueue WorkloadPriorityClass has
top-level ``value`` and ``description``. This registers the same ``kubernetes:<apiVersion>:<kind>``
resource the CustomResource class does, with the top-level fields in its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi


class TopLevelCustomResource(pulumi.CustomResource):
    """A namespaced or cluster-scoped custom object: apiVersion, kind, metadata and top-level fields."""

    def __init__(
        self,
        resource_name: str,
        *,
        api_version: str,
        kind: str,
        metadata: Mapping[str, Any],
        fields: Mapping[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        import pulumi_kubernetes as k8s

        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(version=k8s._utilities.get_version())
        )
        props = {"apiVersion": api_version, "kind": kind, "metadata": dict(metadata), **fields}
        super().__init__(f"kubernetes:{api_version}:{kind}", resource_name, props, opts)
