"""The base class of every aiinfra component: child options that carry the component's ordering.

Pulumi does not make a component's children wait for the component's own ``depends_on``; a
component created "after the node pools" would otherwise start its children at once. Every child
created through :meth:`Component.child_opts` inherits the component's ``depends_on``.
"""

from __future__ import annotations

from typing import Any

import pulumi


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class Component(pulumi.ComponentResource):
    """A ComponentResource whose children are parented to it and wait for what it waits for."""

    def __init__(self, type_token: str, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(type_token, name, {}, opts)
        self._upstream = _as_list(opts.depends_on) if opts is not None else []

    def child_opts(self, **kwargs: Any) -> pulumi.ResourceOptions:
        """Options for a child: ``parent=self`` plus the component's ``depends_on`` and any extras."""
        depends_on = [*self._upstream, *_as_list(kwargs.pop("depends_on", None))]
        return pulumi.ResourceOptions(parent=self, depends_on=depends_on or None, **kwargs)

    def data_opts(self, allow_destroy: bool, **kwargs: Any) -> pulumi.ResourceOptions:
        """Options for stateful data (buckets, file systems, keys, storage classes): protected and
        retained on delete unless the tier explicitly allows destroy."""
        return self.child_opts(protect=not allow_destroy, retain_on_delete=not allow_destroy, **kwargs)
