"""``aiinfra check --with checkov``: Checkov run on the export, its findings merged into the report.

Checkov is never installed into aiinfra's environment (its pins conflict with boto3's); it is found, in
this order, from ``--checkov PATH``, the ``AIINFRA_CHECKOV`` environment variable, or ``checkov`` on
PATH. PATH may be the ``checkov`` executable or a Python interpreter of an environment that has Checkov
(run as ``python -m checkov.main``). Checkov runs with ``--skip-download`` (no traffic to its platform)
on the Terraform plan document (``terraform_plan`` framework) and the manifests (``kubernetes``).

Each failed or passed Checkov check becomes a finding/evaluation on the Pulumi URN of the resource it
judged, under a rule named by Checkov's id. A Checkov failure is dropped when an AIP rule that names the
same check among its ``peers`` judged the same resource (AIP is the authority for that control).
Checkov's findings are advisory: they never change the exit code (gate on Checkov's own exit code if
you want that).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies.registry import Rule

ENV = "AIINFRA_CHECKOV"
INSTALL_HINT = (
    "install Checkov in its own virtual environment (its pins conflict with aiinfra's): "
    "python3 -m venv ~/.venvs/checkov && ~/.venvs/checkov/bin/pip install checkov, then pass "
    f"--checkov ~/.venvs/checkov/bin/checkov or set {ENV}"
)
POLICY_INDEX = "https://www.checkov.io/5.Policy%20Index/all.html"
OFFLINE_ENV = {"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"}
"""With ``--skip-download``: no guideline download, and no PyPI version check for the banner
(checkov/common/util/banner.py and env_vars_config.py, Checkov 3.2.533)."""
_SLUG = re.compile(r"[^a-z0-9]+")


class CheckovMissing(InputError):
    """Checkov could not be found or does not run (exit 2, one line)."""


def checkov_command(explicit: str | None = None) -> list[str]:
    """The command that runs Checkov: ``--checkov``, then ``$AIINFRA_CHECKOV``, then ``checkov`` on PATH."""
    given = explicit or os.environ.get(ENV)
    origin = "--checkov" if explicit else ENV
    if given:
        path = shutil.which(given) or (given if Path(given).is_file() else None)
        if path is None:
            raise CheckovMissing(f"{origin} {given[:120]!r}: no such executable; {INSTALL_HINT}")
        if Path(path).name.startswith("python"):
            return [path, "-m", "checkov.main"]
        return [path]
    found = shutil.which("checkov")
    if found is None:
        raise CheckovMissing(
            f"Checkov not found (no --checkov, no {ENV}, no checkov on PATH); {INSTALL_HINT}"
        )
    return [found]


@dataclass(frozen=True)
class CheckovResult:
    """One Checkov verdict on one resource."""

    check_id: str
    check_name: str
    passed: bool
    resource: str
    """Checkov's resource id: the Terraform address, or ``Kind.namespace.name`` for manifests."""
    framework: str
    guideline: str | None = None
    severity: str | None = None


@dataclass
class CheckovRun:
    """Everything Checkov said about one exported run."""

    results: list[CheckovResult] = field(default_factory=list)
    parsing_errors: list[str] = field(default_factory=list)
    version: str | None = None
    resource_count: int = 0


def run_checkov(
    command: list[str], files: list[Path], frameworks: list[str], timeout: float = 900
) -> CheckovRun:
    """Run Checkov on ``files`` and parse its JSON report (no network: ``--skip-download``)."""
    argv = [*command]
    for f in files:
        argv += ["-f", str(f)]
    argv += ["--framework", *frameworks, "-o", "json", "--skip-download", "--soft-fail"]
    env = {**os.environ, **OFFLINE_ENV}
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CheckovMissing(f"Checkov {command[0]!r} did not run ({exc}); {INSTALL_HINT}") from None
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]
        raise CheckovMissing(
            f"Checkov {command[0]!r} gave no JSON report (exit {proc.returncode}: {last})"
        ) from None
    return parse_report(doc)


def parse_report(doc: Any) -> CheckovRun:
    """Checkov's ``-o json`` output (one report, or a list with one per framework)."""
    out = CheckovRun()
    for report in doc if isinstance(doc, list) else [doc]:
        summary = report.get("summary", {})
        out.version = summary.get("checkov_version", out.version)
        out.resource_count += int(summary.get("resource_count", 0) or 0)
        results = report.get("results", {})
        framework = report.get("check_type", "")
        for passed, key in ((False, "failed_checks"), (True, "passed_checks")):
            for item in results.get(key, []):
                out.results.append(
                    CheckovResult(
                        check_id=item["check_id"],
                        check_name=item.get("check_name") or item["check_id"],
                        passed=passed,
                        resource=item.get("resource_address") or item.get("resource", ""),
                        framework=framework,
                        guideline=item.get("guideline"),
                        severity=(item.get("severity") or None),
                    )
                )
        out.parsing_errors += [str(e) for e in results.get("parsing_errors", [])]
    return out


