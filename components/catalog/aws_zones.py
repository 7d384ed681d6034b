"""AWS availability-zone ids per region: facts, no resources.

An AZ *name* (``us-east-1a``) is mapped to a physical zone per account in the oldest regions; an
AZ *id* (``use1-az1``) is the same physical zone in every account, which is what Capacity Blocks,
ODCRs and EFA placement are described in. EC2 refuses an id that is not one of the region's.

Source: AWS Regions and Availability Zones guide, "AWS Availability Zones" and "AZ IDs"
(docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html and az-ids.html,
read 2026-12-01): "An AZ ID consists of the first three letters of the Region code, followed by the
number at the end of the Region code, followed by -az, followed by a number", with examples use1-az1,
use2-az*, usw1-az1/az3, usw2-az1..az4, euw1-az1..az3. The prefixes below are that rule applied per
region (compound directions keep two letters: ap-northeast-1 -> apne1, as the EC2 console shows);
only the examples named above were read in the guide itself, the others are derived (unverified
individually). A region missing here is refused with a message saying where to add it.
"""

from __future__ import annotations

import re

AZ_ID_PREFIX: dict[str, str] = {
    "us-east-1": "use1",
    "us-east-2": "use2",
    "us-west-1": "usw1",
    "us-west-2": "usw2",
    "us-gov-east-1": "usge1",
    "us-gov-west-1": "usgw1",
    "ca-central-1": "cac1",
    "ca-west-1": "caw1",
    "mx-central-1": "mxc1",
    "sa-east-1": "sae1",
    "eu-west-1": "euw1",
    "eu-west-2": "euw2",
    "eu-west-3": "euw3",
    "eu-central-1": "euc1",
    "eu-central-2": "euc2",
    "eu-north-1": "eun1",
    "eu-south-1": "eus1",
    "eu-south-2": "eus2",
    "il-central-1": "ilc1",
    "me-central-1": "mec1",
    "me-south-1": "mes1",
    "af-south-1": "afs1",
    "ap-east-1": "ape1",
    "ap-south-1": "aps1",
    "ap-south-2": "aps2",
    "ap-northeast-1": "apne1",
    "ap-northeast-2": "apne2",
    "ap-northeast-3": "apne3",
    "ap-southeast-1": "apse1",
    "ap-southeast-2": "apse2",
    "ap-southeast-3": "apse3",
    "ap-southeast-4": "apse4",
    "ap-southeast-5": "apse5",
    "ap-southeast-7": "apse7",
}
"""Region -> AZ-id prefix (``<prefix>-az<N>``)."""

VERIFIED_IN_GUIDE = frozenset({"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1"})
"""Regions whose AZ ids appear literally in the guide pages cited above."""

_ZONE_NAME = re.compile(r"^(?P<region>[a-z]{2}(-gov)?-[a-z]+-\d+)(?P<letter>[a-z])$")
_AZ_ID = re.compile(r"^(?P<prefix>[a-z]+\d+)-az(?P<n>\d+)$")


def az_id_problem(region: str, value: str) -> str | None:
    """Why ``value`` is not an AZ id of ``region`` (None when it is one), in words that explain
    zone names versus zone ids."""
    prefix = AZ_ID_PREFIX.get(region)
    if prefix is None:
        return (
            f"region {region!r} is not in the AZ-id table (components/catalog/aws_zones.py); "
            "add its prefix from the EC2 console or `aws ec2 describe-availability-zones`"
        )
    example = f"{prefix}-az1"
    name = _ZONE_NAME.match(value)
    if name is not None:
        elsewhere = f" (and a zone of {name['region']}, not {region})" if name["region"] != region else ""
        return (
            f"{value!r} is an availability-zone name{elsewhere}, not an AZ id. Names like {value!r} map to a "
            f"different physical zone in each account; aiinfra places pools by AZ id, the same zone in every "
            f"account (e.g. {example!r}). Find the id with `aws ec2 describe-availability-zones --region "
            f"{name['region']} --query \"AvailabilityZones[?ZoneName=='{value}'].ZoneId\"`"
        )
    match = _AZ_ID.match(value)
    if match is None:
        return f"{value!r} is not an AZ id (expected '<prefix>-az<N>', e.g. {example!r} in {region})"
    if match["prefix"] != prefix:
        other = next((r for r, p in AZ_ID_PREFIX.items() if p == match["prefix"]), None)
        where = f" of region {other}" if other else ""
        return f"{value!r} is an AZ id{where}, not of {region} (its AZ ids start with '{prefix}-', e.g. {example!r})"
    return None


def az_id_shape_problem(value: str) -> str | None:
    """Why ``value`` cannot be an AZ id of any region in the table (None when it can be one): the
    check a component makes without knowing the stack's region (the blueprint checks the region too)."""
    name = _ZONE_NAME.match(value)
    if name is not None:
        prefix = AZ_ID_PREFIX.get(name["region"], "usw2")
        return (
            f"{value!r} is an availability-zone name, not an AZ id; aiinfra places pools by AZ id, the same "
            f"physical zone in every account (e.g. '{prefix}-az1'): "
            f"`aws ec2 describe-availability-zones --region {name['region']}` lists both"
        )
    match = _AZ_ID.match(value)
    if match is None or match["prefix"] not in AZ_ID_PREFIX.values():
        return f"{value!r} is not an AZ id (expected '<prefix>-az<N>' of a region, e.g. 'usw2-az2')"
    return None
