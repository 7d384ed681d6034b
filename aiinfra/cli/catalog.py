"""``aiinfra catalog``: list the accelerator catalog as an aligned table or as JSON.

Imports only the catalog (plain dataclasses); no Pulumi, no provider SDKs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aiinfra.cli import exitcodes

CLOUD_CHOICES = ("aws", "gcp", "onprem")
FORMAT_CHOICES = ("text", "json")

# Column order of the JSON entries (DESIGN.md CLI contract plus the catalog's extra fields).
FIELDS: tuple[str, ...] = (
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
    "machine_kw",
    "accelerator_board_w",
    "power_verified",
    "power_sources",
    "power_unknown",
    "conflicts",
    "unverified",
)

# Text table: (header, key) pairs; long free-text fields (sources) are left to --format json.
_TEXT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("CLOUD", "cloud"),
    ("MACHINE TYPE", "machine_type"),
    ("ACCELERATOR", "accelerator"),
    ("N", "accelerator_count"),
    ("ARCH", "cpu_architecture"),
    ("NVLINK", "nvlink_domain"),
    ("MEM/ACC GiB", "accelerator_memory_gib"),
    ("FABRIC", "fabric"),
    ("IFACES", "fabric_interfaces"),
    ("GBPS", "network_gbps"),
    ("VCPU", "vcpus"),
    ("MEM GiB", "memory_gib"),
    ("USD/H", "price"),
    ("KW", "machine_kw"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``aiinfra catalog``."""
    parser.add_argument("--cloud", choices=CLOUD_CHOICES, help="only this cloud's machine types")
    parser.add_argument(
        "--format", choices=FORMAT_CHOICES, default="text", help="output format (default text)"
    )
    parser.add_argument(
        "--grid",
        action="store_true",
        help="list the regions' grid carbon intensity and carbon-free share with sources instead of machines",
    )


def entry(machine: Any) -> dict[str, Any]:
    """One catalog entry as the JSON object of the CLI contract."""
    from aiinfra.components.catalog.energy import BOARD_POWER, machine_power

    price = machine.price
    power = machine_power(machine)
    board = BOARD_POWER.get(machine.accelerator)
    return {
        "cloud": machine.cloud,
        "machine_type": machine.machine_type,
        "accelerator": machine.accelerator,
        "accelerator_count": machine.accelerator_count,
        "accelerator_memory_gib": machine.accelerator_memory_gib,
        "fabric": machine.fabric,
        "fabric_interfaces": machine.fabric_interfaces,
        "network_gbps": machine.network_gbps,
        "network_cards": machine.network_cards,
        "extra_vpcs": machine.extra_vpcs,
        "mtu": machine.mtu,
        "accelerator_type": machine.accelerator_type,
        "tpu_version": machine.tpu_version,
        "vcpus": machine.vcpus,
        "memory_gib": machine.memory_gib,
        "cpu_architecture": machine.cpu_architecture,
        "nvlink_domain": machine.nvlink_domain,
        "rack": _rack(machine.rack),
        "bare_metal": machine.bare_metal,
        "accelerator_fraction": machine.accelerator_fraction,
        "usd_per_hour": None if price is None else price.usd_per_hour,
        "price": price_text(price),
        "price_source": None if price is None else price.source,
        "price_as_of": None if price is None else price.as_of,
        "price_verified": None if price is None else price.verified,
        "machine_kw": None if power.watts is None else round(power.watts / 1000, 2),
        "accelerator_board_w": None if board is None else board.value,
        "power_verified": power.verified,
        "power_sources": list(power.sources),
        "power_unknown": power.unknown_reason or None,
        "conflicts": list(machine.conflicts),
        "unverified": list(machine.unverified),
    }


def _rack(rack: Any) -> dict[str, Any] | None:
    if rack is None:
        return None
    return {
        "name": rack.name,
        "hosts": rack.hosts,
        "accelerators": rack.accelerators,
        "ultraserver_type": rack.ultraserver_type,
        "accelerator_topology": rack.accelerator_topology,
        "source": rack.source,
    }


