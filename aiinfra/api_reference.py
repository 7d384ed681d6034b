"""``docs/components-api.md``: the Python API of every public component, generated from the code.

For each component class under ``aiinfra.components`` (every subclass of
:class:`aiinfra.components.base.Component` whose name does not start with ``_``): how to import it,
its type token, its docstring, its constructor arguments (type and default; pydantic spec arguments
link to a table of their fields with types, defaults, bounds and descriptions), its outputs (public
attributes set in the constructor) and methods, and an example from :mod:`aiinfra.component_examples`
that ``tests/test_components_api.py`` runs under the offline engine.

Regenerate after changing a component (from the repository root)::

    python -m aiinfra.api_reference          # write docs/components-api.md
    python -m aiinfra.api_reference --check  # exit 1 when it is stale (what the test checks)
"""

from __future__ import annotations

import argparse
import ast
import inspect
import pkgutil
import re
import sys
import textwrap
from importlib import import_module
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from aiinfra.docsgen import _bounds_text, _cell, _default_text, _model_name, _models_in, _type_text

REPO_DIR = Path(__file__).resolve().parents[1]
API_FILE = Path("docs") / "components-api.md"
PACKAGES = ("aws", "gcp", "onprem", "hybrid", "scheduling", "services", "observability", "audit")
"""Subpackages of ``aiinfra.components`` holding components, in the order the reference lists them."""
_TOKEN = re.compile(r"super\(\).__init__\(\s*\"(aiinfra:[^\"]+)\"")


def components() -> list[tuple[str, type]]:
    """(subpackage, class) of every public component, in package then module then source order."""
    from aiinfra.components.base import Component

    found: list[tuple[str, type]] = []
    for package in PACKAGES:
        pkg = import_module(f"aiinfra.components.{package}")
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            module = import_module(f"{pkg.__name__}.{info.name}")
            classes = [
                obj
                for name, obj in vars(module).items()
                if inspect.isclass(obj)
                and issubclass(obj, Component)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ]
            classes.sort(key=lambda c: inspect.getsourcelines(c)[1])
            found += [(package, c) for c in classes]
    return found


def anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^a-z0-9 _-]", "", title.lower()).replace(" ", "-")


def component_title(package: str, cls: type) -> str:
    """``GpuNodePool (aws)``."""
    return f"{cls.__name__} ({package})"


def import_line(package: str, cls: type) -> str:
    """The shortest import: from the subpackage when it exports the class, else from its module."""
    pkg = import_module(f"aiinfra.components.{package}")
    try:
        exported = getattr(pkg, cls.__name__, None) is cls
    except Exception:  # a lazy export that does not resolve
        exported = False
    where = pkg.__name__ if exported else cls.__module__
    return f"from {where} import {cls.__name__}"


def type_token(cls: type) -> str | None:
    """The Pulumi type token the class registers (``aiinfra:aws:GpuNodePool``), its own or a base's."""
    if isinstance(getattr(cls, "TOKEN", None), str):
        return cls.TOKEN
    for klass in cls.__mro__:
        if klass.__module__.startswith("aiinfra.components.") and klass.__name__ != "Component":
            match = _TOKEN.search(inspect.getsource(klass))
            if match:
                return match.group(1)
    return None


def _annotation_models(annotation: str, module: Any) -> list[type[BaseModel]]:
    """pydantic models named in an annotation string, resolved in the component's module."""
    out = []
    for word in re.findall(r"\b[A-Z][A-Za-z0-9_]*\b", annotation):
        obj = getattr(module, word, None)
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj not in out:
            out.append(obj)
    return out


def arguments(cls: type) -> list[tuple[str, str, str, list[type[BaseModel]]]]:
    """(name, annotation, default, spec models) per constructor argument."""
    module = sys.modules[cls.__module__]
    rows = []
    for param in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        annotation = (
            param.annotation
            if isinstance(param.annotation, str)
            else inspect.formatannotation(param.annotation)
        )
        annotation = "" if param.annotation is inspect.Parameter.empty else annotation
        default = "**required**" if param.default is inspect.Parameter.empty else f"`{param.default!r}`"
        keyword = param.kind is inspect.Parameter.KEYWORD_ONLY
        rows.append(
            (
                param.name + (" (keyword)" if keyword else ""),
                annotation,
                default,
                _annotation_models(annotation, module),
            )
        )
    return rows


def outputs(cls: type) -> list[tuple[str, str]]:
    """Public attributes the constructor sets (``self.x = ...``), with their annotation when declared."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    declared = {
        k: v if isinstance(v, str) else inspect.formatannotation(v)
        for k, v in getattr(cls, "__annotations__", {}).items()
    }
    found: dict[str, str] = {}
    init = next(
        (n for n in tree.body[0].body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    for node in ast.walk(init) if init else ():
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                name = target.attr
                if not name.startswith("_") and name not in found:
                    note = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
                    found[name] = declared.get(name) or note
    for name, annotation in declared.items():
        if not name.startswith("_"):
            found.setdefault(name, annotation)
    return list(found.items())


def methods(cls: type) -> list[tuple[str, str]]:
    """Public methods defined on the class: (signature, first docstring line)."""
    out = []
    for name, member in vars(cls).items():
        if name.startswith("_") or not callable(member):
            continue
        signature = str(inspect.signature(member)).replace("(self, ", "(").replace("(self)", "()")
        doc = (inspect.getdoc(member) or "").split("\n")[0]
        out.append((f"{name}{signature}", doc))
    return out


def example_source(cls: type, package: str) -> str | None:
    """The body of ``aiinfra.component_examples.<package>_<Class>``, dedented, or None."""
    from aiinfra import component_examples

    func = getattr(component_examples, f"{package}_{cls.__name__}", None)
    if func is None:
        return None
    lines = inspect.getsource(func).splitlines()
    body = lines[next(i for i, line in enumerate(lines) if line.rstrip().endswith(":")) + 1 :]
    text = textwrap.dedent("\n".join(body))
    if text.lstrip().startswith('"""'):  # drop the function's docstring
        text = text.split('"""', 2)[2].lstrip("\n")
    return text.rstrip() + "\n"


