"""A generated database password (a Pulumi secret) and the credentials Secret a service mounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..target import DbConnection

PASSWORD_LENGTH = 32


class SelfContained:
    """A managed database service (RDS, Cloud SQL): nothing platform-wide to install first."""

    def install(self, parent: Any) -> list[Any]:
        """Nothing platform-wide: each database is self-contained."""
        return []

    def namespaces(self) -> list[str]:
        """Namespaces the adapter creates itself: none."""
        return []


def generated_password(parent: Any, name: str) -> Any:
    """``random.RandomPassword`` (alphanumeric, so it needs no escaping in a URI); ``result`` is secret."""
    import pulumi_random as random

    return random.RandomPassword(
        f"{name}-password", length=PASSWORD_LENGTH, special=False, opts=parent.child_opts()
    )


def delivered(
    parent: Any,
    name: str,
    *,
    namespace: str,
    labels: Mapping[str, str],
    password: pulumi.Input[str],
    host: pulumi.Input[str],
    port: int,
    dbname: str,
    database: Any,
    depends_on: Sequence[Any] = (),
) -> DbConnection:
    """The credentials as a ``kubernetes.core.v1.Secret`` ``<dbname>-db`` with the CloudNativePG
    app-secret keys (all values secret; the user is named after the database), and the connection."""
    import pulumi_kubernetes as k8s

    username = dbname
    uri = pulumi.Output.all(password, host).apply(
        lambda a: f"postgresql://{username}:{a[0]}@{a[1]}:{port}/{dbname}?sslmode=require"
    )
    k8s.core.v1.Secret(
        f"{name}-credentials",
        metadata={"name": f"{dbname}-db", "namespace": namespace, "labels": dict(labels)},
        type="kubernetes.io/basic-auth",
        string_data={
            "username": username,
            "password": pulumi.Output.secret(password),
            "host": host,
            "port": str(port),
            "dbname": dbname,
            "uri": pulumi.Output.secret(uri),
        },
        opts=parent.child_opts(depends_on=list(depends_on)),
    )
    return DbConnection(f"{dbname}-db", host, port, dbname, dbname, waits=(database,))
