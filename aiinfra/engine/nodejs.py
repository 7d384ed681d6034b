"""What the Pulumi Node.js language host would start for a ``runtime: nodejs`` project, resolved offline.

The program host for TypeScript and JavaScript is ``node`` running ``js/bootstrap.js`` (shipped with
aiinfra): it loads the project's own ``@pulumi/pulumi`` and hands the program to that SDK's run harness
under ``pulumi.runtime.setMocks``, forwarding every monitor call to the judge (protocol v1). This
module decides the command line, working directory and environment, the way the language host does:

- ``runtime.options`` (pulumi/pulumi v3.259.0, 2026-08-19, sdk/nodejs/cmd/pulumi-language-nodejs/main.go
  ``parseOptions``): ``typescript`` (boolean, default true: ``PULUMI_NODEJS_TYPESCRIPT=true``),
  ``tsconfig`` (``PULUMI_NODEJS_TSCONFIG_PATH``), ``nodeargs`` (split like a shell line, before the
  script), ``packagemanager`` (auto, npm, yarn, pnpm, bun: here only for the install command we suggest);
- the working directory and entry point (pkg/engine/project.go ``getPwdMain``): no ``main`` runs ``.``
  in the project directory; a ``main`` folder runs ``.`` there; a ``main`` file runs its base name with
  its folder as working directory;
- config (main.go ``constructConfig``): ``PULUMI_CONFIG`` a JSON map of ``<namespace>:config:<name>`` to
  string values (structured values as JSON), ``PULUMI_CONFIG_SECRET_KEYS`` a JSON list of keys;
- ``@pulumi/pulumi`` is resolved from the program directory upwards as Node resolves a bare module name
  (main.go ``locateModule``), so hoisted workspace installs are found.
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError

from .project import OFFLINE_ORGANIZATION, LoadedProject

BOOTSTRAP = Path(__file__).with_name("js") / "bootstrap.js"
"""The Node side of the program host (package data)."""
PACKAGE_MANAGERS = ("auto", "npm", "yarn", "pnpm", "bun")


@dataclass(frozen=True)
class NodeOptions:
    """``runtime.options`` of a nodejs project, checked as the language host checks them."""

    typescript: bool = True
    tsconfig: str | None = None
    nodeargs: tuple[str, ...] = ()
    packagemanager: str = "auto"


@dataclass(frozen=True)
class NodeLaunch:
    """How to start the Node program host for one project."""

    argv: tuple[str, ...]
    """``node``, the project's ``nodeargs``, the bootstrap script."""
    cwd: Path
    """The program directory (the harness also changes into it, as with ``--pwd``)."""
    env: dict[str, str]
    """Variables to add to the inherited environment (config, TypeScript switches, the program spec)."""
    sdk_dir: Path
    sdk_version: str


def node_options(options: Mapping[str, Any], where: Path | str) -> NodeOptions:
    """Validate ``runtime.options``; exit 2 naming the option for a value of the wrong type."""
    typescript = options.get("typescript", True)
    if not isinstance(typescript, bool):
        raise InputError(
            f"{where}: runtime option 'typescript': {_short(typescript)} is not a boolean (true/false)"
        )
    tsconfig = options.get("tsconfig")
    if tsconfig is not None and not isinstance(tsconfig, str):
        raise InputError(
            f"{where}: runtime option 'tsconfig': {_short(tsconfig)} is not a string (a file path)"
        )
    nodeargs = options.get("nodeargs", "")
    if not isinstance(nodeargs, str):
        raise InputError(f"{where}: runtime option 'nodeargs': {_short(nodeargs)} is not a string")
    try:
        args = tuple(shlex.split(nodeargs))
    except ValueError as exc:
        raise InputError(
            f"{where}: runtime option 'nodeargs': {_short(nodeargs)} cannot be split ({exc})"
        ) from None
    manager = options.get("packagemanager", "auto")
    if manager not in PACKAGE_MANAGERS:
        raise InputError(
            f"{where}: runtime option 'packagemanager': {_short(manager)} is not one of {', '.join(PACKAGE_MANAGERS)}"
        )
    return NodeOptions(typescript, tsconfig or None, args, str(manager))


def program_location(project: LoadedProject) -> tuple[Path, str]:
    """The working directory and entry point the language host passes (``--pwd`` and the program)."""
    if project.entry.is_dir():
        return project.entry, "."
    return project.entry.parent, project.entry.name


