"""Validation of custom resources against the CRDs vendored in tests/schemas/crds (pinned versions)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hybrid.test_schemas import _python_patterns
from onprem.test_schemas import _json_schema

VENDORED = Path(__file__).resolve().parents[1] / "schemas" / "crds"


@cache
def vendored_schemas() -> dict[str, dict[str, Any]]:
    """``<group>/<version>/<Kind>`` -> JSON Schema of every served version of every vendored CRD."""
    schemas = {}
    for path in sorted(VENDORED.glob("*/*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd:
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served"):
                    schema = _json_schema(version["schema"]["openAPIV3Schema"])
                    schema["properties"]["metadata"] = {"type": "object"}
                    schemas[f"{group}/{version['name']}/{kind}"] = _python_patterns(schema)
    return schemas


def crd_errors(obj: dict[str, Any]) -> list[str]:
    """Schema errors of ``obj`` against its vendored CRD (KeyError when no CRD is vendored for it)."""
    schema = vendored_schemas()[f"{obj['apiVersion']}/{obj['kind']}"]
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(obj), key=lambda e: list(e.path))
    return [f"{list(e.path)}: {e.message}" for e in errors]
