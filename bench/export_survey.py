"""Survey: ``aiinfra export --format terraform-plan`` and Checkov over real public Pulumi Python programs.

Not a test (it needs the programs on disk: folders of github.com/pulumi/examples at a known commit).
For each program: the AWS/GCP resources the offline engine recorded, how many the export converted,
those it did not (with the reason), AWS types whose Terraform name is marked unverified in
aiinfra/export/data/terraform_names.json, properties the SDK did not declare (must be 0), and Checkov's
passed / failed / parse errors on the document. Writes a Markdown table with provenance.

    python bench/export_survey.py /path/to/examples --commit SHA --checkov /path/to/checkov \\
        --only aws-py-s3-folder gcp-py-gke ... --out bench/export_results.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from common import program_command

from aiinfra.export.checkov import OFFLINE_ENV

REPO = Path(__file__).resolve().parents[1]
DEFAULTS = {
    "aws": {"aws:region": "us-west-2"},
    "gcp": {"gcp:project": "demo-project", "gcp:region": "us-central1", "gcp:zone": "us-central1-a"},
}
"""Config a program needs before its first run when its README leaves it to `pulumi config set`."""


def _names_table() -> dict:
    return json.loads((REPO / "aiinfra" / "export" / "data" / "terraform_names.json").read_text())


def survey(folder: Path, extra: dict[str, str], checkov: str) -> dict:
    """Export one program and run Checkov on the document."""
    cloud = folder.name.split("-", 1)[0]
    config = {**DEFAULTS.get(cloud, {}), **extra}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.json"
        cmd = [*program_command("export", folder, config), "--output", str(out)]
        cmd[cmd.index("--format") + 1] = "terraform-plan"
        env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
        env.setdefault("USER", "ci")
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
        row: dict = {
            "program": folder.name,
            "exit": proc.returncode,
            "seconds": round(time.perf_counter() - start, 1),
        }
        if proc.returncode != 0:
            row["error"] = (proc.stderr.strip().splitlines() or ["(no output)"])[0][:160]
            return row
        doc = json.loads(out.read_text())
        ck = subprocess.run(
            [
                checkov,
                "-f",
                str(out),
                "--framework",
                "terraform_plan",
                "-o",
                "json",
                "--skip-download",
                "--soft-fail",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            env={**env, **OFFLINE_ENV},
        )
        report = json.loads(ck.stdout)
    report = report[0] if isinstance(report, list) else report
    table = _names_table()["resources"]
    resources = doc["planned_values"]["root_module"]["resources"]
    skipped = [s for s in doc["aiinfra"]["not_converted"] if s["type"].split(":", 1)[0] in ("aws", "gcp")]
    tokens = {v["urn"].rsplit("::", 2)[-2].rsplit("$", 1)[-1] for v in doc["aiinfra"]["resources"].values()}
    row.update(
        cloud_resources=len(resources) + len(skipped),
        converted=len(resources),
        not_converted=[f"{s['type']}: {s['reason']}" for s in skipped],
        unverified_types=sorted(t for t in tokens if table.get(t, {}).get("unverified")),
        unmapped=sum(len(v.get("unmapped_properties", [])) for v in doc["aiinfra"]["resources"].values()),
        types=sorted({r["type"] for r in resources}),
        checkov=report.get("summary", {}),
    )
    return row


def markdown(rows: list[dict], provenance: str) -> str:
    """The results table with its provenance."""
    out = [
        "# Export survey: `aiinfra export --format terraform-plan` + Checkov on public Pulumi programs",
        "",
        provenance,
        "",
        "| program | AWS/GCP resources | converted | not converted (reason) | unverified AWS types | "
        "undeclared props | Checkov passed | failed | parse errors | s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            out.append(
                f"| {r['program']} | - | - | export exit {r['exit']}: {r['error']} | - | - | - | - | - | {r['seconds']} |"
            )
            continue
        ck = r["checkov"]
        out.append(
            f"| {r['program']} | {r['cloud_resources']} | {r['converted']} | "
            f"{'; '.join(r['not_converted']) or '0'} | {', '.join(r['unverified_types']) or '0'} | {r['unmapped']} | "
            f"{ck.get('passed', '-')} | {ck.get('failed', '-')} | {ck.get('parsing_errors', '-')} | {r['seconds']} |"
        )
    done = [r for r in rows if "error" not in r]
    out += [
        "",
        f"{len(done)} of {len(rows)} programs exported; {sum(r['converted'] for r in done)} of "
        f"{sum(r['cloud_resources'] for r in done)} AWS/GCP resources converted; "
        f"{sum(r['checkov'].get('parsing_errors', 0) for r in done)} Checkov parse errors.",
        "",
        "Terraform types in the documents: " + ", ".join(sorted({t for r in done for t in r["types"]})),
        "",
        "Types come from the providers' bridge metadata (aiinfra/export/data/terraform_names.json); "
        "'unverified AWS types' were not read in any pulumi-aws metadata. GCP attribute names come from "
        "pulumi-gcp's metadata; AWS nested block names from the SDK's nested type names (unverified, see "
        "AWS_FIELDS_NOTE in aiinfra/export/names.py).",
        "",
    ]
    return "\n".join(out)


def main() -> int:
    """Run the survey and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--commit", required=True, help="the pulumi/examples commit the folders come from")
    parser.add_argument("--checkov", default=os.environ.get("AIINFRA_CHECKOV", "checkov"))
    parser.add_argument("--config-file", type=Path, default=REPO / "bench" / "survey_config.yaml")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "export_results.md")
    args = parser.parse_args()
    extra = yaml.safe_load(args.config_file.read_text()) or {}
    folders = [args.root / name for name in args.only] or sorted(
        p for p in args.root.iterdir() if p.name.startswith(("aws-py-", "gcp-py-"))
    )
    rows = []
    for folder in folders:
        row = survey(folder, {k: str(v) for k, v in (extra.get(folder.name) or {}).items()}, args.checkov)
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "types"}), file=sys.stderr, flush=True)
    version = subprocess.run([args.checkov, "--version"], capture_output=True, text=True).stdout.strip()
    provenance = (
        f"Programs: github.com/pulumi/examples at commit {args.commit} (folders as committed; config from "
        f"bench/survey_config.yaml, else {DEFAULTS}). Checkov {version} (`--framework terraform_plan "
        f"--skip-download`). Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by bench/export_survey.py."
    )
    args.out.write_text(markdown(rows, provenance))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
