"""Generated docs: ``schema/stack.schema.json`` and ``docs/config-reference.md`` from the pydantic models.

Regenerate both after changing a spec field (one command, from the repository root)::

    python -m aiinfra.docsgen          # write the files
    python -m aiinfra.docsgen --check  # exit 1 when either is stale (what the test checks)

``tests/test_config_reference.py`` fails when either file differs from what this module renders.
"""

from __future__ import annotations

import argparse
import json
import sys
import typing
from importlib import import_module
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from aiinfra.blueprints import BLUEPRINTS
from aiinfra.schema import stack_file_schema

REPO_DIR = Path(__file__).resolve().parents[1]
SCHEMA_FILE = Path("schema") / "stack.schema.json"
REFERENCE_FILE = Path("docs") / "config-reference.md"
_REALMS = ("aws", "gcp", "onprem", "hybrid")


def schema_text() -> str:
    """The published stack-file schema, as written to ``schema/stack.schema.json``."""
    return json.dumps(stack_file_schema(), indent=2, sort_keys=False) + "\n"


def _realm(model: type) -> str | None:
    parts = model.__module__.split(".")
    return next((p for p in parts[2:] if p in _REALMS), None)


def _model_name(model: type, collisions: set[str]) -> str:
    """The model's section title: class name, prefixed by its cloud where names collide (``AwsNetworkSpec``)."""
    name = model.__name__
    realm = _realm(model)
    return f"{realm.capitalize()}{name}" if name in collisions and realm else name


def _anchor(title: str) -> str:
    return title.lower()


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def _walk(roots: dict[str, type[BaseModel]]) -> dict[type[BaseModel], list[str]]:
    """Every model reachable from the blueprint Configs, breadth first, with the paths using it."""
    order: dict[type[BaseModel], list[str]] = {}
    queue: list[tuple[type[BaseModel], str, str]] = [(model, name, "") for name, model in roots.items()]
    while queue:
        model, blueprint, path = queue.pop(0)
        seen = model in order
        order.setdefault(model, []).append(
            f"`{path}` ({blueprint})" if path else f"the `{blueprint}` blueprint"
        )
        if seen:
            continue
        for field_name, info in model.model_fields.items():
            item = "[]" if typing.get_origin(info.annotation) in (tuple, list) else ""
            sub = f"{path}.{field_name}{item}" if path else f"{field_name}{item}"
            targets = _models_in(info.annotation)
            if model is roots.get("hybrid") and field_name == "cloud":
                targets = [roots[c] for c in ("aws", "gcp")]
            queue += [(target, blueprint, sub) for target in targets]
    return order


def _type_text(prop: dict[str, Any], titles: dict[str, str]) -> str:
    if "$ref" in prop:
        ref = prop["$ref"].rsplit("/", 1)[1]
        name = titles.get(ref.rsplit("__", 1)[-1], ref)
        return f"[{name}](#{_anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            options = [_type_text(p, titles) for p in prop[key]]
            return " or ".join(dict.fromkeys(options))
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_text(prop.get('items', {}), titles)}"
    if kind == "object":
        values = prop.get("additionalProperties")
        if isinstance(values, dict):
            return f"map of string to {_type_text(values, titles)}"
        return "object"
    if kind == "null":
        return "null"
    if kind is None:
        return "any"
    fmt = prop.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _bounds_text(prop: dict[str, Any]) -> str:
    parts = []
    for node in [prop, *prop.get("anyOf", [])]:
        for key, label in (
            ("minimum", ">="),
            ("exclusiveMinimum", ">"),
            ("maximum", "<="),
            ("exclusiveMaximum", "<"),
            ("minItems", "items >="),
            ("maxItems", "items <="),
            ("minLength", "length >="),
            ("maxLength", "length <="),
            ("minProperties", "entries >="),
        ):
            if key in node:
                parts.append(f"{label} {node[key]}")
        if "pattern" in node:
            parts.append(f"pattern `{node['pattern']}`")
    return "; ".join(dict.fromkeys(parts))