def checkov_rule(result: CheckovResult, resource_type: str) -> CheckovRule:
    """A report rule for one Checkov check (advisory; its help is Checkov's guideline or policy index)."""
    severity = (result.severity or "medium").lower()
    if severity not in ("critical", "high", "medium", "low"):
        severity = "medium"
    return CheckovRule(
        id=result.check_id,
        slug=_SLUG.sub("-", result.check_name.lower()).strip("-")[:60],
        title=result.check_name,
        severity=severity,  # type: ignore[arg-type]
        enforcement="advisory",
        kind="resource",
        types=(resource_type,),
        description=f"Checkov {result.check_id}: {result.check_name}",
        remediation=f"see {result.guideline or POLICY_INDEX} (Checkov {result.check_id})",
        unknown="Checkov judges the exported values; values unknown at preview are absent from the export",
        fn=lambda *_: (),
        references=(result.guideline or POLICY_INDEX,),
    )


@dataclass(frozen=True)
class CheckovRule(Rule):
    """A Rule for a Checkov check: its docs are Checkov's, not docs/policies.md."""

    @property
    def docs_url(self) -> str:
        return self.references[0] if self.references else POLICY_INDEX

    @property
    def domain(self) -> str:
        return "checkov"

    @property
    def name(self) -> str:
        return f"checkov-{self.id.lower()}-{self.slug}"


def export_files(
    run: Any, directory: Path, root: Path | None
) -> tuple[list[Path], list[str], dict[str, str]]:
    """Write the run's plan document and manifests; (files, frameworks, Checkov resource id -> URN)."""
    from .kubernetes import export_manifests, to_yaml
    from .terraform import export_plan

    plan = export_plan(run, source_root=root)
    files, frameworks = [], []
    index = {e.address: e.record.urn for e in plan.resources}
    if plan.resources:
        path = directory / "plan.json"
        path.write_text(json.dumps(plan.document), encoding="utf-8")
        files.append(path)
        frameworks.append("terraform_plan")
    manifests = export_manifests(run)
    if manifests.manifests:
        path = directory / "manifests.yaml"
        path.write_text(to_yaml(manifests), encoding="utf-8")
        files.append(path)
        frameworks.append("kubernetes")
        for urn, m in zip(manifests.urns, manifests.manifests, strict=True):
            meta = m.get("metadata", {})
            index[f"{m['kind']}.{meta.get('namespace', 'default')}.{meta.get('name')}"] = urn
    return files, frameworks, index


def merge_checkov(result: Any, run: Any, command: list[str], root: Path | None = None) -> CheckovRun:
    """Run Checkov on ``run``'s export and add its verdicts to ``result`` (a CheckResult), deduplicated
    against AIP rules naming the same Checkov check in ``peers``."""
    from aiinfra.policies.runner import Evaluation, Finding

    ran, index = scan(run, command, root)
    records = run.by_urn()
    judged: dict[str, set[str]] = {}
    for ev in result.evaluations:
        for peer in getattr(ev.rule, "peers", ()):
            if peer.startswith("Checkov "):
                judged.setdefault(peer.split(" ", 1)[1], set()).add(ev.urn)
    rules: dict[str, Any] = {}
    for r in ran.results:
        urn = index.get(r.resource)
        record = records.get(urn) if urn else None
        if record is None:
            continue
        if urn in judged.get(r.check_id, ()):
            continue  # an AIP rule covers this control for this resource
        rule = rules.setdefault(r.check_id, checkov_rule(r, record.type))
        where = (
            f" (constructed at {_relative(record.source[0], root)}:{record.source[1]})"
            if record.source
            else ""
        )
        message = f"Checkov {r.check_id} failed on {r.resource}: {r.check_name}{where}"
        if r.passed:
            result.evaluations.append(Evaluation(rule, urn, record.name, record.type, "pass", []))
            continue
        result.findings.append(Finding(rule, "advisory", urn, record.name, record.type, message))
        result.evaluations.append(Evaluation(rule, urn, record.name, record.type, "fail", [message]))
    result.rules.extend(rules[k] for k in sorted(rules))
    return ran


def _relative(path: str, root: Path | None) -> str:
    """``path`` relative to ``root`` when it is inside it (report lines stay short and portable)."""
    if root is not None:
        try:
            return str(Path(path).resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return path


def scan(run: Any, command: list[str], root: Path | None = None) -> tuple[CheckovRun, dict[str, str]]:
    """Checkov on one run's export: its report and the Checkov resource id -> URN index."""
    with tempfile.TemporaryDirectory(prefix="aiinfra-checkov-") as tmp:
        files, frameworks, index = export_files(run, Path(tmp), root)
        return (run_checkov(command, files, frameworks) if files else CheckovRun()), index
