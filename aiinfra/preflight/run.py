"""Run the preflight checks of one stack: load and validate it, open the cloud session, run each check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aiinfra.errors import InputError
from aiinfra.plan import validated_config
from aiinfra.preflight.model import CannotVerify, CheckResult, PreflightReport
from aiinfra.preflight.registry import CheckSpec, checks, cloud_module, resolve
from aiinfra.preflight.settings import preflight_settings
from aiinfra.stacks import load_stack


@dataclass(frozen=True)
class PreflightOptions:
    """How to reach the cloud. ``session`` lets tests (and embedders) pass a prepared boto3 Session."""

    offline: bool = False
    endpoint_url: str | None = None
    region: str | None = None
    retry_mode: Literal["standard", "adaptive", "legacy"] = "standard"
    max_attempts: int = 5
    connect_timeout: float = 3.0
    read_timeout: float = 20.0
    session: Any = None


def run_preflight(
    ref: str, options: PreflightOptions | None = None, *, root: Path | None = None
) -> PreflightReport:
    """Check stack ``ref`` (name in ``stacks/`` or path) against the account; read-only.

    Raises :class:`aiinfra.errors.InputError` for an unknown stack, invalid config or settings, or a
    blueprint preflight has no checks for. Never raises for cloud errors: those become results.
    """
    options = options or PreflightOptions()
    stack = load_stack(ref, root)
    config = validated_config(stack)
    settings = preflight_settings(stack.config)
    cloud, target = resolve(config, stack.name)
    specs = checks(cloud)
    region = options.region or getattr(target, "region", None)
    module = cloud_module(cloud)
    if options.offline:
        # No call at all: what the stack alone tells, the rest "not verified" (exit 0 only because
        # --offline was asked for).
        if hasattr(module, "offline_results"):
            results = list(module.offline_results(target))
        else:
            results = [CheckResult(s.name, "skipped", "--offline was given; no call was made") for s in specs]
    else:
        context = module.open_session(target, settings, options)
        if isinstance(context, str):
            # Never fake green: without credentials nothing can be checked, which is an error (exit 2).
            raise InputError(context)
        results = [r for spec in specs for r in _run_check(spec, context)]
    return PreflightReport(
        stack=stack.name,
        blueprint=config.blueprint,
        cloud=cloud,
        region=region,
        checks=tuple(results),
        endpoint_url=options.endpoint_url,
        offline=options.offline,
    )


def _run_check(spec: CheckSpec, context: Any) -> list[CheckResult]:
    try:
        return list(spec.run(context))
    except CannotVerify as exc:
        return [exc.result(spec.name)]
