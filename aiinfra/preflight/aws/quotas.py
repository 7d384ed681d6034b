"""EC2 vCPU quota codes (Service Quotas, service code ``ec2``) per instance-family class and market.

Quotas count vCPUs of running on-demand instances / open spot requests per family class, summed over
every type in the class (a p5 and a p4d pool share "Running On-Demand P instances").

Sources: the AWS EC2 User Guide's on-demand and spot quota tables (names and console links) and
ListServiceQuotas dumps of real accounts found in public repositories, which name each code:
L-417A185B "Running On-Demand P instances", L-7212CCBC "All P Spot Instance Requests" (older dumps
call it "All P4, P3 and P2 Spot Instance Requests"), L-DB2E81BA "Running On-Demand G and VT
instances", L-3819A6DF "All G and VT Spot Instance Requests", L-2C3B7624 "Running On-Demand Trn
instances", L-6B0D517C "All Trn Spot Instance Requests", L-1945791B "Running On-Demand Inf
instances", L-B5D1601B "All Inf Spot Instance Requests", L-6E869C2A "Running On-Demand DL instances",
L-85EED4F7 "All DL Spot Instance Requests".
One public project uses L-5480EFD2 for Trn spot; the account dumps and the AWS console link say
L-6B0D517C, which is used here. Neither code could be checked against a live account from this
machine; the check prints the quota name the endpoint returns, so a wrong code shows up at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Market = Literal["on_demand", "spot"]


@dataclass(frozen=True)
class Quota:
    """One Service Quotas entry: code and the name AWS gives it."""

    code: str
    name: str


# family class -> {market: quota}; the class is the leading letters of the instance family.
QUOTAS: dict[str, dict[Market, Quota]] = {
    "p": {
        "on_demand": Quota("L-417A185B", "Running On-Demand P instances"),
        "spot": Quota("L-7212CCBC", "All P Spot Instance Requests"),
    },
    "g": {
        "on_demand": Quota("L-DB2E81BA", "Running On-Demand G and VT instances"),
        "spot": Quota("L-3819A6DF", "All G and VT Spot Instance Requests"),
    },
    "trn": {
        "on_demand": Quota("L-2C3B7624", "Running On-Demand Trn instances"),
        "spot": Quota("L-6B0D517C", "All Trn Spot Instance Requests"),
    },
    "inf": {
        "on_demand": Quota("L-1945791B", "Running On-Demand Inf instances"),
        "spot": Quota("L-B5D1601B", "All Inf Spot Instance Requests"),
    },
    "dl": {
        "on_demand": Quota("L-6E869C2A", "Running On-Demand DL instances"),
        "spot": Quota("L-85EED4F7", "All DL Spot Instance Requests"),
    },
}
QUOTAS["vt"] = QUOTAS["g"]

_CLASS = re.compile(r"^([a-z]+)")


def family_class(instance_type: str) -> str:
    """The quota class of an instance type: ``p5.48xlarge`` -> ``p``, ``trn2.48xlarge`` -> ``trn``."""
    match = _CLASS.match(instance_type)
    return match.group(1) if match else instance_type


def quota_for(instance_type: str, market: Market) -> Quota | None:
    """The vCPU quota ``instance_type`` counts against in ``market``, or None when not known here."""
    entry = QUOTAS.get(family_class(instance_type))
    return None if entry is None else entry[market]
