"""Fixtures and equivalence classes of AIP-SUS-001 (movable accelerator pools on a dirty grid).

Figures behind the verdicts (components/catalog/energy_data.json): eu-central-1 311 gCO2e/kWh and
eu-north-1 8.8 (both offer p4d.24xlarge per moto's EC2 offerings), us-west-2 322 with no US region at
half of it; GCP us-east5 323 and us-west1 79 (both offer TPU v6e per Google's TPU zones page).
"""

from __future__ import annotations

from policy_fixtures import NG, POOL, SUBNET, TAGS, Fixture, Spec

from aiinfra.engine.model import UNKNOWN

RULE = "AIP-SUS-001"


def aws_pool(zone: object = "eu-central-1a", machine: str = "p4d.24xlarge", **inputs: object) -> list[Spec]:
    """An on-demand accelerator node group in one subnet of ``zone`` (an AZ name or an AZ id)."""
    key = "availabilityZoneId" if isinstance(zone, str) and "-az" in zone else "availabilityZone"
    base = {
        "instanceTypes": [machine],
        "scalingConfig": {"maxSize": 4.0, "minSize": 0.0, "desiredSize": 0.0},
        "capacityType": "ON_DEMAND",
        "amiType": "AL2023_x86_64_NVIDIA",
        "tags": TAGS,
        **inputs,
    }
    return [
        Spec(SUBNET, "net-a", {key: zone}),
        Spec(NG, "train", base, deps={"subnetIds": ["net-a"]}),
    ]


def gcp_pool(**inputs: object) -> list[Spec]:
    """A TPU v6e node pool (ct6e-standard-8t) placed by ``location`` or ``nodeLocations``."""
    node_config = {"machineType": "ct6e-standard-8t", "resourceLabels": dict(TAGS)}
    node_config.update(inputs.pop("node_config", {}))  # type: ignore[arg-type]
    return [Spec(POOL, "serve", {"nodeConfig": node_config, **inputs})]


SUS_FIXTURES = {
    RULE: {
        "pass": Fixture(
            [
                *aws_pool("eu-north-1a"),  # the low-carbon twin
                *[
                    Spec(s.type, f"cb-{s.name}", s.inputs, deps={"subnetIds": ["cb-net-a"]} if s.deps else {})
                    for s in aws_pool("eu-central-1b", capacityType="CAPACITY_BLOCK")
                ],
                *gcp_pool(location="us-west1"),
            ]
        ),
        "fail": Fixture(aws_pool("eu-central-1a")),
        "unknown": Fixture(aws_pool(UNKNOWN), expect="unknown"),
    }
}
