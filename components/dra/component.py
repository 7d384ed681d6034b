"""The NVIDIA DRA driver (Helm release) and the ComputeDomains of rack-scale pools."""

from __future__ import annotations

import pulumi

from ..base import Component
from .plan import DRA_DRIVER_NAMESPACE, NVIDIA_DRA_DRIVER, DraPlan, driver_values


class NvidiaDra(Component):
    """The DRA driver for NVIDIA GPUs and one ComputeDomain per rack pool and team namespace.

    Children: ``{name}-driver`` (Helm release), ``{name}-cd-<pool>-<namespace>`` (ComputeDomain).
    """

    def __init__(
        self,
        name: str,
        plan: DraPlan,
        *,
        waits_for: list[pulumi.Resource] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:dra:NvidiaDra", name, opts)
        import pulumi_kubernetes as k8s

        self.driver = k8s.helm.v3.Release(
            f"{name}-driver",
            name="dra-driver-nvidia-gpu",
            **NVIDIA_DRA_DRIVER.release_args(),
            namespace=DRA_DRIVER_NAMESPACE,
            create_namespace=True,
            values=driver_values(plan),
            opts=self.child_opts(depends_on=waits_for or None),
        )
        self.compute_domains = []
        for obj in plan.objects:
            meta = obj["metadata"]
            pool = meta["name"].removesuffix("-nvlink")
            self.compute_domains.append(
                k8s.apiextensions.CustomResource(
                    f"{name}-cd-{pool}-{meta['namespace']}",
                    api_version=obj["apiVersion"],
                    kind=obj["kind"],
                    metadata=meta,
                    spec=obj["spec"],
                    opts=self.child_opts(depends_on=[self.driver, *(waits_for or [])]),
                )
            )
        self.register_outputs({"driver_namespace": DRA_DRIVER_NAMESPACE})
