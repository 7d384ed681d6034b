"""``aiinfra diff``: two small plan documents compared, rendered as text, Markdown and JSON with exact
content; exit codes; generic numeric figures; a real change to a shipped stack (aws-training)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aiinfra.cli.main import main
from aiinfra.diff import changed_paths, diff_documents, numeric_figures
from aiinfra.diff_render import MARKDOWN_LIST_CAP, diff_json, diff_markdown, diff_text
from aiinfra.render import PLAN_FORMAT, plan_json

from conftest import cached_plan

REPO = Path(__file__).resolve().parents[1]

STACK = "urn:pulumi:dev::proj::"
POOL = f"{STACK}aiinfra:aws:GpuNodePool$"


def _resource(urn: str, inputs: dict, *, custom: bool = True, protect: bool = False) -> dict:
    name = urn.rsplit("::", 1)[1]
    kind = urn.rsplit("::", 1)[0].split("::")[-1].rsplit("$", 1)[-1]
    return {
        "urn": urn,
        "type": kind,
        "name": name,
        "parent": None,
        "inputs": inputs,
        "protect": protect,
        "retain_on_delete": False,
        "dependencies": [],
        "custom": custom,
    }


def _pool(max_nodes: int, usd: float | None) -> dict:
    return {
        "pool": "train",
        "cloud": "aws",
        "machine_type": "p5.48xlarge",
        "accelerator": "H100",
        "per_node": 8,
        "max_nodes": max_nodes,
        "total": 8 * max_nodes,
        "capacity": "capacity_block",
        "fabric": "efa",
        "fabric_interfaces": 32,
        "zones": "use1-az2",
        "placement": "cluster: none created",
        "usd_per_hour": usd,
    }


def _finding(policy: str, urn: str, enforcement: str = "mandatory") -> dict:
    return {
        "policy_id": policy,
        "policy": "rule",
        "severity": "high",
        "enforcement": enforcement,
        "resource": urn.rsplit("::", 1)[1],
        "resource_type": "t",
        "message": f"{policy} says no",
        "waived": False,
        "urn": urn,
    }


def base_document() -> dict:
    ng = f"{POOL}aws:eks/nodeGroup:NodeGroup::train-ng"
    return {
        "plan_format": 2,
        "stacks": [
            {
                "stack": "dev",
                "blueprint": "aws",
                "resources": [
                    _resource(f"{STACK}aiinfra:aws:GpuNodePool::train", {}, custom=False),
                    _resource(ng, {"scalingConfig": {"maxSize": 2, "minSize": 0}, "tags": {"team": "a"}}),
                    _resource(f"{STACK}aws:s3/bucket:Bucket::old-bucket", {"bucket": "old"}),
                    _resource(f"{STACK}aws:kms/key:Key::key", {"enableKeyRotation": True}),
                    _resource(f"{STACK}aws:ec2/subnet:Subnet::subnet", {"cidrBlock": "10.0.0.0/24"}),
                ],
                "summary": {
                    "resource_count": 4,
                    "accelerators": [_pool(2, 196.64)],
                    "accelerator_total": 16,
                    "estimated_usd_per_hour": 200.5,
                    "critical_path": {"minutes": 16.0, "chain": ["a", "b"]},
                    "coverage": {
                        "resources_total": 4,
                        "resources_judged": 4,
                        "not_judged": [],
                        "uncovered_types": [],
                    },
                },
                "violations": [_finding("AIP-002", f"{STACK}aws:s3/bucket:Bucket::old-bucket")],
            },
            {
                "stack": "quiet",
                "blueprint": "onprem",
                "resources": [],
                "summary": {"resource_count": 0},
                "violations": [],
            },
        ],
    }


def new_document() -> dict:
    doc = copy.deepcopy(base_document())
    dev = doc["stacks"][0]
    resources = dev["resources"]
    resources[1]["inputs"] = {"scalingConfig": {"maxSize": 4, "minSize": 0}, "tags": {"team": "b"}}
    del resources[2]  # old-bucket removed
    resources[2]["protect"] = True  # key: protect switched on
    # the subnet moved under a component: same type and name, new URN
    resources[3]["urn"] = f"{STACK}aiinfra:aws:Network$aws:ec2/subnet:Subnet::subnet"
    resources.append(_resource(f"{STACK}aws:s3/bucket:Bucket::new-bucket", {"bucket": "new"}))
    dev["summary"].update(
        resource_count=4,
        accelerators=[_pool(4, 393.28)],
        accelerator_total=32,
        estimated_usd_per_hour=397.14,
        coverage={
            "resources_total": 4,
            "resources_judged": 3,
            "not_judged": [],
            "uncovered_types": ["aws:s3/bucket:Bucket"],
        },
    )
    dev["violations"] = [
        _finding("AIP-009", f"{STACK}aws:s3/bucket:Bucket::new-bucket"),
        _finding("AIP-050", f"{STACK}aws:kms/key:Key::key", enforcement="advisory"),
    ]
    return doc


def the_diff() -> dict:
    return diff_documents(base_document(), new_document(), base_label="base.json", new_label="new.json")


EXPECTED_TEXT = """\
aiinfra diff base.json → new.json: 1 of 2 stacks changed; 1 new mandatory finding(s), 2 new, 1 fixed

