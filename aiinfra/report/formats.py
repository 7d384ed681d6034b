"""Renderers for :class:`aiinfra.policies.runner.CheckResult`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from aiinfra import __version__
from aiinfra.printable import printable, xml_safe

from .coverage import ReportContext
from .locations import relative_uri

Checked = Sequence[tuple[Any, str | None] | tuple[Any, str | None, ReportContext | None]]
"""``(CheckResult, source)`` pairs, optionally with a :class:`ReportContext` third."""
SRCROOT = "%SRCROOT%"
_WAIVER_INDEX = re.compile(r"waiver #(\d+)")
FORMATS = ("text", "json", "sarif", "junit")
INFORMATION_URI = "https://github.com/aiinfra/aiinfra/blob/main/docs/policies.md"


def _items(results: Checked) -> Iterator[tuple[Any, str | None, ReportContext]]:
    """Every checked run with its context (an empty one where none was given)."""
    for item in results:
        result, source = item[0], item[1]
        ctx = item[2] if len(item) > 2 and item[2] is not None else ReportContext()  # type: ignore[misc]
        yield result, source, ctx


def _all_rules(results: Checked) -> list[Any]:
    seen: dict[str, Any] = {}
    for result, *_ in results:
        for rule in result.rules:
            seen.setdefault(rule.id, rule)
    return [seen[k] for k in sorted(seen)]


def blanket_note(finding: Any) -> str:
    """What every format says of a finding waived by a waiver that matches every resource of its rule."""
    return f"blanket waiver: {str(finding.waiver.resource)!r} matches every resource of {finding.rule.id}"


def to_json(results: Checked) -> str:
    """``{"violations": [...], "summary": {...}}``; with several stacks each violation names its stack."""
    violations: list[dict[str, Any]] = []
    summaries = []
    coverage: list[dict[str, Any]] = []
    for result, source, ctx in _items(results):
        for v in result.violations:
            violations.append({**v, "stack": result.stack})
        summaries.append({**result.summary(), "source": source})
        if ctx.coverage is not None:
            coverage.append({"stack": result.stack, "source": source, **ctx.coverage.to_dict()})
    totals: dict[str, Any] = {
        "stacks_checked": len(results),
        "resources_checked": sum(s["resources_checked"] for s in summaries),
        "rules_run": max((s["rules_run"] for s in summaries), default=0),
        "evaluations": sum(s["evaluations"] for s in summaries),
        "violations": sum(s["violations"] for s in summaries),
        "mandatory_unwaived": sum(s["mandatory_unwaived"] for s in summaries),
        "waived": sum(s["waived"] for s in summaries),
        "waived_by_blanket": sum(s["waived_by_blanket"] for s in summaries),
        "unknown": sum(s["unknown"] for s in summaries),
        "by_severity": {
            k: sum(s["by_severity"][k] for s in summaries) for k in ("critical", "high", "medium", "low")
        },
        "by_enforcement": {
            k: sum(s["by_enforcement"].get(k, 0) for s in summaries) for k in ("mandatory", "advisory")
        },
        "stacks": summaries,
    }
    doc: dict[str, Any] = {"violations": violations, "summary": totals}
    if coverage:
        doc["coverage"] = {
            "resources_total": sum(c["resources_total"] for c in coverage),
            "resources_judged": sum(c["resources_judged"] for c in coverage),
            "not_judged": sum(len(c["not_judged"]) for c in coverage),
            "stacks": coverage,
        }
    return json.dumps(doc, indent=2) + "\n"


def to_text(results: Checked) -> str:
    """Findings grouped by resource, then a one-line summary per stack."""
    lines: list[str] = []
    for result, source, ctx in _items(results):
        title = f"stack {result.stack}" + (f" ({source})" if source else "")
        lines.append(title)
        groups: dict[tuple[str, str, str | None], list[Any]] = {}
        for f in result.findings:
            groups.setdefault((f.resource_type, f.resource, f.urn), []).append(f)
        cov = ctx.coverage
        if not groups:
            if cov is not None and cov.resources_judged == 0:
                lines.append(
                    f"  nothing judged: no rule evaluated any of the {cov.resources_total} resources"
                )
            elif cov is not None and cov.not_judged:
                lines.append(
                    f"  no violations in what was judged ({len(cov.not_judged)} component(s) not judged)"
                )
            else:
                lines.append("  no violations")
        for (rtype, name, _urn), fs in groups.items():
            lines.append(f"  {rtype} {name}")
            for f in sorted(fs, key=lambda x: (x.enforcement != "mandatory", x.rule.id)):
                mark = "WAIVED" if f.waived else ("UNKNOWN" if f.unknown else f.enforcement.upper())
                lines.append(f"    [{mark}] {f.rule.id} ({f.rule.severity}) {f.message}")
                if f.waived:
                    lines.append(
                        f"        waived until {f.waiver.expires} by {f.waiver.owner}: {f.waiver.reason}"
                        + (f" [{blanket_note(f)}]" if f.blanket else "")
                    )
                elif not f.unknown:
                    lines.append(f"        fix: {f.rule.fix_for(f.resource_type)}  ({f.rule.docs_url})")
        s = result.summary()
        lines.append(
            f"  {s['resources_checked']} resources, {s['rules_run']} rules: {s['mandatory_unwaived']} mandatory "
            f"violations, {s['by_enforcement'].get('advisory', 0)} advisory, {s['waived']} waived"
            + (f" ({s['waived_by_blanket']} by blanket waivers)" if s["waived_by_blanket"] else "")
            + ", "
            f"{s['unknown']} unknown at preview"
        )
        if cov is not None:
            lines.extend(f"  {line}" for line in cov.lines())
        if result.compliance is not None:
            from aiinfra.policies.compliance import text_lines

            lines.extend(text_lines(result.compliance))
        lines.append("")
    return "\n".join(printable(line) for line in lines).rstrip() + "\n"


def _level(enforcement: str, severity: str, unknown: bool = False) -> str:
    if unknown:
        return "note"
    if enforcement == "mandatory":
        return "error"
    return "note" if severity == "low" else "warning"


_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _physical(path: str, line: int | None, root: Path) -> dict[str, Any]:
    uri, relative = relative_uri(path, root)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    location: dict[str, Any] = {"artifactLocation": artifact}
    if line:
        location["region"] = {"startLine": int(line)}
    return location


def _waiver_physical(f: Any, ctx: ReportContext, root: Path) -> dict[str, Any] | None:
    if f.rule.id != "AIP-GOV-001" or not ctx.waiver_file:
        return None
    match = _WAIVER_INDEX.search(f.message)
    line = ctx.waiver_lines.get(int(match.group(1)) - 1) if match else None
    return _physical(ctx.waiver_file, line, root)


def to_sarif(results: Checked, source_root: str | Path | None = None) -> str:
    """SARIF 2.1.0 for code scanning: one run, rules with absolute help URIs, results located in the
    user's code (path relative to ``%SRCROOT%``, the construction line), fingerprints from URN and rule,
    waivers as suppressions, not-judged components as tool execution notifications."""
    root = Path(source_root or Path.cwd()).resolve()
    rules = _all_rules(results)
    index = {r.id: i for i, r in enumerate(rules)}
    driver = {
        "name": "aiinfra-check",
        "semanticVersion": __version__,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [
            {
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.description},
                "help": {"text": f"{r.remediation}\nUnknown values: {r.unknown}"},
                # a peer scanner's rule (``check --with checkov``) links to its own docs
                "helpUri": r.docs_url
                if r.docs_url.startswith("https://")
                else f"{INFORMATION_URI}#{r.anchor}",
                "defaultConfiguration": {"level": _level(r.enforcement, r.severity)},
                "properties": {
                    "severity": r.severity,
                    "enforcement": r.enforcement,
                    "security-severity": _SECURITY_SEVERITY[r.severity],
                    "tags": ["security", r.domain.lower(), *r.references],
                    "frameworks": [
                        {"key": f.key, "name": f.name, "version": f.version, "reference": f.reference}
                        for f in r.frameworks
                    ],
                    "kind": r.kind,
                },
            }
            for r in rules
        ],
    }
    sarif_results = []
    notifications: list[dict[str, Any]] = []
    for result, source, ctx in _items(results):
        for f in result.findings:
            location: dict[str, Any] = {
                "logicalLocations": [
                    {
                        "name": f.resource,
                        "fullyQualifiedName": f.urn or f"{result.stack}::{f.resource}",
                        "kind": "resource",
                    }
                ]
            }
            physical = _waiver_physical(f, ctx, root)
            if physical is None and f.urn and f.urn in ctx.locations:
                physical = _physical(*ctx.locations[f.urn], root)
            if physical is None and source:
                physical = _physical(source, None, root)
            if physical is not None:
                location["physicalLocation"] = physical
            item: dict[str, Any] = {
                "ruleId": f.rule.id,
                "ruleIndex": index[f.rule.id],
                "level": _level(f.enforcement, f.rule.severity, f.unknown),
                "message": {"text": f"{f.resource_type} {f.resource}: {f.message}"},
                "locations": [location],
                "partialFingerprints": {
                    "aiinfraResourceRule/v1": _fingerprint(
                        f.rule.id, f.urn or f"{result.stack}::{f.resource}"
                    )
                },
                "properties": {
                    "stack": result.stack,
                    "resourceType": f.resource_type,
                    "enforcement": f.enforcement,
                    "severity": f.rule.severity,
                    "unknown": f.unknown,
                    "controls": [f"{c.key}:{c.reference}" for c in f.rule.frameworks],
                },
            }
            if f.waived:
                item["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": f"{f.waiver.reason} (owner {f.waiver.owner}, expires {f.waiver.expires})"
                        + (f"; {blanket_note(f)}" if f.blanket else ""),
                    }
                ]
            sarif_results.append(item)
        if ctx.coverage is not None:
            for n in ctx.coverage.not_judged:
                note: dict[str, Any] = {
                    "level": "warning",
                    "message": {"text": f"{n.type} {n.name}: {n.reason}"},
                    "descriptor": {"id": "AIINFRA-COVERAGE-001"},
                    "locations": [
                        {
                            "logicalLocations": [
                                {"name": n.name, "fullyQualifiedName": n.urn, "kind": "resource"}
                            ]
                        }
                    ],
                }
                if n.urn in ctx.locations:
                    note["locations"][0]["physicalLocation"] = _physical(*ctx.locations[n.urn], root)
                notifications.append(note)
            for token in ctx.coverage.synthetic_invokes:
                notifications.append(
                    {
                        "level": "note",
                        "message": {
                            "text": f"data source {token} was answered synthetically (not a real value)"
                        },
                        "descriptor": {"id": "AIINFRA-COVERAGE-002"},
                    }
                )
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    compliance = [item[0].compliance for item in results if item[0].compliance is not None]
    if compliance:
        run["properties"] = {"compliance": compliance}
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(doc, indent=2) + "\n"


def to_junit(results: Checked) -> str:
    """JUnit XML: a suite per (stack, rule), a test case per evaluated (rule, resource).

    Mandatory violations are failures; unknown verdicts and waived findings are skipped; advisory
    violations pass with the message in system-out.
    """
    root = ET.Element("testsuites", name="aiinfra-check")
    total_tests = total_failures = total_skipped = 0
    for result, _source, ctx in _items(results):
        by_rule: dict[str, list[Any]] = {}
        for ev in result.evaluations:
            by_rule.setdefault(ev.rule.id, []).append(ev)
        levels = {f.rule.id: f.enforcement for f in result.findings if not f.unknown}
        blanket = {(f.rule.id, f.urn): blanket_note(f) for f in result.findings if f.blanket}
        for rule in result.rules:
            evs = by_rule.get(rule.id, [])
            suite = ET.SubElement(root, "testsuite", name=f"{result.stack}.{rule.name}")
            failures = skipped = 0
            for ev in evs:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{result.stack}.{rule.id}",
                    name=f"{ev.resource_type}::{ev.resource}",
                )
                text = "\n".join(ev.messages)
                if ev.verdict == "fail" and levels.get(rule.id, rule.enforcement) == "mandatory":
                    failures += 1
                    failure = ET.SubElement(
                        case, "failure", message=ev.messages[0] if ev.messages else rule.title
                    )
                    failure.set("type", f"{rule.id} {rule.severity}")
                    failure.text = f"{text}\nfix: {rule.remediation}"
                elif ev.verdict in ("unknown", "waived"):
                    skipped += 1
                    note = blanket.get((rule.id, ev.urn)) if ev.verdict == "waived" else None
                    ET.SubElement(
                        case, "skipped", message=f"{ev.verdict}: {text}" + (f" ({note})" if note else "")
                    )
                elif ev.verdict == "fail":
                    ET.SubElement(case, "system-out").text = f"advisory: {text}"
            suite.set("tests", str(len(evs)))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            total_tests += len(evs)
            total_failures += failures
            total_skipped += skipped
        if ctx.coverage is not None and ctx.coverage.not_judged:
            suite = ET.SubElement(root, "testsuite", name=f"{result.stack}.coverage")
            for n in ctx.coverage.not_judged:
                case = ET.SubElement(
                    suite, "testcase", classname=f"{result.stack}.coverage", name=f"{n.type}::{n.name}"
                )
                ET.SubElement(case, "skipped", message=n.reason)
            count = len(ctx.coverage.not_judged)
            for key, value in (("tests", count), ("failures", 0), ("errors", 0), ("skipped", count)):
                suite.set(key, str(value))
            total_tests += count
            total_skipped += count
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", str(total_skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(root, encoding="unicode")) + "\n"


def render(fmt: str, results: Checked, *, source_root: str | Path | None = None) -> str:
    """Render ``results`` in one of :data:`FORMATS` (``source_root`` anchors SARIF's relative URIs)."""
    if fmt == "sarif":
        return to_sarif(results, source_root)
    return {"text": to_text, "json": to_json, "junit": to_junit}[fmt](results)
