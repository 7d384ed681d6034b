"""scripts/vendor_upstream.py without the git mirrors: CRD documents picked from multi-document and
Helm-templated files unchanged, provenance header, SOURCES.md rows."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO

_SPEC = importlib.util.spec_from_file_location("vendor_upstream", REPO / "scripts" / "vendor_upstream.py")
vendor = importlib.util.module_from_spec(_SPEC)
sys.modules["vendor_upstream"] = vendor  # dataclasses resolve annotations through sys.modules
_SPEC.loader.exec_module(vendor)

CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {name}
spec:
  group: example.io
  names: {{kind: {kind}}}
"""
FILE = "{{- if .Values.crds.create }}\n" + CRD.format(name="as.example.io", kind="A") + "---\n"
FILE += CRD.format(name="bs.example.io", kind="B") + "  # {{ not a control line }}\n{{- end }}\n"


def test_a_named_document_is_taken_verbatim_without_helm_control_lines() -> None:
    text, crd = vendor._crd(FILE, "bs.example.io", "x/templates/crds.yaml")
    assert crd["spec"]["names"]["kind"] == "B"
    assert text == CRD.format(name="bs.example.io", kind="B") + "  # {{ not a control line }}\n"


def test_an_ambiguous_or_missing_document_is_refused() -> None:
    with pytest.raises(SystemExit, match="2 CRD documents match"):
        vendor._crd(FILE, None, "x/templates/crds.yaml")
    with pytest.raises(SystemExit, match=r"0 CRD documents match cs\.example\.io"):
        vendor._crd(FILE, "cs.example.io", "x/templates/crds.yaml")


def test_header_and_sources_row() -> None:
    item = vendor.Vendored(
        "crds/example.io/b.yaml", "o/r", "v1", "c" * 40, "2026-01-02", "p.yaml", "Apache-2.0", "x: 1\n"
    )
    assert vendor.rendered(item).startswith(
        "# Vendored by scripts/vendor_upstream.py from github.com/o/r v1 (commit "
        + "c" * 40
        + ", 2026-01-02)"
    )
    assert vendor.rendered(item).endswith("\nx: 1\n")
    row = vendor.sources_md([item]).splitlines()[-1]
    assert row.startswith(
        "| crds/example.io/b.yaml | github.com/o/r | v1 | " + "c" * 40 + " | 2026-01-02 | p.yaml |"
    )
    json_item = vendor.Vendored("sarif/s.json", "o/r", "v1", "c" * 40, "2026-01-02", "s.json", "OASIS", "{}")
    assert vendor.rendered(json_item) == "{}"  # JSON stays byte-identical