Stack dev (changed)
  $/h at full scale: $200.50 → $397.14 (+$196.64)
  accelerators: 16 → 32 (+16)
  resources: 1 added, 1 removed, 1 replaced, 2 changed, 0 unchanged
    + urn:pulumi:dev::proj::aws:s3/bucket:Bucket::new-bucket
    - urn:pulumi:dev::proj::aws:s3/bucket:Bucket::old-bucket
    ± urn:pulumi:dev::proj::aiinfra:aws:Network$aws:ec2/subnet:Subnet::subnet
        was urn:pulumi:dev::proj::aws:ec2/subnet:Subnet::subnet: URN changed (its parent moved); \
without an alias Pulumi deletes and recreates it
    ~ urn:pulumi:dev::proj::aiinfra:aws:GpuNodePool$aws:eks/nodeGroup:NodeGroup::train-ng
        scalingConfig.maxSize, tags.team
    ~ urn:pulumi:dev::proj::aws:kms/key:Key::key
        (protect)
  pools (accelerators, fabric, $/h at full scale):
    ~ train: 2 x p5.48xlarge = 16 H100 (capacity_block), fabric efa x32, $196.64/h → \
4 x p5.48xlarge = 32 H100 (capacity_block), fabric efa x32, $393.28/h
  figures:
    accelerators[train].max_nodes: 2 → 4 (+2)
    accelerators[train].total: 16 → 32 (+16)
    accelerators[train].usd_per_hour: 196.64 → 393.28 (+196.64)
    accelerator_total: 16 → 32 (+16)
    estimated_usd_per_hour: 200.50 → 397.14 (+196.64)
    coverage.resources_judged: 4 → 3 (-1)
  findings: 2 new, 1 fixed
    new   [mandatory/high] AIP-009 new-bucket: AIP-009 says no
    new   [advisory/high] AIP-050 key: AIP-050 says no
    fixed [mandatory/high] AIP-002 old-bucket: AIP-002 says no
  coverage: judged 4 of 4, types no rule covers: 0 → judged 3 of 4, types no rule covers: 1; \
newly uncovered types: aws:s3/bucket:Bucket

Unchanged: quiet
"""

EXPECTED_MARKDOWN = """\
## aiinfra diff `base.json` → `new.json`

:x: 1 of 2 stacks changed; 1 new mandatory finding(s), 2 new, 1 fixed

| stack | resources + / - / ± / ~ | accelerators | $/h at full scale | findings new / fixed |
|---|---|---|---|---|
| dev (changed) | 1 / 1 / 1 / 2 | 16 → 32 (+16) | $200.50 → $397.14 (+$196.64) | 2 / 1 |

Unchanged: quiet

### dev (changed)

- $/h at full scale: $200.50 → $397.14 (+$196.64)
- accelerators: 16 → 32 (+16)
- resources: 1 added, 1 removed, 1 replaced, 2 changed, 0 unchanged
- coverage: judged 4 of 4, types no rule covers: 0 → judged 3 of 4, types no rule covers: 1; \
newly uncovered types: aws:s3/bucket:Bucket

