"""Pinned EKS managed add-on versions per Kubernetes minor, each with where it was read.

EKS validates ``configurationValues`` against the schema of the *pinned* add-on version, so the
version is part of the payload's contract (see :mod:`aiinfra.components.payloads`).

Accepted minors: those EKS still runs on 2026-12-07 (EKS user guide "Understand the Kubernetes
version lifecycle on EKS": 14 months of standard support, then 12 months of extended support;
calendar rows 1.32 to 1.35 as recorded in aws-samples/sample-apex-skills
skills/eks-operation-review/references/cluster-lifecycle.md, "last verified 2026-04-24"):

=====  ========================  =========================
minor  end of standard support   end of extended support
=====  ========================  =========================
1.32   2026-03-23                2027-03-23
1.33   2026-07-29                2027-07-29
1.34   2026-12-02                2027-12-02
1.35   2027-03-27                2028-03-27
=====  ========================  =========================

1.28 to 1.31 are past the end of extended support (1.31: 2026-11-26) and are no longer accepted.
The default is 1.35, the only minor of these still in standard support on 2026-12-07.
"""

from __future__ import annotations

from datetime import date

EFA_ONLY_MIN_VPC_CNI = (1, 18, 5)
"""The VPC CNI learned to discover ``efa-only`` interfaces (leave them alone, no IPs) in the ipamd
change "Fix fetching enimetadata" (aws/amazon-vpc-cni-k8s#3035, commit eb7a9bd, 2024-09-25); the
first tag carrying it is v1.18.5 (``git tag --contains``). terraform-aws-eks v21's upgrade notes say
v1.18.4; the tag contents say v1.18.5, which we require. No configuration key is involved."""

EKS_DEFAULT = "EKS default"
"""Marker: no version pinned; EKS installs its default for the cluster version (unverified pin)."""

DEFAULT_KUBERNETES_VERSION = "1.35"
"""The default EKS minor: in standard support until 2027-03-27 (see the module docstring)."""

STANDARD_SUPPORT_ENDS: dict[str, date] = {
    "1.32": date(2026, 3, 23),
    "1.33": date(2026, 7, 29),
    "1.34": date(2026, 12, 2),
    "1.35": date(2027, 3, 27),
}
"""Kubernetes minor -> last day of EKS standard support (extended support, billed extra, follows)."""

# managing-kube-proxy table, read 2026-12-07 from the stored copy of
# docs.amazonaws.cn/zh_cn/eks/latest/userguide/managing-kube-proxy.md (rows 1.30 to 1.35).
_KUBE_PROXY = {
    "1.32": "v1.32.13-eksbuild.5",
    "1.33": "v1.33.10-eksbuild.2",
    "1.34": "v1.34.6-eksbuild.2",
    "1.35": "v1.35.3-eksbuild.2",
}
# managing-coredns table, read 2026-12-07 from the stored copy of
# docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md (rows 1.30 to 1.36).
_COREDNS = {
    "1.32": "v1.11.4-eksbuild.40",
    "1.33": "v1.12.4-eksbuild.18",
    "1.34": "v1.13.2-eksbuild.11",
    "1.35": "v1.14.3-eksbuild.3",
}
# managing-vpc-cni table: every stored copy (newest: awsdocs/amazon-eks-user-guide
# latest/ug/networking/managing-vpc-cni.adoc, commit 057948d) stops at 1.33 -> v1.20.1-eksbuild.3.
# For 1.34 and 1.35 v1.21.1-eksbuild.3 is unverified against that table: it is the build public
# EKS 1.35 configurations pin (with kube-proxy v1.35.0-eksbuild.2); its chart is tag v1.21.1.
_VPC_CNI = {
    "1.32": "v1.20.1-eksbuild.3",
    "1.33": "v1.20.1-eksbuild.3",
    "1.34": "v1.21.1-eksbuild.3",
    "1.35": "v1.21.1-eksbuild.3",
}
ADDON_VERSIONS: dict[str, dict[str, str]] = {
    minor: {
        "vpc-cni": _VPC_CNI[minor],
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
