"""JSON Schema of a stack file's ``aiinfra:platform`` object, generated from the blueprints' pydantic models.

One source of truth: every field's type, default, allowed values, bounds and description comes from
the ``Config`` model of each blueprint (descriptions are the docstrings under the fields). The schema
is what ``aiinfra schema`` prints, what ``schema/stack.schema.json`` publishes for editors, and what
``docs/config-reference.md`` is rendered from (``python -m aiinfra.docsgen`` regenerates both).

Cross-field rules (zone in ``network.az_ids``, Lustre capacity steps, quotas within a pool's GPUs)
live in model validators and are not expressible here; ``aiinfra plan`` checks them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from pydantic.json_schema import models_json_schema

from aiinfra.blueprints import BLUEPRINTS
from aiinfra.errors import InputError

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/aiinfra/aiinfra/schema/stack.schema.json"
PLATFORM_KEY = "aiinfra:platform"
CLOUD_BLUEPRINTS = ("aws", "gcp")


def _config_models() -> dict[str, type]:
    return {name: import_module(module).Config for name, module in BLUEPRINTS.items()}


def _definitions() -> tuple[dict[str, str], dict[str, Any]]:
    """(blueprint -> $ref of its Config, shared $defs) for every blueprint."""
    models = _config_models()
    keys, top = models_json_schema(
        [(model, "validation") for model in models.values()], ref_template="#/$defs/{model}"
    )
    defs: dict[str, Any] = top["$defs"]
    refs = {name: keys[(model, "validation")]["$ref"] for name, model in models.items()}
    hybrid = defs[refs["hybrid"].rsplit("/", 1)[1]]
    # ``cloud`` is typed as the Spec base and validated by the cloud blueprint's own Config
    # (blueprints/hybrid.py); in the schema it is one of those Configs.
    description = hybrid["properties"]["cloud"].get("description", "")
    hybrid["properties"]["cloud"] = {
        "description": description,
        "oneOf": [{"$ref": refs[name]} for name in CLOUD_BLUEPRINTS],
    }
    defs.pop("Spec", None)
    return _readable_names(refs, defs)


def _readable_names(refs: dict[str, str], defs: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """pydantic spells colliding model names by module path; ``AwsConfig`` reads better in editors."""
    import json

    renames = {}
    for name in defs:
        if name.startswith("aiinfra__"):
            parts = name.split("__")
            realm = parts[
                2
            ]  # aiinfra__blueprints__aws__Config, aiinfra__components__aws__network__NetworkSpec
            renames[name] = realm.capitalize() + parts[-1]
    text = json.dumps({"refs": refs, "defs": defs})
    for old, new in renames.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"').replace(f'"{old}":', f'"{new}":')
    data = json.loads(text)
    return data["refs"], data["defs"]


def _reachable(root: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``defs`` reachable from ``root`` (so one blueprint's schema stays small)."""
    keep: dict[str, Any] = {}
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.rsplit("/", 1)[1]
                if name not in keep:
                    keep[name] = defs[name]
                    todo.append(defs[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return dict(sorted(keep.items()))


def platform_schema(blueprint: str | None = None) -> dict[str, Any]:
    """JSON Schema (2020-12) of the ``aiinfra:platform`` object, for one blueprint or all of them.

    Raises :class:`InputError` for an unknown blueprint name.
    """
    if blueprint is not None and blueprint not in BLUEPRINTS:
        raise InputError(f"--blueprint: {blueprint!r} is not a blueprint (allowed: {', '.join(BLUEPRINTS)})")
    refs, defs = _definitions()
    if blueprint is not None:
        body: dict[str, Any] = {"$ref": refs[blueprint]}
        title = f"aiinfra:platform ({blueprint} blueprint)"
    else:
        body = {
            "type": "object",
            "required": ["blueprint"],
            "properties": {
                "blueprint": {
                    "enum": list(BLUEPRINTS),
                    "description": "which blueprint the stack uses; picks the rest of the schema",
                }
            },
            "allOf": [
                {
                    "if": {"properties": {"blueprint": {"const": name}}, "required": ["blueprint"]},
                    "then": {"$ref": ref},
                }
                for name, ref in refs.items()
            ],
        }
        title = "aiinfra:platform"
    return {
        "$schema": SCHEMA_DIALECT,
        "title": title,
        "description": "Settings of an aiinfra stack, the 'aiinfra:platform' key of stacks/Pulumi.<stack>.yaml.",
        **body,
        "$defs": _reachable(body, defs),
    }


def stack_file_schema() -> dict[str, Any]:
    """JSON Schema of a whole stack file (``Pulumi.<stack>.yaml``): ``config.aiinfra:platform`` is checked.

    Other config keys (secrets such as kubeconfigs or VPN keys, provider settings) are allowed.
    """
    platform = platform_schema()
    defs = platform.pop("$defs")
    for key in ("$schema", "title", "description"):
        platform.pop(key)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "aiinfra stack file",
        "description": "A Pulumi stack file of an aiinfra project (stacks/Pulumi.<stack>.yaml). "
        "Generated by `python -m aiinfra.docsgen`; do not edit.",
        "type": "object",
        "required": ["config"],
        "properties": {
            "config": {
                "type": "object",
                "required": [PLATFORM_KEY],
                "properties": {PLATFORM_KEY: platform},
            },
        },
        "$defs": defs,
    }
