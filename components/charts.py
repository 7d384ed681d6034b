"""Pinned Helm charts: where a chart comes from and which version, in one shape for every component."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PinnedChart:
    """A Helm chart at a fixed version (``repo`` None for OCI references, which carry their registry)."""

    chart: str
    version: str
    repo: str | None = None

    def release_args(self) -> dict[str, Any]:
        """The ``chart``/``version``/``repository_opts`` arguments of ``kubernetes.helm.v3.Release``."""
        args: dict[str, Any] = {"chart": self.chart, "version": self.version}
        if self.repo is not None:
            args["repository_opts"] = {"repo": self.repo}
        return args
