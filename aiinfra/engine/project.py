"""Reading a user's Pulumi project the way the Pulumi CLI does: ``Pulumi.yaml``, the stack file, config.

A project is a directory holding ``Pulumi.yaml`` (or a single ``.py`` file, optionally with a
``Pulumi.yaml`` beside it). What the CLI would hand the language host is resolved here, offline:

- ``name`` (the project name in every URN), ``runtime`` (``python`` or ``nodejs``, with its ``options``),
  ``main`` (entry file or folder) and ``stackConfigDir`` from ``Pulumi.yaml``;
- the project-level ``config:`` block: ``key: {type, default, secret, value}`` declarations in the
  project's namespace and ``provider:key: value`` (or ``{value: ...}``) entries for providers;
- ``Pulumi.<stack>.yaml`` (under ``stackConfigDir``) overriding those, then ``--config-value``;
- ``secure:`` values become placeholder secrets, each listed in :attr:`LoadedProject.notes`.

Sources (read 2026-12-01): pulumi.com/docs/iac/concepts/projects/project-file/ (attributes ``name``,
``runtime``, ``main`` relative to ``Pulumi.yaml``, ``stackConfigDir``, ``config`` since v3.44);
pulumi.com/docs/iac/concepts/config/ ("Configuration Keys": ``[<namespace>:]<key-name>``, a key without
a colon is in the project's namespace); pulumi.com/blog/project-config-mvp/ (project-level values are
defaults for every stack; object values nest under ``value:`` so they are not read as a schema).
unverified: that a declared key with a ``type`` and no ``default`` must be set by every stack (the CLI's
behaviour as remembered, not re-read), and that the CLI rejects stack values of another type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies import yamlfile
from aiinfra.policies.yamlfile import shorten

OFFLINE_ORGANIZATION = "organization"
"""What ``pulumi.get_organization()`` / ``pulumi.getOrganization()`` return offline: the organization name the
Pulumi CLI reports for a self-managed (DIY) backend. unverified: from Pulumi's documentation of DIY backends
as remembered, not read at a tag; without it the Node.js SDK throws "Missing organization name" and the
Python SDK returns None."""

PROJECT_FILE = "Pulumi.yaml"
PROJECT_FILE_ALTERNATE = "Pulumi.yml"
OFFLINE_SECRET = "offline-placeholder-secret"
"""What a ``secure:`` stack value reads as offline (the ciphertext cannot be decrypted here)."""
DEFAULT_PROJECT = "aiinfra"
"""Project name for a lone ``.py`` file with no ``Pulumi.yaml`` beside it."""
_CONFIG_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}
RUNTIMES = ("python", "nodejs")
"""The ``runtime:`` names aiinfra runs (nodejs: TypeScript and JavaScript, see :mod:`.nodejs`)."""
NODE_SUFFIXES = (".ts", ".js", ".mjs", ".cjs", ".mts", ".cts")


@dataclass(frozen=True)
class LoadedProject:
    """A Pulumi project resolved for one stack: where to run, what to run, with which config."""

    name: str
    directory: Path
    """The project directory: the working directory and first ``sys.path`` entry while it runs."""
    entry: Path
    """The file or folder (holding ``__main__.py``) the language host runs."""
    stack: str
    project_file: Path | None
    stack_file: Path | None
    config: dict[str, Any]
    """Fully qualified keys (``proj:key``, ``aws:region``) to values (structured values allowed)."""
    secret_keys: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    """Keys the project declares as required (a ``type`` and no ``default``)."""
    runtime: str = "python"
    """``python`` or ``nodejs``: which program host runs it."""
    runtime_options: dict[str, Any] = field(default_factory=dict)
    """``runtime.options`` from ``Pulumi.yaml`` (for nodejs: typescript, nodeargs, packagemanager, tsconfig)."""

    @property
    def stack_file_hint(self) -> Path:
        """The stack file a missing key belongs in (whether or not it exists yet)."""
        if self.stack_file is not None:
            return self.stack_file
        return self.directory / f"Pulumi.{self.stack}.yaml"


def _read_yaml(path: Path) -> Any:
    try:
        return yamlfile.load(path)
    except yamlfile.YamlInputError as exc:
        raise InputError(str(exc)) from None


def _runtime(runtime: Any, path: Path) -> tuple[str, dict[str, Any]]:
    """The runtime's name and options (``runtime: nodejs`` or ``runtime: {name: nodejs, options: {...}}``)."""
    options: Any = {}
    if isinstance(runtime, Mapping):
        options = runtime.get("options") or {}
        runtime = runtime.get("name")
    if not isinstance(runtime, str) or not runtime:
        raise InputError(f"{path}: 'runtime' is required (python, or {{name: python, options: ...}})")
    if not isinstance(options, Mapping):
        raise InputError(f"{path}: runtime 'options' must be a mapping (e.g. {{typescript: true}})")
    return runtime, dict(options)


