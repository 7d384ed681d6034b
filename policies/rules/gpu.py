"""AIP-GPU: accelerator allowlists, caps, budget, capacity type, cost tags, reservations, drivers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..access import as_float, as_list, get, is_true, tags_of
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    AI_DATA_CONFIG,
    EBS_VOLUME,
    EC2_INSTANCE,
    EFS,
    EKS_NODE_GROUP,
    FSX_LUSTRE,
    GCE_INSTANCE,
    GCP_FILESTORE,
    GCP_LUSTRE,
    GCS_BUCKET,
    GKE_NODE_POOL,
    LAUNCH_TEMPLATE,
    S3_BUCKETS,
    TPU_VM,
    catalog_accelerator_types,
    catalog_entry,
    gke_accelerators,
    is_accelerator_instance,
    is_accelerator_node_group,
    is_accelerator_node_pool,
    is_accelerator_type,
    is_ai_data_store,
    matches_any,
    node_group_types,
    targets_reservation,
)

CATALOG = "<catalog>"
_ENV = {
    "environment": {
        "type": "string",
        "default": "",
        "description": "Environment name; empty = stack tag 'environment' or the stack name.",
    }
}
_PROD = {
    "productionEnvironments": string_list(["prod", "production"]),
}


def _allowed(ctx: RuleContext, res: Res) -> list[str]:
    table: Mapping[str, Any] = ctx.config.get("allowedAccelerators") or {"*": [CATALOG]}
    env = ctx.environment(res)
    chosen = table.get(env, table.get("*", [CATALOG]))
    return [str(x) for x in as_list(chosen)]


def _sku_allowed(sku: str, allowed: list[str], kind: str) -> bool:
    if matches_any(sku, [a for a in allowed if a != CATALOG]):
        return True
    if CATALOG not in allowed:
        return False
    if kind == "machine":
        return catalog_entry(sku) is not None
    known = catalog_accelerator_types()
    if kind == "tpu":
        return sku.split("-", 1)[0] in known or sku in known
    return sku in known


def accelerator_skus(res: Res) -> list[tuple[str, str]]:
    """(kind, sku) pairs a resource asks for; kind is machine, gke-accelerator or tpu."""
    out: list[tuple[str, str]] = []
    if res.type == EKS_NODE_GROUP:
        out += [("machine", t) for t in node_group_types(res) if is_accelerator_type(t)]
    elif res.type in (LAUNCH_TEMPLATE, EC2_INSTANCE):
        t = get(res.props, "instanceType")
        if isinstance(t, str) and is_accelerator_type(t):
            out.append(("machine", t))
    elif res.type == GKE_NODE_POOL:
        if is_accelerator_node_pool(res):
            machine = get(res.props, "nodeConfig", "machineType")
            if isinstance(machine, str):
                out.append(("machine", machine))
            out += [
                ("gke-accelerator", get(a, "type"))
                for a in gke_accelerators(res.props)
                if isinstance(get(a, "type"), str)
            ]
    elif res.type == GCE_INSTANCE:
        if is_accelerator_instance(res):
            machine = get(res.props, "machineType")
            if isinstance(machine, str):
                out.append(("machine", machine))
            out += [
                ("gke-accelerator", get(a, "type"))
                for a in as_list(get(res.props, "guestAccelerators"))
                if isinstance(get(a, "type"), str)
            ]
    elif res.type == TPU_VM:
        t = get(res.props, "acceleratorType")
        if isinstance(t, str):
            out.append(("tpu", t))
    return out


@rule(
    "AIP-GPU-001",
    "accelerator-allowlist",
    title="Accelerator SKU allowlist per environment",
    severity="high",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, LAUNCH_TEMPLATE, EC2_INSTANCE, GKE_NODE_POOL, GCE_INSTANCE, TPU_VM),
    description="Accelerator machine types, GKE accelerator types and TPU types are on the allowlist of the environment.",
    remediation="Use an accelerator type allowed for this environment (see allowedAccelerators in the pack config) or extend the allowlist through review.",
    unknown="An unknown instance or accelerator type gives an unknown verdict.",
    references=("Pulumi tutorial ec2-instance-type-restricted (pulumi/docs#13905)",),
    config={
        "allowedAccelerators": {
            "type": "object",
            "default": {"*": [CATALOG]},
            "description": "Environment -> list of glob patterns; '<catalog>' allows every type in the aiinfra catalog; '*' key is the fallback.",
        },
        **_ENV,
    },
)
def gpu_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    allowed = _allowed(ctx, res)
    for kind, sku in accelerator_skus(res):
        if not _sku_allowed(sku, allowed, kind):
            yield f"{sku} is not an allowed accelerator type for environment '{ctx.environment(res) or '*'}'."


def _pool_bounds(res: Res) -> tuple[float | None, float | None]:
    """(max, min) nodes of a pool; GKE fixed pools count nodeCount as both."""
    if res.type == EKS_NODE_GROUP:
        return as_float(get(res.props, "scalingConfig", "maxSize")), as_float(
            get(res.props, "scalingConfig", "minSize")
        )
    auto = get(res.props, "autoscaling")
    if auto is not None:
        mx = as_float(get(auto, "totalMaxNodeCount"))
        if mx is None:
            per_zone = as_float(get(auto, "maxNodeCount"))
            zones = max(1, len(as_list(get(res.props, "nodeLocations"))))
            mx = per_zone * zones if per_zone is not None else None
        mn = as_float(get(auto, "totalMinNodeCount"))
        if mn is None:
            mn = as_float(get(auto, "minNodeCount"))
        return mx, mn if mn is not None else 0.0
    count = as_float(get(res.props, "nodeCount"))
    if count is None:
        count = as_float(get(res.props, "initialNodeCount"))
    return count, count


@rule(
    "AIP-GPU-002",
    "accelerator-pool-bounds",
    title="Accelerator pools are bounded",
    severity="medium",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL),
    description="Accelerator pools declare an explicit maximum size within the cap, and non-production pools can scale to zero.",
    remediation="Set scaling_config.max_size (EKS) or autoscaling.total_max_node_count (GKE) at or below maxNodesPerPool; in non-production set the minimum to 0.",
    unknown="Unknown sizes give an unknown verdict.",
    config={
        "maxNodesPerPool": {"type": "number", "minimum": 0, "default": 64},
        **_ENV,
        **_PROD,
    },
)
def gpu_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == EKS_NODE_GROUP and not is_accelerator_node_group(res):
        return
    if res.type == GKE_NODE_POOL and not is_accelerator_node_pool(res):
        return
    mx, mn = _pool_bounds(res)
    cap = float(ctx.config.get("maxNodesPerPool", 64))
    if mx is None:
        yield "the pool has no explicit maximum size."
    elif mx > cap:
        yield f"maximum size {mx:g} exceeds the cap of {cap:g} nodes."
    if not ctx.is_production(res) and mn is not None and mn > 0:
        yield f"non-production pool keeps {mn:g} nodes minimum (must scale to 0)."


def _accelerators_per_node(kind: str, sku: str) -> tuple[float | None, float | None]:
    """(accelerators, usd per hour) per node from the catalog."""
    entry = catalog_entry(sku)
    if entry is None:
        if kind == "tpu":
            m = re.search(r"-(\d+)$", sku)
            return (float(m.group(1)) if m else None), None
        return None, None
    price = getattr(getattr(entry, "price", None), "usd_per_hour", None)
    return float(entry.accelerator_count), (float(price) if price is not None else None)


def pool_demand(res: Res, template: Res | None = None) -> tuple[float, float, list[str]]:
    """(accelerators, usd/h, notes) at full scale for one pool/instance; ``template`` is an EKS node
    group's launch template, whose instance type counts when the node group names none."""
    notes: list[str] = []
    if res.type in (EKS_NODE_GROUP, GKE_NODE_POOL):
        nodes, _ = _pool_bounds(res)
    else:
        nodes = 1.0
    if nodes is None:
        return 0.0, 0.0, [f"'{res.name}' has no maximum size"]
    skus = accelerator_skus(res)
    if not skus and template is not None:
        skus = accelerator_skus(template)
    machines = [s for k, s in skus if k in ("machine", "tpu")]
    best_acc, best_price = 0.0, 0.0
    for sku in machines:
        acc, price = _accelerators_per_node("tpu" if res.type == TPU_VM else "machine", sku)
        if acc is None and res.type in (GKE_NODE_POOL, GCE_INSTANCE):
            accs = (
                gke_accelerators(res.props)
                if res.type == GKE_NODE_POOL
                else as_list(get(res.props, "guestAccelerators"))
            )
            counts = [as_float(get(a, "count")) or 0.0 for a in accs]
            acc = sum(counts) or None
        if acc is None:
            notes.append(f"no accelerator count for {sku}")
            continue
        best_acc = max(best_acc, acc)
        if price is None:
            notes.append(f"no price for {sku}")
        else:
            best_price = max(best_price, price)
    return best_acc * nodes, best_price * nodes, notes


