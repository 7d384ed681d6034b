"""The CrossGuard adapter: wraps every registered rule as a pulumi-policy ``Policy``.

``build_pack()`` is the only place a ``PolicyPack`` is constructed; it is called from the pack's
``__main__.py`` and never returns (the constructor serves gRPC forever). Everything else here is
import-safe and testable in-process.

How ``pulumi preview --policy-pack policies`` runs this (pulumi 3.272, pulumi-policy 1.21): the CLI
reads ``policies/PulumiPolicy.yaml``; for ``runtime: python`` it still uses the legacy launcher and
starts the plugin ``pulumi-analyzer-policy-python`` with the working directory set to the pack
directory and the arguments ``<engine address> . -virtualenv=../.venv`` (one ``-<key>=<value>`` per
runtime option). That shell shim makes the virtualenv path absolute against the pack directory,
puts its ``bin`` first on PATH and runs ``<venv>/bin/python -u -m pulumi.policy <engine> .``;
``pulumi/policy/__main__.py`` then calls ``runpy.run_path(".", run_name="__main__")``, which executes
``policies/__main__.py`` with the pack directory as ``sys.path[0]``. The ``aiinfra`` package itself
comes from the (editable) install in that virtualenv. The constructor prints the gRPC port on stdout
and the CLI talks to it: GetAnalyzerInfo, Configure (the ``--policy-pack-config`` values merged with
the schema defaults), ConfigureStack, then Analyze per resource and AnalyzeStack at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .documents import PolicyParseError
from .meta import PACK_NAME
from .packconfig import schema_properties
from .registry import Framework, Res, Rule, RuleContext, StackView, all_rules
from .waivers import WaiverSet, waivers_from_config

PACK_DIR = Path(__file__).resolve().parent
REPO_DIR = PACK_DIR.parent
PACK_DESCRIPTION = (
    "AIP policy pack: IAM, Kubernetes RBAC and pod security, audit trails, encryption, network, node hardening, "
    "accelerator budget and data-tier rules for AI platforms on AWS, GCP and Kubernetes."
)


def _stack_name() -> str:
    return os.environ.get("PULUMI_STACK", "")


def _effective_config(rule: Rule, given: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**rule.defaults(), **dict(given or {})}


PROJECT_DIR_ENV = "AIINFRA_PROJECT_DIR"


def project_dir() -> Path:
    """The user's Pulumi project directory, against which relative waiver paths resolve.

    The analyzer runs with the *pack* directory as its working directory, so ``os.getcwd()`` is never
    the answer. In order: ``$AIINFRA_PROJECT_DIR``; the nearest directory at or above ``$PWD`` (the
    directory ``pulumi`` was started from; the CLI passes its environment through) holding
    ``Pulumi.yaml``/``Pulumi.yml``; ``$PWD`` itself; the pack directory's parent as a last resort."""
    explicit = os.environ.get(PROJECT_DIR_ENV)
    if explicit:
        return Path(explicit).resolve()
    pwd = os.environ.get("PWD")
    if pwd:
        start = Path(pwd).resolve()
        for d in (start, *start.parents):
            if (d / "Pulumi.yaml").is_file() or (d / "Pulumi.yml").is_file():
                return d
        return start
    return REPO_DIR


def _waivers(config: Mapping[str, Any]) -> WaiverSet:
    return waivers_from_config(config, base=project_dir())


def _log_waived(rule: Rule, urn: str | None, waiver: Any) -> None:
    print(
        f"aiinfra: {rule.id} finding on {urn or 'stack'} waived until {waiver.expires} (owner {waiver.owner})",
        file=sys.stderr,
    )


def _res_from_args(args: Any) -> Res:
    opts = args.opts
    provider = args.provider
    return Res(
        type=args.resource_type,
        name=args.name,
        urn=args.urn,
        props=args.props,
        protect=bool(getattr(opts, "protect", False)),
        parent=getattr(opts, "parent", None),
        provider=getattr(provider, "urn", None),
        provider_props=getattr(provider, "props", None),
    )


def _res_from_policy_resource(r: Any) -> Res:
    opts = r.opts
    provider = r.provider
    return Res(
        type=r.resource_type,
        name=r.name,
        urn=r.urn,
        props=r.props,
        protect=bool(getattr(opts, "protect", False)),
        parent=r.parent.urn if r.parent is not None else None,
        dependencies=tuple(d.urn for d in r.dependencies),
        property_dependencies={k: tuple(d.urn for d in v) for k, v in r.property_dependencies.items()},
        provider=getattr(provider, "urn", None),
        provider_props=getattr(provider, "props", None),
    )