def _qualify(key: str, project: str, where: str) -> str:
    """``pulumi config`` accepts a bare key for the project's namespace; files must use ``ns:key``."""
    if not isinstance(key, str) or not key:
        raise InputError(f"{where}: config key {shorten(key)} must be a non-empty string")
    return key if ":" in key else f"{project}:{key}"


def _check_type(key: str, value: Any, declared: str | None, where: str, *, secret: bool = False) -> None:
    """Refuse a value that is not of its declared type; a secret key's value is never shown."""
    if declared is None:
        return
    expected = _CONFIG_TYPES.get(declared)
    if expected is None:
        allowed = ", ".join(_CONFIG_TYPES)
        raise InputError(f"{where}: config {shorten(key)}: type {shorten(declared)} is not one of {allowed}")
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if isinstance(value, str) and expected is not str:
        # values given on the command line are strings; accept ones that parse as the declared type
        try:
            ok = isinstance(json.loads(value), expected)
        except ValueError:
            ok = False
    if not ok:
        shown = "its value ([secret])" if secret else shorten(value)
        raise InputError(f"{where}: config {shorten(key)}: {shown} is not a {declared}")


def _project_config(
    block: Any, project: str, path: Path
) -> tuple[dict[str, Any], dict[str, str], set[str], set[str]]:
    """Defaults, declared types, required keys and secret keys from ``Pulumi.yaml``'s ``config:``."""
    if block is None:
        return {}, {}, set(), set()
    if not isinstance(block, Mapping):
        raise InputError(f"{path}: 'config' must be a mapping of key to declaration or value")
    defaults: dict[str, Any] = {}
    types: dict[str, str] = {}
    required: set[str] = set()
    secret: set[str] = set()
    for raw_key, decl in block.items():
        key = _qualify(raw_key, project, f"{path}: config")
        if isinstance(decl, Mapping) and (
            {"type", "default", "value", "secret", "description", "items"} >= set(decl)
        ):
            declared = decl.get("type")
            if declared is not None:
                types[key] = str(declared)
            if "value" in decl:
                defaults[key] = decl["value"]
            elif "default" in decl:
                defaults[key] = decl["default"]
            elif declared is not None:
                required.add(key)
            if decl.get("secret"):
                secret.add(key)
            if key in defaults:
                _check_type(key, defaults[key], types.get(key), str(path), secret=bool(decl.get("secret")))
        else:
            defaults[key] = decl
    return defaults, types, required, secret


def _stack_config(path: Path, project: str) -> tuple[dict[str, Any], list[str], list[str]]:
    data = _read_yaml(path)
    if data is None:
        return {}, [], []
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: expected a mapping (with a 'config' mapping)")
    notes = []
    if data.get("environment"):
        notes.append(
            f"{path.name}: 'environment' (Pulumi ESC) cannot be opened offline; its values are not set"
        )
    config = data.get("config") or {}
    if not isinstance(config, Mapping):
        raise InputError(f"{path}: 'config' must be a mapping of '<namespace>:<key>' to value")
    values: dict[str, Any] = {}
    secrets: list[str] = []
    for raw_key, value in config.items():
        key = _qualify(raw_key, project, f"{path}: config")  # a bare key is the project's
        if isinstance(value, Mapping) and set(value) == {"secure"}:
            values[key] = OFFLINE_SECRET
            secrets.append(key)
            notes.append(f"{key}: secure value from {path.name} read as a placeholder secret")
        else:
            values[key] = value
    return values, secrets, notes


def _find_project_file(folder: Path) -> Path | None:
    for name in (PROJECT_FILE, PROJECT_FILE_ALTERNATE):
        if (folder / name).is_file():
            return folder / name
    return None


