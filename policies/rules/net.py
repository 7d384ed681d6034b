"""AIP-NET: private control planes, no public accelerator nodes, fabric security groups, placement."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ..access import UnknownValueError, as_list, get, is_false, is_true, strings, tags_of
from ..cidrs import covers_internet, is_open_cidr, reaches_internet
from ..registry import Res, RuleContext, StackView, rule
from .common import (
    DEFAULT_SUBNET,
    EC2_INSTANCE,
    EKS_CLUSTER,
    EKS_COMPONENT_CLUSTER,
    EKS_NODE_GROUP,
    FLOW_LOG,
    GCE_INSTANCE,
    GCP_FIREWALL,
    GCP_FIREWALL_POLICY_RULES,
    GCP_SUBNETWORK,
    GKE_CLUSTER,
    GKE_NODE_POOL,
    LAUNCH_TEMPLATE,
    PLACEMENT_GROUP,
    SECURITY_GROUP,
    SG_EGRESS_RULE,
    SG_INGRESS_RULE,
    SG_RULE,
    SUBNET,
    TPU_VM,
    VPC,
    efa_interfaces,
    is_accelerator_instance,
    is_accelerator_node_group,
    is_accelerator_node_pool,
    is_accelerator_type,
    targets_reservation,
    urn_type,
)
from .ingress import Grant, grants_of, world_open

__all__ = ["is_open_cidr"]  # re-exported: tests and users judge single blocks with it


@rule(
    "AIP-NET-001",
    "eks-private-endpoint",
    title="EKS API endpoint not open to the internet",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_38", "Checkov CKV_AWS_39"),
    types=(EKS_CLUSTER, EKS_COMPONENT_CLUSTER),
    description="EKS clusters disable the public API endpoint or restrict it to specific CIDRs. A pulumi_eks `eks:index:Cluster` (a remote component, not expanded offline) is judged on its own endpointPublicAccess/publicAccessCidrs inputs (pulumi-eks defaults endpointPublicAccess to true).",
    remediation="Set vpc_config.endpoint_public_access=False and endpoint_private_access=True, or list public_access_cidrs without 0.0.0.0/0 or ::/0.",
    unknown="An unknown endpointPublicAccess or publicAccessCidrs gives an unknown verdict. Absent endpointPublicAccess means public (the AWS default).",
    references=(
        "CKV_AWS_38",
        "CKV_AWS_39",
        "AVD-AWS-0040",
        "AVD-AWS-0041",
        "CIS EKS 5.4.1",
        "CIS EKS 5.4.2",
        "aws-eks-cluster-disallow-api-endpoint-public-access",
    ),
    equivalents=(
        "A list of CIDR blocks is judged by the addresses it covers (Python's ipaddress): 0.0.0.0/0, 0.0.0.0/1 + 128.0.0.0/1, any split of the address space, every public block without the private and reserved ones, host bits set (1.2.3.4/0) and surrounding blanks are one grant; so are ::/0, ::/1 + 8000::/1 and 2000::/3 (all global unicast).",
        "A list that misses any internet address (0.0.0.0/1 alone, all public /8s but one) is not the whole internet.",
    ),
)
def net_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    settings = res.props if res.type == EKS_COMPONENT_CLUSTER else get(res.props, "vpcConfig")
    public = get(settings, "endpointPublicAccess")
    if is_false(public):
        return
    cidrs = strings(get(settings, "publicAccessCidrs"))
    if not cidrs:
        yield "the API endpoint is public to 0.0.0.0/0 (endpointPublicAccess is not false and publicAccessCidrs is unset)."
    elif covers_internet(cidrs):
        yield "the public API endpoint allows the whole internet (0.0.0.0/0, ::/0 or CIDRs that together cover it)."


@rule(
    "AIP-NET-002",
    "gke-private-cluster",
    title="GKE private nodes and a restricted control-plane endpoint",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_GCP_25", "Checkov CKV_GCP_64", "Checkov CKV_GCP_18", "Checkov CKV_GCP_20"),
    types=(GKE_CLUSTER,),
    description="GKE clusters use private nodes and either a private endpoint or master authorized networks.",
    remediation="Set private_cluster_config.enable_private_nodes=True and either enable_private_endpoint=True or master_authorized_networks_config with specific CIDR blocks.",
    unknown="Unknown flags give an unknown verdict.",
    references=(
        "CKV_GCP_25",
        "CKV_GCP_64",
        "CKV_GCP_18",
        "CKV_GCP_20",
        "AVD-GCP-0059",
        "AVD-GCP-0061",
        "AVD-GCP-0053",
    ),
    equivalents=(
        "A list of CIDR blocks is judged by the addresses it covers (Python's ipaddress): 0.0.0.0/0, 0.0.0.0/1 + 128.0.0.0/1, any split of the address space, every public block without the private and reserved ones, host bits set (1.2.3.4/0) and surrounding blanks are one grant; so are ::/0, ::/1 + 8000::/1 and 2000::/3 (all global unicast).",
        "A list that misses any internet address (0.0.0.0/1 alone, all public /8s but one) is not the whole internet.",
    ),
)
def net_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    pcc = get(res.props, "privateClusterConfig")
    if not is_true(get(pcc, "enablePrivateNodes")):
        yield "privateClusterConfig.enablePrivateNodes is not true."
    if is_true(get(pcc, "enablePrivateEndpoint")):
        return
    man = get(res.props, "masterAuthorizedNetworksConfig")
    if man is None:
        yield "the control-plane endpoint is public and masterAuthorizedNetworksConfig is not set."
        return
    blocks = [get(b, "cidrBlock") for b in as_list(get(man, "cidrBlocks"))]
    if covers_internet(blocks):
        yield "masterAuthorizedNetworksConfig allows the whole internet (0.0.0.0/0 or CIDRs that together cover it)."


@rule(
    "AIP-NET-003",
    "no-public-ip-accelerators",
    title="No public IPs on accelerator nodes",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_88", "Checkov CKV2_GCP_32"),
    types=(LAUNCH_TEMPLATE, EC2_INSTANCE, GKE_NODE_POOL, TPU_VM, GCE_INSTANCE),
    description="Accelerator nodes get no public IP addresses.",
    remediation="Remove associate_public_ip_address from launch-template network interfaces and instances, keep GKE node pools private (network_config.enable_private_nodes not False), leave TPU network_config.enable_external_ips False and give GCE accelerator VMs no access_configs.",
    unknown="An unknown associatePublicIpAddress / enableExternalIps gives an unknown verdict; launch templates without an instance type are judged (node groups pick the type).",
    references=("CKV_AWS_88", "AVD-AWS-0009", "CKV2_GCP_32", "CIS EKS 5.4.3"),
)
def net_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == LAUNCH_TEMPLATE:
        itype = get(res.props, "instanceType")
        if itype is not None and not is_accelerator_type(itype) and not efa_interfaces(res.props):
            return
        for i, ni in enumerate(as_list(get(res.props, "networkInterfaces"))):
            if is_true(get(ni, "associatePublicIpAddress")):
                yield f"networkInterfaces[{i}].associatePublicIpAddress is true."
    elif res.type == EC2_INSTANCE:
        if is_accelerator_instance(res) and is_true(get(res.props, "associatePublicIpAddress")):
            yield "associatePublicIpAddress is true on an accelerator instance."
    elif res.type == GKE_NODE_POOL:
        if is_accelerator_node_pool(res) and is_false(get(res.props, "networkConfig", "enablePrivateNodes")):
            yield "networkConfig.enablePrivateNodes is false on an accelerator node pool."
    elif res.type == TPU_VM:
        if is_true(get(res.props, "networkConfig", "enableExternalIps")):
            yield "networkConfig.enableExternalIps is true."
    elif res.type == GCE_INSTANCE and is_accelerator_instance(res):
        for i, ni in enumerate(as_list(get(res.props, "networkInterfaces"))):
            if as_list(get(ni, "accessConfigs")):
                yield f"networkInterfaces[{i}] has an access config (external IP)."


@rule(
    "AIP-NET-004",
    "no-world-ingress",
    title="No ingress from the whole internet",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_24", "Checkov CKV_AWS_25", "Checkov CKV_AWS_260", "Checkov CKV_AWS_277"),
    types=(SECURITY_GROUP, SG_INGRESS_RULE, SG_RULE, GCP_FIREWALL, *GCP_FIREWALL_POLICY_RULES),
    stack=True,
    description="Security groups (inline rules, aws.vpc.SecurityGroupIngressRule and aws.ec2.SecurityGroupRule resources together), GCP firewalls of one network and target, and firewall-policy rules allow no port from the whole internet: 0.0.0.0/0, ::/0, or source ranges that together cover every internet address (0.0.0.0/1 + 128.0.0.0/1); a GCP ingress firewall without any source counts as 0.0.0.0/0.",
    remediation="Restrict ingress sources to known CIDRs or security groups; put public load balancers behind a waiver with an owner and an expiry.",
    unknown="Grants are joined to their security group, network or firewall policy through property dependencies (else the literal id); a resource with an unknown CIDR list or protocol gives an unknown verdict for the rule, after every known violation is reported.",
    references=("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "AVD-AWS-0107", "AVD-GCP-0027"),
    fixes={
        "aws": "Restrict security-group ingress (inline, aws.vpc.SecurityGroupIngressRule or aws.ec2.SecurityGroupRule) to known CIDRs or security groups; waive public load balancers with an owner and an expiry.",
        "gcp": "Give every ingress gcp.compute.Firewall explicit source_ranges (or source_tags / source_service_accounts) narrower than 0.0.0.0/0, and the same for firewall-policy rules' match.src_ip_ranges; waive public load balancers with an owner and an expiry.",
    },
    equivalents=(
        "A list of CIDR blocks is judged by the addresses it covers (Python's ipaddress): 0.0.0.0/0, 0.0.0.0/1 + 128.0.0.0/1, any split of the address space, every public block without the private and reserved ones, host bits set (1.2.3.4/0) and surrounding blanks are one grant; so are ::/0, ::/1 + 8000::/1 and 2000::/3 (all global unicast).",
        "A list that misses any internet address (0.0.0.0/1 alone, all public /8s but one) is not the whole internet.",
        "Grants of one security group are united whatever carries them: inline ingress entries, aws.vpc.SecurityGroupIngressRule and aws.ec2.SecurityGroupRule resources (joined by the securityGroupId property dependency, else its literal value); GCP firewalls are united per network and target tags/service accounts (a firewall without targets counts for every target); firewall-policy rules per policy and targets.",
        "Sources are united per protocol and port: protocol spellings -1/all/ALL, tcp/TCP/6, udp/17, icmp/1 are one protocol, an all-protocols grant counts for every protocol, and port ranges are split where they overlap; two halves on different ports, groups or targets are not united.",
        "A GCP ingress firewall without sourceRanges, sourceTags or sourceServiceAccounts is 0.0.0.0/0; direction is compared case-insensitively.",
    ),
)
def net_004(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    unknown: list[UnknownValueError] = []
    grants: dict[str, list[Grant]] = {}
    for g in grants_of(stack, unknown):
        grants.setdefault(g.target, []).append(g)
    for target_grants in grants.values():
        opened: dict[str, list[str]] = {}
        partners: dict[str, set[str]] = {}
        by_urn: dict[str, Grant] = {}
        for what, covering in world_open(target_grants):
            public = [g for g in covering if any(reaches_internet(c) for c in g.cidrs)]
            names = {g.res.name for g in public}
            for g in public:
                by_urn.setdefault(g.res.urn, g)
                if what not in opened.setdefault(g.res.urn, []):
                    opened[g.res.urn].append(what)
                partners.setdefault(g.res.urn, set()).update(names - {g.res.name})
        for urn, whats in opened.items():
            g = by_urn[urn]
            others = sorted(partners[urn])
            if g.implicit_source:
                yield (
                    urn,
                    "the firewall has no sourceRanges, sourceTags or sourceServiceAccounts, which GCP treats as 0.0.0.0/0.",
                )
            elif others:
                yield (
                    urn,
                    f"{g.where} together with {', '.join(others)} allows {'; '.join(whats)} from the whole internet (their source ranges cover it).",
                )
            else:
                yield urn, f"{g.where} allows {'; '.join(whats)} from the whole internet."
    if unknown:  # every known violation is reported first
        raise unknown[0]


def _all_protocols(value: object) -> bool:
    return str(value).lower() in ("-1", "all")


def _self_rules(stack: StackView) -> dict[str, set[str]]:
    """SG URN -> directions ('ingress', 'egress') in which it allows all protocols to itself."""
    out: dict[str, set[str]] = {}
    sg_urns = {sg.urn for sg in stack.of(SECURITY_GROUP)}
    for sg in stack.of(SECURITY_GROUP):
        for direction in ("ingress", "egress"):
            for r in as_list(get(sg.props, direction)):
                if _all_protocols(get(r, "protocol")) and is_true(get(r, "self")):
                    out.setdefault(sg.urn, set()).add(direction)

    def same_group(rule_res: Res, a: str, b: str) -> str | None:
        a_deps = [u for u in rule_res.deps_of(a) if u in sg_urns]
        b_deps = [u for u in rule_res.deps_of(b) if u in sg_urns]
        shared = set(a_deps) & set(b_deps)
        if shared:
            return next(iter(shared))
        try:
            va, vb = get(rule_res.props, a), get(rule_res.props, b)
        except UnknownValueError:
            return None
        if isinstance(va, str) and va and va == vb and a_deps:
            return a_deps[0]
        return None

    for r in stack.of(SG_INGRESS_RULE, SG_EGRESS_RULE):
        if _all_protocols(get(r.props, "ipProtocol")):
            target = same_group(r, "securityGroupId", "referencedSecurityGroupId")
            if target:
                out.setdefault(target, set()).add("ingress" if r.type == SG_INGRESS_RULE else "egress")
    for r in stack.of(SG_RULE):
        if not _all_protocols(get(r.props, "protocol")):
            continue
        direction = get(r.props, "type")
        target = None
        if is_true(get(r.props, "self")):
            target = next((u for u in r.deps_of("securityGroupId") if u in sg_urns), None)
        else:
            target = same_group(r, "securityGroupId", "sourceSecurityGroupId")
        if target and direction in ("ingress", "egress"):
            out.setdefault(target, set()).add(direction)
    return out


@rule(
    "AIP-NET-005",
    "efa-self-referencing-sg",
    title="EFA interfaces attach a self-referencing security group",
    severity="high",
    enforcement="mandatory",
    types=(LAUNCH_TEMPLATE,),
    stack=True,
    description="Launch templates with EFA (efa or efa-only) interfaces attach a security group that allows all protocols in and out to itself.",
    remediation="Create the node security group with ingress and egress rules of protocol -1 with self=True (or SecurityGroupIngressRule/EgressRule whose referenced group is the group itself) and attach it to every EFA interface; the EKS cluster security group also qualifies.",
    unknown="Security groups are resolved through property dependencies, so unknown ids at preview still resolve. A group that is not defined in the program cannot be verified and is reported (waive it with its owner when it is managed elsewhere).",
    references=("AWS EFA user guide", "terraform-aws-eks all_self_efa"),
)
def net_005(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    lts = [lt for lt in stack.of(LAUNCH_TEMPLATE) if efa_interfaces(lt.props)]
    if not lts:
        return
    self_rules = _self_rules(stack)
    for lt in lts:
        deps = lt.deps_of("networkInterfaces", "vpcSecurityGroupIds")
        groups = [u for u in deps if urn_type(u) == SECURITY_GROUP]
        cluster_sg = any(urn_type(u) == EKS_CLUSTER for u in deps)
        if cluster_sg:
            continue  # the EKS cluster security group allows all traffic from itself
        if any({"ingress", "egress"} <= self_rules.get(g, set()) for g in groups):
            continue
        if not groups:
            yield (
                lt.urn,
                (
                    f"launch template '{lt.name}' has EFA interfaces but none of its security groups is defined in "
                    "this program, so the self-referencing all-traffic rule cannot be verified."
                ),
            )
        else:
            yield (
                lt.urn,
                (
                    f"launch template '{lt.name}' has EFA interfaces but no attached security group allows all "
                    "protocols inbound and outbound to itself."
                ),
            )


@rule(
    "AIP-NET-006",
    "efa-cluster-placement",
    title="EFA nodes in a cluster placement group",
    severity="medium",
    enforcement="advisory",
    types=(LAUNCH_TEMPLATE,),
    stack=True,
    description="EFA launch templates place instances in a cluster placement group unless they target a capacity reservation or Capacity Block.",
    remediation="Create aws.ec2.PlacementGroup(strategy='cluster') and set placement.group_name on the EFA launch template; do not when the template targets an ODCR or Capacity Block.",
    unknown="The placement group is resolved through property dependencies or its name; an unknown strategy gives an unknown verdict.",
    references=("AWS PCS EFA guidance", "terraform-aws-eks PR #3730"),
)
def net_006(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    groups = stack.of(PLACEMENT_GROUP)
    by_name = {}
    for pg in groups:
        with contextlib.suppress(UnknownValueError):
            by_name[get(pg.props, "name")] = pg
    for lt in stack.of(LAUNCH_TEMPLATE):
        if not efa_interfaces(lt.props) or targets_reservation(lt.props):
            continue
        pgs = stack.resolve(lt.deps_of("placement"), PLACEMENT_GROUP)
        if not pgs:
            try:
                name = get(lt.props, "placement", "groupName")
            except UnknownValueError:
                name = None
            if name in by_name:
                pgs = [by_name[name]]
        if not any(get(pg.props, "strategy") == "cluster" for pg in pgs):
            yield lt.urn, f"EFA launch template '{lt.name}' is not placed in a cluster placement group."


@rule(
    "AIP-NET-007",
    "efa-single-az",
    title="EFA node groups stay in one subnet or availability zone",
    severity="medium",
    enforcement="advisory",
    types=(EKS_NODE_GROUP,),
    stack=True,
    description="EKS node groups that launch EFA templates use one subnet or subnets in a single availability zone.",
    remediation="Give EFA node groups a single subnet (in the reservation's AZ) or subnets of one availability zone.",
    unknown="Subnets are resolved through property dependencies; unknown availability zones give an unknown verdict.",
    references=("AWS ParallelCluster EFA docs",),
)
def net_007(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for ng in stack.of(EKS_NODE_GROUP):
        lts = stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
        if not any(efa_interfaces(lt.props) for lt in lts):
            continue
        subnet_ids = as_list(get(ng.props, "subnetIds"))
        if len(subnet_ids) <= 1:
            continue
        subnets = stack.resolve(ng.deps_of("subnetIds"), SUBNET)
        zones = {get(s.props, "availabilityZone") or get(s.props, "availabilityZoneId") for s in subnets}
        if len(subnets) == len(subnet_ids) and len(zones) == 1 and None not in zones:
            continue
        yield (
            ng.urn,
            f"EFA node group '{ng.name}' spans {len(subnet_ids)} subnets that are not all in one availability zone.",
        )


_TRAINING_LABEL = {
    "trainingLabel": {
        "type": "string",
        "default": "multi-node-training",
        "description": "Label/tag key that marks multi-node training pools (value 'true').",
    }
}


def _family(machine_type: str) -> str:
    return machine_type.split("-", 1)[0]


@rule(
    "AIP-NET-008",
    "gke-compact-placement",
    title="GKE multi-node accelerator pools use compact placement",
    severity="medium",
    enforcement="advisory",
    types=(GKE_NODE_POOL,),
    description="GKE A3/A4 and TPU pools marked for multi-node training use COMPACT placement, a workload policy (A4X, TPU7x), a TPU topology or a specific reservation.",
    remediation="Set placement_policy={'type': 'COMPACT'} (A4X/TPU7x: policy_name of a compute.ResourcePolicy workload policy), or consume a specific reservation.",
    unknown="Unknown machine type, labels or placement give an unknown verdict.",
    references=("GKE docs: compact placement", "vllm-project/ci-infra#547"),
    config=_TRAINING_LABEL,
)
def net_008(res: Res, ctx: RuleContext) -> Iterator[str]:
    machine = get(res.props, "nodeConfig", "machineType")
    if not isinstance(machine, str):
        return
    family = _family(machine)
    tpu = family.startswith("ct") or family.startswith("tpu")
    if family not in ("a3", "a4", "a4x") and not tpu:
        return
    label = ctx.config.get("trainingLabel", "multi-node-training")
    if str(tags_of(res.props).get(label, "")).lower() != "true":
        return  # single-node pools (and single-host TPU slices) need no compact placement
    placement = get(res.props, "placementPolicy")
    if get(placement, "type") == "COMPACT":
        return
    if family in ("a4x", "tpu7x") and get(placement, "policyName"):
        return
    if tpu and (
        get(placement, "tpuTopology")
        or get(res.props, "nodeConfig", "reservationAffinity", "consumeReservationType")
        == "SPECIFIC_RESERVATION"
    ):
        return
    yield f"{machine} pool has no COMPACT placement policy" + (
        " or workload policy." if family in ("a4x", "tpu7x") else "."
    )


@rule(
    "AIP-NET-009",
    "accelerator-vpc-flow-logs",
    title="Networks hosting accelerators have flow logs",
    severity="medium",
    enforcement="advisory",
    peers=("Checkov CKV2_AWS_11",),
    types=(VPC, GCP_SUBNETWORK),
    stack=True,
    description="In programs that create accelerator capacity, every VPC has a flow log and every GCP subnetwork (except RoCE network-profile subnets) has log_config.",
    remediation="Add aws.ec2.FlowLog(vpc_id=vpc.id, ...) for each VPC, and log_config on each gcp.compute.Subnetwork.",
    unknown="Flow logs are joined through property dependencies; unknown log settings give an unknown verdict.",
    references=("CKV2_AWS_11", "AVD-AWS-0178", "AVD-GCP-0029"),
)
def net_009(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    has_accel = (
        any(is_accelerator_node_group(ng) for ng in stack.of(EKS_NODE_GROUP))
        or any(is_accelerator_node_pool(p) for p in stack.of(GKE_NODE_POOL))
        or any(is_accelerator_instance(i) for i in stack.of(EC2_INSTANCE, GCE_INSTANCE))
        or bool(stack.of(TPU_VM))
        or any(
            efa_interfaces(lt.props) or is_accelerator_type(get(lt.props, "instanceType"))
            for lt in stack.of(LAUNCH_TEMPLATE)
        )
    )
    if not has_accel:
        return
    logged: set[str] = set()
    subnet_vpc = {}
    for s in stack.of(SUBNET):
        vpc = next((u for u in s.deps_of("vpcId") if urn_type(u) == VPC), None)
        if vpc:
            subnet_vpc[s.urn] = vpc
    for fl in stack.of(FLOW_LOG):
        for u in fl.deps_of("vpcId", "subnetId"):
            logged.add(subnet_vpc.get(u, u))
    for vpc in stack.of(VPC):
        if vpc.urn not in logged:
            yield vpc.urn, f"VPC '{vpc.name}' hosts accelerators but has no flow log."
    roce = {
        n.urn
        for n in stack.of("gcp:compute/network:Network")
        if "roce" in str(get(n.props, "networkProfile") or "").lower()
    }
    for sn in stack.of(GCP_SUBNETWORK):
        if any(u in roce for u in sn.deps_of("network")):
            continue  # RDMA (RoCE network profile) VPCs carry no IP flow to log
        if get(sn.props, "logConfig") is None:
            yield sn.urn, f"subnetwork '{sn.name}' hosts accelerators but has no logConfig."


def _public_subnets(stack: StackView) -> dict[str, str]:
    """URN -> reason for subnets that give instances public IPs (mapPublicIpOnLaunch, default subnets)."""
    out = {}
    for sn in stack.of(SUBNET):
        if is_true(get(sn.props, "mapPublicIpOnLaunch")):
            out[sn.urn] = f"subnet '{sn.name}' sets mapPublicIpOnLaunch"
    for sn in stack.of(DEFAULT_SUBNET):
        if not is_false(get(sn.props, "mapPublicIpOnLaunch")):
            out[sn.urn] = f"default subnet '{sn.name}' maps public IPs on launch"
    return out


def _explicit_no_public_ip(lts: list[Res]) -> bool:
    nis = [ni for lt in lts for ni in as_list(get(lt.props, "networkInterfaces"))]
    return bool(nis) and all(is_false(get(ni, "associatePublicIpAddress")) for ni in nis)


@rule(
    "AIP-NET-010",
    "accelerators-off-public-subnets",
    title="Accelerator nodes do not get public IPs from their subnet or the default VPC",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_130", "Checkov CKV_AWS_88"),
    types=(EKS_NODE_GROUP, LAUNCH_TEMPLATE, EC2_INSTANCE),
    stack=True,
    description="EKS accelerator node groups, accelerator launch templates and instances are not placed in subnets with mapPublicIpOnLaunch or in default subnets, and accelerator instances do not launch into the default VPC, unless their network interfaces set associatePublicIpAddress false.",
    rationale="A subnet that maps public IPs gives every GPU node an internet-reachable address even though no resource asks for one; the default VPC's subnets all do.",
    remediation="Place accelerator node groups and instances in private subnets (map_public_ip_on_launch=False, egress through NAT or VPC endpoints), never in the default VPC; or set associate_public_ip_address=False on every launch-template network interface.",
    unknown="Subnets are resolved through property dependencies; a subnet defined outside the program cannot be judged and passes; unknown flags give an unknown verdict.",
    references=("CKV_AWS_130", "CKV_AWS_88", "AVD-AWS-0164", "CIS EKS 5.4.3"),
)
def net_010(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    public = _public_subnets(stack)
    if public:  # only resources placed in a public subnet need the (costlier) accelerator test
        for ng in stack.of(EKS_NODE_GROUP):
            hits = [u for u in ng.deps_of("subnetIds") if u in public]
            if not hits or not is_accelerator_node_group(ng):
                continue
            if _explicit_no_public_ip(stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)):
                continue
            for urn in hits:
                yield ng.urn, f"accelerator node group '{ng.name}' launches into {public[urn]}."
        for res in stack.of(LAUNCH_TEMPLATE, EC2_INSTANCE):
            hits = [u for u in res.deps_of("subnetId", "networkInterfaces") if u in public]
            if not hits or not _accelerator_host(res) or _no_public_ip(res):
                continue
            for urn in hits:
                yield (
                    res.urn,
                    f"accelerator {res.type.rsplit(':', 1)[-1]} '{res.name}' launches into {public[urn]}.",
                )
    for inst in stack.of(EC2_INSTANCE):
        # accelerator first (issue 26 precision): an unknown subnet of a web server is no business of this rule
        if not _accelerator_host(inst):
            continue
        if inst.deps_of("subnetId") or get(inst.props, "subnetId") is not None:
            continue
        if (
            as_list(get(inst.props, "networkInterfaces"))
            or not _accelerator_host(inst)
            or _no_public_ip(inst)
        ):
            continue
        yield (
            inst.urn,
            f"accelerator instance '{inst.name}' names no subnet, so it launches into the default VPC (public IPs by default).",
        )


def _accelerator_host(res: Res) -> bool:
    if res.type == EC2_INSTANCE:
        return is_accelerator_instance(res)
    return is_accelerator_type(get(res.props, "instanceType")) or bool(efa_interfaces(res.props))


def _no_public_ip(res: Res) -> bool:
    if res.type == EC2_INSTANCE:
        return is_false(get(res.props, "associatePublicIpAddress"))
    return _explicit_no_public_ip([res])
