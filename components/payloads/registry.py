"""The recorded payload facts: valid key paths per (Helm chart, version) and per EKS add-on version.

Each fact module in :mod:`.facts` defines ``FACTS`` (a :class:`ChartFacts` or :class:`AddonFacts`)
with its source repository, tag/ref, commit and date. Adding a chart or a new version is adding one
module there (``python -m aiinfra.components.payloads.derive ...`` writes it; docs/payloads.md).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from .keypaths import KeyPaths

FACTS_PACKAGE = "aiinfra.components.payloads.facts"
FACTS_DIR = "components/payloads/facts/"
RECORD_HINT = (
    "record its key paths in a new module under " + FACTS_DIR + " (generate it with "
    "`python -m aiinfra.components.payloads.derive --git-dir <chart repo> --ref <tag> --chart-path <dir> "
    "--chart <chart> --version <version> --source <repo url>`; see docs/payloads.md)"
)


@dataclass(frozen=True)
class ChartFacts:
    """Valid key paths of one Helm chart version's ``values`` and where they were read."""

    chart: str
    version: str
    source: str
    ref: str
    commit: str
    date: str
    basis: Literal["values.yaml", "values.schema.json"]
    leaves: tuple[str, ...]
    branches: tuple[str, ...]
    open: tuple[str, ...]

    @property
    def key_paths(self) -> KeyPaths:
        """The facts as a :class:`KeyPaths` checker."""
        return KeyPaths(frozenset(self.leaves), frozenset(self.branches), frozenset(self.open))


@dataclass(frozen=True)
class AddonFacts:
    """One EKS add-on version: where the version and its configuration keys come from.

    ``basis`` says what the key paths were read from: the add-on's configuration schema
    (``describe-addon-configuration``) or, where that is not published, the Helm chart values of
    the component at the add-on's upstream version. ``None`` key paths: nothing recorded, so no
    ``configurationValues`` may be sent until they are.
    """

    addon: str
    version: str
    kubernetes_versions: tuple[str, ...]
    version_source: str
    basis: Literal["describe-addon-configuration", "helm chart values.yaml", "none"]
    source: str = ""
    ref: str = ""
    commit: str = ""
    date: str = ""
    leaves: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    open: tuple[str, ...] = ()

    @property
    def key_paths(self) -> KeyPaths:
        """The facts as a :class:`KeyPaths` checker."""
        return KeyPaths(frozenset(self.leaves), frozenset(self.branches), frozenset(self.open))


@cache
def _all() -> tuple[Any, ...]:
    package = importlib.import_module(FACTS_PACKAGE)
    out = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{FACTS_PACKAGE}.{info.name}")
        facts = getattr(module, "FACTS", None)
        if isinstance(facts, ChartFacts | AddonFacts):
            out.append(facts)
        for extra in getattr(module, "MORE_FACTS", ()):
            out.append(extra)
    return tuple(out)


def charts() -> dict[tuple[str, str], ChartFacts]:
    """Every recorded (chart, version)."""
    return {(f.chart, f.version): f for f in _all() if isinstance(f, ChartFacts)}


def addons() -> dict[tuple[str, str], AddonFacts]:
    """Every recorded (add-on, version)."""
    return {(f.addon, f.version): f for f in _all() if isinstance(f, AddonFacts)}


def chart_name(chart: str) -> str:
    """The chart's name without an OCI registry path (``oci://…/neuron-helm-chart`` -> ``neuron-helm-chart``)."""
    return chart.rstrip("/").rsplit("/", 1)[-1]


# Chart dependencies pinned to one version in the parent's Chart.yaml but not vendored in its
# repository (fetched at ``helm dependency build``): Helm passes their values under the alias, so
# the dependency's own recorded facts count there. (parent, version) -> {alias: (chart, version)}.
# kube-prometheus-stack 88.5.3 Chart.yaml: kube-state-metrics "8.4.0" (commit ea930baeebeb).
DEPENDENCIES: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("kube-prometheus-stack", "88.5.3"): {"kube-state-metrics": ("kube-state-metrics", "8.4.0")},
}


def _dependency_values(
    chart: str, version: str, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """``values`` without the keys a recorded dependency knows, and the dependency's own problems."""
    rest = dict(values)
    problems: list[str] = []
    for alias, (dep, dep_version) in DEPENDENCIES.get((chart, version), {}).items():
        sub = rest.get(alias)
        if not isinstance(sub, Mapping):
            continue
        parent = charts()[(chart, version)].key_paths
        own = {k: v for k, v in sub.items() if parent.unknown({alias: {k: v}})}
        if own:
            problems += [f"{alias}.{p}" for p in charts()[(dep, dep_version)].key_paths.unknown(own)]
            rest[alias] = {k: v for k, v in sub.items() if k not in own}
    return rest, problems


def helm_values_problems(chart: str, version: str, values: Mapping[str, Any] | None) -> list[str]:
    """Why a Helm release's ``values`` would not be what the chart understands (empty: fine)."""
    facts = charts().get((chart_name(chart), version))
    if facts is None:
        known = sorted(v for c, v in charts() if c == chart_name(chart))
        return [
            f"Helm chart {chart_name(chart)} {version}: no key-path facts recorded"
            + (f" (recorded versions: {', '.join(known)})" if known else "")
            + f"; {RECORD_HINT}"
        ]
    rest, unknown = _dependency_values(facts.chart, facts.version, values or {})
    unknown = sorted(set(unknown) | set(facts.key_paths.unknown(rest)))
    return [
        f"Helm chart {facts.chart} {facts.version}: unknown values key path {path!r} "
        f"(not in {facts.basis} at {facts.source} {facts.ref}, commit {facts.commit[:12]})"
        for path in unknown
    ]


def addon_problems(addon: str, version: str | None, configuration: Mapping[str, Any] | None) -> list[str]:
    """Why an EKS add-on's ``configurationValues`` would fail EKS's schema check (empty: fine)."""
    facts = addons().get((addon, version or "EKS default"))
    if facts is None and version is None:
        return [f"EKS add-on {addon}: no addon_version pinned; pin one and record it under {FACTS_DIR}"]
    if facts is None:
        return [f"EKS add-on {addon} {version}: no facts recorded; {RECORD_HINT}"]
    if not configuration:
        return []
    if facts.basis == "none":
        return [
            f"EKS add-on {addon} {version}: configurationValues sent but no configuration key paths recorded; "
            f"{RECORD_HINT}"
        ]
    return [
        f"EKS add-on {addon} {version}: unknown configurationValues key path {path!r} "
        f"(not in {facts.basis} at {facts.source} {facts.ref}, commit {facts.commit[:12]})"
        for path in facts.key_paths.unknown(configuration)
    ]
