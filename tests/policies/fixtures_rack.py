"""Pass, fail and unknown fixtures of the rack-scale rules (AIP-GPU-020, AIP-GPU-021)."""

from __future__ import annotations

from policy_fixtures import NG, POOL, F, Fixture, P, Spec, U, lt, ng, pool

from aiinfra.engine.model import UNKNOWN

_ARM = "AL2023_ARM_64_NVIDIA"
_X86 = "AL2023_x86_64_NVIDIA"
_GB200 = "p6e-gb200.36xlarge"


def _cb_ng(name: str, ami: str, size: float = 36.0, template: str = "cb-lt") -> Spec:
    """A Capacity Block node group: no instance types, the type lives in its launch template."""
    inputs = {**ng(name, types=()).inputs, "amiType": ami, "capacityType": "CAPACITY_BLOCK"}
    inputs.pop("instanceTypes")
    inputs["scalingConfig"] = {"maxSize": size, "minSize": 0.0, "desiredSize": size}
    return Spec(NG, name, inputs, deps={"launchTemplate": [template]})


def _a4x(name: str = "a4x", policy: object = "a4x-workload", size: float = 18.0) -> Spec:
    spec = pool(
        name,
        machine="a4x-highgpu-4g",
        autoscaling={"totalMinNodeCount": 0.0, "totalMaxNodeCount": size},
        **({"placementPolicy": {"type": "COMPACT", "policyName": policy}} if policy is not None else {}),
    )
    return Spec(POOL, name, spec.inputs)


RACK_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-GPU-020": {
        P: Fixture(
            [
                lt("cb-lt", instanceType=_GB200),
                _cb_ng("gb200", _ARM),
                ng("h100", types=("p5.48xlarge",)),  # x86_64 on AL2023_x86_64_NVIDIA
            ]
        ),
        F: Fixture([lt("cb-lt", instanceType=_GB200), _cb_ng("gb200", _X86)]),
        U: Fixture([lt("cb-lt", instanceType=_GB200), _cb_ng("gb200", UNKNOWN)], expect=U),
    },
    "AIP-GPU-021": {
        P: Fixture([_a4x(), lt("cb-lt", instanceType=_GB200), _cb_ng("gb200", _ARM, size=36.0)]),
        F: Fixture([_a4x(policy=None), lt("cb-lt", instanceType=_GB200), _cb_ng("gb200", _ARM, size=19.0)]),
        U: Fixture([_a4x(size=UNKNOWN)], expect=U),
    },
}
