"""EKS managed add-on versions pinned in ``components/aws/addon_versions.py`` and the key paths
their ``configurationValues`` may use.

AWS does not publish ``describe-addon-configuration`` output outside the API, so the VPC CNI's keys
are the Helm chart values of the same upstream version (charts/aws-vpc-cni at tags v1.20.1 and
v1.21.1), recorded in :mod:`.aws_vpc_cni_v1_20_1` and :mod:`.aws_vpc_cni_v1_21_1`; the add-on schema
is a subset of the chart's values (unverified beyond that: a key the chart knows may still be
refused by the add-on schema). The others send no configuration and have no keys recorded (basis
``none``): sending any fails the payload test.
"""

from ..registry import AddonFacts, ChartFacts
from .aws_vpc_cni_v1_20_1 import FACTS as VPC_CNI_1_20
from .aws_vpc_cni_v1_21_1 import FACTS as VPC_CNI_1_21

_READ = "read 2026-12-07"
_KUBE_PROXY_DOCS = (
    f"docs.amazonaws.cn/zh_cn/eks/latest/userguide/managing-kube-proxy.md version table, {_READ}"
)
_COREDNS_DOCS = f"docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md version table, {_READ}"
_VPC_CNI_DOCS = (
    "awsdocs/amazon-eks-user-guide latest/ug/networking/managing-vpc-cni.adoc (commit 057948d) "
    f"version table: 1.27-1.33 -> v1.20.1-eksbuild.3, {_READ}"
)
_VPC_CNI_UNVERIFIED = (
    "unverified: no stored EKS user guide table lists 1.34/1.35; the build public EKS 1.35 "
    f"configurations pin, {_READ}"
)

_K8S = ("1.32", "1.33", "1.34", "1.35")
_KUBE_PROXY = (
    ("v1.32.13-eksbuild.5", ("1.32",)),
    ("v1.33.10-eksbuild.2", ("1.33",)),
    ("v1.34.6-eksbuild.2", ("1.34",)),
    ("v1.35.3-eksbuild.2", ("1.35",)),
)
_COREDNS = (
    ("v1.11.4-eksbuild.40", ("1.30", "1.31", "1.32")),
    ("v1.12.4-eksbuild.18", ("1.33",)),
    ("v1.13.2-eksbuild.11", ("1.34",)),
    ("v1.14.3-eksbuild.3", ("1.35", "1.36")),
)
_UNPINNED = "unverified: no public version table found; EKS installs its default for the cluster version"


def _vpc_cni(version: str, minors: tuple[str, ...], version_source: str, chart: ChartFacts) -> AddonFacts:
    return AddonFacts(
        addon="vpc-cni",
        version=version,
        kubernetes_versions=minors,
        version_source=version_source,
        basis="helm chart values.yaml",
        source=chart.source,
        ref=chart.ref,
        commit=chart.commit,
        date=chart.date,
        leaves=chart.leaves,
        branches=chart.branches,
        open=chart.open,
    )


MORE_FACTS = (
    _vpc_cni(
        "v1.20.1-eksbuild.3",
        ("1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"),
        _VPC_CNI_DOCS,
        VPC_CNI_1_20,
    ),
    _vpc_cni("v1.21.1-eksbuild.3", ("1.34", "1.35"), _VPC_CNI_UNVERIFIED, VPC_CNI_1_21),
    *(
        AddonFacts(
            addon=addon,
            version=version,
            kubernetes_versions=minors,
            version_source=source,
            basis="none",
        )
        for addon, source, table in (
            ("kube-proxy", _KUBE_PROXY_DOCS, _KUBE_PROXY),
            ("coredns", _COREDNS_DOCS, _COREDNS),
        )
        for version, minors in table
    ),
    *(
        AddonFacts(
            addon=addon,
            version="EKS default",
            kubernetes_versions=_K8S,
            version_source=_UNPINNED,
            basis="none",
        )
        for addon in ("eks-pod-identity-agent", "aws-ebs-csi-driver")
    ),
)
