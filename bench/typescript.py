"""A 100-resource TypeScript program checked vs the same program in Python, and where the time goes.

Both programs register the same 100 AWS resources (25 x security group, bucket, IAM role, instance)
with the same inputs and one data source; ``aiinfra check --program DIR --format json`` runs each in a
fresh process, interleaved, ``RUNS`` times; medians of wall seconds. The TypeScript project is run
three ways: type-checked (as ``pulumi preview`` runs it, the default) with ts-node's on-disk compile
cache warm (a developer's second run) and cold (``TS_NODE_CACHE=false``, a fresh CI runner), and with
``PULUMI_NODEJS_TRANSPILE_ONLY=true`` (Pulumi's own switch, for CI that runs ``tsc --noEmit`` itself). Breakdown rows time the parts
alone: Python starting and importing the judge, ``node`` loading ``@pulumi/pulumi`` and ``@pulumi/aws``,
and ``pulumi_aws`` imported in Python.

Needs ``npm ci`` in tests/nodejs (the TypeScript project borrows its node_modules).

    .venv/bin/python bench/typescript.py [RUNS]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, program_command, provenance, record

OUT = ROOT / "bench" / ".out" / "typescript"
GROUPS = 25  # x 4 resources
MD = ROOT / "bench" / "typescript_results.md"

PY_PROGRAM = """import json

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
for i in range({groups}):
    sg = aws.ec2.SecurityGroup(
        f"sg-{{i}}",
        vpc_id=vpc.id,
        ingress=[{{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]}}],
        tags={{"team": "bench", "index": str(i)}},
    )
    aws.s3.Bucket(f"bucket-{{i}}", tags={{"team": "bench"}})
    role = aws.iam.Role(
        f"role-{{i}}",
        assume_role_policy=json.dumps(
            {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}},
            separators=(",", ":"),
        ),
    )
    aws.ec2.Instance(
        f"vm-{{i}}",
        ami="ami-0123456789abcdef0",
        instance_type="t3.micro",
        vpc_security_group_ids=[sg.id],
        metadata_options={{"http_tokens": "required"}},
        root_block_device={{"encrypted": True}},
        tags={{"role": role.name}},
    )
"""

TS_PROGRAM = """import * as aws from "@pulumi/aws";

