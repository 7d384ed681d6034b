"""GCP preflight against recorded Compute Engine API responses (no network): pass, fail and
cannot-verify verdicts; exit 2 without credentials; --offline computes and verifies nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aiinfra.components.catalog import lookup
from aiinfra.preflight import PreflightOptions, run_preflight
from aiinfra.preflight.gcp import checks
from aiinfra.preflight.gcp.session import GcpContext, GcpSession, compute_client
from aiinfra.preflight.gcp.target import GcpPoolTarget, GcpTarget

from .support import cli_json

RECORDED = Path(__file__).parent / "gcp_recorded"


def _body(name: str) -> str:
    return (RECORDED / f"{name}.json").read_text()


def _replay(*responses: tuple[int, str]) -> Any:
    """A Compute Engine client answering each request with the next recorded response."""
    from googleapiclient.http import HttpMockSequence

    return compute_client(
        http=HttpMockSequence([({"status": str(code)}, _body(name)) for code, name in responses])
    )


def _report(*responses: tuple[int, str]) -> dict[str, Any]:
    report = run_preflight("gcp-training", PreflightOptions(session=_replay(*responses)))
    return {(c.name, c.pool): c for c in report.checks}


HEALTHY = (
    (200, "machine-type-a3-ultragpu-8g"),
    (200, "machine-type-ct5p-hightpu-4t"),
    (200, "accelerator-nvidia-h200-141gb"),
    (200, "reservation-ready"),
)


def test_healthy_project_passes_and_tpu_quota_is_cannot_verify() -> None:
    results = _report(*HEALTHY)
    assert {k: r.status for k, r in results.items()} == {
        ("machine-type", "h200-train"): "pass",
        ("machine-type", "v5p-slice"): "pass",
        ("accelerator", "h200-train"): "pass",
        ("gpu-quota", "v5p-slice"): "warn",
        ("reservation", "h200-train"): "pass",
    }
    assert results[("gpu-quota", "v5p-slice")].message.startswith("cannot verify: TPU quota")
    assert results[("reservation", "h200-train")].message == (
        "reservation a3u-reservation-usc1b is READY in us-central1-b with 4 x a3-ultragpu-8g"
    )


def test_too_small_reservation_fails() -> None:
    results = _report(*HEALTHY[:3], (200, "reservation-too-small"))
    result = results[("reservation", "h200-train")]
    assert result.status == "fail"
    assert "it holds 2 VMs, the pool scales to 4." in result.message


def test_machine_type_not_offered_fails() -> None:
    results = _report((404, "error-404"), *HEALTHY[1:])
    assert results[("machine-type", "h200-train")].status == "fail"
    assert results[("machine-type", "h200-train")].message == "a3-ultragpu-8g is not offered in us-central1-b"


def test_missing_permission_is_cannot_verify_and_other_checks_still_run() -> None:
    results = _report(*HEALTHY[:3], (403, "error-403"))
    result = results[("reservation", "h200-train")]
    assert result.status == "warn"
    assert result.message.startswith("cannot verify: missing permission compute.reservations.get (Required")
    assert results[("machine-type", "h200-train")].status == "pass"


def _quota_context(capacity: str, nodes: int) -> GcpContext:
    pool = GcpPoolTarget("h100", lookup("a3-highgpu-8g", "gcp"), nodes, capacity, None, "us-central1-a")
    target = GcpTarget("p", "aiinfra-tpu", "us-central1", (pool,))
    return GcpContext(target, None, GcpSession(_replay((200, "region-us-central1")), "aiinfra-tpu"))


def test_gpu_quota_pass_and_fail_per_family_and_market() -> None:
    (ok,) = checks.gpu_quota(_quota_context("spot", 1))
    assert ok.status == "pass" and ok.detail["metric"] == "PREEMPTIBLE_NVIDIA_H100_GPUS"
    assert ok.message == "PREEMPTIBLE_NVIDIA_H100_GPUS in us-central1: 8 free of 16, pools need 8"
    (short,) = checks.gpu_quota(_quota_context("spot", 2))
    assert short.status == "fail" and "pools need 16; request a quota increase" in short.message
    (absent,) = checks.gpu_quota(_quota_context("on_demand", 1))
    assert (
        absent.status == "warn"
        and absent.message == "cannot verify: region us-central1 reports no NVIDIA_H100_GPUS quota"
    )


def test_no_credentials_exits_2_saying_how_to_provide_them(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))
    from aiinfra.cli.main import main

    assert main(["preflight", "gcp-training"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aiinfra preflight: ")
    assert "gcloud auth application-default login" in err and "--offline" in err


def test_offline_computes_what_needs_no_api_and_verifies_nothing(capsys) -> None:
    code, doc = cli_json(capsys, "gcp-tpu-inference", "--offline")
    assert code == 0 and doc["offline"] is True
    assert {c["status"] for c in doc["checks"]} == {"skipped"}
    assert all(c["message"].startswith("not verified (offline): ") for c in doc["checks"])
    quota = [c for c in doc["checks"] if c["name"] == "gpu-quota"]
    assert {c["pool"] for c in quota} == {"v6e-4", "v6e-8"}
    assert any("32 TPU chips" in c["message"] for c in quota)


def _discovery_schemas() -> dict[str, Any]:
    from googleapiclient import discovery

    path = Path(discovery.__file__).parent / "discovery_cache" / "documents" / "compute.v1.json"
    return json.loads(path.read_text())["schemas"]


def _unknown_fields(value: Any, schema: dict[str, Any], schemas: dict[str, Any], path: str) -> list[str]:
    if "$ref" in schema:
        schema = schemas[schema["$ref"]]
    if isinstance(value, dict) and "properties" in schema:
        bad = []
        for key, item in value.items():
            if key not in schema["properties"]:
                bad.append(f"{path}.{key}")
            else:
                bad += _unknown_fields(item, schema["properties"][key], schemas, f"{path}.{key}")
        return bad
    if isinstance(value, list) and "items" in schema:
        return [
            b
            for i, v in enumerate(value)
            for b in _unknown_fields(v, schema["items"], schemas, f"{path}[{i}]")
        ]
    return []


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("machine-type-a3-ultragpu-8g", "MachineType"),
        ("machine-type-ct5p-hightpu-4t", "MachineType"),
        ("accelerator-nvidia-h200-141gb", "AcceleratorType"),
        ("reservation-ready", "Reservation"),
        ("reservation-too-small", "Reservation"),
        ("region-us-central1", "Region"),
    ],
)
def test_recorded_responses_use_only_fields_of_the_discovery_document(name: str, schema: str) -> None:
    schemas = _discovery_schemas()
    assert _unknown_fields(json.loads(_body(name)), schemas[schema], schemas, name) == []


def test_every_gcp_check_is_documented_with_its_permission() -> None:
    from aiinfra.preflight.registry import checks, permissions

    text = (Path(__file__).resolve().parents[2] / "docs" / "preflight.md").read_text()
    names = [spec.name for spec in checks("gcp")]
    assert names == ["machine-type", "accelerator", "gpu-quota", "reservation"]
    assert all(f"| `{name}`" in text for name in names)
    assert all(f"`{p}`" in text for p in permissions("gcp"))
