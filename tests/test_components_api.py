"""docs/components-api.md: generated from the code, current, complete, and every example it shows runs
under the offline engine and registers the component it documents (with children of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiinfra import api_reference, component_examples
from aiinfra.engine import run_program

REPO = Path(__file__).resolve().parents[1]
COMPONENTS = api_reference.components()
IDS = [f"{package}_{cls.__name__}" for package, cls in COMPONENTS]


def test_reference_is_current() -> None:
    """Fails when a component changed without `python -m aiinfra.api_reference`."""
    current = (REPO / api_reference.API_FILE).read_text(encoding="utf-8")
    assert current == api_reference.reference_text(), (
        f"{api_reference.API_FILE} is stale: run `python -m aiinfra.api_reference` and commit the result"
    )


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert api_reference.main(["--check", "--root", str(tmp_path)]) == 1
    assert api_reference.main(["--root", str(tmp_path)]) == 0
    assert api_reference.main(["--check", "--root", str(tmp_path)]) == 0
    path = tmp_path / api_reference.API_FILE
    path.write_text(path.read_text().replace("| `name` | `str` |", "| `name` | `int` |", 1))
    assert api_reference.main(["--check", "--root", str(tmp_path)]) == 1


def test_every_component_is_documented_with_an_example_and_no_example_is_stale() -> None:
    from aiinfra.components.aws.nodepool import GpuNodePool

    assert ("aws", GpuNodePool) in COMPONENTS and len(COMPONENTS) >= 40
    text = (REPO / api_reference.API_FILE).read_text(encoding="utf-8")
    for package, cls in COMPONENTS:
        assert f"### {cls.__name__} ({package})" in text
    examples = {
        n for n in vars(component_examples) if "_" in n and n.split("_", 1)[0] in api_reference.PACKAGES
    }
    assert examples == set(IDS)
    assert "Example: none yet." not in text


def test_reference_shows_spec_fields_outputs_and_token() -> None:
    text = (REPO / api_reference.API_FILE).read_text(encoding="utf-8")
    section = text.split("### GpuNodePool (aws)", 1)[1].split("\n### ", 1)[0]
    assert "`from aiinfra.components.aws import GpuNodePool`, type token `aiinfra:aws:GpuNodePool`" in section
    assert (
        "| `pool` | `AcceleratorPoolSpec` ([AcceleratorPoolSpec](#acceleratorpoolspec)) | **required** |"
        in section
    )
    assert "- `node_group_name`: `pulumi.Output[str]`" in section
    spec = text.split("### AcceleratorPoolSpec\n", 1)[1].split("\n### ", 1)[0]
    assert "| `max_nodes` | integer | **required** | >= 1; <= 2000 |" in spec


@pytest.mark.parametrize(("package", "cls"), COMPONENTS, ids=IDS)
def test_example_constructs_offline(package: str, cls: type) -> None:
    """Run the example exactly as the reference shows it."""
    source = api_reference.example_source(cls, package)
    assert source is not None
    code = compile(source, f"<example {package}.{cls.__name__}>", "exec")
    run = run_program(lambda: exec(code, {"__name__": "example"}))
    token = api_reference.type_token(cls)
    (component,) = [r for r in run.resources if r.type == token]
    assert any(r.parent == component.urn for r in run.resources), f"{token} registered no children"
