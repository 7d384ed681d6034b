"""Cloud KMS: one key ring, a rotated, protected crypto key per purpose, and the service-agent grants.

Each Google service that encrypts with a key needs ``roles/cloudkms.cryptoKeyEncrypterDecrypter`` on it
for its service agent, and the grant must exist *before* the resource that uses the key (otherwise the
API call fails). Consumers therefore pass ``keys.grants(purpose)`` as ``depends_on``.

Service agents (fabric-and-storage.md §6.1; emails checked against public sources):
- GKE secrets (cluster key): ``service-<N>@container-engine-robot.iam.gserviceaccount.com``
- Compute Engine, for node boot disks and PD/Hyperdisk volumes (nodes, warm keys):
  ``service-<N>@compute-system.iam.gserviceaccount.com`` — the compute agent, not the node service
  account; ``projects.ServiceIdentity`` does not support compute, so the email is built from the number.
- Cloud Storage (cold key): ``storage.get_project_service_account`` (the data source creates the agent).
- Managed Lustre (hot key): ``projects.ServiceIdentity("lustre.googleapis.com")`` →
  ``service-<N>@gcp-sa-lustre.iam.gserviceaccount.com``; Filestore: ServiceIdentity ``file.googleapis.com``
  (``service-<N>@cloud-filer.iam.gserviceaccount.com``, unverified).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pulumi

from ..base import Component
from ..spec.encryption import EncryptionPolicy, KeyPurpose
from .common import seconds

ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
Agent = Literal["gke", "compute", "storage", "lustre", "filestore"]
PURPOSE_AGENTS: dict[str, tuple[Agent, ...]] = {
    "cluster": ("gke",),
    "nodes": ("compute",),
    "warm": ("compute",),
    "cold": ("storage",),
}
HOT_AGENTS: dict[str, Agent] = {"lustre": "lustre", "filestore": "filestore"}
SERVICE_IDENTITY = {"lustre": "lustre.googleapis.com", "filestore": "file.googleapis.com"}


def agent_email(agent: Agent, project_number: str) -> str:
    """Email of a service agent whose address is derived from the project number."""
    domain = {"gke": "container-engine-robot", "compute": "compute-system"}[agent]  # type: ignore[index]
    return f"service-{project_number}@{domain}.iam.gserviceaccount.com"


class PlatformKeys(Component):
    """A key ring in the platform region and one crypto key per purpose (or one shared key).

    Keys rotate every ``rotation_days`` (``rotation_period`` ``"<seconds>s"``), keep destroyed
    versions for ``deletion_window_days`` (``destroy_scheduled_duration``), and are protected and
    retained unless the policy allows destroy. Grants are ``kms.CryptoKeyIAMMember`` per (key, agent).

    Children: ``{name}-ring``, ``{name}-<purpose>``, ``{name}-<purpose>-<agent>`` grants, and
    ``{name}-<agent>-identity`` service identities.
    """

    key_ids: pulumi.Output[Mapping[str, str]]

    def __init__(
        self,
        name: str,
        policy: EncryptionPolicy,
        *,
        project: str,
        region: str,
        purposes: Iterable[KeyPurpose],
        hot_kind: str | None = None,
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:PlatformKeys", name, opts)
        import pulumi_gcp as gcp

        purposes = tuple(dict.fromkeys(purposes))
        invoke = pulumi.InvokeOutputOptions(parent=self)
        number = gcp.organizations.get_project_output(project_id=project, opts=invoke).number
        members: dict[Agent, pulumi.Output[str]] = {}

        def member(agent: Agent) -> pulumi.Output[str]:
            if agent not in members:
                if agent == "storage":
                    account = gcp.storage.get_project_service_account_output(project=project, opts=invoke)
                    members[agent] = account.email_address.apply(lambda e: f"serviceAccount:{e}")
                elif agent in SERVICE_IDENTITY:
                    identity = gcp.projects.ServiceIdentity(
                        f"{name}-{agent}-identity",
                        project=project,
                        service=SERVICE_IDENTITY[agent],
                        opts=self.child_opts(),
                    )
                    members[agent] = identity.email.apply(lambda e: f"serviceAccount:{e}")
                else:
                    members[agent] = number.apply(lambda n, a=agent: f"serviceAccount:{agent_email(a, n)}")
            return members[agent]

        self.ring = gcp.kms.KeyRing(
            f"{name}-ring",
            name=f"{name}-ring",
            location=region,
            project=project,
            # Key rings cannot be deleted in GCP; keep Pulumi from pretending to.
            opts=self.data_opts(policy.allow_destroy),
        )
        self.keys: dict[str, Any] = {}
        self._grants: dict[str, list[Any]] = {}
        agents_by_key: dict[str, list[Agent]] = {}
        for purpose in purposes:
            agents = list(PURPOSE_AGENTS.get(purpose, ()))
            if purpose == "hot" and hot_kind in HOT_AGENTS:
                agents.append(HOT_AGENTS[hot_kind])
            key_name = policy.key_for(purpose)
            bucket = agents_by_key.setdefault(key_name, [])
            bucket.extend(a for a in agents if a not in bucket)
        for key_name, agents in agents_by_key.items():
            key = gcp.kms.CryptoKey(
                f"{name}-{key_name}",
                name=f"{name}-{key_name}",
                key_ring=self.ring.id,
                purpose="ENCRYPT_DECRYPT",
                rotation_period=seconds(policy.rotation_days),
                destroy_scheduled_duration=seconds(policy.deletion_window_days),
                version_template={"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protection_level": "SOFTWARE"},
                labels={**labels, "key-purpose": key_name},
                opts=self.data_opts(policy.allow_destroy),
            )
            self.keys[key_name] = key
            self._grants[key_name] = [
                gcp.kms.CryptoKeyIAMMember(
                    f"{name}-{key_name}-{agent}",
                    crypto_key_id=key.id,
                    role=ENCRYPTER,
                    member=member(agent),
                    opts=self.child_opts(),
                )
                for agent in agents
            ]
        self._policy = policy
        self.key_ids = pulumi.Output.from_input({p: self.keys[policy.key_for(p)].id for p in purposes})
        self.register_outputs({"key_ids": self.key_ids})

    def key_id(self, purpose: KeyPurpose) -> pulumi.Output[str]:
        """The id (``projects/…/keyRings/…/cryptoKeys/…``) of the key that protects ``purpose``."""
        return self.keys[self._policy.key_for(purpose)].id

    def grants(self, *purposes: KeyPurpose) -> list[Any]:
        """The IAM grants on the keys of ``purposes``: pass them as ``depends_on`` to key users."""
        seen: dict[str, None] = dict.fromkeys(self._policy.key_for(p) for p in purposes)
        return [g for key_name in seen for g in self._grants.get(key_name, [])]