**New mandatory findings (1), these fail the check**

- [mandatory/high] AIP-009 new-bucket: AIP-009 says no

**Other new findings (1)**

- [advisory/high] AIP-050 key: AIP-050 says no

**Fixed findings (1)**

- [mandatory/high] AIP-002 old-bucket: AIP-002 says no

| pool | accelerators and fabric | $/h at full scale |
|---|---|---|
| train | 2 x p5.48xlarge = 16 H100 (capacity_block), efa x32 → 4 x p5.48xlarge = 32 H100 \
(capacity_block), efa x32 | $196.64 → $393.28 (+$196.64) |

**Resources (5 not unchanged)**

- added `urn:pulumi:dev::proj::aws:s3/bucket:Bucket::new-bucket`
- removed `urn:pulumi:dev::proj::aws:s3/bucket:Bucket::old-bucket`
- replaced `urn:pulumi:dev::proj::aiinfra:aws:Network$aws:ec2/subnet:Subnet::subnet` \
(was `urn:pulumi:dev::proj::aws:ec2/subnet:Subnet::subnet`: URN changed (its parent moved); \
without an alias Pulumi deletes and recreates it)
- changed `urn:pulumi:dev::proj::aiinfra:aws:GpuNodePool$aws:eks/nodeGroup:NodeGroup::train-ng`: \
`scalingConfig.maxSize`, `tags.team`
- changed `urn:pulumi:dev::proj::aws:kms/key:Key::key`: `(protect)`

<details><summary><b>Figures that changed (6)</b></summary>

- `accelerators[train].max_nodes`: 2 → 4 (+2)
- `accelerators[train].total`: 16 → 32 (+16)
- `accelerators[train].usd_per_hour`: 196.64 → 393.28 (+196.64)
- `accelerator_total`: 16 → 32 (+16)
- `estimated_usd_per_hour`: 200.50 → 397.14 (+196.64)
- `coverage.resources_judged`: 4 → 3 (-1)

