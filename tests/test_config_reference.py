"""Config reference and editor schema: generated from the models, in sync, and honest about stack files."""

from __future__ import annotations

import json
import typing
from importlib import import_module

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from aiinfra import docsgen
from aiinfra.blueprints import BLUEPRINTS
from aiinfra.cli.main import main
from aiinfra.errors import InputError
from aiinfra.plan import plan_stack
from aiinfra.schema import platform_schema, stack_file_schema

from conftest import REPO

STACKS = sorted(REPO.glob("stacks/Pulumi.*.yaml"))


@pytest.mark.parametrize("relative", sorted(docsgen.outputs()), ids=str)
def test_generated_file_is_current(relative) -> None:
    """Fails when a spec changed without `python -m aiinfra.docsgen` (the one regeneration command)."""
    expected = docsgen.outputs()[relative]
    current = (REPO / relative).read_text(encoding="utf-8")
    assert current == expected, f"{relative} is stale: run `python -m aiinfra.docsgen` and commit the result"


def test_docsgen_check_mode_reports_stale_files(tmp_path) -> None:
    assert docsgen.main(["--check", "--root", str(tmp_path)]) == 1
    assert docsgen.main(["--root", str(tmp_path)]) == 0
    assert docsgen.main(["--check", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "schema" / "stack.schema.json").is_file()


def _models(annotation) -> list[type[BaseModel]]:
    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    return found + [m for a in typing.get_args(annotation) for m in _models(a)]


def test_every_field_has_a_description() -> None:
    todo = [import_module(m).Config for m in BLUEPRINTS.values()]
    seen: set[type] = set()
    missing = []
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{model.__module__}.{model.__name__}.{name}")
            todo += _models(info.annotation)
    assert len(seen) > 40
    assert missing == []


def test_reference_lists_every_top_level_field_with_default_and_bounds() -> None:
    text = (REPO / "docs" / "config-reference.md").read_text()
    aws = import_module(BLUEPRINTS["aws"]).Config
    section = text.split("## AwsConfig", 1)[1].split("\n## ", 1)[0]
    for field in aws.model_fields:
        assert f"| `{field}` |" in section
    pool = text.split("## AwsPoolSpec", 1)[1].split("\n## ", 1)[0]
    assert "| `max_nodes` | integer | **required** | >= 1; <= 2000 |" in pool
    assert '| `capacity` | one of `"on_demand"`, `"spot"`' in pool
    assert "yaml-language-server: $schema=../schema/stack.schema.json" in text


@pytest.mark.parametrize("path", STACKS, ids=lambda p: p.name)
def test_schema_validates_shipped_stack(path) -> None:
    document = yaml.safe_load(path.read_text())
    jsonschema.Draft202012Validator(stack_file_schema()).validate(document)
    blueprint = document["config"]["aiinfra:platform"]["blueprint"]
    jsonschema.Draft202012Validator(platform_schema(blueprint)).validate(
        document["config"]["aiinfra:platform"]
    )


def test_schemas_are_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(stack_file_schema())
    for name in BLUEPRINTS:
        jsonschema.Draft202012Validator.check_schema(platform_schema(name))
    published = json.loads((REPO / "schema" / "stack.schema.json").read_text())
    assert published == stack_file_schema()


@pytest.mark.parametrize(
    ("stack", "path", "misspelled"),
    [
        ("aws-training", ("pools", 0), "max_node"),
        ("aws-training", (), "regoin"),
        ("gcp-training", ("storage", "hot"), "capacity"),
        ("hybrid-aws", ("cloud", "pools", 0), "zones"),
        ("onprem", ("scheduling", "teams", 0), "quota"),
    ],
)
def test_schema_rejects_misspelled_key(stack, path, misspelled) -> None:
    document = yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    node = document["config"]["aiinfra:platform"]
    for part in path:
        node = node[part]
    node[misspelled] = 1
    errors = list(jsonschema.Draft202012Validator(stack_file_schema()).iter_errors(document))
    assert errors, f"{misspelled!r} was accepted"
    assert any(misspelled in e.message for e in errors) or any(
        misspelled in str(c.message) for e in errors for c in (e.context or [])
    )


def test_schema_rejects_unknown_blueprint_and_wrong_types() -> None:
    validator = jsonschema.Draft202012Validator(platform_schema())
    assert list(validator.iter_errors({"blueprint": "azure"}))
    document = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    platform = document["config"]["aiinfra:platform"]
    platform["pools"][0]["max_nodes"] = "eight"
    assert list(validator.iter_errors(platform))
    platform["pools"][0]["max_nodes"] = 2001
    assert list(validator.iter_errors(platform))


def test_cli_schema(capsys) -> None:
    assert main(["schema", "--blueprint", "onprem"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$ref"] == "#/$defs/OnpremConfig"
    assert "AwsNetworkSpec" not in schema["$defs"]
    assert main(["schema"]) == 0
    assert set(json.loads(capsys.readouterr().out)["properties"]["blueprint"]["enum"]) == set(BLUEPRINTS)
    assert main(["schema", "--blueprint", "azure"]) == 2
    assert "'azure' is not a blueprint (allowed: aws, gcp, onprem, hybrid)" in capsys.readouterr().err


def _write_stack(tmp_path, mutate) -> str:
    document = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    mutate(document["config"]["aiinfra:platform"])
    path = tmp_path / "Pulumi.custom.yaml"
    path.write_text(yaml.safe_dump(document))
    return str(path)


def test_unknown_key_suggests_the_closest_field(tmp_path) -> None:
    def mutate(platform):
        platform["pools"][0]["max_node"] = platform["pools"][0].pop("max_nodes")

    with pytest.raises(InputError) as info:
        plan_stack(_write_stack(tmp_path, mutate))
    assert (
        "platform.pools[0].max_node: unknown key 'max_node' (did you mean 'max_nodes'?) (in pools[0] (h100-train))"
        in str(info.value)
    )


def test_unknown_key_without_close_match_lists_allowed(tmp_path) -> None:
    with pytest.raises(InputError) as info:
        plan_stack(_write_stack(tmp_path, lambda p: p["network"].update(colour="blue")))
    assert "platform.network.colour: unknown key 'colour' (allowed: az_count, az_ids, cidr," in str(
        info.value
    )


def test_pool_errors_name_the_pool(tmp_path) -> None:
    def mutate(platform):
        platform["pools"][1]["zone"] = "usw2-az9"

    with pytest.raises(InputError) as info:
        plan_stack(_write_stack(tmp_path, mutate))
    name = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]["pools"][1]["name"]
    assert "platform.pools[1].zone: 'usw2-az9' is not one of network.az_ids" in str(info.value)
    assert str(info.value).endswith(f"(in pools[1] ({name}))")


def test_yaml_syntax_error_names_file_and_line(tmp_path, capsys) -> None:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text("config:\n  aiinfra:platform:\n    blueprint: aws\n   name: x\n")
    assert main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4:4: not valid YAML:" in err
    assert err.count("\n") == 1
