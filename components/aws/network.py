"""The VPC an AI platform lives in: private subnets per AZ, NAT, VPC endpoints, flow logs, and its
default security group adopted and emptied (AWS creates it allowing all traffic between its members
and all egress; ``aws.ec2.DefaultSecurityGroup`` with no rules removes them: AIP-NET-050, Checkov
CKV2_AWS_12)."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from typing import Literal, Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from ..base import Component
from ..spec.base import Spec
from .common import assume_role_policy, https_from_vpc_security_group, policy_json, with_name

INTERFACE_ENDPOINTS = ("ecr.api", "ecr.dkr", "sts")
"""Interface endpoints every private GPU cluster needs (image pulls and IRSA without NAT)."""


class NetworkSpec(Spec):
    """Address plan and egress of the platform VPC."""

    cidr: str = "10.0.0.0/16"
    """VPC IPv4 CIDR, a /16 to /20."""
    az_ids: tuple[str, ...] | None = Field(
        default=None,
        description="availability-zone ids (e.g. usw2-az1); default: the first az_count of the region",
    )
    az_count: int = Field(default=3, ge=2, le=6)
    """how many AZs get subnets when az_ids is not given."""
    nat: Literal["single", "per_az"] = "per_az"
    """one NAT gateway per AZ (resilient) or a single one (cheaper)."""
    flow_log_retention_days: int = Field(default=365, ge=1, le=3653)
    """retention of the VPC flow-log group, in days."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:
            network = ipaddress.ip_network(self.cidr)
        except ValueError:
            raise ValueError(f"cidr: {self.cidr!r} is not an IPv4 network in CIDR notation") from None
        if network.version != 4 or not 16 <= network.prefixlen <= 20:
            raise ValueError(
                f"cidr: {self.cidr} must be an IPv4 /16 to /20 (AWS allows /16-/28; GPU pods need room)"
            )
        if self.az_ids is not None and len(set(self.az_ids)) != len(self.az_ids):
            raise ValueError(f"az_ids: duplicate availability-zone ids in {list(self.az_ids)}")
        return self

    @property
    def zone_count(self) -> int:
        """How many AZs get subnets."""
        return len(self.az_ids) if self.az_ids is not None else self.az_count


def subnet_plan(cidr: str, zones: int) -> tuple[list[str], list[str]]:
    """(private, public) CIDRs: large equal private blocks per AZ, small public ones in the last block.

    A /16 with three AZs gives three /18 private subnets (16,382 addresses each, room for pod IPs
    from the VPC CNI) and /22 public subnets carved from the fourth /18.
    """
    network = ipaddress.ip_network(cidr)
    bits = math.ceil(math.log2(zones + 1))
    blocks = list(network.subnets(prefixlen_diff=bits))
    private = [str(b) for b in blocks[:zones]]
    public_bits = math.ceil(math.log2(zones))
    public = [str(b) for b in list(blocks[-1].subnets(prefixlen_diff=max(public_bits, 1)))[:zones]]
    return private, public