</details>
"""


def test_text_format_exact() -> None:
    assert diff_text(the_diff()) == EXPECTED_TEXT


def test_markdown_format_exact() -> None:
    assert diff_markdown(the_diff()) == EXPECTED_MARKDOWN


def test_json_format_exact() -> None:
    doc = json.loads(diff_json(the_diff()))
    assert doc["diff_version"] == 1 and (doc["base"], doc["new"]) == ("base.json", "new.json")
    assert doc["summary"] == {
        "stacks_changed": 1,
        "new_mandatory_findings": 1,
        "findings_new": 2,
        "findings_fixed": 1,
    }
    dev, quiet = doc["stacks"]
    assert quiet["status"] == "unchanged" and quiet["resources"]["unchanged"] == 0
    assert dev["status"] == "changed"
    assert dev["usd_per_hour"] == {"base": 200.5, "new": 397.14}
    assert dev["accelerators"] == {"base": 16, "new": 32}
    bucket = f"{STACK}aws:s3/bucket:Bucket::"
    assert dev["resources"] == {
        "added": [{"urn": f"{bucket}new-bucket", "type": "aws:s3/bucket:Bucket", "name": "new-bucket"}],
        "removed": [{"urn": f"{bucket}old-bucket", "type": "aws:s3/bucket:Bucket", "name": "old-bucket"}],
        "replaced": [
            {
                "urn": f"{STACK}aiinfra:aws:Network$aws:ec2/subnet:Subnet::subnet",
                "type": "aws:ec2/subnet:Subnet",
                "name": "subnet",
                "base_urn": f"{STACK}aws:ec2/subnet:Subnet::subnet",
                "reason": "URN changed (its parent moved); without an alias Pulumi deletes and recreates it",
            }
        ],
        "changed": [
            {
                "urn": f"{POOL}aws:eks/nodeGroup:NodeGroup::train-ng",
                "type": "aws:eks/nodeGroup:NodeGroup",
                "name": "train-ng",
                "paths": ["scalingConfig.maxSize", "tags.team"],
            },
            {
                "urn": f"{STACK}aws:kms/key:Key::key",
                "type": "aws:kms/key:Key",
                "name": "key",
                "paths": ["(protect)"],
            },
        ],
        "unchanged": 0,
    }
    (pool,) = dev["pools"]
    assert pool["status"] == "changed" and pool["changed"] == ["max_nodes", "total", "usd_per_hour"]
    assert (pool["base"]["total"], pool["new"]["total"]) == (16, 32)
    assert [(f["figure"], f["base"], f["new"], f["delta"]) for f in dev["figures"]] == [
        ("accelerators[train].max_nodes", 2, 4, 2),
        ("accelerators[train].total", 16, 32, 16),
        ("accelerators[train].usd_per_hour", 196.64, 393.28, 196.64),
        ("accelerator_total", 16, 32, 16),
        ("estimated_usd_per_hour", 200.5, 397.14, 196.64),
        ("coverage.resources_judged", 4, 3, -1),
    ]
    assert [(f["policy_id"], f["enforcement"]) for f in dev["findings"]["new"]] == [
        ("AIP-009", "mandatory"),
        ("AIP-050", "advisory"),
    ]
    assert [f["policy_id"] for f in dev["findings"]["fixed"]] == ["AIP-002"]
    assert dev["coverage"]["new"] == {
        "resources_judged": 3,
        "resources_total": 4,
        "not_judged": 0,
        "uncovered_types": ["aws:s3/bucket:Bucket"],
    }


def test_a_new_figure_is_compared_without_changing_diff() -> None:
    """Any number in the summary is a figure: a per-pool kW added to the plan JSON later shows up."""
    base, new = base_document(), new_document()
    base["stacks"][0]["summary"]["accelerators"][0]["kw"] = 10.2
    new["stacks"][0]["summary"]["accelerators"][0]["kw"] = 20.4
    new["stacks"][0]["summary"]["energy"] = {"total_kw": 21.0, "pools": [{"pool": "train", "kw": 20.4}]}
    figures = {f["figure"]: f for f in diff_documents(base, new)["stacks"][0]["figures"]}
    assert figures["accelerators[train].kw"]["delta"] == 10.2
    assert figures["energy.total_kw"] == {
        "figure": "energy.total_kw",
        "base": None,
        "new": 21.0,
        "delta": None,
    }
    assert figures["energy.pools[train].kw"]["new"] == 20.4


def test_numeric_figures_skip_flags_and_unkeyed_lists() -> None:
    summary = {
        "resource_count": 3,
        "price_verified": True,
        "estimated_usd_per_hour": None,
        "critical_path": {"minutes": 4.5, "chain": ["a"]},
        "teams": [{"team": "a", "usd_per_hour": 1.0}],
    }
    assert numeric_figures(summary) == {
        "resource_count": 3,
        "estimated_usd_per_hour": None,
        "critical_path.minutes": 4.5,
    }


def test_changed_paths_lists_and_maps() -> None:
    base = {"a": [1, 2], "b": {"c": 1, "d": [{"e": 1}]}, "gone": 1}
    new = {"a": [1, 2, 3], "b": {"c": 2, "d": [{"e": 2}]}, "added": 1}
    assert list(changed_paths(base, new)) == ["a", "added", "b.c", "b.d[0].e", "gone"]
    assert list(changed_paths({"a": 1}, {"a": 1})) == []


def test_identical_documents_have_no_changes_and_exit_0(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(base_document()))
    assert main(["diff", str(path), str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["stacks_changed"] == 0 and [s["status"] for s in doc["stacks"]] == ["unchanged"] * 2


def test_new_mandatory_findings_exit_1_and_output_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "base.json").write_text(json.dumps(base_document()))
    (tmp_path / "new.json").write_text(json.dumps(new_document()))
    args = ["diff", str(tmp_path / "base.json"), str(tmp_path / "new.json")]
    assert main([*args, "--format", "markdown", "--output", str(tmp_path / "diff.md")]) == 1
    assert capsys.readouterr().out == ""
    text = (tmp_path / "diff.md").read_text()
    assert text == EXPECTED_MARKDOWN.replace("base.json", str(tmp_path / "base.json")).replace(
        "new.json", str(tmp_path / "new.json")
    )
    # only an advisory finding new (the mandatory one fixed): exit 0
    advisory_only = new_document()
    advisory_only["stacks"][0]["violations"] = advisory_only["stacks"][0]["violations"][1:]
    (tmp_path / "advisory.json").write_text(json.dumps(advisory_only))
    assert main(["diff", str(tmp_path / "base.json"), str(tmp_path / "advisory.json")]) == 0
    assert "0 new mandatory finding(s), 1 new, 1 fixed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "plan document {path} does not exist"),
        ("not json", "{path}: not JSON (JSONDecodeError"),
        ('{"resources": []}', "{path}: not a plan document (expected a JSON object with a 'stacks' list)"),
        (
            '{"stacks": [{"stack": "a", "resources": []}]}',
            "{path}: stacks[0].summary is missing or not a dict",
        ),
    ],
)
def test_bad_input_exit_2_one_line(
    tmp_path: Path, monkeypatch, capsys, content: str | None, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path("bad.json").write_text(content)
    assert main(["diff", "bad.json", "bad.json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("aiinfra diff: " + message.format(path="'bad.json'"))


def test_one_file_is_bad_input(capsys) -> None:
    assert main(["diff", "only.json"]) == 2
    assert "give two plan documents (BASE.json NEW.json) or --base REF; got 1" in capsys.readouterr().err


def test_markdown_caps_and_collapses_long_lists() -> None:
    base, new = base_document(), new_document()
    extra = [_resource(f"{STACK}aws:s3/bucket:Bucket::b{i:02d}", {}) for i in range(40)]
    new["stacks"][0]["resources"] += extra
    text = diff_markdown(diff_documents(base, new))
    assert "<details><summary><b>Resources (45 not unchanged)</b></summary>" in text
    assert text.count("- added `") == MARKDOWN_LIST_CAP
    assert "- ... and 20 more (all of them in `aiinfra diff --format json`)" in text
    assert text.count("<details>") == text.count("</details>")


def _aws_training_with(tmp_path: Path, max_nodes: int) -> Path:
    """A copy of stacks/Pulumi.aws-training.yaml with the H100 pool's node count (desired and max) changed."""
    data = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    pools = data["config"]["aiinfra:platform"]["pools"]
    (pool,) = [p for p in pools if p["name"] == "h100-train"]
    pool["max_nodes"] = max_nodes
    pool["desired_nodes"] = max_nodes
    target = tmp_path / "Pulumi.aws-training.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False))
    return target


