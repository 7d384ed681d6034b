"""Plan documents of the working tree and of a git ref, for ``aiinfra diff --base REF``.

The ref is exported with ``git archive`` into a temporary folder (the repository, its index and its
worktree list are left untouched) and planned there by the ref's own code: ``aiinfra plan --format
json`` in a child process whose import path puts the exported tree first. The working tree is
planned the same way in a second child, at the same time. Each child is this interpreter, so both
sides use the same installed provider SDKs.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies.yamlfile import shorten

PACKAGE_FOLDERS = ("components", "blueprints", "policies")
"""Top-level folders the installed package maps to ``aiinfra.<folder>`` (setup.py's package_dir)."""


def _git(root: Path, *args: str, binary: bool = False) -> Any:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, text=not binary)
    except FileNotFoundError:
        raise InputError("--base needs git on PATH (apt-get install git, brew install git)") from None
    if done.returncode != 0:
        err = done.stderr if isinstance(done.stderr, str) else done.stderr.decode(errors="replace")
        raise InputError(f"git {' '.join(args[:2])}: {(err.strip().splitlines() or ['failed'])[-1]}")
    return done.stdout


def repository_root(start: Path) -> Path:
    """The top of the git work tree holding ``start``."""
    return Path(_git(start, "rev-parse", "--show-toplevel").strip())


def export_ref(root: Path, ref: str, target: Path) -> str:
    """Write the tree of ``ref`` into ``target``; returns the commit id. Raises InputError for a bad ref."""
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except InputError:
        raise InputError(
            f"--base {shorten(ref)}: not a commit in {root} (a branch, tag or commit id)"
        ) from None
    archive = _git(root, "archive", "--format=tar", commit, binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # the "data" filter (Python >= 3.11.4) refuses links out of the target and absolute paths
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    # Installed, the package maps components/ etc. onto aiinfra.components; the exported tree is run
    # from source, so give its aiinfra package the same subpackages.
    for folder in PACKAGE_FOLDERS:
        link = target / "aiinfra" / folder
        if (target / folder).is_dir() and not link.exists():
            link.symlink_to(Path("..") / folder, target_is_directory=True)
    return commit


def plan_command(stacks: Sequence[str]) -> list[str]:
    """``python -P -m aiinfra.cli.main plan --format json [STACK ...]`` with this interpreter."""
    return [sys.executable, "-P", "-m", "aiinfra.cli.main", "plan", "--format", "json", *stacks]


def plan_document(
    folder: Path, stacks: Sequence[str], label: str, *, source_tree: Path | None = None
) -> dict[str, Any]:
    """Plan ``stacks`` (all when empty) of the project in ``folder`` in a child process.

    With ``source_tree`` the child imports aiinfra from that folder (the exported ref), otherwise the
    installed package plans the folder's stack files. Exit 0 and 1 (findings) give a document; any
    other exit is an InputError naming the side and the child's last line on stderr.
    """
    env = dict(os.environ)
    if source_tree:
        env["PYTHONPATH"] = os.pathsep.join([str(source_tree), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(
        plan_command(stacks), cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise InputError(f"{label}: `aiinfra plan` failed (exit {done.returncode}): {last}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        raise InputError(f"{label}: `aiinfra plan --format json` printed no JSON document") from None


def _stack_names(folder: Path) -> set[str]:
    from aiinfra.stacks import stack_names

    try:
        return set(stack_names(folder))
    except InputError:
        return set()


def plan_against_ref(
    project: Path, ref: str, stacks: Sequence[str]
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(base document, working-tree document, base label): both sides planned in parallel.

    Named stacks missing on one side are left out there (they show as added or removed).
    """
    root = repository_root(project)
    relative = project.resolve().relative_to(root)
    with tempfile.TemporaryDirectory(prefix="aiinfra-diff-") as tmp:
        tree = Path(tmp) / "base"
        commit = export_ref(root, ref, tree)
        base_project = tree / relative
        base_stacks = [s for s in stacks if s in _stack_names(base_project)] if stacks else []
        new_stacks = list(stacks) if stacks else []
        label = f"{ref} ({commit[:12]})"
        if stacks and not base_stacks:
            base_doc: Any = {"stacks": []}
            return base_doc, plan_document(project, new_stacks, "working tree"), label
        with ThreadPoolExecutor(max_workers=2) as pool:
            base = pool.submit(plan_document, base_project, base_stacks, f"--base {ref}", source_tree=tree)
            new = pool.submit(plan_document, project, new_stacks, "working tree")
            return base.result(), new.result(), label