const vpc = aws.ec2.getVpcOutput({{ default: true }});
for (let i = 0; i < {groups}; i++) {{
    const sg = new aws.ec2.SecurityGroup(`sg-${{i}}`, {{
        vpcId: vpc.id,
        ingress: [{{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }}],
        tags: {{ team: "bench", index: String(i) }},
    }});
    new aws.s3.Bucket(`bucket-${{i}}`, {{ tags: {{ team: "bench" }} }});
    const role = new aws.iam.Role(`role-${{i}}`, {{
        assumeRolePolicy: JSON.stringify({{
            Version: "2012-10-17",
            Statement: [{{ Effect: "Allow", Principal: {{ Service: "ec2.amazonaws.com" }}, Action: "sts:AssumeRole" }}],
        }}),
    }});
    new aws.ec2.Instance(`vm-${{i}}`, {{
        ami: "ami-0123456789abcdef0",
        instanceType: "t3.micro",
        vpcSecurityGroupIds: [sg.id],
        metadataOptions: {{ httpTokens: "required" }},
        rootBlockDevice: {{ encrypted: true }},
        tags: {{ role: role.name }},
    }});
}}
"""

TSCONFIG = {
    "compilerOptions": {"strict": True, "target": "es2020", "module": "commonjs", "moduleResolution": "node"},
    "files": ["index.ts"],
}


def write_projects() -> tuple[Path, Path]:
    """The two generated projects under bench/.out/typescript (the TypeScript one borrows tests/nodejs's
    node_modules through a symlink one folder up, where Node looks for it)."""
    modules = ROOT / "tests" / "nodejs" / "node_modules"
    if not (modules / "@pulumi" / "aws").is_dir():
        sys.exit("bench/typescript.py: run `npm ci` in tests/nodejs first")
    py, ts = OUT / "python", OUT / "typescript"
    for folder in (py, ts):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    link = OUT / "node_modules"
    if not link.exists():
        link.symlink_to(modules)
    (py / "Pulumi.yaml").write_text("name: bench100\nruntime: python\n")
    (py / "__main__.py").write_text(PY_PROGRAM.format(groups=GROUPS))
    (ts / "Pulumi.yaml").write_text("name: bench100\nruntime: nodejs\n")
    (ts / "index.ts").write_text(TS_PROGRAM.format(groups=GROUPS))
    (ts / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2))
    return py, ts


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    py, ts = write_projects()
    base = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    base.pop("PULUMI_NODEJS_TRANSPILE_ONLY", None)
    variants = {
        "python": (program_command("check", py), base, ROOT),
        "typescript, type-checked (ts-node's compile cache warm)": (program_command("check", ts), base, ROOT),
        "typescript, type-checked, TS_NODE_CACHE=false (a fresh CI runner)": (
            program_command("check", ts),
            {**base, "TS_NODE_CACHE": "false"},
            ROOT,
        ),
        "typescript, PULUMI_NODEJS_TRANSPILE_ONLY=true": (
            program_command("check", ts),
            {**base, "PULUMI_NODEJS_TRANSPILE_ONLY": "true"},
            ROOT,
        ),
        "part: python starts and imports the judge": (
            [sys.executable, "-c", "import aiinfra.cli.main, aiinfra.engine.stream, aiinfra.policies.runner"],
            base,
            ROOT,
        ),
        "part: python imports pulumi_aws": ([sys.executable, "-c", "import pulumi, pulumi_aws"], base, ROOT),
        "part: node loads @pulumi/pulumi and @pulumi/aws": (
            ["node", "-e", 'require("@pulumi/pulumi"); require("@pulumi/aws")'],
            base,
            ts,
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    counts: dict[str, int] = {}
    for _ in range(runs):
        for name, (cmd, env, cwd) in variants.items():
            seconds, proc = timed(cmd, env, cwd)
            if name.startswith("part:"):
                assert proc.returncode == 0, proc.stderr[-500:]
            else:
                assert proc.returncode in (0, 1), (name, proc.stderr[-2000:])
                counts[name] = json.loads(proc.stdout)["summary"]["resources_checked"]
            samples[name].append(round(seconds, 2))
    medians = {name: round(statistics.median(values), 2) for name, values in samples.items()}
    data = {
        "runs": runs,
        "resources": counts,
        "samples": samples,
        "medians": medians,
        "ratio_typechecked": round(
            medians["typescript, type-checked (ts-node's compile cache warm)"] / medians["python"], 2
        ),
        "ratio_typechecked_cold": round(
            medians["typescript, type-checked, TS_NODE_CACHE=false (a fresh CI runner)"] / medians["python"],
            2,
        ),
        "ratio_transpile_only": round(
            medians["typescript, PULUMI_NODEJS_TRANSPILE_ONLY=true"] / medians["python"], 2
        ),
    }
    record("typescript", data)
    stamp = provenance()
    lines = [
        "# TypeScript vs Python: `aiinfra check --program` on the same 100 resources (bench/typescript.py)",
        "",
        f"Measured: {stamp['started']}, commit {stamp['commit']}, load average {stamp['load_average_at_start']} "
        f"at the start; {runs} interleaved runs per row, fresh processes, medians of wall seconds "
        "(2-core machine shared with other work).",
        "",
        "| variant | resources checked | median s | samples s |",
        "|---|---|---|---|",
    ]
    for name in variants:
        lines.append(
            f"| {name} | {counts.get(name, '-')} | {medians[name]} | {', '.join(map(str, samples[name]))} |"
        )
    lines += [
        "",
        f"TypeScript / Python: **{data['ratio_transpile_only']}** with `PULUMI_NODEJS_TRANSPILE_ONLY=true`, "
        f"**{data['ratio_typechecked']}** type-checked with ts-node's cache warm, "
        f"**{data['ratio_typechecked_cold']}** type-checked on a cold cache (target <= 1.5).",
    ]
    marker = "<!-- hand-written analysis below; bench/typescript.py keeps it -->"
    kept = MD.read_text().split(marker, 1)[1] if MD.is_file() and marker in MD.read_text() else "\n"
    MD.write_text("\n".join(lines) + "\n\n" + marker + kept)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
