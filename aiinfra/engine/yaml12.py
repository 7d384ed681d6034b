"""YAML as the Pulumi CLI reads it (Go yaml.v3, YAML 1.2 core schema): only ``true``/``false`` are booleans.

PyYAML implements YAML 1.1, where ``off``, ``on``, ``yes``, ``no``, ``y`` and ``n`` are booleans too:
a ``Pulumi.yaml`` declaring ``default: off`` for a string setting would read as ``False`` here but
as the string "off" under the Pulumi CLI. Booleans of the YAML 1.2 core schema (yaml.org/spec/1.2.2,
section 10.3.2): ``true|True|TRUE|false|False|FALSE``. unverified: quoted from memory of the spec and
of go-yaml v3's resolver, not re-read in this session; the survey's kubernetes-py-self-host-gemma4-llm
(``default: off`` for a string setting) only runs when ``off`` is read as a string.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))


def _bool(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    return loader.construct_scalar(node).lower() == "true"  # type: ignore[arg-type, union-attr]


Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _bool)


def load(text: str) -> Any:
    """Parse one YAML document with YAML 1.2 booleans."""
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: no arbitrary objects
