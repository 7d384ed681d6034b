"""`aiinfra catalog`: JSON shape and values, text table, exit codes."""

from __future__ import annotations

import json

import pytest

from aiinfra.cli.main import main
from aiinfra.components.catalog import machines

KEYS = {
    "machine_kw",
    "accelerator_board_w",
    "power_verified",
    "power_sources",
    "power_unknown",
    "cloud",
    "machine_type",
    "accelerator",
    "accelerator_count",
    "accelerator_memory_gib",
    "fabric",
    "fabric_interfaces",
    "network_gbps",
    "network_cards",
    "extra_vpcs",
    "mtu",
    "accelerator_type",
    "tpu_version",
    "vcpus",
    "memory_gib",
    "cpu_architecture",
    "nvlink_domain",
    "rack",
    "bare_metal",
    "accelerator_fraction",
    "usd_per_hour",
    "price",
    "price_source",
    "price_as_of",
    "price_verified",
    "conflicts",
    "unverified",
}
FABRICS = {"efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce", "none"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    assert main(["catalog", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_all_clouds(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys)
    assert isinstance(rows, list) and len(rows) == len(machines())
    for row in rows:
        assert set(row) == KEYS, row["machine_type"]
        assert row["cloud"] in ("aws", "gcp", "onprem")
        assert row["fabric"] in FABRICS
        assert isinstance(row["unverified"], list)
        assert isinstance(row["price_verified"], bool)
    assert len({r["machine_type"] for r in rows}) == len(rows)


def test_json_aws_values(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["machine_type"]: r for r in _json(capsys, "--cloud", "aws")}
    assert {r["cloud"] for r in rows.values()} == {"aws"}
    p5 = rows["p5.48xlarge"]
    assert (p5["accelerator"], p5["accelerator_count"], p5["accelerator_memory_gib"]) == (
        "NVIDIA H100",
        8,
        80.0,
    )
    assert (p5["fabric"], p5["fabric_interfaces"], p5["network_cards"], p5["network_gbps"]) == (
        "efa",
        32,
        32,
        3200,
    )
    assert p5["usd_per_hour"] == pytest.approx(55.04) and p5["price_verified"] is True
    assert p5["price_as_of"] == "2026-07-06" and p5["price"] == "55.04"
    b300 = rows["p6-b300.48xlarge"]
    assert (b300["network_cards"], b300["fabric_interfaces"]) == (17, 16)
    trn2 = rows["trn2.48xlarge"]
    assert trn2["accelerator_memory_gib"] is None and "accelerator_memory_gib" in trn2["unverified"]
    assert trn2["usd_per_hour"] is None and trn2["price"] == "no public price"
    assert trn2["price_source"].startswith("no public price: ")
    assert rows["g6e.xlarge"]["fabric"] == "none"
    gb200 = rows["p6e-gb200.36xlarge"]
    assert (gb200["cpu_architecture"], gb200["nvlink_domain"], gb200["bare_metal"]) == ("arm64", 72, False)
    assert (gb200["rack"]["hosts"], gb200["rack"]["ultraserver_type"]) == (18, "u-p6e-gb200x72")
    assert gb200["conflicts"] and "rack" in gb200["unverified"]


def test_json_gcp_values(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["machine_type"]: r for r in _json(capsys, "--cloud", "gcp")}
    mega = rows["a3-megagpu-8g"]
    assert (mega["fabric"], mega["fabric_interfaces"], mega["extra_vpcs"], mega["mtu"]) == (
        "tcpxo",
        8,
        8,
        8244,
    )
    assert mega["accelerator_type"] == "nvidia-h100-mega-80gb"
    tpu = rows["ct6e-standard-8t"]
    assert (tpu["tpu_version"], tpu["accelerator_type"], tpu["accelerator_count"]) == (
        "v6e",
        "tpu-v6e-slice",
        8,
    )
    assert tpu["usd_per_hour"] == pytest.approx(21.6)


def test_json_onprem_is_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "--cloud", "onprem")
    assert isinstance(rows, list)
    assert all(r["cloud"] == "onprem" for r in rows)
    assert all(r["usd_per_hour"] is None and r["price"] == "no public price" for r in rows)


def test_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--cloud", "aws"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["CLOUD", "MACHINE", "TYPE"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    body = [ln for ln in lines[2:] if ln.startswith("aws ")]
    assert len(body) == len(machines("aws"))
    # aligned: the machine-type column starts at the same offset on every row
    starts = {ln.index(ln.split()[1]) for ln in body}
    assert len(starts) == 1
    assert any(ln.split()[1] == "p5.48xlarge" and "55.04" in ln for ln in body)
    # every AWS price is sourced (Karpenter Pricing API snapshot): no price cell carries the unverified mark
    # (the last column is KW, the full-load power; its '*' marks power figures from secondary sources)
    assert not [ln for ln in body if "no public price" not in ln and ln.split()[-2].endswith("*")]
    assert any(ln.split()[1] == "p6e-gb200.36xlarge" and "no public price" in ln for ln in body)


def test_default_format_is_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CLOUD")
    assert "ct6e-standard-8t" in out


def test_bad_cloud_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["catalog", "--cloud", "azure"])
    assert exc.value.code == 2
    assert "azure" in capsys.readouterr().err


def test_bad_format_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["catalog", "--format", "yaml"])
    assert exc.value.code == 2


def test_run_rejects_unknown_cloud_directly(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from aiinfra.cli import catalog as cli

    assert cli.run(argparse.Namespace(cloud="azure", format="json")) == 2
    assert "--cloud" in capsys.readouterr().err
