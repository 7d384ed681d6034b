"""Finding and reading stack files (``stacks/Pulumi.<stack>.yaml``) without the Pulumi CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies import yamlfile
from aiinfra.policies.yamlfile import shorten

PROJECT_FILE = "Pulumi.yaml"


@dataclass(frozen=True)
class StackFile:
    """A stack file read from disk: its name, path, project and raw config."""

    name: str
    path: Path
    project: str
    config: dict[str, Any]


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) holding ``Pulumi.yaml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise InputError(f"no {PROJECT_FILE} found in {here} or above; run aiinfra from a Pulumi project")


def _project_settings(root: Path) -> tuple[str, Path]:
    try:
        settings = yamlfile.load(root / PROJECT_FILE) or {}
    except yamlfile.YamlInputError as exc:
        raise InputError(str(exc)) from None
    if not isinstance(settings, dict):
        raise InputError(f"{root / PROJECT_FILE}: expected a mapping with 'name' and 'runtime'")
    name = settings.get("name")
    if not isinstance(name, str):
        raise InputError(f"{root / PROJECT_FILE}: 'name' is required")
    return name, root / str(settings.get("stackConfigDir", "."))


def stack_names(root: Path | None = None) -> list[str]:
    """The names of every stack file in the project's stack folder, sorted."""
    base = project_root(root)
    _, folder = _project_settings(base)
    return sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in folder.glob("Pulumi.*.yaml"))


def load_stack(ref: str, root: Path | None = None) -> StackFile:
    """Read a stack by name (``aws-training``) or by path to a stack file.

    Raises :class:`InputError` for a missing file, invalid YAML or a file without ``config``.
    """
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        path = candidate.resolve()
        if not path.is_file():
            raise InputError(f"stack file {shorten(ref)} does not exist")
        project = _project_settings(project_root(path.parent))[0] if _has_project(path.parent) else "aiinfra"
        stem = path.name
        name = stem[len("Pulumi.") : -len(path.suffix)] if stem.startswith("Pulumi.") else path.stem
    else:
        base = project_root(root)
        project, folder = _project_settings(base)
        path = folder / f"Pulumi.{ref}.yaml"
        name = ref
        if not path.is_file():
            known = ", ".join(stack_names(base)) or "none"
            raise InputError(f"stack {shorten(ref)} not found in {folder} (stacks: {known})")
    try:
        data = yamlfile.load(path)
    except yamlfile.YamlInputError as exc:
        raise InputError(str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict):
        raise InputError(f"{path}: expected a mapping with a 'config' mapping")
    return StackFile(name=name, path=path, project=project, config=data["config"])


def _has_project(folder: Path) -> bool:
    try:
        project_root(folder)
    except InputError:
        return False
    return True
