"""PlatformServices: the enabled services of a platform, each its own component.

Blueprints call :func:`build_services` once with a :class:`ServiceTarget`; nothing is registered
when ``services`` is absent or enables nothing. Children: ``{name}-notebooks`` (JupyterHub),
``{name}-mlflow`` (MlflowServer), ``{name}-labeling`` (LabelStudio), and the CloudNativePG operator
on-prem (``{platform}-services-cnpg``).
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..base import Component
from .spec import LabelingSpec, MlflowSpec, NotebooksSpec, ServicesSpec
from .target import ServiceTarget


class PlatformServices(Component):
    """Notebooks, experiment tracking and labeling on one platform."""

    def __init__(
        self, name: str, spec: ServicesSpec, target: ServiceTarget, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiinfra:services:PlatformServices", name, opts)
        from .labeling import LabelStudio
        from .mlflow import MlflowServer
        from .notebook_egress import platform_destinations
        from .notebooks import JupyterHub

        self.services: dict[str, Any] = {}
        if spec.databases():
            target.database.install(self)  # platform-wide (the CloudNativePG operator), once
        child = self.child_opts()
        for field, service in spec.enabled().items():
            if isinstance(service, NotebooksSpec):
                reach = platform_destinations(spec)
                self.services[field] = JupyterHub(
                    f"{name}-notebooks", service, target, opts=child, reach=reach
                )
            elif isinstance(service, MlflowSpec):
                self.services[field] = MlflowServer(f"{name}-mlflow", service, target, opts=child)
            elif isinstance(service, LabelingSpec):
                self.services[field] = LabelStudio(f"{name}-labeling", service, target, opts=child)
        self.endpoints = {k: v.endpoint for k, v in self.services.items()}
        own = [getattr(v, "namespace", None) for v in self.services.values()]
        self.namespaces = sorted({n for n in own if n} | set(target.database.namespaces()))
        self.register_outputs({"endpoints": self.endpoints})

    def summary(self) -> list[dict[str, Any]]:
        """One plan row per service."""
        return [s.summary() for s in self.services.values()]


def build_services(
    name: str, spec: ServicesSpec | None, target: ServiceTarget, opts: pulumi.ResourceOptions
) -> PlatformServices | None:
    """The platform's services, or None when none is enabled."""
    if spec is None or not spec.enabled():
        return None
    return PlatformServices(name, spec, target, opts=opts)
