"""Provider SDK subpackages that load only the resource modules a program uses.

Every generated Pulumi SDK subpackage (``pulumi_aws.ec2``, ``pulumi_kubernetes.core.v1``, ...) has an
``__init__.py`` made of ``from .<module> import *`` lines, one per resource (181 in
``pulumi_aws.ec2`` 7.51): touching ``aws.ec2.LaunchTemplate`` builds every EC2 resource class. Measured
on aws-training (bench/results.md, "Where the time went"), those class bodies were most of a cold
plan. With :func:`install`, such a package runs its ``__init__`` without the ``from .<module> import
*`` lines of public modules and resolves each name on first access, importing only the module whose
``__all__`` lists it. ``_enums`` and ``_inputs`` stay eager: every resource module imports them anyway.

The names a package exports are unchanged (``dir()``, ``from pkg import *`` and attribute access see
the same ones); a package whose modules do not all declare ``__all__`` runs as written. Only the offline engine installs this (the CLI and the program host); ``pulumi up`` never does.
"""

from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import re
import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

SDKS = ("pulumi_aws", "pulumi_gcp", "pulumi_kubernetes", "pulumi_random", "pulumiverse_grafana")
"""Top-level packages whose subpackages are loaded lazily (the packages themselves stay as they are:
their ``__init__`` registers the resource modules and is already lazy about subpackages)."""

_ALL = re.compile(r"^__all__\s*=\s*\[(.*?)\]", re.MULTILINE | re.DOTALL)
_HEAD_BYTES = 8192
"""Generated modules declare ``__all__`` right after their imports, well inside the first 8 KiB."""
_PARSED_BYTES = 200_000
"""A module without such an ``__all__`` is parsed for its names only up to this size."""


def _star_module(node: ast.stmt) -> str | None:
    """``X`` for a top-level ``from .X import *`` of a public module (not ``_enums``/``_inputs``)."""
    if (
        isinstance(node, ast.ImportFrom)
        and node.level == 1
        and node.module
        and not node.module.startswith("_")
        and len(node.names) == 1
        and node.names[0].name == "*"
    ):
        return node.module
    return None


def _exported(path: Path) -> list[str] | None:
    """The names ``from <module> import *`` binds, without running the module: its ``__all__`` (generated
    modules declare it in their first lines), else the public top-level names of a small hand-written
    module (``pulumi_kubernetes.helm.v3.helm``). None when neither can be read."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            head = handle.read(_HEAD_BYTES)
            found = _ALL.search(head)
            if found is not None:
                return re.findall(r"['\"]([A-Za-z_]\w*)['\"]", found.group(1))
            if path.stat().st_size > _PARSED_BYTES:
                return None
            tree = ast.parse(head + handle.read())
    except (OSError, SyntaxError, ValueError):
        return None
    if any(isinstance(n, ast.Assign) and "__all__" in _bound(n) for n in _top_level(tree.body)):
        return None  # __all__ built some other way: run it as written
    return [name for node in _top_level(tree.body) for name in _bound(node) if not name.startswith("_")]


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements that bind module globals, including those under top-level ``if``/``try``."""
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            out += _top_level(node.body) + _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            out += _top_level(node.body) + _top_level(node.orelse) + _top_level(node.finalbody)
            for handler in node.handlers:
                out += _top_level(handler.body)
        else:
            out.append(node)
    return out


def _bound(node: ast.stmt) -> list[str]:
    """Global names one top-level statement binds."""
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [a.asname or a.name.split(".")[0] for a in node.names if a.name != "*"]
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


class _LazyPackage(ModuleType):
    """A package whose public modules load on first use of a name they export.

    When the import system attaches a loaded submodule (``setattr(package, "launch_template", mod)``),
    its ``__all__`` is published on the package, as the eager ``from .launch_template import *`` did
    (in that order: ``pulumi_kubernetes.core.v1.Namespace`` is then the class, not the module).
    """

    _lazy_index: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        home = self._lazy_index.get(name)
        if home is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        import_module(f"{self.__name__}.{home}")  # a module's own name maps to itself: the module
        return self.__dict__[name]

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if isinstance(value, ModuleType) and value.__name__ == f"{self.__name__}.{name}":
            exported = getattr(value, "__all__", None)
            if exported is None:  # what `import *` binds from a module without __all__
                exported = [n for n in vars(value) if not n.startswith("_")]
            for item in exported:
                super().__setattr__(item, getattr(value, item))

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self._lazy_index})


def _index(folder: Path, deferred: list[str]) -> dict[str, str] | None:
    """name -> module from each deferred module's ``__all__``; None when one cannot be read."""
    index: dict[str, str] = {name: name for name in deferred}  # the eager package has each module
    for name in deferred:
        exported = _exported(folder / f"{name}.py")
        if exported is None:
            return None
        for item in exported:
            index[item] = name  # a class named like its module (Namespace) wins, as the star import did
    return index


def _sets_module_class(tree: ast.Module) -> bool:
    """True when a package's ``__init__`` gives itself its own module class (``pulumi_aws.config`` sets
    ``sys.modules[__name__].__class__ = _ExportableConfig``, whose properties read the provider config):
    such a package runs as written, since the lazy class would replace it."""
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Attribute) and t.attr == "__class__" for t in node.targets)
        for node in tree.body
    )


class _LazyInitLoader(importlib.abc.Loader):
    """Runs a generated ``__init__.py`` without its ``from .<public module> import *`` lines."""

    def __init__(self, real: importlib.machinery.SourceFileLoader) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        path = Path(self.real.get_filename(module.__name__))
        tree = ast.parse(path.read_bytes(), filename=str(path))
        deferred = [m for m in map(_star_module, tree.body) if m is not None]
        index = _index(path.parent, deferred) if deferred and not _sets_module_class(tree) else None
        if index is None:  # nothing to defer, its own module class, or not the generated shape: as written
            self.real.exec_module(module)
            return
        tree.body = [node for node in tree.body if _star_module(node) is None]
        exec(compile(tree, str(path), "exec"), module.__dict__)
        # `from pkg import *` exports what the eager package did: its own public names and the modules'
        module.__all__ = sorted({*(n for n in module.__dict__ if not n.startswith("_")), *index})
        module.__class__ = _LazyPackage
        module._lazy_index = index


class LazySdkFinder(importlib.abc.MetaPathFinder):
    """Finds SDK subpackages (``pulumi_aws.ec2``) and hands them the lazy ``__init__`` loader."""

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> Any:
        top, _, rest = fullname.partition(".")
        if top not in SDKS or not rest:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if (
            spec is None
            or not spec.submodule_search_locations
            or not isinstance(spec.loader, importlib.machinery.SourceFileLoader)
        ):
            return None
        spec.loader = _LazyInitLoader(spec.loader)
        return spec


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (idempotent; packages imported before stay eager)."""
    if not any(isinstance(f, LazySdkFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, LazySdkFinder())
