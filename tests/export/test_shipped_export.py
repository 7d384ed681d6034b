"""Every AWS and GCP resource of every shipped stack is converted, and every recorded input property is
one the provider SDK declares (none left out as unmapped)."""

from __future__ import annotations

import pytest

from aiinfra.export.terraform import export_plan
from aiinfra.stacks import stack_names

from conftest import cached_plan


@pytest.mark.slow
@pytest.mark.parametrize("stack", stack_names())
def test_every_cloud_resource_is_converted(stack: str) -> None:
    run = cached_plan(stack).run
    plan = export_plan(run)
    doc = plan.document
    cloud = [r for r in run.resources if r.custom and r.type.split(":", 1)[0] in ("aws", "gcp")]
    assert len(doc["planned_values"]["root_module"]["resources"]) == len(cloud)
    assert [s for s in doc["aiinfra"]["not_converted"] if s["type"].split(":", 1)[0] in ("aws", "gcp")] == []
    unmapped = {
        a: v["unmapped_properties"]
        for a, v in doc["aiinfra"]["resources"].items()
        if "unmapped_properties" in v
    }
    assert unmapped == {}
    addresses = [r["address"] for r in doc["planned_values"]["root_module"]["resources"]]
    assert len(addresses) == len(set(addresses))
