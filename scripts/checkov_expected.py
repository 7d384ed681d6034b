"""Regenerate tests/export/checkov_expected.json: Checkov's failed checks on the export of every shipped
stack and example (the reviewed list tests/export/test_checkov_shipped.py compares against).

    AIINFRA_CHECKOV=/path/to/checkov-venv/bin/checkov python scripts/checkov_expected.py

Every failed check id must have a reason in tests/export/checkov_reasons.yaml (why it is not fixed, or
which issue fixes it); new ids are added there as "UNREVIEWED" and the test fails until someone writes
the reason. Run after changing a blueprint, a component or the export.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "export" / "checkov_expected.json"
REASONS = ROOT / "tests" / "export" / "checkov_reasons.yaml"
sys.path.insert(0, str(ROOT))


def targets() -> list[tuple[str, object]]:
    """(label, recorded run) for every shipped stack and every example project."""
    from aiinfra.engine.host import run_project
    from aiinfra.engine.project import load_project
    from aiinfra.plan import plan_stack
    from aiinfra.stacks import stack_names

    out: list[tuple[str, object]] = [
        (f"stack:{name}", plan_stack(name, root=ROOT).run) for name in stack_names()
    ]
    for folder in sorted(p for p in (ROOT / "examples").iterdir() if (p / "Pulumi.yaml").is_file()):
        out.append((f"example:{folder.name}", run_project(load_project(folder)).run))
    return out


def results(command: list[str]) -> dict:
    """Per target: Checkov's version, resource count, parse errors and sorted [check id, resource] failures."""
    from aiinfra.export.checkov import scan

    doc: dict = {}
    for label, run in targets():
        ran, _ = scan(run, command, ROOT)
        doc[label] = {
            "checkov_version": ran.version,
            "resources": ran.resource_count,
            "parsing_errors": len(ran.parsing_errors),
            "failed": sorted([r.check_id, r.resource] for r in ran.results if not r.passed),
        }
        print(
            f"{label}: {len(doc[label]['failed'])} failed, {doc[label]['parsing_errors']} parse errors",
            file=sys.stderr,
        )
    return doc


def main() -> None:
    """Write the expected list and add UNREVIEWED reasons for new check ids."""
    from aiinfra.export.checkov import checkov_command

    doc = results(checkov_command())
    EXPECTED.write_text(json.dumps(doc, indent=1) + "\n")
    reasons = yaml.safe_load(REASONS.read_text()) if REASONS.is_file() else {}
    for entry in doc.values():
        for check_id, _ in entry["failed"]:
            reasons.setdefault(check_id, "UNREVIEWED")
    REASONS.write_text(yaml.safe_dump(dict(sorted(reasons.items())), sort_keys=False, width=110))
    print(f"wrote {EXPECTED.relative_to(ROOT)} and {REASONS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