def test_real_change_to_a_shipped_stack(tmp_path: Path) -> None:
    """aws-training's H100 pool from 8 to 10 nodes: the node group's scaling inputs change, the pool yields
    16 more H100s, $/h rises by two nodes' price, nothing is added or removed, no finding appears."""
    from aiinfra.cli.plan import stack_violations
    from aiinfra.plan import plan_stack

    base_plan = cached_plan("aws-training")
    base_doc = {"plan_format": PLAN_FORMAT, "stacks": [plan_json(base_plan, stack_violations(base_plan))]}
    new_plan = plan_stack(str(_aws_training_with(tmp_path, 10)))
    new_doc = {"plan_format": PLAN_FORMAT, "stacks": [plan_json(new_plan, stack_violations(new_plan))]}
    diff = diff_documents(base_doc, new_doc, base_label="main", new_label="h100-train 8 -> 10 nodes")
    (stack,) = diff["stacks"]
    res = stack["resources"]
    assert (res["added"], res["removed"], res["replaced"]) == ([], [], [])
    changed = {r["name"]: r["paths"] for r in res["changed"]}
    assert changed["llm-train-h100-train-ng"] == ["scalingConfig.maxSize"]
    (pool,) = [p for p in stack["pools"] if p["pool"] == "h100-train"]
    assert pool["changed"] == ["max_nodes", "total", "usd_per_hour"]
    assert (pool["base"]["total"], pool["new"]["total"]) == (64, 80)
    per_node = pool["base"]["usd_per_hour"] / 8
    assert pool["new"]["usd_per_hour"] == pytest.approx(per_node * 10, abs=0.01)
    usd = stack["usd_per_hour"]
    assert usd["new"] - usd["base"] == pytest.approx(2 * per_node, abs=0.02)
    assert stack["findings"] == {"new": [], "fixed": []} and diff["summary"]["new_mandatory_findings"] == 0
    assert stack["coverage"]["base"] == stack["coverage"]["new"]
    markdown = diff_markdown(diff)
    assert (
        "| h100-train | 8 x p5.48xlarge = 64 NVIDIA H100 (capacity_block), efa x32 → 10 x p5.48xlarge"
        in markdown
    )
    assert "`scalingConfig.maxSize`" in markdown


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_base_ref_against_the_working_tree(tmp_path: Path) -> None:
    """--base REF: a clone of this repository, its aws-training pool changed in the working tree."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    subprocess.run(["git", "checkout", "-q", head.stdout.strip()], cwd=clone, check=True)
    stack = clone / "stacks" / "Pulumi.aws-training.yaml"
    stack.write_text(_aws_training_with(tmp_path, 10).read_text())
    done = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "aiinfra.cli.main",
            "diff",
            "--base",
            "HEAD",
            "aws-training",
            "--format",
            "json",
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["base"].startswith("HEAD (") and doc["new"] == "working tree"
    (result,) = doc["stacks"]
    assert [r["name"] for r in result["resources"]["changed"] if r["name"].endswith("-ng")] == [
        "llm-train-h100-train-ng"
    ]
    assert result["accelerators"]["new"] - result["accelerators"]["base"] == 16


def test_base_ref_that_is_not_a_commit(capsys) -> None:
    assert main(["diff", "--base", "no-such-ref-xyz"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aiinfra diff: --base 'no-such-ref-xyz': not a commit in ") or "not a commit" in err


def test_ci_recipes_use_real_diff_options_and_parse() -> None:
    """docs/ci.md: each `aiinfra diff` command uses options the parser has; each YAML block parses."""
    import re

    from aiinfra.cli.main import build_parser

    parser = build_parser(["diff"])
    sub = next(a for a in parser._actions if a.dest == "command").choices["diff"]
    known = {opt for action in sub._actions for opt in action.option_strings}
    text = (REPO / "docs" / "ci.md").read_text()
    commands = re.findall(r"aiinfra diff[^\n`]*", text)
    assert len(commands) >= 3
    for command in commands:
        for option in re.findall(r"(?<![\w-])--[a-z-]+", command):
            assert option in known, (command, option)
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    diff_blocks = [yaml.safe_load(b) for b in blocks if "aiinfra diff" in b]
    assert len(diff_blocks) == 2
    assert diff_blocks[0]["permissions"]["pull-requests"] == "write"
    assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in " ".join(diff_blocks[1]["aiinfra-diff"]["script"])


def test_power_and_carbon_change_is_a_headline_figure() -> None:
    """A pool growing from 8 to 10 nodes changes the plan's kW and kgCO2e/h totals; both formats say so."""
    from aiinfra.diff import diff_documents
    from aiinfra.diff_render import diff_markdown, diff_text

    def doc(kw: float, co2: float) -> dict:
        energy = {"pools": [{"pool": "p", "facility_kw": kw}], "excluded_power": [], "total_kw": kw,
                  "total_kg_co2e_per_hour": co2}  # fmt: skip
        summary = {"accelerator_total": 8, "estimated_usd_per_hour": 1.0, "energy": energy}
        return {
            "stacks": [
                {"stack": "s", "blueprint": "aws", "resources": [], "summary": summary, "violations": []}
            ]
        }

    diff = diff_documents(doc(64.52, 20.79), doc(80.65, 25.98))
    (stack,) = diff["stacks"]
    assert stack["kw"] == {"base": 64.52, "new": 80.65}
    assert stack["kg_co2e_per_hour"] == {"base": 20.79, "new": 25.98}
    line = "64.5 kW → 80.7 kW (+16.1 kW); 20.8 kgCO2e/h → 26.0 kgCO2e/h (+5.2 kgCO2e/h)"
    assert f"  power and carbon at full scale: {line}" in diff_text(diff)
    assert f"- power and carbon at full scale (upper bound): {line}" in diff_markdown(diff)
