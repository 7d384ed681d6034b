"""What a blueprint hands its services: plain facts about the platform and ``Input`` wiring.

A service never reads stack config or reaches into the blueprint: everything it needs arrives in a
:class:`ServiceTarget` (the cloud adapters for identity, database and load balancer included).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import pulumi

Cloud = Literal["aws", "gcp", "onprem"]


@dataclass(frozen=True)
class DbConnection:
    """A PostgreSQL database as a service sees it: a Secret in its namespace plus where it is.

    The Secret carries ``username``, ``password``, ``host``, ``port``, ``dbname`` and ``uri`` (the
    CloudNativePG ``<cluster>-app`` Secret's keys; the cloud adapters write the same keys).
    """

    secret_name: str
    host: pulumi.Input[str]
    port: int
    dbname: str
    username: str
    waits: tuple[Any, ...] = ()


class IdentityAdapter(Protocol):
    """Binds a service's Kubernetes ServiceAccount to a cloud identity reaching one bucket prefix."""

    kind: str

    def bind(
        self, parent: Any, name: str, namespace: str, account: str, prefix: str, after: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """Create the identity (children of ``parent``, after ``after``); returns the ServiceAccount
        annotations."""
        ...


class DatabaseAdapter(Protocol):
    """Creates one PostgreSQL database for a service (children of ``parent``)."""

    def install(self, parent: Any) -> list[Any]:
        """Platform-wide prerequisites (the CloudNativePG operator); cloud adapters create none."""
        ...

    def namespaces(self) -> list[str]:
        """Namespaces the adapter created (the operator's)."""
        ...

    def database(
        self, parent: Any, name: str, dbname: str, spec: Any, namespace: str, after: Sequence[Any]
    ) -> DbConnection:
        """Create the database and its credentials Secret in ``namespace`` (created by ``after``)."""
        ...


@dataclass(frozen=True)
class ServiceFacts:
    """Plain facts about the platform: enough for the services and for the plan's services section."""

    platform: str
    cloud: Cloud
    environment: str
    labels: Mapping[str, str]  # Kubernetes labels on every service object
    flavors: Sequence[Any]  # components.scheduling.flavors.FlavorSource, one per pool
    team_namespaces: Mapping[str, str]  # scheduling team -> its namespace
    warm_storage_class: str
    bucket_label: str  # how the plan names the cold bucket ("s3://<platform> cold bucket")
    region: str | None = None
    s3_endpoint: str | None = None  # on-prem RGW / external S3
    rgw_store: str | None = None  # on-prem: the CephObjectStore when the cold tier is Ceph RGW
    internal_lb_annotations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceTarget:
    """The platform as its services see it: the facts, the cold bucket and the cloud adapters."""

    facts: ServiceFacts
    bucket: pulumi.Input[str] | None
    identity: IdentityAdapter
    database: DatabaseAdapter
