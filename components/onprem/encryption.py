"""Encryption documents on-prem: the ceph-csi KMS config and the kube-apiserver EncryptionConfiguration.

Both are pure renderings. The EncryptionConfiguration (``apiserver.config.k8s.io/v1``) is control-plane
configuration read by kube-apiserver through ``--encryption-provider-config``; it is not an API object
and pulumi-kubernetes cannot apply it, so the blueprint exports it for the cluster operator.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .spec import EtcdKmsSpec, VaultKmsSpec

KMS_CONFIGMAP = "ceph-csi-encryption-kms-config"
APISERVER_FLAGS = (
    "--encryption-provider-config=<path>",
    "--encryption-provider-config-automatic-reload=true",
)


def ceph_csi_kms_config(vault: VaultKmsSpec) -> str:
    """``config.json`` of ``ceph-csi-encryption-kms-config``: the KMS ``encryptionKMSID`` names.

    ceph-csi's ``vault`` KMS type keeps per-volume DEKs in a KV v2 engine and authenticates with the
    Kubernetes auth method; whether it can use the transit engine directly is unverified, so transit
    backs RGW SSE and etcd while KV holds RBD DEKs.
    """
    entry: dict[str, Any] = {
        "encryptionKMSType": "vault",
        "vaultAddress": vault.address.rstrip("/"),
        "vaultAuthPath": f"/v1/auth/{vault.auth_path}/login",
        "vaultRole": vault.role,
        "vaultBackend": "kv-v2",
        "vaultBackendPath": vault.kv_path,
        "vaultDestroyKeys": "true",
    }
    if vault.ca_secret:
        entry["vaultCAFromSecret"] = vault.ca_secret
    return json.dumps({vault.id: entry}, sort_keys=True)


def rgw_kms(vault: VaultKmsSpec) -> dict[str, Any]:
    """CephObjectStore ``security.kms``: SSE-KMS through Vault transit (keys must be exportable)."""
    return {
        "connectionDetails": {
            "KMS_PROVIDER": "vault",
            "VAULT_ADDR": vault.address.rstrip("/"),
            "VAULT_BACKEND_PATH": vault.transit_path,
            "VAULT_SECRET_ENGINE": "transit",
            "VAULT_AUTH_METHOD": "token",
        },
        "tokenSecretName": vault.token_secret,
    }


def encryption_configuration(etcd: EtcdKmsSpec) -> dict[str, Any]:
    """EncryptionConfiguration with a KMS v2 provider first and ``identity`` last (reads old data)."""
    return {
        "apiVersion": "apiserver.config.k8s.io/v1",
        "kind": "EncryptionConfiguration",
        "resources": [
            {
                "resources": list(etcd.resources),
                "providers": [
                    {
                        "kms": {
                            "apiVersion": "v2",
                            "name": etcd.name,
                            "endpoint": etcd.endpoint,
                            "timeout": f"{etcd.timeout_seconds}s",
                        }
                    },
                    {"identity": {}},
                ],
            }
        ],
    }


def encryption_configuration_yaml(etcd: EtcdKmsSpec) -> str:
    """The EncryptionConfiguration as the YAML file kube-apiserver reads."""
    return yaml.safe_dump(encryption_configuration(etcd), sort_keys=False)


HANDOFF_NOTE = (
    "Control-plane configuration, not applied by Pulumi: write etcd_encryption_configuration to every "
    "control-plane node, start kube-apiserver with " + " ".join(APISERVER_FLAGS) + ", run the KMS v2 "
    "plugin on the endpoint's socket (Vault transit: vault-kube-kms is Vault Enterprise only; community "
    "plugins exist), then rewrite existing Secrets (kubectl get secrets -A -o json | kubectl replace -f -)."
)