def resource_validator(rule: Rule) -> Callable[[Any, Callable[..., None]], None]:
    """``validate(args, report_violation)`` for a resource rule. Unknown values propagate to the
    analyzer, which turns them into its advisory "can't run policy during preview" diagnostic."""
    types = frozenset(rule.types)

    def validate(args: Any, report_violation: Callable[..., None]) -> None:
        if args.resource_type not in types:
            return
        config = _effective_config(rule, args.get_config())
        ctx = RuleContext(config=config, stack=_stack_name(), stack_tags=dict(args.stack_tags or {}))
        res = _res_from_args(args)
        try:
            messages = list(rule.fn(res, ctx))
        except PolicyParseError as err:  # as offline (runner.unparsable_message): a finding, not a crash
            messages = [f"cannot be judged: {err}."]
        if not messages:
            return
        waivers = _waivers(config)
        waiver = waivers.find(rule.id, args.urn, args.resource_type, args.name, dt.date.today())
        for message in messages:
            if waiver is not None:
                _log_waived(rule, args.urn, waiver)
                continue
            report_violation(message)

    validate.__name__ = f"validate_{rule.id.lower().replace('-', '_')}"
    return validate


def stack_validator(rule: Rule) -> Callable[[Any, Callable[..., None]], None]:
    """``validate(args, report_violation)`` for a stack rule."""

    def validate(args: Any, report_violation: Callable[..., None]) -> None:
        config = _effective_config(rule, args.get_config())
        waivers = _waivers(config)
        today = dt.date.today()
        if rule.id == "AIP-GOV-001":
            config = {**config, "_waiver_set": waivers, "_today": today}
        ctx = RuleContext(config=config, stack=_stack_name(), stack_tags=dict(args.stack_tags or {}))
        stack = StackView([_res_from_policy_resource(r) for r in args.resources], _stack_name())
        for urn, message in rule.fn(stack, ctx):
            res = stack.by_urn.get(urn) if urn else None
            if res is not None:
                waiver = waivers.find(rule.id, urn, res.type, res.name, today)
            else:
                waiver = waivers.find(rule.id, None, "pulumi:pulumi:Stack", ctx.stack or "stack", today)
            if waiver is not None:
                _log_waived(rule, urn, waiver)
                continue
            report_violation(message, urn)

    validate.__name__ = f"validate_{rule.id.lower().replace('-', '_')}"
    return validate


def _framework(frameworks: tuple[Framework, ...]) -> Any:
    """CrossGuard holds one ``PolicyComplianceFramework`` per policy: the rule's first mapping (CIS
    benchmarks come first). Every mapping also goes into the policy's tags (:func:`framework_tags`)."""
    from pulumi_policy import PolicyComplianceFramework

    if not frameworks:
        return None
    f = frameworks[0]
    return PolicyComplianceFramework(
        name=f.name, version=f.version, reference=f.reference, specification=f.specification or None
    )


def framework_tags(rule: Rule) -> list[str]:
    """``<framework key>:<control>`` for every control the rule supports (e.g. ``nist-800-53:AC-6``)."""
    return [f"{f.key}:{f.reference}" for f in rule.frameworks]


def build_policy(rule: Rule) -> Any:
    """The pulumi-policy ``Policy`` object for one rule."""
    from pulumi_policy import (
        EnforcementLevel,
        PolicyConfigSchema,
        ResourceValidationPolicy,
        Severity,
        StackValidationPolicy,
    )

    common: dict[str, Any] = {
        "name": rule.name,
        "description": rule.description,
        "enforcement_level": EnforcementLevel(rule.enforcement),
        "config_schema": PolicyConfigSchema(properties=schema_properties(rule)),
        "display_name": f"{rule.id}: {rule.title}",
        "severity": Severity(rule.severity),
        "framework": _framework(rule.frameworks),
        "tags": [rule.id, rule.domain.lower(), *framework_tags(rule), *rule.references],
        "remediation_steps": rule.remediation,
        "url": rule.docs_url,
    }
    if rule.kind == "resource":
        return ResourceValidationPolicy(validate=resource_validator(rule), **common)
    return StackValidationPolicy(validate=stack_validator(rule), **common)


def build_policies() -> list[Any]:
    """Every registered rule as a CrossGuard policy, sorted by id."""
    return [build_policy(rule) for rule in all_rules()]


def pack_arguments() -> dict[str, Any]:
    """The keyword arguments ``build_pack`` hands to ``PolicyPack`` (inspectable in tests)."""
    from pulumi_policy import EnforcementLevel

    readme_path = next(
        (p for p in (PACK_DIR / "README.md", REPO_DIR / "docs" / "policies.md") if p.is_file()), None
    )
    readme = readme_path.read_text(encoding="utf-8") if readme_path else None
    return {
        "name": PACK_NAME,
        "policies": build_policies(),
        "enforcement_level": EnforcementLevel.ADVISORY,
        "description": PACK_DESCRIPTION,
        "display_name": "aiinfra AIP policy pack",
        "readme": readme,
        "provider": "aws, gcp, kubernetes",
        "tags": ["aiinfra", "ai-platform", "gpu", "security", "cost"],
    }


def build_pack() -> Any:
    """Construct the ``PolicyPack``. Serves gRPC and never returns: call it only from ``__main__.py``."""
    from pulumi_policy import PolicyPack

    return PolicyPack(**pack_arguments())
