"""``aiinfra policy export DIR``: a self-contained CrossGuard pack that runs wherever CrossGuard runs it.

The in-repo pack (``policies/``) imports the installed ``aiinfra`` package; a published pack
(``pulumi policy publish``) is installed by Pulumi Cloud into a fresh virtual environment from its
``requirements.txt`` alone. The export therefore copies the rules and the small runtime they need
into one package, ``aiinfra_aip`` (no ``aiinfra`` import anywhere), vendors the accelerator catalog
the GPU rules read, and lists only installable distributions in ``requirements.txt``.

Layout::

    DIR/PulumiPolicy.yaml      runtime python, virtualenv "venv" (relative to DIR)
    DIR/__main__.py            from aiinfra_aip.crossguard import build_pack; build_pack()
    DIR/requirements.txt       pulumi, pulumi-policy, pydantic, PyYAML
    DIR/config.example.json    every policy at its default level and tunables
    DIR/aiinfra_aip/           registry, property access, documents, waivers, pack config,
                               frameworks, crossguard adapter, rules/, catalog/, README.md
    DIR/.aiinfra-export.json   manifest: every file this export wrote, with its SHA-256

``--force`` over a previous export rewrites the pack's files and removes only files a previous export
listed in its manifest that this one no longer writes, and only while they still hold what was written
(same SHA-256). Nothing else in DIR is touched: a user's own rule module stays.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from .meta import PACK_NAME, PACK_VERSION

PACKAGE = "aiinfra_aip"
MANIFEST = ".aiinfra-export.json"
"""The export's record of what it wrote (relative POSIX paths and SHA-256), in the pack directory."""
HERE = Path(__file__).resolve().parent
CATALOG_DIR = HERE.parent / "components" / "catalog"

RUNTIME_MODULES = (
    "access.py",
    "cidrs.py",
    "conditions.py",
    "crossguard.py",
    "documents.py",
    "frameworks.py",
    "meta.py",
    "packconfig.py",
    "registry.py",
    "waivers.py",
    "yamlfile.py",
)
"""Modules of ``policies/`` the CrossGuard pack needs (not the offline runner, reports or docs)."""

REQUIREMENTS = (
    "pulumi>=3.272,<4",
    "pulumi-policy>=1.21,<2",
    "pydantic>=2.14,<3",
    "PyYAML>=6",
)
"""Runtime requirements of the exported pack: what its modules import, nothing else
(``jsonschema`` is optional: CrossGuard validates the pack config itself)."""

INIT = '''"""The aiinfra AIP policy pack, exported by ``aiinfra policy export`` (self-contained: no aiinfra import).

``__main__.py`` of the pack directory calls :func:`aiinfra_aip.crossguard.build_pack`.
"""
'''

MAIN = '''"""CrossGuard entry point of the exported aiinfra AIP pack (``pulumi preview --policy-pack <this dir>``)."""

from aiinfra_aip.crossguard import build_pack

build_pack()
'''

POLICY_YAML = f"""# Exported by `aiinfra policy export`: a self-contained CrossGuard pack ({PACK_NAME}).
# Create the virtualenv next to this file:  python -m venv venv && venv/bin/pip install -r requirements.txt
# Then: pulumi preview --policy-pack <this dir>   or   pulumi policy publish <org>
runtime:
  name: python
  options:
    virtualenv: venv
version: {PACK_VERSION}
description: >-
  AIP policy pack: IAM, Kubernetes RBAC and pod security, audit trails, encryption, network, node hardening,
  accelerator budget and data-tier rules for AI platforms on AWS, GCP and Kubernetes.
license: Apache-2.0
"""


class ExportError(ValueError):
    """The destination cannot be used (one clear message)."""


def _copy_tree(src: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for f in sorted([*src.glob("*.py"), *src.glob("*.json")]):
        target = dest / f.name
        shutil.copyfile(f, target)
        out.append(target)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _previous_files(root: Path) -> dict[str, str]:
    """``relative path -> SHA-256`` from a previous export's manifest; {} when there is none or it is not
    ours (then nothing is removed). Paths that leave ``root`` are ignored."""
    path = root / MANIFEST
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}
    if not isinstance(files, dict):
        return {}
    base = root.resolve()
    out = {}
    for rel, digest in files.items():
        if not isinstance(rel, str) or not isinstance(digest, str):
            continue
        target = (root / rel).resolve()
        if target.is_relative_to(base) and target != base:
            out[rel] = digest
    return out


def export_pack(dest: str | Path, *, force: bool = False, readme: str | None = None) -> list[Path]:
    """Write the pack into ``dest`` and return the files written. ``dest`` must be empty or absent
    unless ``force``: then the pack's files are rewritten, stale files of a previous export (listed in
    its manifest, unchanged since) are removed, and nothing else is touched."""
    from .packconfig import example_config

    root = Path(dest)
    if root.exists() and not root.is_dir():
        raise ExportError(f"export destination {str(root)!r} exists and is not a directory")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise ExportError(
            f"export destination {str(root)!r} is not empty (pass --force to overwrite an export)"
        )
    if not CATALOG_DIR.is_dir():  # pragma: no cover - the catalog ships with the package
        raise ExportError(f"accelerator catalog not found at {CATALOG_DIR}")
    previous = _previous_files(root) if root.is_dir() else {}
    package = root / PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    (package / "__init__.py").write_text(INIT, encoding="utf-8")
    written.append(package / "__init__.py")
    for name in RUNTIME_MODULES:
        shutil.copyfile(HERE / name, package / name)
        written.append(package / name)
    written += _copy_tree(HERE / "rules", package / "rules")
    written += _copy_tree(CATALOG_DIR, package / "catalog")
    if readme is None:
        docs = HERE.parent / "docs" / "policies.md"
        readme = docs.read_text(encoding="utf-8") if docs.is_file() else f"# {PACK_NAME}\n"
    (package / "README.md").write_text(readme, encoding="utf-8")
    written.append(package / "README.md")
    files = {
        "PulumiPolicy.yaml": POLICY_YAML,
        "__main__.py": MAIN,
        "requirements.txt": "\n".join(REQUIREMENTS) + "\n",
        "config.example.json": json.dumps(example_config(), indent=2) + "\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        written.append(root / name)
    manifest = {p.relative_to(root).as_posix(): _sha256(p) for p in written}
    for rel, digest in sorted(previous.items()):
        stale = root / rel
        if rel not in manifest and stale.is_file() and not stale.is_symlink() and _sha256(stale) == digest:
            stale.unlink()
    document = {"pack": PACK_NAME, "version": PACK_VERSION, "files": manifest}
    (root / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    written.append(root / MANIFEST)
    return written
