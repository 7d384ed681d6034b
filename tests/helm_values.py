"""A Helm release's EFFECTIVE values and the chart's own values schema, from the chart files vendored at
the pinned version (tests/schemas/charts/<chart>/<version>/, scripts/vendor_upstream.py).

Helm (helm/helm ``coalesce.go``, ``coalesceTablesFullKey``) merges the release values over the chart's
``values.yaml``: maps merge key by key, any other value (lists included) replaces the default (a
map/non-map clash keeps the release's value, with a warning), and a ``null`` deletes a key whose
default is not null (a ``null`` with no default stays). A vendored subchart's defaults sit under its name and are overridden by what
the parent sets there. Helm then validates the result against ``values.schema.json`` (the chart's and
each subchart's on its own part).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from aiinfra.components.payloads.helm_merge import helm_merge
from aiinfra.engine import UNKNOWN, Secret

CHARTS = Path(__file__).resolve().parent / "schemas" / "charts"


def chart_dir(chart: str, version: str) -> Path:
    """Where the chart version is vendored (FileNotFoundError when it is not)."""
    path = CHARTS / chart / version
    if not (path / "values.yaml").is_file():
        raise FileNotFoundError(
            f"chart {chart} {version} is not vendored in {CHARTS} (tests/schemas/upstream.yaml)"
        )
    return path


def _yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text()) or {}


def _subcharts(path: Path) -> list[Path]:
    return sorted(p for p in (path / "charts").glob("*") if (p / "values.yaml").is_file())


def _defaults(path: Path) -> dict[str, Any]:
    values = _yaml(path / "values.yaml")
    for sub in _subcharts(path):
        values[sub.name] = helm_merge(_defaults(sub), values.get(sub.name))
    return values


@cache
def chart_defaults(chart: str, version: str) -> dict[str, Any]:
    """The chart's values.yaml with its vendored subcharts' defaults under their names."""
    return _defaults(chart_dir(chart, version))


def effective_values(chart: str, version: str, values: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the chart's templates see for a release with ``values``."""
    return helm_merge(chart_defaults(chart, version), values)


def _schema(path: Path) -> dict[str, Any] | None:
    if (path / "values.schema.json").is_file():
        return json.loads((path / "values.schema.json").read_text())
    if (path / "values.schema.yaml").is_file():  # z2jh's source form; the packaged chart has it as JSON
        return _yaml(path / "values.schema.yaml")
    return None


def has_values_schema(chart: str, version: str) -> bool:
    """Whether the chart (or a vendored subchart) ships a values schema."""
    path = chart_dir(chart, version)
    return any(_schema(p) is not None for p in (path, *_subcharts(path)))


def values_schema_errors(chart: str, version: str, values: Mapping[str, Any] | None) -> list[str]:
    """Errors Helm would report validating the effective values against the chart's values schemas
    (values known only at deploy time, computed outputs and secrets, are not judged)."""
    path = chart_dir(chart, version)
    merged = effective_values(chart, version, values)
    parts = [("", path, merged)] + [(f"{s.name}.", s, merged.get(s.name, {})) for s in _subcharts(path)]
    out = []
    for prefix, where, part in parts:
        schema = _schema(where)
        if schema is None:
            continue
        validator = jsonschema.validators.validator_for(schema)(schema)
        for error in sorted(validator.iter_errors(part), key=lambda e: [str(p) for p in e.path]):
            if error.instance is UNKNOWN or isinstance(error.instance, Secret):
                continue  # known only at deploy time (a computed output or a secret): not judged here
            at = prefix + ".".join(str(p) for p in error.path)
            out.append(f"{chart} {version}: {at or '(root)'}: {error.message}")
    return out
