"""Notebook profiles from the pools (property-based): each requests what it says, where it says."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiinfra.blueprints import validate_platform
from aiinfra.components.services.notebooks import profile_list
from aiinfra.components.services.spec import NotebooksSpec, ProfileSpec, ServicesSpec, check_services

from conftest import cached_plan

CONFIG = cached_plan("aws-training").config
FACTS = CONFIG.service_facts()
FLAVORS = {f.name: f for f in FACTS.flavors}


@st.composite
def chosen_profiles(draw) -> tuple[ProfileSpec, ...]:
    pools = draw(st.lists(st.sampled_from(sorted(FLAVORS)), min_size=1, max_size=4))
    return tuple(
        ProfileSpec(pool=p, accelerators=draw(st.integers(1, FLAVORS[p].accelerators_per_node)))
        for p in pools
    )


@settings(max_examples=40, deadline=None)
@given(chosen_profiles())
def test_every_profile_requests_its_accelerators_on_its_pool(profiles) -> None:
    spec = NotebooksSpec(authenticator="dummy", profiles=profiles)
    out = profile_list(spec, FACTS)
    assert len(out) == len(profiles) + 1 and out[-1]["display_name"] == "CPU only" and out[-1]["default"]
    for asked, made in zip(profiles, out, strict=False):
        flavor = FLAVORS[asked.pool]
        override = made["kubespawner_override"]
        assert override["node_selector"] == dict(flavor.node_labels)
        assert override["extra_resource_limits"] == {flavor.device_resource: str(asked.accelerators)}
        assert {t["key"] for t in override["tolerations"]} == {t.key for t in flavor.taints}
        assert made["display_name"].startswith(f"{asked.accelerators} x ")


POOL_NAMES = st.from_regex(r"[a-z]([a-z0-9-]{0,18}[a-z0-9])?", fullmatch=True).filter(
    lambda s: s not in FLAVORS
)


@settings(max_examples=40, deadline=None)
@given(POOL_NAMES)
def test_a_profile_on_a_missing_pool_is_rejected_naming_it(name: str) -> None:
    services = ServicesSpec.model_validate(
        {"notebooks": {"authenticator": "dummy", "profiles": [{"pool": "h100-train"}, {"pool": name}]}}
    )
    with pytest.raises(ValueError, match=re.escape(f"services.notebooks.profiles[1].pool: {name!r}")):
        check_services(
            services, environment="dev", pools=list(FLAVORS), teams=[], has_warm=True, has_cold=True
        )


def test_default_profiles_cover_every_pool() -> None:
    raw = CONFIG.model_dump(mode="json")
    raw["services"]["notebooks"]["profiles"] = None
    names = [p["display_name"] for p in profile_list(validate_platform(raw).services.notebooks, FACTS)]
    assert names == ["1 x NVIDIA H100 (h100-train)", "1 x NVIDIA L40S (l40s-infer)", "CPU only"]
