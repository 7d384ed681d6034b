"""Catalog facts: every AWS entry against moto's recorded DescribeInstanceTypes, every GCP GPU entry
against Cluster Toolkit's machine mappings (vendored at its pinned tag), plus structure."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest

from aiinfra.components import catalog
from aiinfra.components.catalog import FABRICS, MachineType, UnknownMachineType, lookup, machines

AWS = catalog.machines("aws")
GCP = catalog.machines("gcp")


@cache
def _dit() -> dict[str, dict]:
    moto = pytest.importorskip("moto")
    path = Path(moto.__file__).parent / "ec2" / "resources" / "instance_types.json.gz"
    if not path.exists():
        pytest.skip(f"moto has no recorded instance types at {path}")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    # moto stores a mapping instance type -> DescribeInstanceTypes record
    return data if isinstance(data, dict) else {d["InstanceType"]: d for d in data}


def network_performance_gbps(text: str) -> float:
    """'4x 100 Gigabit' -> 400, '3200 Gigabit' -> 3200, 'Up to 20 Gigabit' -> 20."""
    m = re.fullmatch(r"(?:Up to )?(?:(\d+)x )?([\d.]+) Gigabit", text.strip())
    assert m, f"unparsed NetworkPerformance {text!r}"
    return float(m.group(1) or 1) * float(m.group(2))


def _accelerators(record: dict) -> tuple[int, int]:
    """(count, MiB per accelerator) from GpuInfo / NeuronInfo / InferenceAcceleratorInfo."""
    for key, items in (
        ("GpuInfo", "Gpus"),
        ("NeuronInfo", "NeuronDevices"),
        ("InferenceAcceleratorInfo", "Accelerators"),
    ):
        if key in record:
            devices = record[key][items]
            assert len(devices) == 1, f"{record['InstanceType']}: mixed accelerators in {key}"
            return devices[0]["Count"], devices[0]["MemoryInfo"]["SizeInMiB"]
    raise AssertionError(f"{record['InstanceType']}: no accelerator info in DIT")


# DIT fields of the catalog: an entry DIT does not carry (offline) must mark each as unverified.
DIT_FIELDS = (
    "accelerator_memory_gib",
    "vcpus",
    "memory_gib",
    "network_gbps",
    "network_cards",
    "fabric_interfaces",
    "local_nvme_gb",
)


@pytest.mark.parametrize("m", AWS, ids=lambda m: m.machine_type)
def test_aws_entry_matches_describe_instance_types(m: MachineType) -> None:
    dit = _dit()
    if m.machine_type not in dit:
        missing = [f for f in DIT_FIELDS if f not in m.unverified]
        assert not missing, (
            f"{m.machine_type}: not in moto's DescribeInstanceTypes data, yet {missing} are not marked unverified"
        )
        assert not set(m.sources) & {"DIT (ec2:DescribeInstanceTypes)"}, f"{m.machine_type}: cites DIT"
        return
    rec = dit[m.machine_type]
    net = rec["NetworkInfo"]
    assert m.cpu_architecture in rec["ProcessorInfo"]["SupportedArchitectures"], m.machine_type
    assert m.bare_metal == rec.get("BareMetal", False), m.machine_type
    if not any(k in rec for k in ("GpuInfo", "NeuronInfo", "InferenceAcceleratorInfo")):
        assert {"accelerator_count", "accelerator_memory_gib"} <= set(m.unverified), m.machine_type
        count, mib = m.accelerator_count, None
    else:
        count, mib = _accelerators(rec)
    efa = net["EfaInfo"]["MaximumEfaInterfaces"] if net.get("EfaSupported") else 0
    storage = rec.get("InstanceStorageInfo", {}).get("TotalSizeInGB", 0)
    expected = {
        "accelerator_count": count,
        "vcpus": rec["VCpuInfo"]["DefaultVCpus"],
        "memory_gib": rec["MemoryInfo"]["SizeInMiB"] / 1024,
        "network_cards": net["MaximumNetworkCards"],
        "fabric_interfaces": efa,
        "fabric": "efa" if efa else "none",
        "network_gbps": network_performance_gbps(net["NetworkPerformance"]),
        "local_nvme_gb": storage,
    }
    for field, value in expected.items():
        assert getattr(m, field) == value, (
            f"{m.machine_type}: {field} is {getattr(m, field)!r}, DescribeInstanceTypes says {value!r}"
        )
    if m.accelerator_memory_gib is None or mib is None:
        assert "accelerator_memory_gib" in m.unverified, (
            f"{m.machine_type}: accelerator_memory_gib is None but not listed as unverified"
        )
    else:
        assert m.accelerator_memory_gib == pytest.approx(mib / 1024, abs=0.01), (
            f"{m.machine_type}: accelerator_memory_gib {m.accelerator_memory_gib} != DIT {mib} MiB / 1024"
        )


def test_network_performance_parser() -> None:
    assert network_performance_gbps("4x 100 Gigabit") == 400
    assert network_performance_gbps("16x 200 Gigabit") == 3200
    assert network_performance_gbps("3200 Gigabit") == 3200
    assert network_performance_gbps("Up to 20 Gigabit") == 20


def test_aws_efa_layout_facts() -> None:
    b300 = lookup("p6-b300.48xlarge")
    assert (b300.network_cards, b300.fabric_interfaces, b300.efa_on_card0) == (17, 16, False)
    assert all(m.efa_on_card0 for m in AWS if m.machine_type != "p6-b300.48xlarge")
    assert lookup("g6e.xlarge").fabric == "none" and not lookup("g6e.xlarge").efa_capable
    assert lookup("inf2.48xlarge").fabric_interfaces == 0
    for m in AWS:
        assert m.placement == ("cluster" if m.efa_capable else "none"), m.machine_type


def test_aws_images_and_device_resources() -> None:
    for m in AWS:
        if m.accelerator_kind == "gpu":
            assert (m.image_family, m.device_resource) == ("nvidia", "nvidia.com/gpu"), m.machine_type
        else:
            assert m.accelerator_kind in ("trainium", "inferentia"), m.machine_type
            assert (m.image_family, m.device_resource) == ("neuron", "aws.amazon.com/neuron"), m.machine_type


def test_trainium2_memory_is_unverified() -> None:
    trn2 = lookup("trn2.48xlarge")
    assert trn2.accelerator_memory_gib is None
    assert "accelerator_memory_gib" in trn2.unverified


@pytest.mark.parametrize("m", machines(), ids=lambda m: m.machine_type)
def test_every_entry_has_a_dated_sourced_price(m: MachineType) -> None:
    if m.cloud == "onprem":
        return  # owned hardware: no cloud price
    assert m.price is not None, f"{m.machine_type}: no price"
    assert m.price.source.strip(), f"{m.machine_type}: price without a source"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.price.as_of), (
        f"{m.machine_type}: price date {m.price.as_of!r}"
    )
    # never a placeholder: a figure is positive, or there is none and the source says why
    assert m.price.usd_per_hour is None or m.price.usd_per_hour > 0, f"{m.machine_type}: placeholder price"
    if m.price.usd_per_hour is None and m.price.verified:
        assert m.price.source.startswith("no public price: "), m.machine_type
    if m.price.verified:
        pass
    else:
        assert "unverified" in m.price.source.lower(), f"{m.machine_type}: unverified price not said so"
        assert "price" in m.unverified, f"{m.machine_type}: unverified price missing from unverified"


def test_june_2025_p5_price_cut_is_reflected() -> None:
    assert lookup("p5.48xlarge").price.usd_per_hour == pytest.approx(55.04)
    assert lookup("p4d.24xlarge").price.usd_per_hour < 32.77  # pre-cut list price was 32.77


@pytest.mark.parametrize("m", machines(), ids=lambda m: m.machine_type)
def test_entry_structure(m: MachineType) -> None:
    assert m.fabric in FABRICS
    assert m.accelerator_count > 0 and m.vcpus > 0 and m.memory_gib > 0
    assert m.sources, f"{m.machine_type}: no sources"
    fields = set(MachineType.__dataclass_fields__)
    assert set(m.unverified) <= fields, f"{m.machine_type}: unknown names in unverified {m.unverified}"
    if m.fabric == "none":
        assert m.fabric_interfaces == 0, m.machine_type


def test_machine_types_are_unique() -> None:
    names = [m.machine_type for m in machines()]
    assert len(names) == len(set(names))


def test_required_types_present() -> None:
    wanted_aws = {
        "p4d.24xlarge",
        "p4de.24xlarge",
        "p5.48xlarge",
        "p5e.48xlarge",
        "p5en.48xlarge",
        "p6-b200.48xlarge",
        "p6-b300.48xlarge",
        "g5.48xlarge",
        "g6.48xlarge",
        "g6e.12xlarge",
        "g6e.24xlarge",
        "g6e.48xlarge",
        "g6e.xlarge",
        "trn1.32xlarge",
        "trn1n.32xlarge",
        "trn2.48xlarge",
        "inf2.48xlarge",
        # issue 29: current generation
        "p6e-gb200.36xlarge",
        "g7e.48xlarge",
        "trn2.3xlarge",
        "trn2u.48xlarge",
        "p5.4xlarge",
        "g5.xlarge",
        "g6.xlarge",
        "g6e.2xlarge",
        "inf2.xlarge",
        "inf2.24xlarge",
    }
    wanted_gcp = {
        "a4x-highgpu-4g",
        "a4x-maxgpu-4g-metal",
        "g4-standard-6",
        "g4-standard-384",
        "a3-edgegpu-8g",
        "a3-highgpu-1g",
        "a3-highgpu-2g",
        "a3-highgpu-4g",
        "tpu7x-standard-1t",
        "a2-highgpu-1g",
        "a2-highgpu-8g",
        "a2-megagpu-16g",
        "a2-ultragpu-8g",
        "a3-highgpu-8g",
        "a3-megagpu-8g",
        "a3-ultragpu-8g",
        "a4-highgpu-8g",
        "g2-standard-4",
        "g2-standard-96",
        "ct4p-hightpu-4t",
        "ct5lp-hightpu-1t",
        "ct5lp-hightpu-4t",
        "ct5lp-hightpu-8t",
        "ct5p-hightpu-4t",
        "ct6e-standard-1t",
        "ct6e-standard-4t",
        "ct6e-standard-8t",
        "tpu7x-standard-4t",
    }
    assert wanted_aws <= {m.machine_type for m in AWS}
    assert wanted_gcp <= {m.machine_type for m in GCP}


def test_lookup_unknown_names_close_matches() -> None:
    with pytest.raises(UnknownMachineType) as exc:
        lookup("p5.48xlrage")
    assert "p5.48xlarge" in str(exc.value)
    assert isinstance(exc.value, KeyError)


def test_lookup_rejects_other_cloud() -> None:
    with pytest.raises(UnknownMachineType, match="a3-megagpu-8g"):
        lookup("a3-megagpu-8g", cloud="aws")
    assert lookup("a3-megagpu-8g", cloud="gcp").cloud == "gcp"
    assert lookup("p5.48xlarge", cloud="aws").cloud == "aws"


def test_gcp_gpudirect_wiring() -> None:
    high, mega, ultra, a4 = (
        lookup(n) for n in ("a3-highgpu-8g", "a3-megagpu-8g", "a3-ultragpu-8g", "a4-highgpu-8g")
    )
    assert (high.fabric, high.fabric_interfaces, high.extra_vpcs, high.mtu) == ("tcpx", 4, 4, 8244)
    assert (mega.fabric, mega.fabric_interfaces, mega.extra_vpcs, mega.mtu) == ("tcpxo", 8, 8, 8244)
    for m in (ultra, a4):
        assert (m.fabric, m.fabric_interfaces, m.extra_vpcs, m.mtu) == ("rdma", 8, 2, 8896)
    assert {m.placement for m in (high, mega, ultra, a4)} == {"compact"}
    assert (high.network_gbps, mega.network_gbps, ultra.network_gbps) == (1000, 1800, 3600)
    assert mega.accelerator_type == "nvidia-h100-mega-80gb"
    assert ultra.accelerator_type == "nvidia-h200-141gb"
    assert a4.accelerator_type == "nvidia-b200" and a4.accelerator_memory_gib == 180.0
    assert "accelerator_memory_gib" in a4.unverified and a4.conflicts  # GCP 180 GB vs AWS DIT 179.06 GiB


def test_gcp_gpu_accelerator_types() -> None:
    for m in GCP:
        if m.machine_type.startswith(("a2-highgpu", "a2-megagpu")):
            assert m.accelerator_type == "nvidia-tesla-a100"
        if m.machine_type.startswith("g2-"):
            assert m.accelerator_type == "nvidia-l4" and m.accelerator_memory_gib == 24.0


def test_gcp_tpu_entries() -> None:
    labels = {
        "v4": "tpu-v4-podslice",
        "v5e": "tpu-v5-lite-podslice",
        "v5p": "tpu-v5p-slice",
        "v6e": "tpu-v6e-slice",
        "7x": "tpu7x",
    }
    tpus = [m for m in GCP if m.accelerator_kind == "tpu"]
    assert len(tpus) >= 9
    for m in tpus:
        assert (m.image_family, m.device_resource) == ("tpu", "google.com/tpu")
        assert m.accelerator_type == labels[m.tpu_version], m.machine_type
        assert m.accelerator_count == int(m.machine_type.rsplit("-", 1)[1].rstrip("t")), m.machine_type
        assert m.accelerator_memory_gib is not None or "accelerator_memory_gib" in m.unverified
        assert m.tpu_topology is not None
        expected_dims = 2 if m.tpu_version in ("v5e", "v6e") else 3
        assert m.tpu_topology.dimensions == expected_dims, m.machine_type
        assert m.placement == ("workload_policy" if m.tpu_version == "7x" else "compact")
    assert lookup("ct5p-hightpu-4t").tpu_topology.max_chips == 140 * 64
    assert lookup("ct4p-hightpu-4t").tpu_topology.max_chips == 64 * 64
    assert lookup("tpu7x-standard-4t").tpu_topology.max_chips == 144 * 64
    assert "accelerator_memory_gib" in lookup("tpu7x-standard-4t").unverified


def test_catalog_package_imports_no_pulumi() -> None:
    import subprocess
    import sys

    code = (
        "import sys, aiinfra.components.catalog as c; c.machines(); "
        "import aiinfra.components.catalog.tpu; "
        "print(any(m.startswith('pulumi') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- GCP entries against Cluster Toolkit v1.95.0's machine mappings ----------------------------------
CTK_MAPPINGS = Path(__file__).parent / "schemas" / "ctk" / "machine_mappings.json"

# Where the catalog knowingly disagrees with CTK (reported in the entry's ``conflicts``/``unverified``
# or here): CTK labels every a2-ultragpu as nvidia-tesla-a100; GKE's label for the 80 GB A100 is
# nvidia-a100-80gb (the catalog keeps that, marked unverified).
CTK_KNOWN_DISAGREEMENTS = {"a2-ultragpu": ("nvidia-tesla-a100", "nvidia-a100-80gb")}


def _ctk() -> dict:
    return json.loads(CTK_MAPPINGS.read_text())


def ctk_disagreements(entries: tuple[MachineType, ...], ctk: dict) -> list[str]:
    """Each GCP GPU entry whose accelerator type or GPU count disagrees with CTK's mappings."""
    families = ctk["machine_family_to_label_map"]
    shorthand = {v: k for k, v in ctk["accelerator_shorthand_map"].items()}
    out = []
    for m in entries:
        if m.accelerator_kind != "gpu":
            continue
        family = m.machine_type.rsplit("-", 1)[0]
        label = families.get(family)
        known = CTK_KNOWN_DISAGREEMENTS.get(family)
        if label is not None and label != m.accelerator_type and known != (label, m.accelerator_type):
            out.append(f"{m.machine_type}: accelerator_type {m.accelerator_type!r}, CTK says {label!r}")
        short = shorthand.get(m.machine_type)
        if short is not None:
            count = short.rsplit("-", 1)[1]
            if "/" in count:  # rtx-6000-1/8 -> an eighth of a GPU
                num, den = count.split("/")
                if m.accelerator_fraction != int(num) / int(den):
                    out.append(f"{m.machine_type}: fraction {m.accelerator_fraction}, CTK says {count}")
            elif count.isdigit() and int(count) != m.accelerator_count and m.machine_type != "a2-megagpu-16g":
                out.append(f"{m.machine_type}: {m.accelerator_count} GPUs, CTK says {count}")
    return out


