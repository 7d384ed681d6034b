"""``--program`` runs TypeScript/JavaScript projects (``runtime: nodejs``) in the Node program host.

The look-alike projects live in tests/nodejs/ and share one ``npm ci`` there (package-lock.json is
committed; .ci/run installs it, and the ``node_deps`` fixture installs it when missing). Each project is
checked as CI would run it: ``python -m aiinfra.cli.main`` in a subprocess from the repository root, so
what the program writes to its own stdout/stderr is seen exactly as a user's pipeline sees it. Type checks
are off (``PULUMI_NODEJS_TRANSPILE_ONLY=true``, Pulumi's own switch) except in the type-error test.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aiinfra.engine.nodejs import config_environment, install_command, node_options, program_location
from aiinfra.engine.project import load_project
from aiinfra.errors import InputError

REPO = Path(__file__).resolve().parents[1]
NODE = REPO / "tests" / "nodejs"
TWIN = NODE / "twin"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def node_deps() -> None:
    """The shared test dependencies (npm ci from the committed lock file) when CI has not installed them."""
    if (NODE / "node_modules" / "@pulumi" / "pulumi" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    assert npm is not None, "Node.js and npm are needed for these tests (then: npm ci in tests/nodejs)"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE, check=True, capture_output=True)


def run_cli(*args: str, type_check: bool = False, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``aiinfra ARGS`` in a subprocess from the repository root: (exit code, stdout, stderr)."""
    full = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true", **(env or {})}
    full.pop("PULUMI_NODEJS_TRANSPILE_ONLY", None)
    if not type_check:
        full["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true"
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=full,
    )
    return proc.returncode, proc.stdout, proc.stderr


@functools.cache
def checked(program: str, fmt: str = "json") -> tuple[int, str, str]:
    """``aiinfra check --program PROGRAM --format FMT`` (once per module run)."""
    return run_cli("check", "--program", str(Path(program)), "--format", fmt)


@functools.cache
def planned(program: str) -> tuple[int, dict, str]:
    code, out, err = run_cli("plan", "--program", program, "--format", "json", "--verbose")
    return code, json.loads(out), err


# --- the same misconfigurations in TypeScript and Python get the same findings ------------------------
TWIN_FINDINGS = sorted(
    [
        ("AIP-DATA-001", "dev-data"),
        ("AIP-DATA-007", "dev-data"),
        ("AIP-DATA-010", "db"),
        ("AIP-DATA-010", "db"),
        ("AIP-DATA-010", "db"),
        ("AIP-DATA-051", "db"),  # no log exports, no Enhanced Monitoring
        ("AIP-DATA-051", "db"),
        ("AIP-ENC-001", "dev-data"),
        ("AIP-ENC-002", "scratch"),
        ("AIP-ENC-002", "web-vm"),
        ("AIP-ENC-006", "data-key"),
        ("AIP-IAM-001", "admin"),
        ("AIP-NET-004", "ssh-open"),
        ("AIP-NODE-001", "web-vm"),
        ("AIP-NODE-002", "web-vm"),
        ("AIP-OBS-023", "web-vm"),  # EC2 detailed monitoring off (advisory, issue 26)
        ("AIP-SVC-001", "db"),
        ("AIP-SVC-001", "db"),
    ]
)


def _findings(doc: dict) -> list[tuple]:
    keys = ("policy_id", "resource", "resource_type", "severity", "enforcement", "message", "urn", "waived")
    return sorted(tuple(v[k] for k in keys) for v in doc["violations"])


def test_typescript_and_python_twins_get_the_same_findings() -> None:
    py_code, py_out, py_err = checked("tests/nodejs/twin/python")
    ts_code, ts_out, ts_err = checked("tests/nodejs/twin/typescript")
    assert (py_code, ts_code) == (1, 1), (py_err, ts_err)
    py, ts = json.loads(py_out), json.loads(ts_out)
    assert _findings(ts) == _findings(py)
    assert sorted((v["policy_id"], v["resource"]) for v in ts["violations"]) == TWIN_FINDINGS
    assert ts["summary"]["resources_checked"] == py["summary"]["resources_checked"] == 9
    assert all(v["urn"].startswith("urn:pulumi:dev::twin::") for v in ts["violations"])  # real names


def test_twins_register_the_same_resources_with_the_same_inputs() -> None:
    _, py, _ = planned("tests/nodejs/twin/python")
    _, ts, _ = planned("tests/nodejs/twin/typescript")

    def shape(doc: dict) -> list[tuple]:
        out = []
        for r in doc["stacks"][0]["resources"]:
            out.append((r["urn"], r["parent"], json.dumps(r["inputs"], sort_keys=True), r["dependencies"]))
        return sorted(out)

    assert len(shape(ts)) == 10 and shape(ts) == shape(py)
    assert ts["stacks"][0]["outputs"] == py["stacks"][0]["outputs"]
    assert list(ts["stacks"][0]["outputs"]) == ["bucketName"]


