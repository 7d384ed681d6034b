"""How each resource type is billed, so the cost estimate can say what it priced, excluded or ignores.

Every custom resource type a shipped stack registers is one of:

- **hourly**: billed per hour while it exists; the estimate prices it or names it as excluded
  (``aiinfra/cost.py``: pools, control planes, NAT, endpoints, file systems, system node pools,
  databases, and :data:`EXCLUDED_HOURLY`);
- **usage**: billed by what flows through or is stored (requests, GB, samples), covered by the
  estimate's "usage-based charges excluded" note;
- **free**: no charge of its own (configuration, identities, policies, routes).

:func:`unclassified` lists the types of a plan that none of these names, so a program's plan says
what its cost estimate does not know. Classification facts are read from each service's pricing page
model (hourly vs per-request), not prices.
"""

from __future__ import annotations

from collections.abc import Iterable

PRICED_HOURLY = frozenset(
    {
        "aws:eks/cluster:Cluster",
        "aws:eks/nodeGroup:NodeGroup",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/vpcEndpoint:VpcEndpoint",  # interface endpoints hourly; gateway endpoints free
        "aws:fsx/lustreFileSystem:LustreFileSystem",
        "aws:rds/instance:Instance",
        "gcp:container/cluster:Cluster",
        "gcp:container/nodePool:NodePool",
        "gcp:sql/databaseInstance:DatabaseInstance",
    }
)
"""Hourly types cost.py prices line by line (or names as excluded with the reason)."""

EXCLUDED_HOURLY: dict[str, tuple[str, str]] = {
    "gcp:compute/routerNat:RouterNat": ("Cloud NAT gateways", "no sourced rate"),
    "gcp:lustre/instance:Instance": ("Managed Lustre instances", "no sourced rate"),
    "gcp:filestore/instance:Instance": ("Filestore instances", "no sourced rate"),
    "aws:ec2/vpnConnection:VpnConnection": ("Site-to-Site VPN connections", "no sourced rate"),
    "gcp:compute/vPNTunnel:VPNTunnel": ("Cloud VPN tunnels", "no sourced rate"),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ("transit gateway attachments", "no sourced rate"),
    "aws:ec2/eip:Eip": ("public IPv4 addresses (Elastic IPs)", "no sourced rate for public IPv4 hours"),
    "aws:amp/scraper:Scraper": ("Amazon Managed Prometheus collectors", "no sourced rate"),
    "aws:grafana/workspace:Workspace": (
        "Amazon Managed Grafana workspaces",
        "billed per active user per month, not per hour",
    ),
    "aws:datasync/agent:Agent": ("DataSync agents", "the agent VM runs on your own host"),
}
"""Hourly (or fixed monthly) types with no sourced rate: always listed as excluded, by name and reason."""

USAGE = frozenset(
    {
        "aws:amp/workspace:Workspace",
        "aws:amp/alertManagerDefinition:AlertManagerDefinition",
        "aws:amp/ruleGroupNamespace:RuleGroupNamespace",
        "aws:cloudtrail/trail:Trail",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:datasync/task:Task",
        "aws:ec2/flowLog:FlowLog",
        "aws:ec2transitgateway/transitGateway:TransitGateway",
        "aws:kms/key:Key",
        "aws:s3/bucket:Bucket",
        "aws:sns/topic:Topic",
        "gcp:kms/cryptoKey:CryptoKey",
        "gcp:logging/projectBucketConfig:ProjectBucketConfig",
        "gcp:logging/projectSink:ProjectSink",
        "gcp:pubsub/topic:Topic",
        "gcp:storage/bucket:Bucket",
        "gcp:storage/transferJob:TransferJob",
        "gcp:storage/transferAgentPool:TransferAgentPool",
        "gcp:monitoring/alertPolicy:AlertPolicy",
    }
)
"""Types billed by use (requests, GB stored or moved, samples): the usage note covers them."""

FREE_PREFIXES = ("kubernetes:", "pulumi:providers:", "random:", "grafana:oss/", "tls:", "command:")
"""Objects with no cloud charge of their own (Kubernetes objects run on nodes already priced)."""

FREE = frozenset(
    {
        "aws:autoscaling/schedule:Schedule",
        "aws:autoscaling/tag:Tag",
        "aws:costexplorer/costAllocationTag:CostAllocationTag",
        "aws:datasync/locationObjectStorage:LocationObjectStorage",
        "aws:datasync/s3Location:S3Location",
        "aws:ec2/customerGateway:CustomerGateway",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/launchTemplate:LaunchTemplate",
        "aws:ec2/placementGroup:PlacementGroup",
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/vpc:Vpc",
        "aws:eks/accessEntry:AccessEntry",
        "aws:eks/addon:Addon",
        "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation",
        "aws:grafana/workspaceServiceAccount:WorkspaceServiceAccount",
        "aws:grafana/workspaceServiceAccountToken:WorkspaceServiceAccountToken",
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:kms/alias:Alias",
        "aws:rds/parameterGroup:ParameterGroup",
        "aws:rds/subnetGroup:SubnetGroup",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "gcp:compute/externalVpnGateway:ExternalVpnGateway",
        "gcp:compute/firewall:Firewall",
        "gcp:compute/globalAddress:GlobalAddress",
        "gcp:compute/haVpnGateway:HaVpnGateway",
        "gcp:compute/network:Network",
        "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig",
        "gcp:compute/resourcePolicy:ResourcePolicy",
        "gcp:compute/router:Router",
        "gcp:compute/routerInterface:RouterInterface",
        "gcp:compute/routerPeer:RouterPeer",
        "gcp:compute/subnetwork:Subnetwork",
        "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
        "gcp:kms/keyRing:KeyRing",
        "gcp:monitoring/notificationChannel:NotificationChannel",
        "gcp:projects/iAMAuditConfig:IAMAuditConfig",
        "gcp:projects/iAMMember:IAMMember",
        "gcp:projects/serviceIdentity:ServiceIdentity",
        "gcp:pubsub/topicIAMMember:TopicIAMMember",
        "gcp:serviceaccount/account:Account",
        "gcp:serviceaccount/iAMMember:IAMMember",
        "gcp:servicenetworking/connection:Connection",
        "gcp:sql/database:Database",
        "gcp:sql/user:User",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
    }
)
"""Types with no charge of their own."""


def classified(resource_type: str) -> bool:
    """True when the estimate knows how ``resource_type`` is billed."""
    return (
        resource_type in PRICED_HOURLY
        or resource_type in EXCLUDED_HOURLY
        or resource_type in USAGE
        or resource_type in FREE
        or resource_type.startswith(FREE_PREFIXES)
    )


def unclassified(resource_types: Iterable[str]) -> list[str]:
    """The distinct types among ``resource_types`` the estimate does not know how to bill (sorted)."""
    return sorted({t for t in resource_types if not classified(t)})