def _default_text(model: type[BaseModel], field_name: str) -> str:
    info = model.model_fields[field_name]
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True, validated_data={})
    if isinstance(value, BaseModel):
        dumped = value.model_dump(mode="json")
        defaults = type(value)().model_dump(mode="json") if _constructible(type(value)) else None
        return "all defaults" if dumped == defaults else f"`{json.dumps(dumped, separators=(',', ':'))}`"
    if isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
        return f"`{json.dumps([v.model_dump(mode='json') for v in value], separators=(',', ':'))}`"
    if isinstance(value, tuple):
        value = list(value)
    return f"`{json.dumps(value, default=str)}`"


def _constructible(model: type[BaseModel]) -> bool:
    try:
        model()
    except Exception:  # a model with required fields has no all-defaults instance
        return False
    return True


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def reference_text() -> str:
    """docs/config-reference.md: every model, every field with type, default, bounds and description."""
    roots = {name: import_module(module).Config for name, module in BLUEPRINTS.items()}
    order = _walk(roots)
    names = [m.__name__ for m in order]
    collisions = {n for n in names if names.count(n) > 1}
    schemas = {model: model.model_json_schema(ref_template="#/$defs/{model}") for model in order}
    lines = [
        "# Configuration reference",
        "",
        "<!-- Generated by `python -m aiinfra.docsgen` from the pydantic models; do not edit by hand. -->",
        "",
        "A stack file (`stacks/Pulumi.<stack>.yaml`) holds one structured key, `aiinfra:platform`; its",
        "`blueprint` field picks the model below. Unknown keys are rejected (with a suggestion when one is",
        "close to a known key). Editors can validate and complete stack files with the JSON Schema in",
        "`schema/stack.schema.json`; `aiinfra schema [--blueprint NAME]` prints the same schema for the",
        "`aiinfra:platform` object. With the YAML language server (VS Code YAML extension, many other",
        "editors), put this modeline on the first line of a stack file:",
        "",
        "```yaml",
        "# yaml-language-server: $schema=../schema/stack.schema.json",
        "```",
        "",
        "Rules that span fields (a pool's zone must be in `network.az_ids`, Lustre capacity steps, team",
        "quotas within a pool's GPUs, address-plan overlaps) are checked by `aiinfra plan`, which names the",
        "field, the value and what is allowed.",
        "",
        "Blueprints: " + ", ".join(f"[`{n}`](#{_anchor(_model_name(roots[n], collisions))})" for n in roots),
        "",
    ]
    for model, paths in order.items():
        title = _model_name(model, collisions)
        schema = schemas[model]
        doc = (model.__doc__ or "").strip().split("\n\n")[0]
        lines += [f"## {title}", "", " ".join(doc.split()), ""]
        lines += ["Used at: " + ", ".join(dict.fromkeys(paths)) + ".", ""]
        lines += ["| field | type | default | allowed | description |", "|---|---|---|---|---|"]
        for field_name, prop in schema.get("properties", {}).items():
            info = model.model_fields[field_name]
            # $ref names are unique within one field's annotation; map them to the section titles.
            titles = {m.__name__: _model_name(m, collisions) for m in _models_in(info.annotation)}
            if model is roots["hybrid"] and field_name == "cloud":
                prop = {"oneOf": [{"$ref": "#/$defs/Config_aws"}, {"$ref": "#/$defs/Config_gcp"}]}
                titles = {f"Config_{c}": _model_name(roots[c], collisions) for c in ("aws", "gcp")}
            lines.append(
                "| "
                + " | ".join(
                    _cell(t)
                    for t in (
                        f"`{field_name}`",
                        _type_text(prop, titles),
                        _default_text(model, field_name),
                        _bounds_text(prop),
                        info.description or "",
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def outputs() -> dict[Path, str]:
    """Every generated file (relative to the repository root) and its content."""
    from aiinfra.training_docs import DOC_FILE, doc_text

    return {SCHEMA_FILE: schema_text(), REFERENCE_FILE: reference_text(), DOC_FILE: doc_text()}


def main(argv: list[str] | None = None) -> int:
    """Write the generated files, or with ``--check`` report which are stale (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m aiinfra.docsgen", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when a file is stale")
    parser.add_argument(
        "--root", type=Path, default=REPO_DIR, help="repository root (default: this checkout)"
    )
    args = parser.parse_args(argv)
    stale = []
    for relative, text in outputs().items():
        path = args.root / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(str(relative))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"stale: {', '.join(stale)}; run `python -m aiinfra.docsgen`", file=sys.stderr)
        return 1
    for relative in stale:
        print(f"wrote {relative}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