# --- config, secrets, invokes, components, output capture ----------------------------------------------
def test_config_secrets_invokes_and_components_of_a_multi_file_typescript_project() -> None:
    code, doc, err = planned("tests/nodejs/site")
    assert code == 1, err  # the bucket has no encryption configuration
    stack = doc["stacks"][0]
    urns = [r["urn"] for r in stack["resources"]]
    prefix = "urn:pulumi:dev::lookalike-site-ts::"
    assert sorted(urns) == sorted(
        [
            prefix + "aws:s3/bucket:Bucket::content",
            prefix + "aws:s3/bucketObject:BucketObject::index",
            prefix + "lookalike:index:Fleet::web",
            *(prefix + f"lookalike:index:Fleet$aws:ec2/instance:Instance::web-{i}" for i in range(3)),
            prefix + "remotepkg:index:Cluster::remote-cluster",
        ]
    )  # replicas: 3 from config/Pulumi.dev.yaml over the project default 2
    by_name = {r["name"]: r for r in stack["resources"]}
    assert by_name["content"]["inputs"] == {"bucket": "docs-dev-content"}  # siteName + sibling module
    assert by_name["index"]["inputs"]["content"] == "<html><body>offline</body></html>\n"  # cwd = project
    assert by_name["web-0"]["parent"] == prefix + "lookalike:index:Fleet::web"
    outputs = stack["outputs"]
    assert outputs["token"] == "[secret]"  # secure: value, a placeholder secret, never shown
    assert outputs["amiId"].startswith("ami-") and by_name["web-1"]["inputs"]["ami"] == outputs["amiId"]
    assert outputs["vpcId"].startswith("vpc-")
    coverage = stack["summary"]["coverage"]
    assert coverage["synthetic_invokes"] == ["aws:ec2/getInstanceType:getInstanceType"]
    assert [n["name"] for n in coverage["not_judged"]] == ["remote-cluster"]
    assert "remote component remotepkg:index:Cluster" in coverage["not_judged"][0]["reason"]
    assert (
        "lookalike-site-ts:apiToken: secure value from Pulumi.dev.yaml read as a placeholder secret"
        in (coverage["notes"])
    )
    # --verbose shows the program's own output on stderr; never on stdout
    assert "--- program stdout ---\nplanning docs with 3 replicas\n" in err
    assert "--- program stderr ---\na warning from the program\n" in err


def test_pinned_invokes_answer_typescript_data_sources(tmp_path) -> None:
    pins = tmp_path / "invokes.yaml"
    pins.write_text("aws:ec2/getAmi:getAmi:\n  id: ami-0pinned000000000\n  imageId: ami-0pinned000000000\n")
    code, out, err = run_cli(
        "plan", "--program", "tests/nodejs/site", "--format", "json", "--invokes", str(pins)
    )
    assert code == 1, err
    stack = json.loads(out)["stacks"][0]
    amis = {r["inputs"]["ami"] for r in stack["resources"] if r["type"] == "aws:ec2/instance:Instance"}
    assert amis == {"ami-0pinned000000000"} and stack["outputs"]["amiId"] == "ami-0pinned000000000"


def test_the_programs_output_never_reaches_stdout() -> None:
    code, out, err = checked("tests/nodejs/site")
    assert code in (0, 1), err
    doc = json.loads(out)  # stdout is the report and nothing else
    assert "planning docs" not in out and "a warning from the program" not in out
    assert "planning docs" not in err  # shown only with --verbose
    assert set(doc) >= {"violations", "summary"}


