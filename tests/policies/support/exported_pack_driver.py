"""Run inside a fresh virtualenv that holds only an exported pack's requirements (no aiinfra).

Usage: python exported_pack_driver.py PACK_DIR CASES.json -> JSON on stdout: one list of
[urn, policy name, message] diagnostics per case, from pulumi-policy's own analyzer servicer
(the same code path `pulumi preview --policy-pack` drives over gRPC).
"""

import json
import os
import runpy
import sys

pack_dir, cases_file = sys.argv[1], sys.argv[2]
import pulumi_policy  # noqa: E402

captured = {}
pulumi_policy.PolicyPack = lambda **kwargs: captured.update(kwargs)  # build, do not serve
os.chdir(pack_dir)
runpy.run_path(".", run_name="__main__")  # what `python -m pulumi.policy <engine> .` does

from google.protobuf import struct_pb2  # noqa: E402
from pulumi.runtime.proto import analyzer_pb2 as proto  # noqa: E402
from pulumi_policy.policy import _PolicyAnalyzerServicer  # noqa: E402


def struct(values):
    s = struct_pb2.Struct()
    s.update(values)
    return s


with open(cases_file, encoding="utf-8") as fh:
    CASES = json.load(fh)

out = []
for case in CASES:
    os.environ["PULUMI_STACK"] = case["stack"]
    servicer = _PolicyAnalyzerServicer(
        captured["name"], "0.1.0", captured["policies"], captured["enforcement_level"]
    )
    if case["config"]:
        request = proto.ConfigureAnalyzerRequest()
        for name, value in case["config"].items():
            pc = proto.PolicyConfig()
            pc.properties.update(value)
            request.policyConfig[name].CopyFrom(pc)
        servicer.Configure(request, None)
    diags = set()
    for r in case["resources"]:
        req = proto.AnalyzeRequest(
            urn=r["urn"],
            type=r["type"],
            name=r["name"],
            properties=struct(r["inputs"]),
            options=proto.AnalyzerResourceOptions(protect=r["protect"]),
        )
        for d in servicer.Analyze(req, None).diagnostics:
            diags.add((d.urn or r["urn"], d.policyName, d.message))
    stack = []
    for r in case["resources"]:
        res = proto.AnalyzerResource(
            urn=r["urn"],
            type=r["type"],
            name=r["name"],
            properties=struct(r["state"]),
            options=proto.AnalyzerResourceOptions(protect=r["protect"]),
            parent=r["parent"] or "",
            dependencies=r["dependencies"],
        )
        for k, urns in r["property_dependencies"].items():
            res.propertyDependencies[k].CopyFrom(proto.AnalyzerPropertyDependencies(urns=urns))
        stack.append(res)
    for d in servicer.AnalyzeStack(proto.AnalyzeStackRequest(resources=stack), None).diagnostics:
        diags.add((d.urn, d.policyName, d.message))
    out.append(sorted(diags))
json.dump({"pack": captured["name"], "policies": len(captured["policies"]), "cases": out}, sys.stdout)