def find_sdk(start: Path) -> Path | None:
    """``node_modules/@pulumi/pulumi`` as Node resolves it from ``start`` (that folder, then each parent)."""
    for folder in (start, *start.parents):
        candidate = folder / "node_modules" / "@pulumi" / "pulumi"
        if (candidate / "package.json").is_file():
            return candidate
    return None


_LOCK_FILES = (
    ("yarn.lock", "yarn install --frozen-lockfile"),
    ("pnpm-lock.yaml", "pnpm install --frozen-lockfile"),
    ("bun.lock", "bun install --frozen-lockfile"),
    ("bun.lockb", "bun install --frozen-lockfile"),
    ("package-lock.json", "npm ci"),
)
_INSTALL = {"npm": "npm install", "yarn": "yarn install", "pnpm": "pnpm install", "bun": "bun install"}


def install_command(directory: Path, manager: str = "auto") -> str:
    """The install command to suggest: the nearest lock file's (a workspace's may sit above the project)
    unless ``packagemanager`` names one; ``npm install`` when there is no lock file."""
    for folder in (directory, *directory.parents):
        for lock, command in _LOCK_FILES:
            if (folder / lock).is_file() and manager in ("auto", command.split()[0]):
                return command
    return _INSTALL.get(manager, "npm install")


def config_environment(config: Mapping[str, Any], secret_keys: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``PULUMI_CONFIG`` and ``PULUMI_CONFIG_SECRET_KEYS`` as the language host sets them."""
    values = {}
    for key, value in config.items():
        namespace, _, name = key.partition(":")
        values[f"{namespace}:config:{name}"] = value if isinstance(value, str) else json.dumps(value)
    return {
        "PULUMI_CONFIG": json.dumps(values, sort_keys=True),
        "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(secret_keys)),
    }


def node_launch(project: LoadedProject, node: str | None = None) -> NodeLaunch:
    """Everything needed to start the Node program host for ``project``.

    Raises :class:`InputError` (exit 2) when ``node`` is not on PATH or the project's dependencies are
    not installed (naming the command to run), and for malformed ``runtime.options``.
    """
    where = project.project_file or project.directory
    options = node_options(project.runtime_options, where)
    binary = node or shutil.which("node")
    if binary is None:
        raise InputError(
            "runtime: nodejs needs Node.js: `node` is not on PATH (install Node.js, then run "
            f"`{install_command(project.directory, options.packagemanager)}` in {project.directory})"
        )
    pwd, entry = program_location(project)
    if options.tsconfig and not (pwd / options.tsconfig).is_file():
        raise InputError(
            f"{where}: runtime option 'tsconfig': {_short(options.tsconfig)} is not a file in {pwd} "
            "(a path relative to the program directory)"
        )
    sdk = find_sdk(pwd)
    if sdk is None:
        raise InputError(
            f"{project.directory}: @pulumi/pulumi is not installed (no node_modules/@pulumi/pulumi here or above): "
            f"run `cd {_shell_path(project.directory)} && {install_command(project.directory, options.packagemanager)}` first"
        )
    try:
        version = str(json.loads((sdk / "package.json").read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        version = ""
    env = config_environment(project.config, project.secret_keys)
    if options.typescript:
        env["PULUMI_NODEJS_TYPESCRIPT"] = "true"
    if options.tsconfig:
        env["PULUMI_NODEJS_TSCONFIG_PATH"] = options.tsconfig
    env["AIINFRA_NODE_PROGRAM"] = json.dumps(
        {
            "sdk": str(sdk),
            "pwd": str(pwd),
            "entry": entry,
            "root": str(project.directory),
            "project": project.name,
            "stack": project.stack,
            "organization": OFFLINE_ORGANIZATION,
        }
    )
    return NodeLaunch(
        argv=(binary, *options.nodeargs, str(BOOTSTRAP)),
        cwd=pwd,
        env=env,
        sdk_dir=sdk,
        sdk_version=version,
    )


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shell_path(path: Path) -> str:
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return shlex.quote(shown or ".")


__all__ = [
    "BOOTSTRAP",
    "NodeLaunch",
    "NodeOptions",
    "config_environment",
    "find_sdk",
    "install_command",
    "node_launch",
    "node_options",
    "program_location",
]
