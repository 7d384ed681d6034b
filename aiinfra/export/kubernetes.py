"""The recorded Kubernetes objects as manifests (multi-document YAML) for the scanners' Kubernetes frameworks.

Each ``kubernetes:<group>/<version>:<Kind>`` registration becomes ``{apiVersion, kind, metadata, ...}``
from its recorded inputs (already in Kubernetes' own field names). Values unknown at preview are left
out; secrets stay ``"[secret]"``. Helm releases (their objects are rendered by Helm at deploy time) and
server-side patches (``*Patch``, not whole objects) are listed as not converted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiinfra.engine.model import UNKNOWN, ProgramRun, RecordedResource, Secret

from .terraform import Skipped


@dataclass
class ManifestExport:
    """The manifests, the URN of each (same order) and what was not converted."""

    manifests: list[dict[str, Any]] = field(default_factory=list)
    urns: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _plain(value: Any) -> Any:
    if isinstance(value, Secret):
        return "[secret]"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not UNKNOWN and not k.startswith("__")}
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not UNKNOWN]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Kubernetes integers (replicas, ports) arrive as protobuf floats
    return value


def api_version(token: str) -> str:
    """``kubernetes:apps/v1:Deployment`` -> ``apps/v1``; the core group has no prefix (``v1``)."""
    group_version = token.split(":")[1]
    return group_version.split("/", 1)[1] if group_version.startswith("core/") else group_version


def _reason(record: RecordedResource) -> str | None:
    token = record.type
    if not token.startswith("kubernetes:") or not record.custom:
        return None
    if token.startswith("kubernetes:helm.sh/"):
        return "Helm release: the chart's objects are rendered by Helm at deploy time, not recorded"
    if token.endswith("Patch"):
        return "server-side patch: a partial object, not a manifest"
    if token.endswith("List") or ":yaml/" in token:
        return "a collection or YAML component: its objects are registered separately"
    return ""


def export_manifests(run: ProgramRun) -> ManifestExport:
    """Every Kubernetes object of a run as a manifest."""
    out = ManifestExport()
    for record in run.resources:
        reason = _reason(record)
        if reason is None:
            continue
        if reason:
            out.skipped.append(Skipped(record.urn, record.type, reason))
            continue
        body = _plain(record.inputs)
        body.pop("apiVersion", None)
        body.pop("kind", None)
        metadata = dict(body.pop("metadata", None) or {})
        outputs_meta = record.outputs.get("metadata") if isinstance(record.outputs, dict) else None
        if "name" not in metadata:
            auto = outputs_meta.get("name") if isinstance(outputs_meta, dict) else None
            metadata["name"] = auto if isinstance(auto, str) else record.name
        manifest = {"apiVersion": api_version(record.type), "kind": record.type.rsplit(":", 1)[1]}
        manifest["metadata"] = metadata
        manifest.update(body)
        out.manifests.append(manifest)
        out.urns.append(record.urn)
    return out


def to_yaml(export: ManifestExport) -> str:
    """Multi-document YAML, one document per object, each headed by a comment with its URN."""
    import yaml

    parts = []
    for urn, manifest in zip(export.urns, export.manifests, strict=True):
        parts.append(f"# {urn}\n" + yaml.safe_dump(manifest, sort_keys=False, default_flow_style=False))
    return "---\n".join(parts)
