"""EKS managed add-on versions pinned in ``components/aws/addon_versions.py`` and the key paths
their ``configurationValues`` may use.

AWS does not publish ``describe-addon-configuration`` output outside the API, so the VPC CNI's keys
are the Helm chart values of the same upstream version (charts/aws-vpc-cni at tag v1.20.1), recorded in
:mod:`.aws_vpc_cni_v1_20_1`; the add-on schema is a subset of the chart's values (unverified beyond
that: a key the chart knows may still be refused by the add-on schema). The others send no
configuration and have no keys recorded (basis ``none``): sending any fails the payload test.
"""

from ..registry import AddonFacts
from .aws_vpc_cni_v1_20_1 import FACTS as VPC_CNI_CHART

_DOCS = "docs.aws.amazon.com/eks/latest/userguide/{}.html, version table read 2026-12-01"

_K8S = ("1.28", "1.29", "1.30", "1.31", "1.32", "1.33")
_KUBE_PROXY = (
    ("v1.28.15-eksbuild.31", ("1.28",)),
    ("v1.29.15-eksbuild.16", ("1.29",)),
    ("v1.30.14-eksbuild.8", ("1.30",)),
    ("v1.31.13-eksbuild.2", ("1.31",)),
    ("v1.32.9-eksbuild.2", ("1.32",)),
    ("v1.33.5-eksbuild.2", ("1.33",)),
)
_COREDNS = (
    ("v1.10.1-eksbuild.38", ("1.28",)),
    ("v1.11.4-eksbuild.24", ("1.29", "1.30", "1.31", "1.32")),
    ("v1.12.4-eksbuild.1", ("1.33", "1.34")),
)
_UNPINNED = "unverified: no public version table found; EKS installs its default for the cluster version"

MORE_FACTS = (
    AddonFacts(
        addon="vpc-cni",
        version="v1.20.1-eksbuild.3",
        kubernetes_versions=("1.27", *_K8S),
        version_source=_DOCS.format("managing-vpc-cni"),
        basis="helm chart values.yaml",
        source=VPC_CNI_CHART.source,
        ref=VPC_CNI_CHART.ref,
        commit=VPC_CNI_CHART.commit,
        date=VPC_CNI_CHART.date,
        leaves=VPC_CNI_CHART.leaves,
        branches=VPC_CNI_CHART.branches,
        open=VPC_CNI_CHART.open,
    ),
    *(
        AddonFacts(
            addon=addon,
            version=version,
            kubernetes_versions=minors,
            version_source=_DOCS.format(page),
            basis="none",
        )
        for addon, page, table in (
            ("kube-proxy", "managing-kube-proxy", _KUBE_PROXY),
            ("coredns", "managing-coredns", _COREDNS),
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
