"""Renderers for :class:`aiinfra.policies.runner.CheckResult`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from aiinfra import __version__

Checked = Sequence[tuple[Any, str | None]]
FORMATS = ("text", "json", "sarif", "junit")
INFORMATION_URI = "https://github.com/aiinfra/aiinfra/blob/main/docs/policies.md"


def _all_rules(results: Checked) -> list[Any]:
    seen: dict[str, Any] = {}
    for result, _ in results:
        for rule in result.rules:
            seen.setdefault(rule.id, rule)
    return [seen[k] for k in sorted(seen)]


def to_json(results: Checked) -> str:
    """``{"violations": [...], "summary": {...}}``; with several stacks each violation names its stack."""
    violations: list[dict[str, Any]] = []
    summaries = []
    for result, source in results:
        for v in result.violations:
            violations.append({**v, "stack": result.stack})
        summaries.append({**result.summary(), "source": source})
    totals: dict[str, Any] = {
        "stacks_checked": len(results),
        "resources_checked": sum(s["resources_checked"] for s in summaries),
        "rules_run": max((s["rules_run"] for s in summaries), default=0),
        "evaluations": sum(s["evaluations"] for s in summaries),
        "violations": sum(s["violations"] for s in summaries),
        "mandatory_unwaived": sum(s["mandatory_unwaived"] for s in summaries),
        "waived": sum(s["waived"] for s in summaries),
        "unknown": sum(s["unknown"] for s in summaries),
        "by_severity": {
            k: sum(s["by_severity"][k] for s in summaries) for k in ("critical", "high", "medium", "low")
        },
        "by_enforcement": {
            k: sum(s["by_enforcement"].get(k, 0) for s in summaries) for k in ("mandatory", "advisory")
        },
        "stacks": summaries,
    }
    return json.dumps({"violations": violations, "summary": totals}, indent=2) + "\n"


def to_text(results: Checked) -> str:
    """Findings grouped by resource, then a one-line summary per stack."""
    lines: list[str] = []
    for result, source in results:
        title = f"stack {result.stack}" + (f" ({source})" if source else "")
        lines.append(title)
        groups: dict[tuple[str, str, str | None], list[Any]] = {}
        for f in result.findings:
            groups.setdefault((f.resource_type, f.resource, f.urn), []).append(f)
        if not groups:
            lines.append("  no violations")
        for (rtype, name, _urn), fs in groups.items():
            lines.append(f"  {rtype} {name}")
            for f in sorted(fs, key=lambda x: (x.enforcement != "mandatory", x.rule.id)):
                mark = "WAIVED" if f.waived else ("UNKNOWN" if f.unknown else f.enforcement.upper())
                lines.append(f"    [{mark}] {f.rule.id} ({f.rule.severity}) {f.message}")
                if f.waived:
                    lines.append(
                        f"        waived until {f.waiver.expires} by {f.waiver.owner}: {f.waiver.reason}"
                    )
                elif not f.unknown:
                    lines.append(f"        fix: {f.rule.fix_for(f.resource_type)}  ({f.rule.docs_url})")
        s = result.summary()
        lines.append(
            f"  {s['resources_checked']} resources, {s['rules_run']} rules: {s['mandatory_unwaived']} mandatory "
            f"violations, {s['by_enforcement'].get('advisory', 0)} advisory, {s['waived']} waived, "
            f"{s['unknown']} unknown at preview"
        )
        if result.compliance is not None:
            from aiinfra.policies.compliance import text_lines

            lines.extend(text_lines(result.compliance))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _level(enforcement: str, severity: str, unknown: bool = False) -> str:
    if unknown:
        return "note"
    if enforcement == "mandatory":
        return "error"
    return "note" if severity == "low" else "warning"


_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}


def to_sarif(results: Checked) -> str:
    """SARIF 2.1.0: one run, rules with help URIs, results located by URN, waivers as suppressions."""
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
                "helpUri": f"{INFORMATION_URI}#{r.anchor}",
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
    for result, source in results:
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
            if source:
                location["physicalLocation"] = {"artifactLocation": {"uri": source}}
            item: dict[str, Any] = {
                "ruleId": f.rule.id,
                "ruleIndex": index[f.rule.id],
                "level": _level(f.enforcement, f.rule.severity, f.unknown),
                "message": {"text": f"{f.resource_type} {f.resource}: {f.message}"},
                "locations": [location],
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
                        "justification": f"{f.waiver.reason} (owner {f.waiver.owner}, expires {f.waiver.expires})",
                    }
                ]
            sarif_results.append(item)
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    compliance = [result.compliance for result, _ in results if result.compliance is not None]
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
    for result, _source in results:
        by_rule: dict[str, list[Any]] = {}
        for ev in result.evaluations:
            by_rule.setdefault(ev.rule.id, []).append(ev)
        levels = {f.rule.id: f.enforcement for f in result.findings if not f.unknown}
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
                    ET.SubElement(case, "skipped", message=f"{ev.verdict}: {text}")
                elif ev.verdict == "fail":
                    ET.SubElement(case, "system-out").text = f"advisory: {text}"
            suite.set("tests", str(len(evs)))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            total_tests += len(evs)
            total_failures += failures
            total_skipped += skipped
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", str(total_skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render(fmt: str, results: Checked) -> str:
    """Render ``results`` in one of :data:`FORMATS`."""
    return {"text": to_text, "json": to_json, "sarif": to_sarif, "junit": to_junit}[fmt](results)