def _spec_models(roots: list[type[BaseModel]]) -> list[type[BaseModel]]:
    order: list[type[BaseModel]] = []
    queue = list(roots)
    while queue:
        model = queue.pop(0)
        if model in order:
            continue
        order.append(model)
        for info in model.model_fields.values():
            queue += _models_in(info.annotation)
    return order


def _spec_section(model: type[BaseModel], collisions: set[str]) -> list[str]:
    title = _model_name(model, collisions)
    doc = " ".join((model.__doc__ or "").strip().split("\n\n")[0].split())
    lines = [f"### {title}", "", f"`{model.__module__}.{model.__name__}`. {doc}", ""]
    lines += ["| field | type | default | allowed | description |", "|---|---|---|---|---|"]
    schema = model.model_json_schema(ref_template="#/$defs/{model}")
    for field_name, prop in schema.get("properties", {}).items():
        info = model.model_fields[field_name]
        titles = {m.__name__: _model_name(m, collisions) for m in _models_in(info.annotation)}
        cells = (
            f"`{field_name}`",
            _type_text(prop, titles),
            _default_text(model, field_name),
            _bounds_text(prop),
            info.description or "",
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def reference_text() -> str:
    """The whole of docs/components-api.md."""
    found = components()
    all_models = _spec_models([m for _, cls in found for *_, models in arguments(cls) for m in models])
    names = [m.__name__ for m in all_models]
    collisions = {n for n in names if names.count(n) > 1}
    lines = [
        "# Components: Python API reference",
        "",
        "<!-- Generated by `python -m aiinfra.api_reference` from the code; do not edit by hand. -->",
        "",
        "Every public component under `aiinfra.components`, for teams composing their own Pulumi",
        "programs: how to import it, its type token, its constructor arguments (pydantic spec arguments",
        "link to their fields below), the outputs it exposes and an example. Every example is run under",
        "the offline engine by `tests/test_components_api.py` (`aiinfra plan --program` runs the same",
        "engine over your program). Blueprint settings are in [the configuration reference](config-reference.md).",
        "",
        "Conventions: children are named `<name>-<role>`; `opts` takes `pulumi.ResourceOptions` (a",
        "component's `depends_on` also orders its children); `pulumi.Input[...]` arguments take plain",
        "values or other resources' outputs. The services examples take their `ServiceTarget` (the",
        "platform's facts, object-store identity and PostgreSQL) from",
        "`aiinfra.component_examples.example_service_target()`.",
        "",
    ]
    for package in PACKAGES:
        members = [cls for pkg, cls in found if pkg == package]
        links = ", ".join(f"[{c.__name__}](#{anchor(component_title(package, c))})" for c in members)
        lines.append(f"- `aiinfra.components.{package}`: {links}")
    lines += ["- [Spec models](#spec-models)", ""]
    for package in PACKAGES:
        lines += [f"## aiinfra.components.{package}", ""]
        for pkg, cls in found:
            if pkg != package:
                continue
            lines += _component_section(package, cls, collisions)
    lines += ["## Spec models", ""]
    for model in all_models:
        lines += _spec_section(model, collisions)
    return "\n".join(lines).rstrip("\n") + "\n"


def _component_section(package: str, cls: type, collisions: set[str]) -> list[str]:
    token = type_token(cls)
    lines = [f"### {component_title(package, cls)}", ""]
    lines += [f"`{import_line(package, cls)}`" + (f", type token `{token}`" if token else ""), ""]
    lines += [inspect.getdoc(cls) or "", ""]
    lines += ["| argument | type | default |", "|---|---|---|"]
    for name, annotation, default, models in arguments(cls):
        kind = f"`{annotation}`" if annotation else ""
        if models:
            kind += (
                " ("
                + ", ".join(
                    f"[{_model_name(m, collisions)}](#{anchor(_model_name(m, collisions))})" for m in models
                )
                + ")"
            )
        lines.append(
            f"| `{name.split()[0]}`{name[len(name.split()[0]) :]} | {_cell(kind)} | {_cell(default)} |"
        )
    lines.append("")
    outs = outputs(cls)
    if outs:
        lines += ["Outputs (attributes):", ""]
        lines += [f"- `{name}`" + (f": `{annotation}`" if annotation else "") for name, annotation in outs]
        lines.append("")
    meths = methods(cls)
    if meths:
        lines += ["Methods:", ""]
        lines += [f"- `{sig}`" + (f": {doc}" if doc else "") for sig, doc in meths]
        lines.append("")
    example = example_source(cls, package)
    if example:
        lines += ["Example:", "", "```python", example.rstrip("\n"), "```", ""]
    else:
        lines += ["Example: none yet.", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Write docs/components-api.md, or with ``--check`` exit 1 when it is stale."""
    parser = argparse.ArgumentParser(
        prog="python -m aiinfra.api_reference", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is stale")
    parser.add_argument(
        "--root", type=Path, default=REPO_DIR, help="repository root (default: this checkout)"
    )
    args = parser.parse_args(argv)
    path = args.root / API_FILE
    text = reference_text()
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        return 0
    if args.check:
        print(f"stale: {API_FILE}; run `python -m aiinfra.api_reference`", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {API_FILE}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