@rule(
    "AIP-GPU-003",
    "accelerator-budget",
    title="Accelerator count and hourly budget",
    severity="high",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL, EC2_INSTANCE, GCE_INSTANCE, TPU_VM),
    stack=True,
    description="At full scale the program's accelerators stay within maxAccelerators and the estimated hourly cost within maxHourlyCost.",
    remediation="Lower pool maximums or raise the budget in the pack config (maxAccelerators, maxHourlyCost) through review.",
    unknown="An unknown pool size or machine type gives an unknown verdict; types without a catalog price are counted but not priced (noted in the message).",
    references=("clstokes/pulumi-policy-aws-cost budget-limit",),
    config={
        "maxAccelerators": {"type": "number", "minimum": 0, "default": 1024},
        "maxHourlyCost": {"type": "number", "minimum": 0, "default": 5000},
    },
)
def gpu_003(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    total_acc = total_cost = 0.0
    notes: list[str] = []
    subjects = stack.of(EKS_NODE_GROUP, GKE_NODE_POOL, EC2_INSTANCE, GCE_INSTANCE, TPU_VM)
    for res in subjects:
        if res.type == EKS_NODE_GROUP and not is_accelerator_node_group(res):
            continue
        if res.type == GKE_NODE_POOL and not is_accelerator_node_pool(res):
            continue
        if res.type in (EC2_INSTANCE, GCE_INSTANCE) and not is_accelerator_instance(res):
            continue
        template = None
        if res.type == EKS_NODE_GROUP:
            templates = stack.resolve(res.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
            template = templates[0] if templates else None
        acc, cost, n = pool_demand(res, template)
        total_acc += acc
        total_cost += cost
        notes += n
    max_acc = float(ctx.config.get("maxAccelerators", 1024))
    max_cost = float(ctx.config.get("maxHourlyCost", 5000))
    suffix = f" ({'; '.join(sorted(set(notes)))})" if notes else ""
    if total_acc > max_acc:
        yield None, f"{total_acc:g} accelerators at full scale exceed maxAccelerators {max_acc:g}{suffix}."
    if total_cost > max_cost:
        yield (
            None,
            f"estimated ${total_cost:,.2f}/h at full scale exceeds maxHourlyCost ${max_cost:,.2f}{suffix}.",
        )


@rule(
    "AIP-GPU-004",
    "accelerator-capacity-type",
    title="Spot capacity outside production; checkpointing on spot in production",
    severity="medium",
    enforcement="advisory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL),
    description="Non-production accelerator pools use spot or reserved capacity, and production training pools on spot carry a checkpointing tag (pools tagged or labelled workload=inference/serving are exempt: they restart, not resume).",
    remediation="Set capacity_type='SPOT' (EKS) or node_config.spot=True (GKE) outside production, or use a Capacity Block / reservation; tag production spot pools with checkpointing=true.",
    unknown="Unknown capacity settings give an unknown verdict.",
    config={
        "checkpointTag": {"type": "string", "default": "checkpointing"},
        "statelessWorkloads": string_list(["inference", "serving"]),
        **_ENV,
        **_PROD,
    },
)
def gpu_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == EKS_NODE_GROUP:
        if not is_accelerator_node_group(res):
            return
        cap = get(res.props, "capacityType") or "ON_DEMAND"
        spot, reserved = cap == "SPOT", cap == "CAPACITY_BLOCK"
    else:
        if not is_accelerator_node_pool(res):
            return
        nc = get(res.props, "nodeConfig")
        spot = is_true(get(nc, "spot")) or is_true(get(nc, "preemptible"))
        reserved = (
            get(nc, "reservationAffinity", "consumeReservationType")
            in ("SPECIFIC_RESERVATION", "ANY_RESERVATION")
            or is_true(get(nc, "flexStart"))
            or is_true(get(res.props, "queuedProvisioning", "enabled"))
        )
    if ctx.is_production(res):
        tags = tags_of(res.props)
        tag = ctx.config.get("checkpointTag", "checkpointing")
        stateless = ctx.words("statelessWorkloads")
        if (
            spot
            and str(tags.get(tag, "")).lower() != "true"
            and str(tags.get("workload", "")).lower() not in stateless
        ):
            yield f"production accelerator pool runs on spot without a '{tag}=true' tag."
    elif not spot and not reserved:
        yield "non-production accelerator pool uses on-demand capacity (use spot or a reservation)."


_DATA_TYPES = (*S3_BUCKETS, EFS, FSX_LUSTRE, EBS_VOLUME, GCS_BUCKET, GCP_FILESTORE, GCP_LUSTRE)
_ACCEL_TYPES = (EKS_NODE_GROUP, LAUNCH_TEMPLATE, EC2_INSTANCE, GKE_NODE_POOL, GCE_INSTANCE, TPU_VM)


def _is_accelerator_resource(res: Res) -> bool:
    if res.type == EKS_NODE_GROUP:
        return is_accelerator_node_group(res)
    if res.type == GKE_NODE_POOL:
        return is_accelerator_node_pool(res)
    if res.type in (EC2_INSTANCE, GCE_INSTANCE):
        return is_accelerator_instance(res)
    if res.type == LAUNCH_TEMPLATE:
        return is_accelerator_type(get(res.props, "instanceType")) or bool(
            [
                ni
                for ni in as_list(get(res.props, "networkInterfaces"))
                if get(ni, "interfaceType") in ("efa", "efa-only")
            ]
        )
    return res.type == TPU_VM


def _all_tags(res: Res) -> dict[str, str]:
    tags = dict(tags_of(res.props))
    for key in ("tagsAll",):
        value = get(res.props, key)
        if isinstance(value, Mapping):
            for k in list(value):
                tags.setdefault(k, "")
    for spec in as_list(get(res.props, "tagSpecifications")):
        value = get(spec, "tags")
        if isinstance(value, Mapping):
            for k in list(value):
                tags.setdefault(k, "")
    provider_tags = get(res.provider_props, "defaultTags", "tags") if res.provider_props else None
    if isinstance(provider_tags, Mapping):
        for k in list(provider_tags):
            tags.setdefault(k, "")
    labels = get(res.provider_props, "defaultLabels") if res.provider_props else None
    if isinstance(labels, Mapping):
        for k in list(labels):
            tags.setdefault(k, "")
    return tags


@rule(
    "AIP-GPU-005",
    "cost-allocation-tags",
    title="Cost-allocation tags on accelerator and data resources",
    severity="medium",
    enforcement="mandatory",
    types=_ACCEL_TYPES + _DATA_TYPES,
    description="Accelerator resources and AI data stores (tier-tagged, a tier of an aiinfra component, or matched by aiDataSelector) carry the required cost-allocation tags or labels.",
    remediation="Add the required tags (default team, project, environment, cost-center) via tags/labels, launch-template tag_specifications, or the provider's default_tags/default_labels.",
    unknown="An unknown tag map gives an unknown verdict; unknown individual tag values count as present.",
    references=("clstokes instance-required-tags", "Pulumi tutorial all-aws-resources-must-have-tags"),
    config={"requiredTags": string_list(["team", "project", "environment", "cost-center"]), **AI_DATA_CONFIG},
    fixes={
        "aws": "Add the required tags (default team, project, environment, cost-center) via tags, launch-template tag_specifications, or the aws provider's default_tags.",
        "gcp": "Add the required labels (default team, project, environment, cost-center) via labels/resource_labels or the google provider's default_labels.",
    },
)
def gpu_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in _DATA_TYPES:
        if not is_ai_data_store(res, ctx):
            return  # generic storage (websites, static assets) carries no accelerator spend
    elif not _is_accelerator_resource(res):
        return
    required = [str(t) for t in ctx.config["requiredTags"]]
    tags = _all_tags(res)
    missing = [t for t in required if t not in tags]
    if missing:
        yield f"missing cost-allocation tags: {', '.join(missing)}."


_LARGE = [
    "p5*",
    "p5e*",
    "p5en*",
    "p6*",
    "a3-mega*",
    "a3-ultra*",
    "a4-*",
    "a4x-*",
    "ct5p-*",
    "v5p-*",
    "tpu7x*",
]


def _is_large(sku: str, ctx: RuleContext) -> bool:
    if matches_any(sku, ctx.config["largeSkus"]):
        return True
    entry = catalog_entry(sku)
    price = getattr(getattr(entry, "price", None), "usd_per_hour", None) if entry else None
    return price is not None and float(price) >= float(ctx.config.get("largePriceUsdPerHour", 40))


@rule(
    "AIP-GPU-006",
    "large-sku-reservation",
    title="Large accelerator SKUs use reserved capacity",
    severity="low",
    enforcement="advisory",
    types=(EKS_NODE_GROUP, LAUNCH_TEMPLATE, EC2_INSTANCE, GKE_NODE_POOL, TPU_VM),
    stack=True,
    description="Large accelerator SKUs (p5/p6, A3 Mega/A4, TPU v5p and anything priced at or above largePriceUsdPerHour) target a capacity reservation or Capacity Block.",
    remediation="Target an ODCR or Capacity Block in the launch template (capacity_reservation_specification / instance_market_options market_type 'capacity-block', node group capacity_type 'CAPACITY_BLOCK'), a GKE reservation_affinity, or a reserved TPU; otherwise add a waiver.",
    unknown="Launch templates are joined to node groups through property dependencies; unknown settings give an unknown verdict.",
    config={
        "largeSkus": string_list(_LARGE),
        "largePriceUsdPerHour": {"type": "number", "default": 40},
    },
)
def gpu_006(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for ng in stack.of(EKS_NODE_GROUP):
        large = [t for t in node_group_types(ng) if _is_large(t, ctx)]
        if not large or get(ng.props, "capacityType") == "CAPACITY_BLOCK":
            continue
        lts = stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
        if any(targets_reservation(lt.props) for lt in lts):
            continue
        yield (
            ng.urn,
            f"node group '{ng.name}' uses {', '.join(large)} without a capacity reservation or block.",
        )
    for res in stack.of(LAUNCH_TEMPLATE, EC2_INSTANCE):
        t = get(res.props, "instanceType")
        if isinstance(t, str) and _is_large(t, ctx) and not targets_reservation(res.props):
            yield res.urn, f"'{res.name}' uses {t} without a capacity reservation or block."
    for pool in stack.of(GKE_NODE_POOL):
        t = get(pool.props, "nodeConfig", "machineType")
        if isinstance(t, str) and _is_large(t, ctx):
            aff = get(pool.props, "nodeConfig", "reservationAffinity", "consumeReservationType")
            if aff not in ("SPECIFIC_RESERVATION", "ANY_RESERVATION", "ANY_RESERVATION_THEN_FAIL"):
                yield pool.urn, f"node pool '{pool.name}' uses {t} without a reservation affinity."
    for vm in stack.of(TPU_VM):
        t = get(vm.props, "acceleratorType")
        if (
            isinstance(t, str)
            and _is_large(t, ctx)
            and not is_true(get(vm.props, "schedulingConfig", "reserved"))
        ):
            yield vm.urn, f"TPU VM '{vm.name}' uses {t} without reserved capacity."


@rule(
    "AIP-GPU-007",
    "explicit-driver-management",
    title="GPU driver management is explicit",
    severity="medium",
    enforcement="advisory",
    types=(GKE_NODE_POOL, EKS_NODE_GROUP),
    description="GKE GPU pools pin the driver installation mode and EKS accelerator node groups use an accelerated AMI that ships the driver.",
    remediation="Set guest_accelerators[].gpu_driver_installation_config.gpu_driver_version (DEFAULT, LATEST or INSTALLATION_DISABLED with the GPU Operator); use an NVIDIA/Neuron ami_type on EKS.",
    unknown="Unknown driver settings give an unknown verdict.",
)
def gpu_007(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == GKE_NODE_POOL:
        for i, acc in enumerate(gke_accelerators(res.props)):
            version = get(acc, "gpuDriverInstallationConfig", "gpuDriverVersion")
            if version in (None, "GPU_DRIVER_VERSION_UNSPECIFIED"):
                yield f"guestAccelerators[{i}] does not set gpuDriverInstallationConfig.gpuDriverVersion."
    elif is_accelerator_node_group(res):
        from .node import ACCELERATED_AMI_TYPES

        ami = get(res.props, "amiType")
        if ami not in ACCELERATED_AMI_TYPES:
            yield f"amiType {ami or 'unset'} does not ship accelerator drivers."
