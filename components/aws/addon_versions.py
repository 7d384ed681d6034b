"""Pinned EKS managed add-on versions per Kubernetes minor, each with where it was read.

EKS validates ``configurationValues`` against the schema of the *pinned* add-on version, so the
version is part of the payload's contract (see :mod:`aiinfra.components.payloads`). Versions are
the "latest version for each Kubernetes version" tables of the EKS user guide, read 2026-12-01 from
the stored copies of docs.aws.amazon.com/eks/latest/userguide/{managing-vpc-cni, managing-coredns,
managing-kube-proxy}.html (the pages carry no date of their own).
"""

from __future__ import annotations

EFA_ONLY_MIN_VPC_CNI = (1, 18, 5)
"""The VPC CNI learned to discover ``efa-only`` interfaces (leave them alone, no IPs) in the ipamd
change "Fix fetching enimetadata" (aws/amazon-vpc-cni-k8s#3035, commit eb7a9bd, 2024-09-25); the
first tag carrying it is v1.18.5 (``git tag --contains``). terraform-aws-eks v21's upgrade notes say
v1.18.4; the tag contents say v1.18.5, which we require. No configuration key is involved."""

EKS_DEFAULT = "EKS default"
"""Marker: no version pinned; EKS installs its default for the cluster version (unverified pin)."""

_KUBE_PROXY = {  # managing-kube-proxy table
    "1.28": "v1.28.15-eksbuild.31",
    "1.29": "v1.29.15-eksbuild.16",
    "1.30": "v1.30.14-eksbuild.8",
    "1.31": "v1.31.13-eksbuild.2",
    "1.32": "v1.32.9-eksbuild.2",
    "1.33": "v1.33.5-eksbuild.2",
}
_COREDNS = {  # managing-coredns table
    "1.28": "v1.10.1-eksbuild.38",
    "1.29": "v1.11.4-eksbuild.24",
    "1.30": "v1.11.4-eksbuild.24",
    "1.31": "v1.11.4-eksbuild.24",
    "1.32": "v1.11.4-eksbuild.24",
    "1.33": "v1.12.4-eksbuild.1",
}
ADDON_VERSIONS: dict[str, dict[str, str]] = {
    minor: {
        "vpc-cni": "v1.20.1-eksbuild.3",  # managing-vpc-cni table: 1.27-1.33 -> v1.20.1-eksbuild.3
        "kube-proxy": _KUBE_PROXY[minor],
        "coredns": _COREDNS[minor],
        # No public version table found for these two (unverified): EKS picks its default.
        "eks-pod-identity-agent": EKS_DEFAULT,
        "aws-ebs-csi-driver": EKS_DEFAULT,
    }
    for minor in _KUBE_PROXY
}
"""Kubernetes minor -> add-on -> pinned ``addon_version`` (or :data:`EKS_DEFAULT`)."""


def _parse(version: str) -> tuple[int, ...]:
    core = version.lstrip("v").split("-", 1)[0]
    return tuple(int(p) for p in core.split("."))


def addon_version(addon: str, kubernetes_version: str) -> str | None:
    """The pinned version of ``addon`` for the cluster's Kubernetes minor (None: EKS default).

    Raises ValueError naming ``cluster.kubernetes_version`` when no pins are recorded for it.
    """
    table = ADDON_VERSIONS.get(kubernetes_version)
    if table is None:
        raise ValueError(f"cluster.kubernetes_version: {unpinned_message(kubernetes_version)}")
    version = table[addon]
    return None if version == EKS_DEFAULT else version


def unpinned_message(kubernetes_version: str) -> str:
    """Why ``kubernetes_version`` cannot be planned: no add-on versions recorded for it."""
    return (
        f"no EKS add-on versions are pinned for {kubernetes_version!r} (pinned: "
        f"{', '.join(sorted(ADDON_VERSIONS))}); record them in components/aws/addon_versions.py and their "
        "key-path facts in components/payloads/facts/eks_addons.py"
    )


def supports_efa_only(vpc_cni_version: str | None) -> bool:
    """True when the pinned VPC CNI discovers ``efa-only`` interfaces by itself."""
    return vpc_cni_version is not None and _parse(vpc_cni_version) >= EFA_ONLY_MIN_VPC_CNI
