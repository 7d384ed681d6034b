"""The Pulumi project as the real CLI will read it: Pulumi.yaml, the entry point and the stack files."""

from __future__ import annotations

import pytest
import yaml

from aiinfra.engine import run_program_file
from aiinfra.plan import split_secure_config
from aiinfra.stacks import load_stack, stack_names

from conftest import REPO, cached_plan


def test_project_file() -> None:
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    assert project["name"] == "aiinfra"
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}
    assert project["stackConfigDir"] == "stacks" and (REPO / "stacks").is_dir()
    assert (REPO / project["main"] / "__main__.py").is_file()
    assert set(project) <= {
        "name",
        "runtime",
        "description",
        "main",
        "stackConfigDir",
        "config",
        "backend",
        "options",
    }


@pytest.mark.parametrize("stack", stack_names(REPO))
def test_stack_files_use_known_namespaces(stack: str) -> None:
    config = load_stack(stack, REPO).config
    assert "aiinfra:platform" in config
    assert all(key.split(":")[0] in {"aiinfra", "aws", "gcp", "kubernetes"} for key in config), sorted(config)


@pytest.mark.parametrize("stack", ["aws-training", "onprem"])
def test_entry_point_is_what_plan_runs(stack: str) -> None:
    """`pulumi up` runs __main__.py; the offline plan must register exactly the same resources."""
    plan = cached_plan(stack)
    config, secret_keys = split_secure_config(load_stack(stack, REPO).config)
    context = plan.config.offline_context() if hasattr(plan.config, "offline_context") else None
    run = run_program_file(
        REPO / "__main__.py",
        project="aiinfra",
        stack=stack,
        config=config,
        secret_keys=secret_keys,
        context=context,
    )
    assert [(r.type, r.name, r.parent) for r in run.resources] == [
        (r.type, r.name, r.parent) for r in plan.run.resources
    ]
