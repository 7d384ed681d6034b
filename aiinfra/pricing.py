"""Sourced, dated prices beyond the catalog's on-demand list prices: facts only, no arithmetic.

Every figure names where and when it was read. A rate this module does not hold is *not* guessed:
the cost estimate (aiinfra/cost.py) then says "on-demand list price used" (pools) or "excluded"
(fixed costs). Spot prices are not held at all: they move up to daily (GCP Spot VMs pricing page,
"Spot prices are variable and can change up to once every day"; AWS publishes per-AZ spot price
history, not a list price), so a spot pool is priced at its on-demand list price and says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """One hourly (or GB-month) rate with its source and the date it was read or is valid for."""

    usd: float
    unit: str  # "per hour", "per GB-month", "per AZ-hour"
    source: str
    as_of: str


# EC2 Capacity Blocks for ML: "Effective Instance Hourly Rate" (reservation fee) per instance type
# and region, from the AWS Capacity Blocks pricing page (aws.amazon.com/ec2/capacityblocks/pricing/),
# read through a stored copy of the page on 2026-12-01. The page says the rates shown were "scheduled
# to be updated on January 1, 2025", i.e. they are the late-2024 rates; AWS reprices Capacity Blocks
# regularly and charges the rate in effect at purchase. Operating-system fees are not included.
_CB_SOURCE = (
    "AWS EC2 Capacity Blocks for ML pricing page (effective instance hourly rate, valid until 2025-01-01)"
)
_CB_AS_OF = "2024-12"
CAPACITY_BLOCK_RATES: dict[tuple[str, str], Rate] = {
    ("p5.48xlarge", "us-east-1"): Rate(39.33, "per hour", _CB_SOURCE, _CB_AS_OF),
    ("p5.48xlarge", "us-east-2"): Rate(39.33, "per hour", _CB_SOURCE, _CB_AS_OF),
    ("p5e.48xlarge", "us-east-2"): Rate(43.26, "per hour", _CB_SOURCE, _CB_AS_OF),
    ("p4d.24xlarge", "us-east-2"): Rate(14.75, "per hour", _CB_SOURCE, _CB_AS_OF),
    ("p4d.24xlarge", "us-west-2"): Rate(14.75, "per hour", _CB_SOURCE, _CB_AS_OF),
    ("trn1.32xlarge", "ap-southeast-4"): Rate(15.49, "per hour", _CB_SOURCE, _CB_AS_OF),
}

# Amazon EKS: $0.10 per cluster-hour in standard support, $0.60 in extended support. AWS EKS pricing
# page as summarised by cloudburn.io "Amazon EKS Pricing" (US East rates "as of March 2026").
EKS_STANDARD = Rate(0.10, "per hour", "Amazon EKS pricing page (via cloudburn.io, 2026-03)", "2026-03")
EKS_EXTENDED = Rate(0.60, "per hour", "Amazon EKS pricing page (via cloudburn.io, 2026-03)", "2026-03")

# NAT gateway hourly charge (data processing, $0.045/GB in these regions, is usage and excluded).
# AWS VPC pricing page as tabulated by zacfukuda.com (us-east-1, "as of June 1, 2026") and
# cloudpipelines.pages.dev "AWS NAT Gateway pricing 2026" (US East and US West ~$0.045/h).
_NAT = Rate(
    0.045,
    "per hour",
    "Amazon VPC pricing page (via zacfukuda.com 2026-06-01, cloudpipelines 2026)",
    "2026-06",
)
NAT_GATEWAY_RATES: dict[str, Rate] = {r: _NAT for r in ("us-east-1", "us-east-2", "us-west-1", "us-west-2")}

# Interface VPC endpoints (PrivateLink): $0.01 per endpoint per AZ-hour, us-east-1, same source.
INTERFACE_ENDPOINT_RATES: dict[str, Rate] = {
    "us-east-1": Rate(
        0.01, "per AZ-hour", "AWS PrivateLink pricing (via zacfukuda.com, 2026-06-01)", "2026-06"
    )
}

# FSx for Lustre SSD storage, GB-month by per-unit throughput (MB/s/TiB). Only the 125 MB/s/TiB tier
# is sourced: ~$0.145/GB-month (c3x.dev "aws_fsx_lustre_file_system cost estimation", us-east-1,
# read 2026-12-01). Other tiers are excluded rather than guessed.
FSX_LUSTRE_RATES: dict[tuple[str, int], Rate] = {
    ("us-east-1", 125): Rate(
        0.145, "per GB-month", "FSx for Lustre pricing (via c3x.dev, read 2026-12-01)", "2026-12"
    )
}

# GKE cluster management fee: $0.10 per cluster per hour for every cluster (Standard edition);
# the free-tier credit covers one zonal or Autopilot cluster only. cloud.google.com/kubernetes-engine/
# pricing, read through stored copies of the page on 2026-12-01.
GKE_MANAGEMENT = Rate(0.10, "per hour", "Google Kubernetes Engine pricing page (read 2026-12-01)", "2026-12")

HOURS_PER_MONTH = 730  # the convention AWS and Google pricing pages use to turn monthly rates hourly

# General-purpose (system) node prices, Linux on-demand per instance-hour.
# EC2: Karpenter's AWS Pricing API snapshot (aws/karpenter-provider-aws v1.14.1,
# pkg/providers/pricing/zz_generated.pricing_aws.go, "generated at 2026-07-06T14:20:29Z for us-east-1");
# the snapshot holds us-east-1 only, so other regions say "us-east-1 list price used".
_KARPENTER_V1141 = (
    "AWS Pricing API via aws/karpenter-provider-aws v1.14.1 zz_generated.pricing_aws.go "
    "(generated 2026-07-06, us-east-1 Linux on-demand)"
)
EC2_US_EAST_1_RATES: dict[str, Rate] = {
    "m7i.2xlarge": Rate(0.4032, "per hour", _KARPENTER_V1141, "2026-07-06"),
}
# GCE: SkyPilot's GCP catalog (skypilot-org/skypilot-catalog catalogs/v8/gcp/vms.csv @ 8427bbf) lists
# e2-standard-16 at $0.53609/h in us-central1; E2 machine types are billed per vCPU and GB, so
# e2-standard-8 (half the vCPUs and memory) is half of it. Derived, not read: unverified.
GCE_RATES: dict[tuple[str, str], Rate] = {
    ("e2-standard-8", "us-central1"): Rate(
        0.268045,
        "per hour",
        "SkyPilot GCP catalog vms.csv @ 8427bbf: e2-standard-16 $0.53609/h in us-central1, halved "
        "(E2 bills per vCPU and GB; derived, unverified)",
        "2026-12-07",
    ),
}
