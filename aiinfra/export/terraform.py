"""A recorded Pulumi run as a Terraform plan JSON document (``terraform show -json`` shape).

What Checkov's ``terraform_plan`` framework, ``trivy config`` and OPA policies written against plan JSON
read: ``planned_values.root_module.resources`` (address, mode, type, name, provider_name, values),
``resource_changes`` (``change.actions``/``after``/``after_unknown``) and ``configuration.root_module``
whose ``expressions`` carry the references rebuilt from each registration's property dependencies.
Everything else the run recorded is listed, with the reason, under the document's ``aiinfra`` key.
Reference: Terraform's JSON output format, https://developer.hashicorp.com/terraform/internals/json-format
(format_version 1.2; read 2026-12-07).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra import __version__
from aiinfra.engine.model import ProgramRun, RecordedResource, Secret

from . import names
from .shapes import args_shape, resource_shape
from .values import Converted, convert_object

FORMAT_VERSION = "1.2"
TERRAFORM_VERSION = "1.9.8"
"""The plan format's producer version the readers expect; the document says it was written by aiinfra."""
_NOT_IDENT = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class Skipped:
    """A registration that has no Terraform resource in the document, and why."""

    urn: str
    type: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"urn": self.urn, "type": self.type, "reason": self.reason}


@dataclass
class Exported:
    """One converted resource: its address and where the program constructed it."""

    record: RecordedResource
    address: str
    type: str
    name: str
    provider: str
    converted: Converted


