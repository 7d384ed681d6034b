"""Survey: ``aiinfra check --program DIR`` over real TypeScript/JavaScript Pulumi projects, with resource counts.

Not a test (it needs the projects on disk with their dependencies installed, e.g. an export of
github.com/pulumi/examples with ``npm install`` run in each project): every folder under ROOT holding a
``Pulumi.yaml`` with ``runtime: nodejs`` is

1. checked from the repository root as a CI user would run it (``aiinfra check --program DIR --format
   json``; with ``--type-check`` TypeScript is type-checked as ``pulumi preview`` does, otherwise with
   ``PULUMI_NODEJS_TRANSPILE_ONLY=true``, as a CI job that runs ``tsc`` itself would);
2. planned (``aiinfra plan --program DIR --format json``): every registration aiinfra recorded;
3. run under ``@pulumi/pulumi``'s own mocks by ``bench/survey_ts_mocks.js`` (the SDK's stock
   MockMonitor and run harness, none of aiinfra's host or judge): every registration made there.

A Markdown table is printed: program, exit code, resources judged / total, violations, not judged,
synthetic invokes, registrations recorded by aiinfra vs under the SDK's own mocks, seconds.

    python bench/survey_ts_programs.py /path/to/programs [--config-file bench/survey_ts_config.yaml]
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
MOCKS_SCRIPT = REPO / "bench" / "survey_ts_mocks.js"


def projects(root: Path) -> list[Path]:
    """Node.js Pulumi projects under ``root`` (any depth, outside node_modules), sorted by path."""
    found = []
    for settings in sorted(root.rglob("Pulumi.yaml")):
        if "node_modules" in settings.parts:
            continue
        data = yaml.safe_load(settings.read_text()) or {}
        runtime = data.get("runtime")
        runtime = runtime.get("name") if isinstance(runtime, dict) else runtime
        if runtime == "nodejs":
            found.append(settings.parent)
    return found


def _aiinfra(
    command: str, folder: Path, extra: dict[str, str], env: dict[str, str]
) -> tuple[int, dict | None, str]:
    cmd = program_command(command, folder, extra)
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=900)
    try:
        return proc.returncode, json.loads(proc.stdout), proc.stderr
    except ValueError:
        return proc.returncode, None, proc.stderr


def mocks_count(folder: Path, extra: dict[str, str], env: dict[str, str], answers: bool = False) -> dict:
    """Registrations under the SDK's own mocks (bench/survey_ts_mocks.js), with the same config."""
    from aiinfra.engine.nodejs import node_launch, program_location
    from aiinfra.engine.project import load_project
    from aiinfra.errors import InputError

    try:
        project = load_project(folder, config_values=[f"{k}={v}" for k, v in extra.items()])
        launch = node_launch(project)  # the environment the language host sets (config, TypeScript switches)
    except InputError as exc:
        return {"resources": None, "error": str(exc)[:200]}
    pwd, entry = program_location(project)
    run_env = {**env, **{k: v for k, v in launch.env.items() if not k.startswith("AIINFRA_")}}
    if answers:  # invokes answered as aiinfra's fixtures answer them, instead of {}
        run_env["AIINFRA_SURVEY_PYTHON"] = sys.executable
    cmd = ["node", str(MOCKS_SCRIPT), project.name, project.stack, entry, str(project.directory)]
    proc = subprocess.run(cmd, cwd=pwd, capture_output=True, text=True, env=run_env, timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith('{"resources"')]
    return json.loads(lines[-1]) if lines else {"resources": None, "error": proc.stderr.strip()[-200:]}


def survey(folder: Path, root: Path, extra: dict[str, str], type_check: bool = False) -> dict:
    """One program: check (verdicts), plan (recorded registrations), the SDK's mocks (their registrations)."""
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    env.setdefault("USER", "ci")
    env.pop("PULUMI_NODEJS_TRANSPILE_ONLY", None)
    if not type_check:
        env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true"
    name = str(folder.relative_to(root))
    start = time.perf_counter()
    code, doc, stderr = _aiinfra("check", folder, extra, env)
    seconds = time.perf_counter() - start
    row: dict = {"program": name, "exit": code, "seconds": round(seconds, 1)}
    if doc is None:
        row["error"] = (stderr.strip().splitlines() or ["(no output)"])[0][:200]
    else:
        cov = doc.get("coverage", {})
        row.update(
            judged=cov.get("resources_judged", 0),
            total=cov.get("resources_total", 0),
            violations=doc["summary"]["violations"],
            mandatory=doc["summary"]["mandatory_unwaived"],
            not_judged=len(cov.get("not_judged", []))
            if isinstance(cov.get("not_judged"), list)
            else cov.get("not_judged", 0),
            synthetic=sum(len(s.get("synthetic_invokes", [])) for s in cov.get("stacks", [])),
        )
    plan_env = {**env, "PULUMI_NODEJS_TRANSPILE_ONLY": "true"}  # any type check was done by `check` above
    _, plan, _ = _aiinfra("plan", folder, extra, plan_env)
    row["recorded"] = len(plan["stacks"][0]["resources"]) if plan else None
    mocked = mocks_count(folder, extra, env)
    row["mocks"] = mocked.get("resources")
    if mocked.get("error"):
        row["mocks_error"] = mocked["error"]
    if row["mocks"] != row["recorded"] and row["recorded"] is not None:
        answered = mocks_count(folder, extra, env, answers=True)
        row["mocks_answered"] = answered.get("resources")
        if answered.get("error"):
            row["mocks_answered_error"] = answered["error"]
    return row


def main() -> int:
    """Run the survey and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--config-file", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--type-check", action="store_true", help="type-check TypeScript (slower)")
    args = parser.parse_args()
    extra = yaml.safe_load(args.config_file.read_text()) if args.config_file else {}
    rows = []
    for folder in projects(args.root):
        name = str(folder.relative_to(args.root))
        if args.only and name not in args.only:
            continue
        row = survey(folder, args.root, (extra or {}).get(name, {}), args.type_check)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print(
        "| program | exit | judged/total | violations (mandatory) | not judged | synthetic invokes "
        "| registrations: aiinfra / SDK mocks | s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        counts = f"{r.get('recorded')} / {r.get('mocks')}"
        if "mocks_answered" in r:
            counts += f" ({r['mocks_answered']} with aiinfra's invoke answers)"
        if "error" in r:
            print(
                f"| {r['program']} | {r['exit']} | - | - | - | - | {counts} | {r['seconds']} | {r['error']}"
            )
            continue
        print(
            f"| {r['program']} | {r['exit']} | {r['judged']}/{r['total']} | {r['violations']} ({r['mandatory']}) "
            f"| {r['not_judged']} | {r['synthetic']} | {counts} | {r['seconds']} |"
        )
    judged = sum(1 for r in rows if r["exit"] in (0, 1) and "error" not in r)
    same = sum(
        1
        for r in rows
        if r.get("recorded") is not None and r.get("recorded") in (r.get("mocks"), r.get("mocks_answered"))
    )
    print(f"\n{judged} of {len(rows)} programs judged to completion (exit 0 or 1 with a parseable report)")
    print(
        f"{same} of {len(rows)} with the same registration count as under @pulumi/pulumi's own mocks "
        "(with {} invoke answers, or with aiinfra's)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
