"""Survey: ``aiinfra check --program DIR --format json`` over a folder of real Pulumi Python projects.

Not a test (it needs the projects on disk, e.g. an export of github.com/pulumi/examples): each
project directory holding a ``Pulumi.yaml`` with ``runtime: python`` is checked from the repository
root exactly as a CI user would run it, and a Markdown table is printed: program, exit code,
resources judged / total, violations, not judged, synthetic invokes, seconds.

    python bench/survey_programs.py /path/to/examples [--config-file extra.yaml]

``--config-file`` maps a project folder name to ``KEY: VALUE`` pairs passed as ``--config-value``
(for projects whose README asks the user to ``pulumi config set`` something before the first run).

``--manifest FILE`` surveys the programs a YAML manifest lists instead (folders under ROOT of any runtime,
Python or Node.js, each with its ``repo``, ``commit``, ``path`` in that repository and ``config``), takes the
``template.config`` defaults ``pulumi new --yes`` writes, counts mandatory / advisory / unknown findings per
program and rule, and writes every row as JSON to ``--json-out``:

    python bench/survey_programs.py /tmp/survey --manifest bench/survey_i26_config.yaml \
        --json-out bench/survey_i26_results.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml
from common import program_command

REPO = Path(__file__).resolve().parents[1]


def projects(root: Path) -> list[Path]:
    """Python Pulumi projects directly under ``root``, sorted by name."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        settings = folder / "Pulumi.yaml"
        if not settings.is_file():
            continue
        data = yaml.safe_load(settings.read_text()) or {}
        runtime = data.get("runtime")
        runtime = runtime.get("name") if isinstance(runtime, dict) else runtime
        if runtime == "python":
            found.append(folder)
    return found


def template_defaults(folder: Path) -> dict[str, str]:
    """The ``template.config`` defaults of a template's Pulumi.yaml (what ``pulumi new --yes`` writes)."""
    data = yaml.safe_load((folder / "Pulumi.yaml").read_text()) or {}
    config = (data.get("template") or {}).get("config") or {}
    return {
        key: str(entry["default"]).lower() if isinstance(entry["default"], bool) else str(entry["default"])
        for key, entry in config.items()
        if isinstance(entry, dict) and "default" in entry
    }


def findings(doc: dict) -> dict:
    """Mandatory (unwaived), advisory and unknown findings of one check report, and per rule."""
    counts = {"mandatory": 0, "advisory": 0, "unknown": 0}
    by_rule: dict[str, dict[str, int]] = {}
    for v in doc.get("violations", []):
        kind = (
            "unknown" if v.get("unknown") or v["message"].startswith("can't run policy") else v["enforcement"]
        )
        if v.get("waived"):
            continue
        counts[kind] = counts.get(kind, 0) + 1
        per = by_rule.setdefault(v["policy_id"], {})
        per[kind] = per.get(kind, 0) + 1
    return {**counts, "by_rule": dict(sorted(by_rule.items()))}


def survey(folder: Path, extra: dict[str, str]) -> dict:
    """One check run: exit code, coverage figures and the time it took."""
    cmd = program_command("check", folder, extra)
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    env.setdefault("USER", "ci")  # gcp-py-network-component names resources after $USER, as CI runners set it
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
    seconds = time.perf_counter() - start
    row = {"program": folder.name, "exit": proc.returncode, "seconds": round(seconds, 1)}
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        row["error"] = (proc.stderr.strip().splitlines() or ["(no output)"])[0][:160]
        return row
    cov = doc.get("coverage", {})
    row.update(
        judged=cov.get("resources_judged", 0),
        total=cov.get("resources_total", 0),
        violations=doc["summary"]["violations"],
        mandatory=doc["summary"]["mandatory_unwaived"],
        not_judged=cov.get("not_judged", 0),
        synthetic=sum(len(s["synthetic_invokes"]) for s in cov.get("stacks", [])),
        notes=[n for s in cov.get("stacks", []) for n in s.get("notes", [])],
        findings=findings(doc),
        violations_detail=[
            {k: v[k] for k in ("policy_id", "enforcement", "resource", "resource_type", "message")}
            for v in doc.get("violations", [])
        ],
    )
    return row


def survey_manifest(root: Path, manifest: dict) -> list[dict]:
    """Every program the manifest lists, checked with its template defaults and config values."""
    rows = []
    for folder_name, entry in manifest.items():
        folder = root / folder_name
        data = yaml.safe_load((folder / "Pulumi.yaml").read_text()) or {}
        runtime = data.get("runtime")
        runtime = runtime.get("name") if isinstance(runtime, dict) else runtime
        config = {**template_defaults(folder), **{k: str(v) for k, v in (entry.get("config") or {}).items()}}
        row = survey(folder, config)
        row.update(
            program=folder_name,
            source=f"{entry['repo']}@{entry['commit'][:12]}:{entry['path']}",
            language="Python" if runtime == "python" else "TypeScript/JavaScript",
        )
        if "error" not in row:
            row["outcome"] = "judged" if row["exit"] in (0, 1) else f"exit {row['exit']}"
        else:
            row["outcome"] = f"failed (exit {row['exit']}): {row['error']}"
        rows.append(row)
        print(
            json.dumps({k: row[k] for k in ("program", "exit", "seconds", "outcome")}),
            file=sys.stderr,
            flush=True,
        )
    return rows


def manifest_table(rows: list[dict]) -> str:
    """The Markdown table of a manifest survey."""
    out = [
        "| program | source (repo@commit:path) | language | resources judged/total | mandatory | advisory | unknown | not judged | outcome | s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f = r.get("findings") or {}
        judged = f"{r['judged']}/{r['total']}" if "judged" in r else "-"
        out.append(
            f"| {r['program']} | {r['source']} | {r['language']} | {judged} | {f.get('mandatory', '-')} "
            f"| {f.get('advisory', '-')} | {f.get('unknown', '-')} | {r.get('not_judged', '-')} | {r['outcome']} | {r['seconds']} |"
        )
    done = sum(1 for r in rows if r["outcome"] == "judged")
    out.append(f"\n{done} of {len(rows)} programs judged to completion (exit 0 or 1 with a parseable report)")
    return "\n".join(out)


def main() -> int:
    """Run the survey and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--config-file", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--manifest", type=Path, help="YAML: folder -> {repo, commit, path, config}")
    parser.add_argument("--json-out", type=Path, help="with --manifest: write every row as JSON here")
    args = parser.parse_args()
    if args.manifest:
        manifest = yaml.safe_load(args.manifest.read_text()) or {}
        if args.only:
            manifest = {k: v for k, v in manifest.items() if k in args.only}
        rows = survey_manifest(args.root, manifest)
        if args.json_out:
            args.json_out.write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n")
        print(manifest_table(rows))
        return 0
    extra = yaml.safe_load(args.config_file.read_text()) if args.config_file else {}
    rows = []
    for folder in projects(args.root):
        if args.only and folder.name not in args.only:
            continue
        row = survey(folder, (extra or {}).get(folder.name, {}))
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print("| program | exit | judged/total | violations (mandatory) | not judged | synthetic invokes | s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['program']} | {r['exit']} | - | - | - | - | {r['seconds']} | {r['error']}")
            continue
        print(
            f"| {r['program']} | {r['exit']} | {r['judged']}/{r['total']} | {r['violations']} ({r['mandatory']}) "
            f"| {r['not_judged']} | {r['synthetic']} | {r['seconds']} |"
        )
    judged = sum(1 for r in rows if r["exit"] in (0, 1) and "error" not in r)
    print(f"\n{judged} of {len(rows)} programs judged to completion (exit 0 or 1 with a parseable report)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
