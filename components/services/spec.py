"""The ``services`` section of a stack: typed, optional platform services, each off unless enabled.

One schema on every blueprint (aws, gcp, onprem; a hybrid stack puts them on its on-prem side).
Fields are plain values; what a service needs from the platform (pools, tiers, teams) is checked by
:func:`check_services` once the blueprint knows them, with the field path in every message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Self

from pydantic import Field, model_validator

from ..spec.base import ResourceName, Spec
from .serving_spec import ServingSpec
from .training_spec import TrainingSpec

Environment = Literal["dev", "staging", "prod"]
_HTTPS = r"^https://[^\s/]+(/[^\s]*)?$"


class ExposureSpec(Spec):
    """How users reach a service: inside the network only, unless an explicit exception is written."""

    mode: Literal["cluster", "internal_lb", "public"] = Field(
        default="cluster",
        description="cluster: ClusterIP (kubectl port-forward, in-cluster DNS); internal_lb: a private "
        "load balancer inside the VPC/site network; public: an internet-facing load balancer (needs public_exception)",
    )
    public_exception: str | None = Field(
        default=None,
        min_length=10,
        description="why this service must be internet-facing (ticket or approval); flagged by AIP-SVC-002",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.mode == "public" and not self.public_exception:
            raise ValueError(
                "mode: 'public' exposes the service to the internet and needs public_exception "
                "(the approval reference); allowed without it: cluster, internal_lb"
            )
        if self.mode != "public" and self.public_exception:
            raise ValueError(f"public_exception: only meaningful with mode 'public' (mode is {self.mode!r})")
        return self


class OidcSpec(Spec):
    """An OpenID Connect provider users log in with (JupyterHub GenericOAuthenticator)."""

    authorize_url: str = Field(pattern=_HTTPS, description="the provider's authorization endpoint (https)")
    token_url: str = Field(pattern=_HTTPS, description="the provider's token endpoint (https)")
    userdata_url: str = Field(pattern=_HTTPS, description="the provider's userinfo endpoint (https)")
    client_id: str = Field(min_length=1, description="OAuth client id registered for the hub")
    client_secret_name: ResourceName = Field(
        default="jupyterhub-oidc",
        description="Kubernetes Secret (key client-secret) in the hub namespace holding the client secret",
    )
    callback_url: str = Field(
        pattern=r"^https://[^\s]+/hub/oauth_callback$", description="the hub's OAuth callback URL (https)"
    )
    allowed_groups: tuple[str, ...] = Field(default=(), description="groups claim values allowed to log in")
    username_claim: str = Field(default="preferred_username", description="claim used as the user name")


class ProfileSpec(Spec):
    """A notebook server size on one pool."""

    pool: ResourceName = Field(description="the pool the server runs on (must exist)")
    accelerators: int = Field(default=1, ge=1, le=16, description="accelerators per server")


class NotebooksSpec(Spec):
    """JupyterHub (Zero to JupyterHub chart): profiles from the pools, homes on the warm tier."""

    enabled: bool = Field(default=True, description="deploy JupyterHub")
    authenticator: Literal["oidc", "dummy"] = Field(
        default="oidc", description="oidc (GenericOAuthenticator); dummy only in environment 'dev'"
    )
    oidc: OidcSpec | None = Field(
        default=None, description="the OIDC provider (required for authenticator oidc)"
    )
    team: ResourceName | None = Field(
        default=None,
        description="scheduling team whose namespace and Kueue LocalQueue the notebook servers use",
    )
    profiles: tuple[ProfileSpec, ...] | None = Field(
        default=None, description="server sizes; default: one accelerator of every pool, plus CPU only"
    )
    home_gib: int = Field(default=20, ge=1, le=4096, description="each user's home volume (warm tier)")
    cull_idle_minutes: int = Field(default=60, ge=10, le=10_080, description="stop idle servers after this")
    exposure: ExposureSpec = Field(default_factory=ExposureSpec, description="how users reach the hub")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.authenticator == "oidc" and self.oidc is None:
            raise ValueError(
                "oidc: required when authenticator is 'oidc' "
                "(authorize_url, token_url, userdata_url, client_id, callback_url)"
            )
        return self


class DatabaseSpec(Spec):
    """The managed PostgreSQL backing a service: RDS, Cloud SQL (private IP) or CloudNativePG."""

    storage_gib: int = Field(default=50, ge=20, le=16_384, description="allocated storage")
    instance_class: str | None = Field(
        default=None,
        pattern=r"^(db\.[a-z0-9]+\.[a-z0-9]+|db-[a-z0-9-]+)$",
        description="RDS class (db.m7g.large) or Cloud SQL tier (db-custom-2-7680); default per cloud",
    )
    backup_retention_days: int = Field(default=14, ge=7, le=35, description="automated backup retention")
    high_availability: bool = Field(default=True, description="Multi-AZ / regional / 3 CNPG instances")
    allow_destroy: bool = Field(
        default=False, description="let pulumi destroy delete the database (flagged by the policy pack)"
    )
    snapshot_class: ResourceName = Field(
        default="csi-rbdplugin-snapclass",
        description="on-prem: the warm tier's VolumeSnapshotClass for CloudNativePG backups (Rook's example name)",
    )


_PREFIX = r"^[a-z0-9][a-z0-9._/-]*/$"


class StoredServiceSpec(Spec):
    """What the database-backed services share: on or off, their PostgreSQL, how users reach them."""

    enabled: bool = Field(default=True, description="deploy the service")
    database: DatabaseSpec = Field(default_factory=DatabaseSpec, description="the PostgreSQL backend")
    exposure: ExposureSpec = Field(default_factory=ExposureSpec, description="how users reach the service")


class MlflowSpec(StoredServiceSpec):
    """MLflow tracking server and model registry: artifacts on the cold tier, PostgreSQL backend."""

    artifact_prefix: str = Field(
        default="services/mlflow/",
        pattern=_PREFIX,
        description="prefix of the cold bucket holding artifacts (the identity reaches only this prefix)",
    )
    replicas: int = Field(default=2, ge=1, le=10, description="tracking server replicas")


class LabelingSpec(StoredServiceSpec):
    """Label Studio: its database on the managed PostgreSQL, files on the cold tier."""

    file_prefix: str = Field(
        default="services/label-studio/",
        pattern=_PREFIX,
        description="prefix of the cold bucket holding uploads and exports (its identity reaches only this)",
    )


class ServicesSpec(Spec):
    """Platform services on top of the pools and tiers (docs/services.md); each off unless enabled."""

    notebooks: NotebooksSpec | None = Field(default=None, description="JupyterHub on the accelerator pools")
    mlflow: MlflowSpec | None = Field(default=None, description="MLflow tracking server and model registry")
    labeling: LabelingSpec | None = Field(default=None, description="Label Studio")
    training: TrainingSpec | None = Field(
        default=None, description="Kubeflow Trainer v2 (TrainJob, torch/MPI/JAX runtimes) through Kueue"
    )
    serving: ServingSpec | None = Field(
        default=None,
        description="KServe (Standard/RawDeployment) with vLLM/Triton runtimes on inference pools",
    )

    def enabled(self) -> dict[str, Spec]:
        """The enabled services by field name."""
        out: dict[str, Spec] = {}
        for field in ("notebooks", "mlflow", "labeling"):
            spec = getattr(self, field)
            if spec is not None and spec.enabled:
                out[field] = spec
        return out

    def databases(self) -> dict[str, DatabaseSpec]:
        """Services that need a PostgreSQL database: field name -> database spec."""
        return {k: v.database for k, v in self.enabled().items() if isinstance(v, StoredServiceSpec)}


def check_services(
    services: ServicesSpec | None,
    *,
    environment: Environment,
    pools: Sequence[str],
    teams: Sequence[str],
    has_warm: bool,
    has_cold: bool,
    where: str = "services",
) -> None:
    """Raise ``ValueError`` naming the field when the services ask for what the platform lacks."""
    if services is None:
        return
    on = services.enabled()
    notebooks = on.get("notebooks")
    if isinstance(notebooks, NotebooksSpec):
        if notebooks.authenticator == "dummy" and environment != "dev":
            raise ValueError(
                f"{where}.notebooks.authenticator: 'dummy' lets anyone log in and is allowed only in "
                f"environment 'dev' (this stack is {environment!r}); use 'oidc'"
            )
        gpu_profiles = bool(notebooks.profiles) or (notebooks.profiles is None and bool(pools))
        if notebooks.team is None and teams and gpu_profiles:
            raise ValueError(
                f"{where}.notebooks.team: required when the pools' quotas belong to scheduling teams "
                f"({', '.join(teams)}): without a team, GPU notebook servers bypass every Kueue quota; "
                "name the team whose LocalQueue admits them"
            )
        if notebooks.team is not None and notebooks.team not in teams:
            raise ValueError(
                f"{where}.notebooks.team: {notebooks.team!r} is not a scheduling team "
                f"(teams: {', '.join(teams) or 'none'})"
            )
        for i, profile in enumerate(notebooks.profiles or ()):
            if profile.pool not in pools:
                raise ValueError(
                    f"{where}.notebooks.profiles[{i}].pool: {profile.pool!r} is not a pool of this "
                    f"platform (pools: {', '.join(pools)})"
                )
        if not has_warm:
            raise ValueError(f"{where}.notebooks: user homes live on the warm tier; configure storage.warm")
    for field in ("mlflow", "labeling"):
        if field in on and not has_cold:
            raise ValueError(
                f"{where}.{field}: artifacts and files live on the cold tier; configure storage.cold"
            )
        if field in on and not has_warm:
            raise ValueError(
                f"{where}.{field}.database: the database is encrypted with the warm-tier key "
                "(on-prem: stored on the warm tier); configure storage.warm"
            )
