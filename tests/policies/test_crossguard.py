"""The CrossGuard pack, tested in-process without starting the gRPC server.

The equivalence test drives pulumi-policy's *private* ``_PolicyAnalyzerServicer`` with proto
``AnalyzeRequest`` / ``AnalyzeStackRequest`` messages (as pulumi-policy's own tests do, reference
§2.6 point 2) and asserts that CrossGuard's diagnostics equal the offline runner's findings for
every fixture of every rule. Private API: pinned to pulumi-policy 1.21.x (pyproject: >=1.21,<2);
this file is the one adapter to update if the servicer changes.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from equivalences import CLASSES
from policy_fixtures import FIXTURES, Fixture, to_run

pulumi_policy = pytest.importorskip("pulumi_policy")

from google.protobuf import struct_pb2  # noqa: E402
from pulumi.runtime import rpc  # noqa: E402
from pulumi.runtime.proto import analyzer_pb2 as proto  # noqa: E402
from pulumi_policy.deserialize import SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY  # noqa: E402
from pulumi_policy.policy import _PolicyAnalyzerServicer  # noqa: E402

from aiinfra.engine.model import UNKNOWN, Secret  # noqa: E402
from aiinfra.policies import crossguard  # noqa: E402
from aiinfra.policies.registry import all_rules, get_rule  # noqa: E402
from aiinfra.policies.runner import PACK_NAME, PACK_VERSION, evaluate  # noqa: E402
from aiinfra.policies.waivers import WAIVERS_ENV  # noqa: E402

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"
assert pulumi_policy.__name__ == "pulumi_policy"


def test_importing_policies_does_not_build_a_pack() -> None:
    """Importing every policy module (fresh interpreter) never constructs a PolicyPack (it would hang)."""
    code = (
        "import pulumi_policy\n"
        "def boom(*a, **k): raise SystemExit('PolicyPack constructed at import time')\n"
        "pulumi_policy.PolicyPack = boom\n"
        "import aiinfra.policies, aiinfra.policies.crossguard, aiinfra.policies.runner, aiinfra.policies.rules\n"
        f"assert len(aiinfra.policies.all_rules()) == {len(all_rules())}\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_build_pack_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    captured: dict = {}
    monkeypatch.setattr(pulumi_policy, "PolicyPack", lambda **kwargs: captured.update(kwargs))
    crossguard.build_pack()
    assert re.match(r"^[a-zA-Z0-9-_.]{1,100}$", captured["name"])
    names = [p.name for p in captured["policies"]]
    assert len(names) == len(set(names)) == len(all_rules()) == 95
    assert all(re.match(r"^[a-z0-9-]+$", n) and n != "all" for n in names)
    by_name = {p.name: p for p in captured["policies"]}
    imds = by_name["aip-node-001-imdsv2-required"]
    assert imds.enforcement_level == pulumi_policy.EnforcementLevel.MANDATORY
    assert imds.severity == pulumi_policy.Severity.HIGH
    assert isinstance(imds, pulumi_policy.ResourceValidationPolicy)
    assert isinstance(by_name["aip-net-005-efa-self-referencing-sg"], pulumi_policy.StackValidationPolicy)
    hop = by_name["aip-node-002-imds-hop-limit"].config_schema.properties
    assert hop["maxHopLimit"]["default"] == 1 and "enforcementLevel" not in hop
    tags = by_name["aip-gpu-005-cost-allocation-tags"].config_schema.properties["requiredTags"]["default"]
    assert tags == ["team", "project", "environment", "cost-center"]
    assert captured["enforcement_level"] == pulumi_policy.EnforcementLevel.ADVISORY


def test_pack_project_files() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    assert project["runtime"] == {"name": "python", "options": {"virtualenv": "../.venv"}}
    assert project["version"] == PACK_VERSION
    main = (PACK_DIR / "__main__.py").read_text()
    assert "build_pack()" in main and "PolicyPack(" not in main
    assert "pulumi-policy" in (PACK_DIR / "requirements.txt").read_text()


def test_pack_main_starts_a_server() -> None:
    """Run policies/__main__.py the way pulumi.policy does (runpy on the pack dir) and read the port."""
    code = "import runpy, sys; runpy.run_path('.', run_name='__main__')"
    proc = subprocess.Popen(
        [sys.executable, "-u", "-c", code], cwd=PACK_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        line = proc.stdout.readline().decode().strip()
        assert line.isdigit(), proc.stderr.read1().decode() if proc.poll() is not None else line
    finally:
        proc.kill()
        proc.wait(timeout=10)


# ---- CrossGuard verdicts == offline verdicts ----


def _wire(value):
    if value is UNKNOWN:
        return rpc.UNKNOWN
    if isinstance(value, Secret):
        return {SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG, "value": _wire(value.value)}
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire(v) for v in value]
    return value


def _struct(values: dict) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(_wire(values))
    return s


def _servicer(config: dict | None) -> _PolicyAnalyzerServicer:
    policies = crossguard.build_policies()
    servicer = _PolicyAnalyzerServicer(
        PACK_NAME, PACK_VERSION, policies, pulumi_policy.EnforcementLevel.ADVISORY
    )
    if config:
        request = proto.ConfigureAnalyzerRequest()
        for key, value in config.items():
            rule = get_rule(key)
            pc = proto.PolicyConfig()
            pc.properties.update(value)
            request.policyConfig[rule.name].CopyFrom(pc)
        servicer.Configure(request, None)
    return servicer


def crossguard_diagnostics(run, config) -> set[tuple[str, str, str]]:
    servicer = _servicer(config)
    out = set()
    for r in run.resources:
        req = proto.AnalyzeRequest(
            urn=r.urn,
            type=r.type,
            name=r.name,
            properties=_struct(r.inputs),
            options=proto.AnalyzerResourceOptions(protect=r.protect),
        )
        for d in servicer.Analyze(req, None).diagnostics:
            out.add((d.urn or r.urn, d.policyName, d.message))
    resources = []
    for r in run.resources:
        res = proto.AnalyzerResource(
            urn=r.urn,
            type=r.type,
            name=r.name,
            properties=_struct({**r.inputs, **r.outputs}),
            options=proto.AnalyzerResourceOptions(protect=r.protect),
            parent=r.parent or "",
            dependencies=list(r.dependencies),
        )
        for k, urns in r.property_dependencies.items():
            res.propertyDependencies[k].CopyFrom(proto.AnalyzerPropertyDependencies(urns=list(urns)))
        resources.append(res)
    for d in servicer.AnalyzeStack(proto.AnalyzeStackRequest(resources=resources), None).diagnostics:
        out.add((d.urn, d.policyName, d.message))
    return out


def offline_diagnostics(run, config) -> set[tuple[str, str, str]]:
    out = set()
    for f in evaluate(run, config=config).findings:
        if f.waived:
            continue  # CrossGuard drops waived findings (logged to stderr)
        message = f.message if f.unknown else f"{f.rule.description}\n{f.message}"
        urn = "" if f.unknown and f.rule.kind == "stack" else (f.urn or "")
        out.add((urn, f.rule.name, message))
    return out


CASES = [(rid, kind) for rid in sorted(FIXTURES) for kind in ("pass", "fail", "unknown")]


@pytest.mark.parametrize(("rule_id", "kind"), CASES, ids=[f"{r}-{k}" for r, k in CASES])
def test_crossguard_equals_offline(rule_id, kind, tmp_path, monkeypatch) -> None:
    fx = FIXTURES[rule_id][kind]
    monkeypatch.delenv(WAIVERS_ENV, raising=False)
    monkeypatch.setenv("PULUMI_STACK", fx.stack)
    if fx.waivers is not None:
        path = tmp_path / "waivers.yaml"
        path.write_text(yaml.safe_dump({"waivers": fx.waivers}))
        monkeypatch.setenv(WAIVERS_ENV, str(path))
    run = to_run(fx)
    assert crossguard_diagnostics(run, fx.config) == offline_diagnostics(run, fx.config)


EQUIVALENT_SPELLINGS = [(c, i) for c in CLASSES for i in range(len(c.examples))]


@pytest.mark.parametrize(
    ("cls", "index"), EQUIVALENT_SPELLINGS, ids=[f"{c.rule}-{c.name}-{i}" for c, i in EQUIVALENT_SPELLINGS]
)
def test_crossguard_equals_offline_on_equivalent_spellings(cls, index, monkeypatch) -> None:
    """Every example of every equivalence class gets the same diagnostics from both engines."""
    monkeypatch.delenv(WAIVERS_ENV, raising=False)
    monkeypatch.setenv("PULUMI_STACK", "dev")
    run = to_run(Fixture(copy.deepcopy(cls.examples[index])))
    config = {get_rule(cls.rule).name: {"enforcementLevel": "mandatory"}}
    assert crossguard_diagnostics(run, config) == offline_diagnostics(run, config)


def test_shipped_example_config_lists_every_tunable_at_its_default() -> None:
    import json

    from aiinfra.policies.packconfig import example_config

    assert json.loads((PACK_DIR / "config.example.json").read_text()) == example_config()


def test_deeply_nested_policy_document_is_a_crossguard_finding(monkeypatch) -> None:
    """IAM JSON nested 10,000 deep is a diagnostic in CrossGuard as offline, not a RecursionError."""
    from policy_fixtures import Fixture, Spec

    monkeypatch.delenv(WAIVERS_ENV, raising=False)
    monkeypatch.setenv("PULUMI_STACK", "dev")
    condition = '{"a":' * 10_000 + "1" + "}" * 10_000
    statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":' + condition + "}"
    policy = '{"Version":"2012-10-17","Statement":[' + statement + "]}"
    run = to_run(Fixture(resources=[Spec("aws:iam/policy:Policy", "deep", {"policy": policy})]))
    diagnostics = crossguard_diagnostics(run, None)
    assert diagnostics == offline_diagnostics(run, None)
    assert [m for _, name, m in diagnostics if name == get_rule("AIP-IAM-001").name] == [
        f"{get_rule('AIP-IAM-001').description}\npolicy cannot be parsed: nested too deeply to parse "
        f"({len(policy):,} characters)."
    ]


def test_unparsable_manifest_yaml_is_the_same_finding_in_crossguard(monkeypatch) -> None:
    from policy_fixtures import Fixture, Spec

    monkeypatch.delenv(WAIVERS_ENV, raising=False)
    monkeypatch.setenv("PULUMI_STACK", "dev")
    spec = Spec("kubernetes:yaml/v2:ConfigGroup", "deep", {"yaml": "[" * 5000 + "]" * 5000})
    run = to_run(Fixture(resources=[spec]))
    diagnostics = crossguard_diagnostics(run, None)
    assert diagnostics == offline_diagnostics(run, None)
    assert {m.splitlines()[-1] for _, _, m in diagnostics} == {
        "cannot be judged: yaml:1:101: not valid YAML: nested deeper than 100 levels."
    }
