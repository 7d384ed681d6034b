"""Your own network and cluster, written by hand: a private VPC, two private subnets, an EKS
cluster with a private endpoint and envelope-encrypted secrets, and the node IAM role."""

import ipaddress
import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
cidr = config.require("vpcCidr")
version = config.require("clusterVersion")


def _assume(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        }
    )


def private_cluster(name, keys, tags):
    """VPC, the subnet for the GPU pool, the EKS cluster and the node role."""
    vpc = aws.ec2.Vpc(
        f"{name}-vpc", cidr_block=cidr, enable_dns_hostnames=True, enable_dns_support=True, tags=tags
    )
    # adopt the VPC's default security group with no rules (AWS makes it allow all; AIP-NET-050)
    aws.ec2.DefaultSecurityGroup(f"{name}-default-sg", vpc_id=vpc.id, ingress=[], egress=[], tags=tags)
    logs = aws.cloudwatch.LogGroup(
        f"{name}-flow-logs", retention_in_days=365, kms_key_id=keys.arn("logs"), tags=tags
    )
    flow_role = aws.iam.Role(
        f"{name}-flow-logs", assume_role_policy=_assume("vpc-flow-logs.amazonaws.com"), tags=tags
    )
    aws.ec2.FlowLog(
        f"{name}-flow-log",
        vpc_id=vpc.id,
        traffic_type="ALL",
        log_destination=logs.arn,
        iam_role_arn=flow_role.arn,
        tags=tags,
    )
    zones = aws.get_availability_zones(state="available")
    subnets = [
        aws.ec2.Subnet(
            f"{name}-private-{i}",
            vpc_id=vpc.id,
            cidr_block=str(block),
            availability_zone_id=zone,
            map_public_ip_on_launch=False,
            tags={**tags, "kubernetes.io/role/internal-elb": "1"},
        )
        for i, (zone, block) in enumerate(
            zip(
                ["usw2-az2", zones.zone_ids[2]],
                ipaddress.ip_network(cidr).subnets(new_prefix=18),
                strict=False,
            )
        )
    ]
    cluster_role = aws.iam.Role(f"{name}-cluster", assume_role_policy=_assume("eks.amazonaws.com"), tags=tags)
    aws.iam.RolePolicyAttachment(
        f"{name}-cluster-policy",
        role=cluster_role.name,
        policy_arn="arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    )
    cluster = aws.eks.Cluster(
        f"{name}-eks",
        version=version,
        role_arn=cluster_role.arn,
        vpc_config={
            "subnet_ids": [s.id for s in subnets],
            "endpoint_private_access": True,
            "endpoint_public_access": False,
        },
        encryption_config={"provider": {"key_arn": keys.arn("cluster")}, "resources": ["secrets"]},
        enabled_cluster_log_types=["api", "audit", "authenticator", "controllerManager", "scheduler"],
        access_config={"authentication_mode": "API"},
        tags=tags,
    )
    aws.iam.OpenIdConnectProvider(
        f"{name}-oidc",
        url=cluster.identities[0].oidcs[0].issuer,
        client_id_lists=["sts.amazonaws.com"],
        tags=tags,
    )
    node_role = aws.iam.Role(f"{name}-nodes", assume_role_policy=_assume("ec2.amazonaws.com"), tags=tags)
    for policy in ("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"):
        aws.iam.RolePolicyAttachment(
            f"{name}-nodes-{policy}", role=node_role.name, policy_arn=f"arn:aws:iam::aws:policy/{policy}"
        )
    return vpc, subnets[0], cluster, node_role
