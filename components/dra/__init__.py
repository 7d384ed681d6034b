"""Dynamic Resource Allocation for NVIDIA pools: the NVIDIA DRA driver, its DeviceClasses and the
ComputeDomains (IMEX) that give a job spanning a rack one NVLink domain. ``plan`` is plain data
(no SDK); ``component`` registers the resources."""

from .plan import (
    COMPUTE_DOMAIN_API,
    DEVICE_CLASSES,
    DRA_DRIVER_NAMESPACE,
    NVIDIA_DRA_DRIVER,
    DraPlan,
    RackPool,
    compute_domain,
    dra_plan,
    driver_values,
)

__all__ = [
    "COMPUTE_DOMAIN_API",
    "DEVICE_CLASSES",
    "DRA_DRIVER_NAMESPACE",
    "NVIDIA_DRA_DRIVER",
    "DraPlan",
    "RackPool",
    "compute_domain",
    "dra_plan",
    "driver_values",
]
