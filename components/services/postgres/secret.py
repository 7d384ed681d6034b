"""A generated database password (a Pulumi secret) and the credentials Secret a service mounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

PASSWORD_LENGTH = 32


def generated_password(parent: Any, name: str) -> Any:
    """``random.RandomPassword`` (alphanumeric, so it needs no escaping in a URI); ``result`` is secret."""
    import pulumi_random as random

    return random.RandomPassword(
        f"{name}-password", length=PASSWORD_LENGTH, special=False, opts=parent.child_opts()
    )


def credentials_secret(
    parent: Any,
    name: str,
    *,
    namespace: str,
    labels: Mapping[str, str],
    username: str,
    password: pulumi.Input[str],
    host: pulumi.Input[str],
    port: int,
    dbname: str,
    depends_on: list[Any] | None = None,
) -> Any:
    """A ``kubernetes.core.v1.Secret`` with the CloudNativePG app-secret keys; all values secret."""
    import pulumi_kubernetes as k8s

    uri = pulumi.Output.all(password, host).apply(
        lambda a: f"postgresql://{username}:{a[0]}@{a[1]}:{port}/{dbname}?sslmode=require"
    )
    return k8s.core.v1.Secret(
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
        opts=parent.child_opts(depends_on=depends_on),
    )
