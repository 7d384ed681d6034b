"""Every container image the shipped stacks name is in the checked table (tests/contracts/images.yaml):
that tag was looked up upstream at the pinned version and is the right variant, or the table says why
not. Images are read from the recorded plans: ``image``/``imageName`` strings and the
``{repository, image, version}`` / ``{repository, tag}`` / ``{name, tag}`` forms of operator CRs and
Helm values, including JSON/YAML documents carried in strings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan

TABLE = yaml.safe_load((REPO / "tests" / "contracts" / "images.yaml").read_text())["images"]
BY_IMAGE = {e["image"]: e for e in TABLE}
# Referenced images known to be the wrong variant, each fixed on the named branch (issue 24).
REFERENCE = re.compile(r"^[a-z0-9.\-/:]+(:[\w.\-]+)?(@sha256:[0-9a-f]{64})?$")


def image_references(node: Any) -> Iterator[str]:
    """Every image reference in a resource's inputs."""
    if isinstance(node, dict):
        fields = {k: v for k, v in node.items() if isinstance(v, str)}
        if {"repository", "image", "version"} <= fields.keys():
            yield f"{fields['repository']}/{fields['image']}:{fields['version']}"
        elif {"repository", "tag"} <= fields.keys():
            yield f"{fields['repository']}:{fields['tag']}"
        elif {"name", "tag"} <= fields.keys() and "/" in fields["name"]:
            yield f"{fields['name']}:{fields['tag']}"
        for key, value in node.items():
            if key in ("image", "imageName") and isinstance(value, str) and ("/" in value or ":" in value):
                yield value
            else:
                yield from image_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from image_references(item)
    elif isinstance(node, str) and node.lstrip()[:1] in ("{", "["):
        try:
            parsed = json.loads(node)
        except ValueError:
            return
        yield from image_references(parsed)


def _referenced() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for stack in stack_names():
        for r in cached_plan(stack).run.resources:
            for ref in image_references(r.inputs):
                out.setdefault(ref, set()).add(f"{stack}/{r.name}")
    return out


@pytest.fixture(scope="module")
def referenced() -> dict[str, set[str]]:
    return _referenced()


def test_every_referenced_image_is_in_the_checked_table(referenced) -> None:
    missing = {ref: sorted(where)[:2] for ref, where in referenced.items() if ref not in BY_IMAGE}
    assert missing == {}, "add each to tests/contracts/images.yaml with how it was checked"


def test_no_referenced_image_is_a_wrong_variant(referenced) -> None:
    """Entries marked wrong-variant record images found wrong (e.g. MLflow's core-only image); none may be used."""
    wrong = {
        ref: sorted(where)[:2]
        for ref, where in referenced.items()
        if BY_IMAGE.get(ref, {}).get("status") == "wrong-variant"
    }
    assert wrong == {}


def test_every_table_entry_is_used_or_pending(referenced) -> None:
    unused = [
        e["image"]
        for e in TABLE
        if e["image"] not in referenced and "pending" not in e and e["status"] != "wrong-variant"
    ]
    assert unused == []


def test_every_entry_says_how_it_was_checked() -> None:
    for entry in TABLE:
        assert entry["status"] in ("verified", "unverified", "wrong-variant"), entry
        assert len(entry["checked"]) > 20, entry
        assert REFERENCE.match(entry["image"]), entry
        assert ":" in entry["image"].rsplit("/", 1)[-1] or "@sha256:" in entry["image"], (
            entry
        )  # no implicit latest


def test_cnpg_operand_is_not_a_deprecated_rolling_tag(referenced) -> None:
    """postgres-containers README: bare <major>[.<minor>] tags are system/bullseye rolling tags, to be removed."""
    cnpg = [ref for ref in referenced if ref.startswith("ghcr.io/cloudnative-pg/postgresql:")]
    assert cnpg
    for ref in cnpg:
        assert re.fullmatch(r".*:\d+\.\d+-(minimal|standard)-(trixie|bookworm)", ref), ref


def test_the_extractor_reads_every_form() -> None:
    inputs = {
        "spec": {"containers": [{"image": "a/b:1"}]},
        "values": {"x": {"repository": "r/s", "tag": "2"}, "y": {"name": "n/m", "tag": "3"}},
        "cr": {"repository": "nvcr.io/nvidia", "image": "driver", "version": "4"},
        "doc": json.dumps({"imageName": "c/d:5"}),
    }
    assert sorted(image_references(inputs)) == ["a/b:1", "c/d:5", "n/m:3", "nvcr.io/nvidia/driver:4", "r/s:2"]