@dataclass
class PlanExport:
    """The document and the address <-> URN index a report needs to point back at the program."""

    document: dict[str, Any]
    resources: list[Exported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def by_address(self) -> dict[str, Exported]:
        return {e.address: e for e in self.resources}


def skip_reason(record: RecordedResource) -> str | None:
    """Why a registration is not a Terraform resource of the document (None: it is converted)."""
    token = record.type
    if record.remote:
        return "remote component: its children are created by a component provider, unseen offline"
    if record.is_provider:
        return "provider configuration, not a resource"
    if record.is_component:
        return "component resource: its children are exported, it has no cloud state of its own"
    package = token.split(":", 1)[0]
    if token.startswith("kubernetes:helm.sh/"):
        return "Helm release: the chart's objects are rendered by Helm at deploy time, not recorded"
    if package == "kubernetes":
        return "Kubernetes object: exported by --format kubernetes"
    if names.provider_name(token) is None:
        return f"provider {package!r} has no Terraform mapping in aiinfra (only aws and gcp)"
    if names.terraform_type(token) is None:
        return "token not in the provider's bridge metadata (see aiinfra/export/data/terraform_names.json)"
    if resource_shape(token) is None:
        return "the provider SDK declares no input class for this token"
    return None


def _address_name(name: str, taken: set[str], tf_type: str) -> str:
    base = _NOT_IDENT.sub("_", name) or "_"
    if not (base[0].isalpha() or base[0] == "_"):
        base = f"_{base}"
    candidate, n = base, 2
    while f"{tf_type}.{candidate}" in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _output_name(record: RecordedResource, value: Any) -> str:
    """The Terraform attribute of ``record`` whose recorded output equals ``value`` (default ``id``)."""
    if value is None or isinstance(value, (dict, list)):
        return "id"
    resource_cls = _resource_class(record.type)
    shape = args_shape(resource_cls) if resource_cls is not None else None
    for wire, out in {**record.inputs, **record.outputs}.items():  # the state: inputs plus computed outputs
        if out == value and not isinstance(out, (dict, list, Secret)):
            prop = shape.props.get(wire) if shape else None
            if prop is not None:
                return prop.python
    return "id"


def _resource_class(token: str) -> type | None:
    import sys

    from aiinfra.integers import _args_class

    args = _args_class(token)
    if args is None:
        return None
    return getattr(sys.modules.get(args.__module__), token.rsplit(":", 1)[-1], None)


def _location(record: RecordedResource, root: Path | None) -> str | None:
    if not record.source:
        return None
    path, line = record.source
    if root is not None:
        with contextlib.suppress(ValueError):  # a file outside the project keeps its absolute path
            path = str(Path(path).resolve().relative_to(root.resolve()))
    return f"{path}:{line}"


def export_plan(run: ProgramRun, *, source_root: Path | None = None) -> PlanExport:
    """The Terraform plan JSON document of one recorded run."""
    exported: list[Exported] = []
    skipped: list[Skipped] = []
    taken: set[str] = set()
    for record in run.resources:
        reason = skip_reason(record)
        if reason is not None:
            skipped.append(Skipped(record.urn, record.type, reason))
            continue
        tf_type = names.terraform_type(record.type)
        shape = resource_shape(record.type)
        assert tf_type is not None and shape is not None  # skip_reason said so
        converted = convert_object(record.inputs, shape, names.resource_fields(record.type))
        name = _address_name(record.name, taken, tf_type)
        address = f"{tf_type}.{name}"
        taken.add(address)
        provider = names.provider_name(record.type) or ""
        exported.append(Exported(record, address, tf_type, name, provider, converted))
    by_urn = {e.record.urn: e for e in exported}
    planned, changes, config = [], [], []
    for e in exported:
        base = {
            "address": e.address,
            "mode": "managed",
            "type": e.type,
            "name": e.name,
            "provider_name": e.provider,
        }
        planned.append(
            {
                **base,
                "schema_version": 0,
                "values": e.converted.after,
                "sensitive_values": e.converted.sensitive,
            }
        )
        changes.append(
            {
                **base,
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": e.converted.after,
                    "after_unknown": e.converted.unknown,
                    "before_sensitive": False,
                    "after_sensitive": e.converted.sensitive,
                },
            }
        )
        config.append(
            {
                "address": e.address,
                "mode": "managed",
                "type": e.type,
                "name": e.name,
                "provider_config_key": e.type.split("_", 1)[0],
                "expressions": _expressions(e, by_urn),
                "schema_version": 0,
            }
        )
    providers = sorted({e.type.split("_", 1)[0]: e.provider for e in exported}.items())
    document = {
        "format_version": FORMAT_VERSION,
        "terraform_version": TERRAFORM_VERSION,
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {key: {"name": key, "full_name": full} for key, full in providers},
            "root_module": {"resources": config},
        },
        "aiinfra": {
            "generator": f"aiinfra {__version__} export (offline engine; not produced by Terraform)",
            "project": run.project,
            "stack": run.stack,
            "names": names.sources(),
            "resources": {
                e.address: {
                    "urn": e.record.urn,
                    "source": _location(e.record, source_root),
                    "dependencies": {
                        e.converted.names.get(wire, wire): list(urns)
                        for wire, urns in e.record.property_dependencies.items()
                        if urns
                    },
                    **({"unmapped_properties": e.converted.unmapped} if e.converted.unmapped else {}),
                }
                for e in exported
            },
            "not_converted": [s.to_dict() for s in skipped],
        },
    }
    return PlanExport(document=document, resources=exported, skipped=skipped)


def _expressions(e: Exported, by_urn: dict[str, Exported]) -> dict[str, Any]:
    """Each attribute's constant value or the resources it references (from property dependencies)."""
    expressions: dict[str, Any] = {}
    for wire, tf_name in e.converted.names.items():
        refs: list[str] = []
        for urn in e.record.property_dependencies.get(wire, ()):
            target = by_urn.get(urn)
            if target is None:
                continue
            value = e.record.inputs.get(wire)
            refs += [f"{target.address}.{_output_name(target.record, value)}", target.address]
        if refs:
            expressions[tf_name] = {"references": list(dict.fromkeys(refs))}
        elif tf_name in e.converted.after and not isinstance(e.converted.after[tf_name], (dict, list)):
            expressions[tf_name] = {"constant_value": e.converted.after[tf_name]}
    return expressions


def summary_line(export: PlanExport) -> str:
    """One line: how many resources were converted and what was not, by reason."""
    counts: dict[str, int] = {}
    for s in export.skipped:
        counts[s.reason.split(":")[0]] = counts.get(s.reason.split(":")[0], 0) + 1
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"{len(export.resources)} resources converted, {len(export.skipped)} not converted" + (
        f" ({detail}; listed under aiinfra.not_converted)" if detail else ""
    )
