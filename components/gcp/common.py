"""Small helpers shared by the GCP components: labels, durations, pool labels and taints.

No pulumi_gcp import here, so specs and validation can use these helpers without the SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..catalog import MachineType
from ..dra.plan import DRA_LABEL
from ..spec.base import Taint
from ..spec.rack import rack_labels

_LABEL_BAD = re.compile(r"[^a-z0-9_-]")
DAY_SECONDS = 86_400
TAINT_EFFECTS = {
    "NoSchedule": "NO_SCHEDULE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
}
RESERVATION_KEY = "compute.googleapis.com/reservation-name"


def _label_part(text: str) -> str:
    return _LABEL_BAD.sub("-", text.lower())[:63]


def gcp_labels(tags: Mapping[str, str], **extra: str) -> dict[str, str]:
    """GCP resource labels from platform tags: lower-case keys/values of ``[a-z0-9_-]``, at most 63 chars
    (``aiinfra:platform`` becomes ``aiinfra-platform``)."""
    merged = {**tags, **extra}
    return {_label_part(k): _label_part(v) for k, v in merged.items()}


def seconds(days: int) -> str:
    """A duration in days as the ``"<n>s"`` string GCP APIs take (90 days -> ``"7776000s"``)."""
    return f"{days * DAY_SECONDS}s"


def region_of(zone: str) -> str:
    """``us-central1-a`` -> ``us-central1``."""
    return zone.rsplit("-", 1)[0]


def gke_taints(taints: tuple[Taint, ...], device_resource: str) -> list[dict[str, str]]:
    """The pool's taints in GKE form, always including ``<device resource>=present:NO_SCHEDULE``."""
    out = [{"key": t.key, "value": t.value, "effect": TAINT_EFFECTS[t.effect]} for t in taints]
    if not any(t["key"] == device_resource for t in out):
        out.insert(0, {"key": device_resource, "value": "present", "effect": "NO_SCHEDULE"})
    return out


def node_labels(
    pool_name: str,
    machine: MachineType,
    capacity: str,
    labels: Mapping[str, str],
    fabric: str,
    *,
    device_allocation: str = "device_plugin",
) -> dict:
    """Kubernetes node labels: the pool's own plus what schedulers and dashboards select on. DRA pools
    turn GKE's own GPU device plugin off (``gke-no-default-nvidia-gpu-device-plugin``, GKE "Prepare your
    GKE infrastructure for DRA"; unverified offline) and carry the DRA driver's node selector label."""
    dra = (
        {DRA_LABEL: "dra", "gke-no-default-nvidia-gpu-device-plugin": "true"}
        if device_allocation == "dra"
        else {}
    )
    return {
        "aiinfra.io/pool": pool_name,
        "aiinfra.io/accelerator": machine.accelerator.lower().replace(" ", "-"),
        "aiinfra.io/fabric": fabric,
        "aiinfra.io/capacity": capacity.replace("_", "-"),
        **rack_labels(machine),
        **dra,
        **labels,
    }


def reservation_affinity(capacity: str, reservation_id: str | None) -> dict:
    """GKE reservation affinity: SPECIFIC_RESERVATION for reserved pools, NO_RESERVATION for spot and
    flex-start (CTK preconditions), ANY_RESERVATION (the GCE default, made explicit) for on-demand."""
    if capacity == "reservation":
        return {
            "consume_reservation_type": "SPECIFIC_RESERVATION",
            "key": RESERVATION_KEY,
            "values": [reservation_id],
        }
    if capacity in ("spot", "flex_start"):
        return {"consume_reservation_type": "NO_RESERVATION"}
    return {"consume_reservation_type": "ANY_RESERVATION"}
