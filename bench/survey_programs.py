"""Survey: ``aiinfra check --program DIR --format json`` over a folder of real Pulumi Python projects.

Not a test (it needs the projects on disk, e.g. an export of github.com/pulumi/examples): each
project directory holding a ``Pulumi.yaml`` with ``runtime: python`` is checked from the repository
root exactly as a CI user would run it, and a Markdown table is printed: program, exit code,
resources judged / total, violations, not judged, synthetic invokes, seconds.

    python bench/survey_programs.py /path/to/examples [--config-file extra.yaml]

``--config-file`` maps a project folder name to ``KEY: VALUE`` pairs passed as ``--config-value``
(for projects whose README asks the user to ``pulumi config set`` something before the first run).
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
    )
    return row


def main() -> int:
    """Run the survey and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--config-file", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
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
