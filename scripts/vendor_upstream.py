"""Vendor the upstream data files the tests validate against, at the pinned tags.

Reads tests/schemas/upstream.yaml (repository, tag, path, licence of every CRD, chart values file and
other schema), takes each file from a local git mirror of its repository (``<mirror>/<owner>+<name>/repo``,
as the workspace's ``fetch`` tool leaves them) with ``git show <tag>:<path>``, and writes:

- ``tests/schemas/crds/<group>/<kind>.yaml``: one CRD document, unchanged (Helm ``{{ }}`` wrapper lines of
  chart templates dropped), under a provenance comment;
- ``tests/schemas/charts/<chart>/<version>/``: the chart's Chart.yaml, values.yaml, values.schema.json
  (or values.schema.yaml) and the same files of the subcharts it vendors under ``charts/``;
- other files to the manifest's ``to`` path;
- ``tests/schemas/SOURCES.md``: every file with repository, tag, resolved commit, commit date, path,
  licence and SHA-256.

``--check`` compares instead of writing (exit 1 and the differing paths when the tree is stale).
Data files only: no upstream code is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "tests" / "schemas"
MANIFEST = SCHEMAS / "upstream.yaml"
OWNED = ("crds", "charts", "sarif", "ctk")  # directories this script regenerates in full
CHART_FILES = ("Chart.yaml", "values.yaml", "values.schema.json", "values.schema.yaml")
# What the first lines of the repository's licence file must say for the licence the manifest records.
LICENCE_MARKERS = {"Apache-2.0": "Apache License", "BSD-3-Clause": "BSD 3-Clause", "OASIS": "OASIS"}


@dataclass(frozen=True)
class Vendored:
    """One written file and where it came from."""

    target: str
    repo: str
    tag: str
    commit: str
    date: str
    path: str
    licence: str
    text: str

    @property
    def sha256(self) -> str:
        """SHA-256 of the written bytes."""
        return hashlib.sha256(self.text.encode()).hexdigest()


class Mirror:
    """Read-only access to one repository's git mirror."""

    def __init__(self, root: Path, repo: str) -> None:
        self.repo = repo
        self.git_dir = root / repo.replace("/", "+") / "repo"
        if not self.git_dir.is_dir():
            raise SystemExit(f"{repo}: no git mirror at {self.git_dir} (fetch github:{repo} first)")

    def _git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", *args], capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise SystemExit(f"{self.repo}: git {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def commit(self, tag: str) -> tuple[str, str]:
        """(commit, commit date YYYY-MM-DD) the tag resolves to."""
        sha = self._git("rev-parse", f"{tag}^{{commit}}").strip()
        return sha, self._git("log", "-1", "--format=%cs", sha).strip()

    def show(self, tag: str, path: str) -> str:
        """The file at the tag."""
        return self._git("show", f"{tag}:{path}")

    def names(self, tag: str, path: str) -> list[str]:
        """Entries of a directory at the tag (empty when it does not exist)."""
        done = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "ls-tree", "--name-only", f"{tag}:{path}"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.split() if done.returncode == 0 else []

    def check_licence(self, tag: str, licence: str) -> None:
        """Fail unless the repository's licence file at the tag says what the manifest records."""
        marker = next((m for key, m in LICENCE_MARKERS.items() if licence.startswith(key)), None)
        top = self.names(tag, "")
        for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING"):
            if name in top:
                text = self.show(tag, name)[:2000]
                if marker and marker.lower() not in text.lower():
                    raise SystemExit(f"{self.repo}@{tag}: {name} does not say {marker!r} ({licence})")
                return
        raise SystemExit(f"{self.repo}@{tag}: no licence file at the top level")


def _documents(text: str, template: bool) -> Iterator[str]:
    """YAML documents of a file, verbatim; a chart template's Helm ``{{ }}`` control lines dropped."""
    lines = [ln for ln in text.splitlines(keepends=True) if not (template and ln.startswith("{{"))]
    doc: list[str] = []
    for line in lines:
        if line.rstrip() == "---":
            if "".join(doc).strip():
                yield "".join(doc)
            doc = []
        else:
            doc.append(line)
    if "".join(doc).strip():
        yield "".join(doc)


def _crd(text: str, document: str | None, where: str) -> tuple[str, dict]:
    found = []
    for doc in _documents(text, template="/templates/" in where):
        parsed = yaml.safe_load(doc)
        is_crd = isinstance(parsed, dict) and parsed.get("kind") == "CustomResourceDefinition"
        if is_crd and document in (None, parsed["metadata"]["name"]):
            found.append((doc, parsed))
    if len(found) != 1:
        raise SystemExit(f"{where}: {len(found)} CRD documents match {document or '(any)'}")
    return found[0]


def _header(v: Vendored, comment: str = "#") -> str:
    return (
        f"{comment} Vendored by scripts/vendor_upstream.py from github.com/{v.repo} {v.tag} "
        f"(commit {v.commit}, {v.date}), {v.path}; licence {v.licence}. Do not edit.\n"
    )


def collect(manifest: dict, mirror_root: Path) -> list[Vendored]:
    """Every file the manifest names, read from the mirrors (nothing written)."""
    mirrors: dict[str, Mirror] = {}
    out: list[Vendored] = []
    checked: set[tuple[str, str]] = set()

    def source(entry: dict) -> tuple[Mirror, str, str]:
        repo, tag = entry["repo"], str(entry["tag"])
        mirror = mirrors.setdefault(repo, Mirror(mirror_root, repo))
        if (repo, tag) not in checked:
            mirror.check_licence(tag, entry["licence"])
            checked.add((repo, tag))
        sha, date = mirror.commit(tag)
        return mirror, sha, date

    for entry in manifest.get("crds", []):
        mirror, sha, date = source(entry)
        where = f"{entry['repo']}@{entry['tag']}:{entry['path']}"
        text, crd = _crd(mirror.show(entry["tag"], entry["path"]), entry.get("document"), where)
        target = f"crds/{crd['spec']['group']}/{crd['spec']['names']['kind'].lower()}.yaml"
        path = entry["path"] + (f" (document {entry['document']})" if entry.get("document") else "")
        out.append(
            Vendored(target, entry["repo"], str(entry["tag"]), sha, date, path, entry["licence"], text)
        )
    for entry in manifest.get("charts", []):
        mirror, sha, date = source(entry)
        base = f"charts/{entry['chart']}/{entry['version']}"
        dirs = [("", entry["path"])] + [
            (f"charts/{sub}/", f"{entry['path']}/charts/{sub}")
            for sub in mirror.names(entry["tag"], f"{entry['path']}/charts")
        ]
        for prefix, directory in dirs:
            present = set(mirror.names(entry["tag"], directory))
            for name in CHART_FILES:
                if name in present:
                    text = mirror.show(entry["tag"], f"{directory}/{name}")
                    out.append(
                        Vendored(
                            f"{base}/{prefix}{name}",
                            entry["repo"],
                            str(entry["tag"]),
                            sha,
                            date,
                            f"{directory}/{name}",
                            entry["licence"],
                            text,
                        )
                    )
    for entry in manifest.get("files", []):
        mirror, sha, date = source(entry)
        text = mirror.show(entry["tag"], entry["path"])
        out.append(
            Vendored(
                entry["to"],
                entry["repo"],
                str(entry["tag"]),
                sha,
                date,
                entry["path"],
                entry["licence"],
                text,
            )
        )
    return out


def rendered(item: Vendored) -> str:
    """The file's bytes as written: YAML gets a provenance comment, JSON stays byte-identical."""
    if item.target.endswith((".yaml", ".yml")):
        return _header(item) + item.text
    return item.text


def sources_md(items: Sequence[Vendored]) -> str:
    """SOURCES.md: one row per vendored file."""
    rows = [
        "# Vendored upstream files",
        "",
        "Generated by `scripts/vendor_upstream.py` from `tests/schemas/upstream.yaml`; do not edit by hand.",
        "Each file is taken with `git show <tag>:<path>` from the repository at the tag the platform pins.",
        "CRDs are single documents of the upstream file, unchanged except for dropped Helm `{{ }}` lines",
        "and a provenance comment; JSON files are byte-identical. SHA-256 is of the upstream bytes.",
        "",
        "| file | repository | tag | commit | date | path | licence | sha256 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for v in sorted(items, key=lambda i: i.target):
        rows.append(
            f"| {v.target} | github.com/{v.repo} | {v.tag} | {v.commit} | {v.date} | {v.path} | "
            f"{v.licence} | {v.sha256[:16]} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or ``--check``) the vendored tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="root of the git mirrors")
    parser.add_argument("--check", action="store_true", help="compare with the tree instead of writing")
    args = parser.parse_args(argv)
    items = collect(yaml.safe_load(MANIFEST.read_text()), args.mirror)
    wanted = {SCHEMAS / i.target: rendered(i) for i in items}
    wanted[SCHEMAS / "SOURCES.md"] = sources_md(items)
    existing = {p for d in OWNED for p in (SCHEMAS / d).rglob("*") if p.is_file()}
    existing |= {SCHEMAS / "SOURCES.md"} if (SCHEMAS / "SOURCES.md").exists() else set()
    stale = sorted(str(p.relative_to(ROOT)) for p in existing - set(wanted))
    changed = sorted(
        str(p.relative_to(ROOT)) for p, text in wanted.items() if not p.exists() or p.read_text() != text
    )
    if args.check:
        for path in stale + changed:
            print(f"stale: {path}")
        return 1 if stale or changed else 0
    for path in stale:
        (ROOT / path).unlink()
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"{len(items)} files from {len({i.repo for i in items})} repositories; {len(stale)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