def test_gcp_entries_agree_with_cluster_toolkit() -> None:
    assert ctk_disagreements(GCP, _ctk()) == []


def test_ctk_comparison_catches_a_wrong_entry() -> None:
    import dataclasses

    wrong = dataclasses.replace(lookup("a4x-highgpu-4g"), accelerator_type="nvidia-b200", accelerator_count=8)
    found = ctk_disagreements((wrong,), _ctk())
    assert any("accelerator_type 'nvidia-b200', CTK says 'nvidia-gb200'" in d for d in found)
    frac = dataclasses.replace(lookup("g4-standard-6"), accelerator_fraction=0.25)
    assert ctk_disagreements((frac,), _ctk()) == ["g4-standard-6: fraction 0.25, CTK says 1/8"]


def test_aws_comparison_catches_a_wrong_entry() -> None:
    import dataclasses

    wrong = dataclasses.replace(lookup("g7e.48xlarge"), fabric_interfaces=8)
    with pytest.raises(AssertionError, match="fabric_interfaces is 8, DescribeInstanceTypes says 4"):
        test_aws_entry_matches_describe_instance_types(wrong)


def test_rack_scale_entries() -> None:
    gb200 = lookup("p6e-gb200.36xlarge")
    assert (gb200.cpu_architecture, gb200.nvlink_domain, gb200.rack.hosts, gb200.rack.accelerators) == (
        "arm64",
        72,
        18,
        72,
    )
    assert gb200.rack.ultraserver_type == "u-p6e-gb200x72"
    for name in ("a4x-highgpu-4g", "a4x-maxgpu-4g-metal"):
        m = lookup(name)
        assert (m.cpu_architecture, m.rack.hosts, m.rack.accelerator_topology, m.placement) == (
            "arm64",
            18,
            "1x72",
            "workload_policy",
        )
        assert m.rack.hosts * m.accelerator_count == m.rack.accelerators
    assert lookup("a4x-maxgpu-4g-metal").bare_metal and not lookup("a4x-highgpu-4g").bare_metal
    assert lookup("g4-standard-6").accelerator_fraction == 0.125


def test_no_placeholder_zero_price_anywhere() -> None:
    from aiinfra.cli.catalog import entries, render_text

    text = render_text(entries())
    assert not re.search(r"(?<![\d.])0\.00\b", text), "a 0.00 price in the catalog table"
    for name in ("p6e-gb200.36xlarge", "trn2.48xlarge", "a4-highgpu-8g"):
        row = next(r for r in entries() if r["machine_type"] == name)
        assert row["usd_per_hour"] is None and row["price"] == "no public price", name
    for name in ("a4x-highgpu-4g", "a3-megagpu-8g", "tpu7x-standard-4t"):
        row = next(r for r in entries() if r["machine_type"] == name)
        assert row["usd_per_hour"] is None and row["price"] == "not sourced", name
        assert "price" in row["unverified"], name