def test_sarif_locations_point_at_the_typescript_lines() -> None:
    code, out, _ = checked("tests/nodejs/twin/typescript", "sarif")
    assert code == 1
    source = (TWIN / "typescript" / "index.ts").read_text().splitlines()
    expected = {
        "AIP-NET-004": 'const sg = new aws.ec2.SecurityGroup("ssh-open", {',
        "AIP-IAM-001": 'new aws.iam.Policy("admin", {',
        "AIP-ENC-006": 'new aws.kms.Key("data-key", { enableKeyRotation: false });',
        "AIP-NODE-001": "new aws.ec2.Instance(",  # inside the component, where the user wrote it
    }
    seen = {}
    for result in json.loads(out)["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "tests/nodejs/twin/typescript/index.ts"
        seen[result["ruleId"]] = source[location["region"]["startLine"] - 1].strip()
    for rule, text in expected.items():
        assert seen[rule] == text


def test_a_stack_transform_is_applied_before_judging() -> None:
    code, out, err = checked("tests/nodejs/transform")
    assert code == 1, err
    assert [(v["policy_id"], v["resource"]) for v in json.loads(out)["violations"]] == [
        ("AIP-NET-004", "app")
    ]


def test_javascript_with_main_in_a_subfolder_runs_there() -> None:
    code, doc, err = planned("tests/nodejs/js")
    assert code == 1, err
    stack = doc["stacks"][0]
    assert stack["outputs"]["cwd"] == str(NODE / "js" / "src")  # main: src/index.js -> cwd src/
    assert stack["outputs"]["execArgv"] == ["--max-old-space-size=1536", "--no-deprecation"]  # nodeargs
    assert [v["policy_id"] for v in stack["violations"] if v["resource"] == "runner-admin"] == ["AIP-IAM-001"]


def test_the_hosts_speed_ups_leave_what_the_program_sees_unchanged() -> None:
    """bootstrap.js formats the SDK's per-promise stacks lazily and loads @npmcli/arborist on first use;
    the program still reads the same source-mapped promise stack, prepareStackTrace's save-and-restore
    idiom still works, and the closure serializer still loads arborist (figures as under main's host)."""
    code, doc, err = planned("tests/nodejs/js")
    assert code == 1, err
    outputs = doc["stacks"][0]["outputs"]
    context, label, first, sdk_frame, user_frame = outputs["promiseStack"]
    assert (context.split(":")[1], label, first) == (" probe", "STACK_TRACE:", "Error: ")
    assert (
        sdk_frame.startswith("    at Object.debuggablePromise (") and "/runtime/debuggable.ts:" in sdk_frame
    )
    assert user_frame == f"    at Object.<anonymous> ({NODE / 'js' / 'src' / 'index.js'}:22:12)"
    assert outputs["prepareStackTrace"] == ["number", "Error: after"]
    assert outputs["codePaths"] == "number"


# --- failures: compile errors, exceptions, early exits, config ------------------------------------------
def test_a_type_error_is_exit_3_with_the_compilers_file_line_column() -> None:
    code, out, err = run_cli("check", "--program", "tests/nodejs/type-error", type_check=True)
    assert code == 3 and out == ""
    assert "TSError" in err and "error TS2322: Type 'number' is not assignable to type 'string'." in err
    assert "tests/nodejs/type-error/sizes.ts:3:11: const chosen: string = table[name];" in err


def test_a_syntax_error_is_exit_3_even_without_type_checks() -> None:
    code, out, err = checked("tests/nodejs/syntax-error", "text")
    assert code == 3 and out == ""
    assert "tests/nodejs/syntax-error/index.ts:3:39: const sizes = { small: 10, large: 100 ;" in err


def test_a_runtime_exception_is_exit_3_with_the_users_typescript_frames() -> None:
    code, out, err = checked("tests/nodejs/throws", "text")
    assert code == 3 and out == ""
    assert "failed to run offline: Error: no subnet planned for zone eu-central-1z" in err
    frames = [line.strip() for line in err.splitlines() if line.startswith("    tests/")]
    assert frames == [
        'tests/nodejs/throws/index.ts:6:67 in <module>: new aws.ec2.Subnet("app", '
        '{ vpcId: "vpc-123", cidrBlock: subnetFor(zone) });',
        "tests/nodejs/throws/network.ts:5:15 in subnetFor: throw new Error(`no subnet planned for zone ${zone}`);",
    ]
    assert "registrations recorded before it stopped: 1; nothing was judged" in err


def test_a_program_that_exits_early_never_passes() -> None:
    code, out, err = checked("tests/nodejs/exits-early")
    assert code == 3 and out == ""
    assert "before it finished" in err


def test_missing_config_is_exit_2_naming_the_stack_file() -> None:
    code, out, err = checked("tests/nodejs/needs-config", "text")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "missing required configuration 'lookalike-needs-config:bucketName'" in err
    assert str(NODE / "needs-config" / "Pulumi.dev.yaml") in err
    assert "--config-value lookalike-needs-config:bucketName=VALUE" in err


def test_a_mistyped_config_value_is_exit_2_and_never_echoed() -> None:
    code, out, err = run_cli(
        "check",
        "--program",
        "tests/nodejs/needs-config",
        "--config-value",
        "bucketName=b",
        "--config-value",
        "volumeSize=hunter2-not-a-number",
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "configuration 'lookalike-needs-config:volumeSize' is not a valid number" in err
    assert "hunter2" not in err


def test_a_tsconfig_option_naming_no_file_is_exit_2(tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text(
        "name: tc\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.ci.json\n"
    )
    code, out, err = run_cli("check", "--program", str(tmp_path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "runtime option 'tsconfig': 'tsconfig.ci.json' is not a file in" in err


def test_missing_node_modules_is_exit_2_with_the_install_command(tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: nm\nruntime: nodejs\n")
    (tmp_path / "index.ts").write_text('import * as aws from "@pulumi/aws";\n')
    (tmp_path / "package-lock.json").write_text("{}")
    code, out, err = run_cli("check", "--program", str(tmp_path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"run `cd {tmp_path} && npm ci` first" in err


def test_node_not_on_path_is_exit_2_naming_node(tmp_path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    code, out, err = run_cli(
        "check",
        "--program",
        "tests/nodejs/twin/typescript",
        env={"PATH": f"{empty}{os.pathsep}{Path(sys.executable).parent}"},
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "`node` is not on PATH" in err


# --- how the language host is imitated (no node needed) ------------------------------------------------
def test_runtime_options_are_checked_like_the_language_host() -> None:
    assert node_options({}, "Pulumi.yaml") == node_options({"typescript": True}, "Pulumi.yaml")
    assert node_options({"nodeargs": "--max-old-space-size=4096 --no-warnings"}, "P").nodeargs == (
        "--max-old-space-size=4096",
        "--no-warnings",
    )
    for options, needle in [
        ({"typescript": "yes"}, "runtime option 'typescript': 'yes' is not a boolean"),
        ({"tsconfig": 3}, "runtime option 'tsconfig': 3 is not a string"),
        ({"nodeargs": ["--x"]}, "runtime option 'nodeargs': ['--x'] is not a string"),
        ({"packagemanager": "cargo"}, "'cargo' is not one of auto, npm, yarn, pnpm, bun"),
    ]:
        with pytest.raises(InputError, match=r"^Pulumi\.yaml: ") as info:
            node_options(options, "Pulumi.yaml")
        assert needle in str(info.value)


@pytest.mark.parametrize(
    ("lock", "manager", "command"),
    [
        ("package-lock.json", "auto", "npm ci"),
        ("yarn.lock", "auto", "yarn install --frozen-lockfile"),
        ("pnpm-lock.yaml", "auto", "pnpm install --frozen-lockfile"),
        (None, "auto", "npm install"),
        (None, "pnpm", "pnpm install"),
    ],
)
def test_the_install_command_follows_the_lock_file(tmp_path, lock, manager, command) -> None:
    project = tmp_path / "workspace" / "infra"
    project.mkdir(parents=True)
    if lock:
        (tmp_path / "workspace" / lock).write_text("")  # a workspace's lock file above the project
    assert install_command(project, manager) == command


def test_config_reaches_the_program_as_the_language_host_passes_it() -> None:
    env = config_environment({"p:name": "x", "aws:region": "eu-west-1", "p:tags": {"a": 1}}, ("p:name",))
    assert json.loads(env["PULUMI_CONFIG"]) == {
        "p:config:name": "x",
        "aws:config:region": "eu-west-1",
        "p:config:tags": '{"a": 1}',
    }
    assert json.loads(env["PULUMI_CONFIG_SECRET_KEYS"]) == ["p:name"]


def test_main_decides_working_directory_and_entry_point(tmp_path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("")
    (tmp_path / "Pulumi.yaml").write_text("name: m\nruntime: nodejs\n")
    assert program_location(load_project(tmp_path)) == (tmp_path, ".")
    (tmp_path / "Pulumi.yaml").write_text("name: m\nruntime: nodejs\nmain: src/index.ts\n")
    assert program_location(load_project(tmp_path)) == (tmp_path / "src", "index.ts")
    (tmp_path / "Pulumi.yaml").write_text("name: m\nruntime: nodejs\nmain: src\n")
    assert program_location(load_project(tmp_path)) == (tmp_path / "src", ".")


def test_the_ecs_optimized_ami_parameter_is_its_json_metadata() -> None:
    from aiinfra.engine.fixtures import FixtureContext
    from aiinfra.engine.invokes import answer

    ctx = FixtureContext(stack="dev", project="p")
    token = "aws:ssm/getParameter:getParameter"
    metadata, _ = answer(token, {"name": "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended"}, ctx)
    assert json.loads(metadata["value"])["image_id"].startswith("ami-")  # what @pulumi/awsx classic reads
    plain, _ = answer(
        token, {"name": "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"}, ctx
    )
    assert plain["value"].startswith("ami-")


def test_program_gets_the_self_managed_backend_organization() -> None:
    """``pulumi.getOrganization()`` threw "Missing organization name" under the mocks, and the host then
    waited for the --timeout instead of failing (pulumi/training's aws-typescript exercises)."""
    code, doc, err = planned(str(NODE / "organization"))
    assert code == 0, err
    assert doc["stacks"][0]["outputs"] == {"baseName": "organization-dev"}
