"""Lazy provider SDK subpackages (aiinfra/engine/lazysdk.py): only the modules used are loaded, and a
package exports exactly the names the eager package does."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

PROBE = """
import json, sys
{install}
import pulumi_aws, pulumi_kubernetes
out = {{}}
for name in ("pulumi_aws.ec2", "pulumi_aws.s3", "pulumi_kubernetes.core.v1", "pulumi_kubernetes.helm.v3"):
    __import__(name)
    module = sys.modules[name]
    out[name] = sorted(n for n in dir(module) if not n.startswith("_"))
ec2 = pulumi_aws.ec2
out["launch_template_class"] = ec2.LaunchTemplate.__name__
out["namespace_is_class"] = isinstance(pulumi_kubernetes.core.v1.Namespace, type)
out["chart_is_class"] = isinstance(pulumi_kubernetes.helm.v3.Chart, type)
namespace = {{}}
exec("from pulumi_aws.s3 import *", namespace)
out["star_has_bucket"] = "BucketV2" in namespace and isinstance(namespace["BucketV2"], type)
out["vpc_module_loaded"] = "pulumi_aws.ec2.vpc" in sys.modules
out["ec2_modules_loaded"] = sum(1 for m in sys.modules if m.startswith("pulumi_aws.ec2."))
print(json.dumps(out))
"""


def _probe(lazy: bool) -> dict:
    install = "from aiinfra.engine import lazysdk; lazysdk.install()" if lazy else ""
    done = subprocess.run(
        [sys.executable, "-P", "-c", PROBE.format(install=install)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(done.stdout)


def test_lazy_packages_export_the_eager_names_and_load_only_what_is_used() -> None:
    lazy, eager = _probe(True), _probe(False)
    for package in (
        "pulumi_aws.ec2",
        "pulumi_aws.s3",
        "pulumi_kubernetes.core.v1",
        "pulumi_kubernetes.helm.v3",
    ):
        missing = set(eager[package]) - set(lazy[package])
        assert not missing, (package, sorted(missing)[:10])
    assert lazy["launch_template_class"] == eager["launch_template_class"] == "LaunchTemplate"
    assert lazy["namespace_is_class"] and lazy["chart_is_class"]  # class, not the module of that name
    assert lazy["star_has_bucket"] and eager["star_has_bucket"]
    # the point of it: the eager package built all 181 EC2 modules, the lazy one the few touched
    assert eager["vpc_module_loaded"] and not lazy["vpc_module_loaded"]
    assert lazy["ec2_modules_loaded"] <= 5 < 150 <= eager["ec2_modules_loaded"]


CONFIG_PROBE = """
import json, os, sys
{install}
import pulumi
pulumi.runtime.set_config("aws:region", "eu-west-1")
pulumi.runtime.set_config("gcp:region", "europe-west4")
import pulumi_aws, pulumi_gcp
print(json.dumps({{
    "aws_region": pulumi_aws.config.region,
    "gcp_region": pulumi_gcp.config.region,
    "aws_class": type(sys.modules["pulumi_aws.config"]).__name__,
}}))
"""


def test_provider_config_packages_keep_their_own_module_class() -> None:
    """``aws.config.region`` (pulumi/templates' sagemaker and serverless programs read it) works under the
    lazy loader as without it: the package's own ``_ExportableConfig`` class is kept, not replaced."""
    outputs = []
    for lazy in (False, True):
        install = "from aiinfra.engine import lazysdk; lazysdk.install()" if lazy else ""
        done = subprocess.run(
            [sys.executable, "-P", "-c", CONFIG_PROBE.format(install=install)],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(json.loads(done.stdout))
    assert (
        outputs[0]
        == outputs[1]
        == {
            "aws_region": "eu-west-1",
            "gcp_region": "europe-west4",
            "aws_class": "_ExportableConfig",
        }
    )
