"""Regenerate components/catalog/energy_data.json: grid carbon intensity and machine availability.

Run from the repository root with the two upstream repositories mirrored as git directories::

    python scripts/vendor_energy.py --gcp-carbon DIR --ccf DIR

- ``--gcp-carbon``: GoogleCloudPlatform/region-carbon-info (Apache-2.0). Google's own per-region figures:
  ``data/yearly/<year>.csv`` columns "Google CFE" and "Grid carbon intensity (gCO2eq / kWh)".
- ``--ccf``: cloud-carbon-footprint/cloud-carbon-footprint (Apache-2.0). AWS publishes no per-region grid
  intensity; Cloud Carbon Footprint's methodology (``microsite/docs/HowItWorks/Methodology.md``, Appendix V)
  tabulates one per AWS region with its upstream source (EPA eGRID2020 NERC factors for the US,
  carbonfootprint.com 2021 country factors, EEA for most of Europe).
- AWS availability: the regions offering each accelerated catalog type, from the ``ec2:
  DescribeInstanceTypeOfferings`` snapshot moto ships (``moto/ec2/resources/instance_type_offerings/
  region``), at the installed moto version.

Each figure is written with its source, the commit it was read at and the data year. Nothing here is
computed beyond unit conversion (metric ton/kWh to g/kWh).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

GCP_CARBON_COMMIT = "49f3f26"  # "add missing me-central1, us-central2, us-east5", 2025-12-03
GCP_CARBON_YEAR = "2024"
CCF_TAG = "release-2024-02-11"
OUT = Path("components/catalog/energy_data.json")


def _git_show(repo: Path, rev: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"{rev}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def _git_commit(repo: Path, rev: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "rev-parse", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def gcp_grid(repo: Path) -> dict[str, dict[str, object]]:
    """Google's per-region grid intensity and CFE share for ``GCP_CARBON_YEAR``."""
    commit = _git_commit(repo, GCP_CARBON_COMMIT)
    text = _git_show(repo, commit, f"data/yearly/{GCP_CARBON_YEAR}.csv")
    source = (
        f"Google Cloud region carbon data {GCP_CARBON_YEAR} (github.com/GoogleCloudPlatform/region-carbon-info "
        f"data/yearly/{GCP_CARBON_YEAR}.csv @ {commit[:12]})"
    )
    out: dict[str, dict[str, object]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        region = row["Google Cloud Region"].strip()
        out[region] = {
            "g_co2e_per_kwh": round(float(row["Grid carbon intensity (gCO2eq / kWh)"]), 2),
            "cfe": float(row["Google CFE"]),
            "location": row["Location"].strip(),
            "source": source,
            "year": GCP_CARBON_YEAR,
        }
    return out


_ROW = re.compile(
    r"^\|\s*([a-z]{2}(?:-[a-z]+)+-\d)\s*\|([^|]*)\|([^|]*)\|\s*([0-9.]+)\s*\|\s*\[([^\]]+)\]\(([^)]+)\)"
)


def aws_grid(repo: Path) -> dict[str, dict[str, object]]:
    """Cloud Carbon Footprint's AWS table (Appendix V), with the upstream source each row names."""
    commit = _git_commit(repo, CCF_TAG)
    text = _git_show(repo, commit, "microsite/docs/HowItWorks/Methodology.md")
    appendix = text.split("### Appendix V", 1)[1]
    section = appendix.split("#### AWS", 1)[1].split("####", 1)[0]
    out: dict[str, dict[str, object]] = {}
    for line in section.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        region, country, nerc, tons, origin, url = (g.strip() for g in m.groups())
        year = (
            "2020 (eGRID2020)"
            if origin == "EPA"
            else "2021"
            if "carbonfootprint" in origin
            else "EEA, year unstated"
        )
        out[region] = {
            "g_co2e_per_kwh": round(float(tons) * 1_000_000, 2),
            "cfe": None,
            "location": country + (f" ({nerc} NERC region)" if nerc else ""),
            "source": (
                f"{origin} ({url}) as tabulated by Cloud Carbon Footprint methodology Appendix V "
                f"(github.com/cloud-carbon-footprint/cloud-carbon-footprint @ {CCF_TAG}, {commit[:12]})"
            ),
            "year": year,
        }
    return out


def aws_offerings(machine_types: list[str]) -> dict[str, list[str]]:
    """Regions offering each machine type in moto's DescribeInstanceTypeOfferings snapshot."""
    import moto

    folder = Path(moto.__file__).parent / "ec2" / "resources" / "instance_type_offerings" / "region"
    wanted = set(machine_types)
    out: dict[str, set[str]] = {t: set() for t in machine_types}
    for path in sorted(folder.glob("*.json.gz")):
        with gzip.open(path) as handle:
            rows = json.load(handle)
        for row in rows:
            if row["InstanceType"] in wanted:
                out[row["InstanceType"]].add(row["Location"])
    return {t: sorted(regions) for t, regions in sorted(out.items())}


def main(argv: list[str] | None = None) -> int:
    """Write the data file; print what was read."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gcp-carbon", type=Path, required=True, help="git dir of region-carbon-info")
    parser.add_argument("--ccf", type=Path, required=True, help="git dir of cloud-carbon-footprint")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path.cwd()))
    from components.catalog import machines

    aws_types = [m.machine_type for m in machines("aws")]
    moto_version = metadata.version("moto")
    data = {
        "_provenance": (
            "generated by scripts/vendor_energy.py; GCP grid: GoogleCloudPlatform/region-carbon-info "
            f"@ {GCP_CARBON_COMMIT} ({GCP_CARBON_YEAR}); AWS grid: Cloud Carbon Footprint {CCF_TAG}; "
            f"AWS offerings: moto {moto_version} instance_type_offerings/region. Licences: Apache-2.0 (both "
            "repositories), moto Apache-2.0."
        ),
        "grid": {"gcp": gcp_grid(args.gcp_carbon), "aws": aws_grid(args.ccf)},
        "aws_offerings": {
            "source": f"ec2:DescribeInstanceTypeOfferings (location type region) as shipped in moto {moto_version}",
            "regions": aws_offerings(aws_types),
        },
    }
    args.output.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    grid = data["grid"]
    print(
        f"wrote {args.output}: {len(grid['gcp'])} GCP regions, {len(grid['aws'])} AWS regions, "
        f"{len(aws_types)} AWS machine types with offerings",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