def parse_config_values(items: Sequence[str], project: str) -> dict[str, str]:
    """``--config-value KEY=VALUE`` pairs; a bare KEY is in the project's namespace."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(
                f"--config-value {shorten(key or item)}: expected KEY=VALUE (e.g. aws:region=us-west-2)"
            )
        out[_qualify(key.strip(), project, "--config-value")] = value
    return out


def load_project(path: str | Path, *, stack: str = "dev", config_values: Sequence[str] = ()) -> LoadedProject:
    """Resolve a project directory (with ``Pulumi.yaml``) or a ``.py`` file for ``stack``.

    A Node.js project is a directory (or its ``main`` file: ``.ts``/``.js``) whose ``Pulumi.yaml`` says
    ``runtime: nodejs``. Raises :class:`InputError` (exit 2) for a missing path, another runtime, malformed YAML,
    badly formed keys, values of the wrong declared type, and required keys nobody set.
    """
    target = Path(path)
    if not target.exists():
        raise InputError(f"program {str(path)!r} does not exist (give a project directory or a .py file)")
    target = target.resolve()
    if target.is_dir():
        project_file = _find_project_file(target)
        if project_file is None:
            raise InputError(
                f"{path}: no {PROJECT_FILE} in this directory (give a Pulumi project directory or a .py file)"
            )
        directory = target
    else:
        if target.suffix != ".py" and target.suffix not in NODE_SUFFIXES:
            raise InputError(
                f"program {str(path)!r}: expected a Pulumi project directory, a .py file or the .ts/.js "
                "main file of a project"
            )
        directory = target.parent
        project_file = _find_project_file(directory)
        if project_file is None and target.suffix != ".py":
            raise InputError(
                f"program {str(path)!r}: a .ts/.js program needs its Pulumi.yaml (runtime: nodejs) beside it"
            )

    settings: Mapping[str, Any] = {}
    runtime, runtime_options = "python", {}
    if project_file is not None:
        loaded = _read_yaml(project_file)
        if not isinstance(loaded, Mapping):
            raise InputError(f"{project_file}: expected a mapping with 'name' and 'runtime'")
        settings = loaded
        name = settings.get("name")
        if not isinstance(name, str) or not name:
            raise InputError(f"{project_file}: 'name' is required (the project name used in every URN)")
        runtime, runtime_options = _runtime(settings.get("runtime"), project_file)
        if runtime not in RUNTIMES:
            raise InputError(
                f"{project_file}: runtime {shorten(runtime)} is not supported; aiinfra runs Python (runtime: python) "
                "and TypeScript/JavaScript (runtime: nodejs) programs"
            )
        if target.is_file() and (target.suffix == ".py") != (runtime == "python"):
            raise InputError(f"program {str(path)!r}: {project_file.name} says runtime: {runtime}")
    else:
        name = DEFAULT_PROJECT

    if target.is_file():
        entry = target
    else:
        main = settings.get("main")
        entry = (directory / str(main)).resolve() if main else directory
        if not entry.exists():
            raise InputError(f"{project_file}: main {str(main)!r} does not exist")
        if runtime == "python" and entry.is_dir() and not (entry / "__main__.py").is_file():
            raise InputError(f"{project_file}: main {str(main or '.')!r} has no __main__.py to run")

    defaults, types, required, secret = _project_config(settings.get("config"), name, project_file or target)
    config_dir = directory / str(settings.get("stackConfigDir") or ".")
    stack_file = config_dir / f"Pulumi.{stack}.yaml"
    notes: list[str] = []
    stack_values: dict[str, Any] = {}
    stack_secrets: list[str] = []
    if stack_file.is_file():
        stack_values, stack_secrets, stack_notes = _stack_config(stack_file, name)
        notes.extend(stack_notes)
    else:
        stack_file = None
    cli_values = parse_config_values(config_values, name)

    config = {**defaults, **stack_values, **cli_values}
    for key, value in config.items():
        if key not in stack_secrets:
            _check_type(
                key,
                value,
                types.get(key),
                "--config-value" if key in cli_values else str(stack_file),
                secret=key in secret,
            )
    hint = stack_file or config_dir / f"Pulumi.{stack}.yaml"
    missing = sorted(k for k in required if k not in config)
    if missing:
        raise InputError(
            f"missing required configuration {', '.join(repr(k) for k in missing)} "
            f"(declared in {project_file.name if project_file else PROJECT_FILE}): set it under 'config:' in "
            f"{hint} or pass --config-value {missing[0]}=VALUE"
        )
    secret_keys = tuple(dict.fromkeys([*stack_secrets, *(k for k in secret if k in config)]))
    return LoadedProject(
        name=name,
        directory=directory,
        entry=entry,
        stack=stack,
        project_file=project_file,
        stack_file=stack_file,
        config=config,
        secret_keys=secret_keys,
        notes=tuple(notes),
        required=tuple(sorted(required)),
        runtime=runtime,
        runtime_options=runtime_options,
    )