class Network(Component):
    """VPC with private subnets per AZ, NAT gateways, S3/ECR/STS endpoints and VPC flow logs.

    Children: ``{name}-vpc``, ``{name}-private-<i>``, ``{name}-public-<i>``, ``{name}-igw``,
    ``{name}-nat-<i>``, ``{name}-s3-endpoint``, ``{name}-<svc>-endpoint``, ``{name}-flow-logs``,
    ``{name}-default-sg`` (the VPC's default group, no rules) and their routes and roles.
    """

    vpc_id: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[list[str]]

    def __init__(
        self,
        name: str,
        spec: NetworkSpec,
        *,
        tags: Mapping[str, str],
        log_key_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:Network", name, opts)
        zones = spec.zone_count
        if spec.az_ids is not None:
            az_ids: list[pulumi.Input[str]] = list(spec.az_ids)
        else:
            available = aws.get_availability_zones_output(
                state="available", opts=pulumi.InvokeOutputOptions(parent=self)
            )
            az_ids = [available.zone_ids[i] for i in range(zones)]
        private_cidrs, public_cidrs = subnet_plan(spec.cidr, zones)

        vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=spec.cidr,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags=with_name(tags, f"{name}-vpc"),
            opts=self.child_opts(),
        )
        # Adopts the group AWS made with the VPC and removes its rules (the provider revokes every
        # rule not listed); nothing in the platform uses it, so an empty group breaks nothing.
        aws.ec2.DefaultSecurityGroup(
            f"{name}-default-sg",
            vpc_id=vpc.id,
            ingress=[],
            egress=[],
            tags=with_name(tags, f"{name}-default-sg"),
            opts=self.child_opts(),
        )
        igw = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=vpc.id, tags=with_name(tags, f"{name}-igw"), opts=self.child_opts()
        )
        public_rt = aws.ec2.RouteTable(
            f"{name}-public-rt",
            vpc_id=vpc.id,
            routes=[{"cidr_block": "0.0.0.0/0", "gateway_id": igw.id}],
            tags=with_name(tags, f"{name}-public-rt"),
            opts=self.child_opts(),
        )
        nat_ids: list[pulumi.Output[str]] = []
        self.private_subnets: list[aws.ec2.Subnet] = []
        self.subnet_by_az_id: dict[str, pulumi.Output[str]] = {}
        private_route_tables: list[pulumi.Output[str]] = []
        for i in range(zones):
            public = aws.ec2.Subnet(
                f"{name}-public-{i}",
                vpc_id=vpc.id,
                cidr_block=public_cidrs[i],
                availability_zone_id=az_ids[i],
                map_public_ip_on_launch=False,
                tags=with_name(tags, f"{name}-public-{i}", **{"kubernetes.io/role/elb": "1"}),
                opts=self.child_opts(),
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{i}-rta",
                subnet_id=public.id,
                route_table_id=public_rt.id,
                opts=self.child_opts(),
            )
            if spec.nat == "per_az" or i == 0:
                eip = aws.ec2.Eip(
                    f"{name}-nat-{i}-eip",
                    domain="vpc",
                    tags=with_name(tags, f"{name}-nat-{i}"),
                    opts=self.child_opts(),
                )
                nat = aws.ec2.NatGateway(
                    f"{name}-nat-{i}",
                    subnet_id=public.id,
                    allocation_id=eip.id,
                    tags=with_name(tags, f"{name}-nat-{i}"),
                    opts=self.child_opts(depends_on=[igw]),
                )
                nat_ids.append(nat.id)
            private = aws.ec2.Subnet(
                f"{name}-private-{i}",
                vpc_id=vpc.id,
                cidr_block=private_cidrs[i],
                availability_zone_id=az_ids[i],
                tags=with_name(tags, f"{name}-private-{i}", **{"kubernetes.io/role/internal-elb": "1"}),
                opts=self.child_opts(),
            )
            route_table = aws.ec2.RouteTable(
                f"{name}-private-{i}-rt",
                vpc_id=vpc.id,
                routes=[{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat_ids[-1]}],
                tags=with_name(tags, f"{name}-private-{i}-rt"),
                opts=self.child_opts(),
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{i}-rta",
                subnet_id=private.id,
                route_table_id=route_table.id,
                opts=self.child_opts(),
            )
            private_route_tables.append(route_table.id)
            self.private_subnets.append(private)
            if spec.az_ids is not None:
                self.subnet_by_az_id[spec.az_ids[i]] = private.id

        self._endpoints(name, vpc, spec.cidr, private_route_tables, tags)
        self._flow_logs(name, vpc, spec, tags, log_key_arn)

        self.vpc = vpc
        self.vpc_id = vpc.id
        self.cidr = spec.cidr
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in self.private_subnets])
        self.private_route_table_ids: list[pulumi.Output[str]] = private_route_tables
        """One route table per private subnet, in AZ order (routes back to other networks go here)."""
        self.register_outputs({"vpc_id": self.vpc_id, "private_subnet_ids": self.private_subnet_ids})

    def _endpoints(
        self,
        name: str,
        vpc: aws.ec2.Vpc,
        cidr: str,
        route_tables: list[pulumi.Output[str]],
        tags: Mapping[str, str],
    ) -> None:
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        aws.ec2.VpcEndpoint(
            f"{name}-s3-endpoint",
            vpc_id=vpc.id,
            service_name=region.apply(lambda r: f"com.amazonaws.{r}.s3"),
            vpc_endpoint_type="Gateway",
            route_table_ids=route_tables,
            tags=with_name(tags, f"{name}-s3-endpoint"),
            opts=self.child_opts(),
        )
        endpoint_sg = https_from_vpc_security_group(
            self,
            f"{name}-endpoints-sg",
            f"{name}-endpoints-https",
            vpc_id=vpc.id,
            cidr=cidr,
            description="HTTPS from inside the VPC to interface endpoints",
            group_tags=with_name(tags, f"{name}-endpoints-sg"),
            rule_tags=tags,
        )
        for service in INTERFACE_ENDPOINTS:
            aws.ec2.VpcEndpoint(
                f"{name}-{service.replace('.', '-')}-endpoint",
                vpc_id=vpc.id,
                service_name=region.apply(lambda r, s=service: f"com.amazonaws.{r}.{s}"),
                vpc_endpoint_type="Interface",
                private_dns_enabled=True,
                subnet_ids=[s.id for s in self.private_subnets],
                security_group_ids=[endpoint_sg.id],
                tags=with_name(tags, f"{name}-{service}-endpoint"),
                opts=self.child_opts(),
            )

    def _flow_logs(
        self,
        name: str,
        vpc: aws.ec2.Vpc,
        spec: NetworkSpec,
        tags: Mapping[str, str],
        key_arn: pulumi.Input[str],
    ) -> None:
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            name=f"/aiinfra/{name}/vpc-flow-logs",
            retention_in_days=spec.flow_log_retention_days,
            kms_key_id=key_arn,
            tags=tags,
            opts=self.child_opts(),
        )
        role = aws.iam.Role(
            f"{name}-flow-logs-role",
            assume_role_policy=assume_role_policy("vpc-flow-logs.amazonaws.com"),
            tags=tags,
            opts=self.child_opts(),
        )
        aws.iam.RolePolicy(
            f"{name}-flow-logs-write",
            role=role.id,
            policy=log_group.arn.apply(
                lambda arn: policy_json(
                    [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogStreams",
                            ],
                            "Resource": [arn, f"{arn}:*"],
                        }
                    ]
                )
            ),
            opts=self.child_opts(),
        )
        aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=60,
            tags=tags,
            opts=self.child_opts(),
        )