def price_text(price: Any) -> str:
    """The price as the table prints it: a figure (``*`` when unverified), "no public price" when the
    provider publishes none, "not sourced" when a public price exists but the catalog has no source."""
    if price is None or price.usd_per_hour is None:
        if price is not None and price.verified:
            return "no public price"
        return "not sourced"
    text = f"{price.usd_per_hour:.2f}"
    return text if price.verified else text + "*"


def entries(cloud: str | None = None) -> list[dict[str, Any]]:
    """Catalog entries (optionally of one cloud) as JSON-ready dicts, in catalog order."""
    from aiinfra.components import catalog  # the catalog is plain data; imported only when used

    return [entry(m) for m in catalog.machines(cloud)]  # type: ignore[arg-type]


def grid_rows(cloud: str | None = None) -> list[dict[str, Any]]:
    """Every region with a sourced grid intensity (AWS, GCP), with its source and data year."""
    from dataclasses import asdict

    from aiinfra.components.catalog import energy

    clouds = [c for c in ("aws", "gcp") if cloud in (None, c)]
    return [
        asdict(energy.grid_intensity(c, region))  # type: ignore[arg-type]
        for c in clouds
        for region in energy.regions_with_intensity(c)
    ]


def render_grid(rows: list[dict[str, Any]]) -> str:
    """The grid table: cloud, region, gCO2e/kWh, carbon-free share (Google only), data year."""
    out = [f"{'CLOUD':<6} {'REGION':<24} {'gCO2e/kWh':>9} {'CFE':>5}  YEAR"]
    for r in rows:
        cfe = "-" if r["cfe"] is None else f"{r['cfe']:.0%}"
        out.append(f"{r['cloud']:<6} {r['region']:<24} {r['g_co2e_per_kwh']:>9,.0f} {cfe:>5}  {r['year']}")
    out.append("")
    out.append("location-based grid intensity; sources: --format json (docs/energy.md)")
    return "\n".join(out)


def _cell(value: Any, key: str, row: dict[str, Any]) -> str:
    if value is None:
        return "-"
    if key == "machine_kw":
        return f"{value:.2f}" if row["power_verified"] else f"{value:.2f}*"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_text(rows: list[dict[str, Any]]) -> str:
    """An aligned table; prices marked * are unverified (see --format json for their sources)."""
    headers = [h for h, _ in _TEXT_COLUMNS]
    cells = [[_cell(r[k], k, r) for _, k in _TEXT_COLUMNS] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = {
        "accelerator_count",
        "accelerator_memory_gib",
        "fabric_interfaces",
        "network_gbps",
        "vcpus",
        "memory_gib",
        "nvlink_domain",
        "price",
        "machine_kw",
    }

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if key in numeric else v.ljust(w)
            for v, w, (_, key) in zip(values, widths, _TEXT_COLUMNS, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(c) for c in cells)
    if any(r["price_verified"] is False or r["power_verified"] is False for r in rows):
        out.append("")
        out.append(
            "* price or power not confirmed by a primary source (details: --format json, price_source, power_sources); KW is full-load IT power, '-' where the accelerator's power is unpublished"
        )
    if any(r["price"] in ("no public price", "not sourced") for r in rows):
        out.append(
            "no public price: the provider publishes no on-demand price (Capacity Blocks, UltraServers, "
            "reservations); not sourced: a public price exists but no source was read (--format json)"
        )
    if not rows:
        out.append("(no machine types)")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Print the catalog; 0 on success, 2 for an unknown cloud."""
    cloud = getattr(args, "cloud", None)
    if cloud is not None and cloud not in CLOUD_CHOICES:
        print(f"aiinfra catalog: error: --cloud must be one of {', '.join(CLOUD_CHOICES)}", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    if getattr(args, "grid", False):
        grid = grid_rows(cloud)
        print(json.dumps(grid, indent=2) if getattr(args, "format", "text") == "json" else render_grid(grid))
        return exitcodes.OK
    rows = entries(cloud)
    if getattr(args, "format", "text") == "json":
        print(json.dumps(rows, indent=2))
    else:
        print(render_text(rows))
    return exitcodes.OK
