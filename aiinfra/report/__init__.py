"""Output formats for policy results: text, JSON, SARIF 2.1.0 and JUnit XML.

Every formatter takes a list of ``(CheckResult, source)`` pairs (one per checked stack or program;
``source`` is the stack file or program path, or None) and returns a string.
"""

from __future__ import annotations

from .formats import FORMATS, render, to_json, to_junit, to_sarif, to_text

__all__ = ["FORMATS", "render", "to_json", "to_junit", "to_sarif", "to_text"]
