"""Accelerators a user's program asks for outside node groups and instances: SageMaker AI instance
types and Karpenter NodePools.

- SageMaker endpoint configurations (each production and shadow variant: ``instanceType`` x
  ``managedInstanceScaling.maxInstanceCount``, else ``initialInstanceCount``), training jobs
  (``resourceConfig.instanceType`` x ``instanceCount`` and every ``instanceGroups`` entry) and
  notebook instances (one instance). SageMaker names instance types ``ml.<ec2 type>``: the ``ml.``
  prefix is stripped and the EC2 type looked up in the catalog (``ml.g5.2xlarge`` is one A10G).
  SageMaker bills its own ``ml.`` prices, so these pools are never priced with EC2 list prices.
- Karpenter NodePools (``kubernetes:karpenter.sh/v1:NodePool``) whose
  ``spec.template.spec.requirements`` ask for accelerators: the AWS catalog entries matching every
  requirement on the well-known labels are the candidates, and the NodePool's ``spec.limits`` for
  the accelerator resource (``nvidia.com/gpu``, ``aws.amazon.com/neuron``) is the most it can hold.
  Label names are those of aws/karpenter-provider-aws v1.14.1 (``pkg/apis/v1/labels.go``, commit
  bde00654, 2026-08-20): ``karpenter.k8s.aws/instance-family``, ``instance-category``,
  ``instance-gpu-count``, ``instance-gpu-name`` (lower-kebab GPU name, e.g. ``a10g``),
  ``instance-gpu-manufacturer``, ``instance-accelerator-count`` and Kubernetes'
  ``node.kubernetes.io/instance-type``.

What cannot be counted (an accelerator-family type the catalog does not list, a NodePool without an
accelerator limit or whose requirements match no catalog entry) is returned as a *not counted* row
with the reason, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

SAGEMAKER_ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
SAGEMAKER_TRAINING_JOB = "aws:sagemaker/trainingJob:TrainingJob"
SAGEMAKER_NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance"
KARPENTER_NODEPOOL = "kubernetes:karpenter.sh/v1:NodePool"

ACCELERATOR_FAMILY = re.compile(r"^(p\d|g\d|gr\d|trn\d|inf\d|dl\d)[a-z0-9-]*\.")
"""EC2 families with GPUs, Trainium, Inferentia or Gaudi: a type of these the catalog does not list
is reported as not counted (general-purpose types carry no accelerators and are skipped)."""

LABEL_INSTANCE_TYPE = "node.kubernetes.io/instance-type"
LABEL_FAMILY = "karpenter.k8s.aws/instance-family"
LABEL_CATEGORY = "karpenter.k8s.aws/instance-category"
LABEL_GPU_COUNT = "karpenter.k8s.aws/instance-gpu-count"
LABEL_GPU_NAME = "karpenter.k8s.aws/instance-gpu-name"
LABEL_GPU_MANUFACTURER = "karpenter.k8s.aws/instance-gpu-manufacturer"
LABEL_ACCELERATOR_COUNT = "karpenter.k8s.aws/instance-accelerator-count"
LABEL_CAPACITY_TYPE = "karpenter.sh/capacity-type"
CAPACITY = {"on-demand": "on_demand", "spot": "spot", "reserved": "reservation"}
"""Karpenter capacity types (karpenter.sh/capacity-type values) as plan capacity kinds."""
ACCELERATOR_LABELS = (LABEL_GPU_COUNT, LABEL_GPU_NAME, LABEL_GPU_MANUFACTURER, LABEL_ACCELERATOR_COUNT)
DEVICE_RESOURCES = ("nvidia.com/gpu", "aws.amazon.com/neuron", "aws.amazon.com/neuroncore")


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def _int(value: Any) -> int | None:
    """A count from an input (numbers, numeric strings such as Kubernetes quantities "16"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def sagemaker_pools(resources: Iterable[Any]) -> list[dict[str, Any]]:
    """(pool, EC2 machine type, max instances, capacity, service) of every SageMaker instance ask."""
    out: list[dict[str, Any]] = []

    def add(pool: str, instance_type: Any, count: int, capacity: str = "on_demand") -> None:
        if isinstance(instance_type, str) and instance_type.lower().startswith("ml."):
            out.append(
                {
                    "pool": pool,
                    "machine": instance_type[3:].lower(),
                    "requested": instance_type,
                    "max": count,
                    "capacity": capacity,
                }
            )

    for r in resources:
        i = r.inputs
        if r.type == SAGEMAKER_ENDPOINT_CONFIG:
            variants = _list(i.get("productionVariants")) + _list(i.get("shadowProductionVariants"))
            for n, v in enumerate(variants):
                if not isinstance(v, Mapping):
                    continue
                top = _int(_get(v, "managedInstanceScaling", "maxInstanceCount"))
                count = top or _int(v.get("initialInstanceCount")) or 1
                add(f"{r.name}/{v.get('variantName') or n}", v.get("instanceType"), count)
        elif r.type == SAGEMAKER_TRAINING_JOB:
            config = i.get("resourceConfig") or {}
            spot = "spot" if i.get("enableManagedSpotTraining") in (True, "true") else "on_demand"
            add(r.name, config.get("instanceType"), _int(config.get("instanceCount")) or 1, spot)
            for g in _list(config.get("instanceGroups")):
                if isinstance(g, Mapping):
                    name = g.get("instanceGroupName") or "group"
                    add(f"{r.name}/{name}", g.get("instanceType"), _int(g.get("instanceCount")) or 1, spot)
        elif r.type == SAGEMAKER_NOTEBOOK:
            add(r.name, i.get("instanceType"), 1)
    return out


def gpu_name(accelerator: str) -> str:
    """Karpenter's ``instance-gpu-name`` value for a catalog accelerator ("NVIDIA A10G" -> "a10g")."""
    name = accelerator.split(" ", 1)[1] if accelerator.upper().startswith("NVIDIA ") else accelerator
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _label_value(machine: Any, key: str) -> str | None:
    family = machine.machine_type.split(".", 1)[0]
    if key == LABEL_INSTANCE_TYPE:
        return machine.machine_type
    if key == LABEL_FAMILY:
        return family
    if key == LABEL_CATEGORY:
        return re.match(r"[a-z]+", family).group(0) if re.match(r"[a-z]+", family) else family
    gpu = machine.accelerator_kind == "gpu"
    if key == LABEL_GPU_COUNT:
        return str(machine.accelerator_count) if gpu else None
    if key == LABEL_GPU_NAME:
        return gpu_name(machine.accelerator) if gpu else None
    if key == LABEL_GPU_MANUFACTURER:
        return "nvidia" if gpu and machine.accelerator.upper().startswith("NVIDIA") else None
    if key == LABEL_ACCELERATOR_COUNT:
        return None if gpu else str(machine.accelerator_count)
    return ""  # a label this module does not model: no constraint


def _matches(machine: Any, requirement: Mapping[str, Any]) -> bool:
    key = str(requirement.get("key") or "")
    op = str(requirement.get("operator") or "In")
    values = [str(v) for v in _list(requirement.get("values"))]
    value = _label_value(machine, key)
    if value == "":
        return True
    checks: dict[str, Callable[[], bool]] = {
        "In": lambda: value in values,
        "NotIn": lambda: value not in values,
        "Exists": lambda: value is not None,
        "DoesNotExist": lambda: value is None,
        "Gt": lambda: value is not None and bool(values) and value.isdigit() and int(value) > int(values[0]),
        "Lt": lambda: value is not None and bool(values) and value.isdigit() and int(value) < int(values[0]),
    }
    check = checks.get(op)
    return True if check is None else check()


def _asks_for_accelerators(requirements: list[Mapping[str, Any]]) -> bool:
    """True when a requirement names an accelerator label, or an ``In`` on instance type/family/
    category lists only accelerator families."""
    for req in requirements:
        key, op = str(req.get("key") or ""), str(req.get("operator") or "In")
        values = [str(v) for v in _list(req.get("values"))]
        if key in ACCELERATOR_LABELS and op in ("In", "Exists", "Gt"):
            return True
        if op == "In" and values:
            if key == LABEL_INSTANCE_TYPE and all(ACCELERATOR_FAMILY.match(v) for v in values):
                return True
            if key == LABEL_FAMILY and all(ACCELERATOR_FAMILY.match(v + ".") for v in values):
                return True
            if key == LABEL_CATEGORY and set(values) <= {"p", "g", "gr", "trn", "inf", "dl"}:
                return True
    return False


def karpenter_pools(
    resources: Iterable[Any], catalog: Iterable[Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(counted, not counted) for every Karpenter NodePool that asks for accelerators. A counted entry
    has its catalog ``candidates`` (fewest accelerators per node first), ``total`` (the NodePool's
    accelerator limit) and ``max`` nodes (the limit over the first candidate's accelerators)."""
    machines = [m for m in catalog if m.cloud == "aws" and m.accelerator_count > 0]
    counted: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for r in resources:
        if r.type != KARPENTER_NODEPOOL:
            continue
        spec = r.inputs.get("spec") or {}
        requirements = [
            q for q in _list(_get(spec, "template", "spec", "requirements")) if isinstance(q, Mapping)
        ]
        if not _asks_for_accelerators(requirements):
            continue
        candidates = sorted(
            (m for m in machines if all(_matches(m, q) for q in requirements)),
            key=lambda m: (m.accelerator_count, m.vcpus, m.machine_type),
        )
        if not candidates:
            skipped.append(
                {"pool": r.name, "machine_type": "-", "reason": "no catalog entry matches its requirements"}
            )
            continue
        limits = spec.get("limits") or {}
        device = candidates[0].device_resource
        total = _int(limits.get(device)) if isinstance(limits, Mapping) else None
        if total is None:
            skipped.append(
                {
                    "pool": r.name,
                    "machine_type": ", ".join(m.machine_type for m in candidates),
                    "reason": f"no spec.limits['{device}']: Karpenter may launch any number of nodes",
                }
            )
            continue
        # the most nodes the limit allows are of the smallest candidate (listed first)
        counted.append(
            {
                "pool": r.name,
                "candidates": candidates,
                "max": total // candidates[0].accelerator_count,
                "total": total,
                "capacity": _capacity(requirements),
            }
        )
    return counted, skipped


def _capacity(requirements: list[Mapping[str, Any]]) -> str:
    """The plan capacity kind of a NodePool: its one allowed capacity type, ``mixed`` for several,
    ``on_demand`` without a requirement (Karpenter's default)."""
    for req in requirements:
        if req.get("key") == LABEL_CAPACITY_TYPE and str(req.get("operator") or "In") == "In":
            values = [str(v) for v in _list(req.get("values"))]
            return CAPACITY.get(values[0], values[0]) if len(values) == 1 else "mixed"
    return "on_demand"


def is_accelerator_family(machine_type: str) -> bool:
    """True for EC2 types of accelerator families (listed as not counted when the catalog lacks them)."""
    return bool(ACCELERATOR_FAMILY.match(machine_type))
