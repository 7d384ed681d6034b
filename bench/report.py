"""Render bench/results.json as bench/results.md (the figures quoted in the README)."""

from __future__ import annotations

import json
import platform
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write results.md from results.json."""
    r = json.loads((HERE / "results.json").read_text())
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores.",
        "",
    ]
    if "overhead" in r:
        o = r["overhead"]
        lines += [
            "## Overhead over raw pulumi_aws (same resources, same mocks)",
            "",
            f"{o['pools']} EFA pools + keys + cold/hot storage, {o['custom_resources']['aiinfra']} custom resources, "
            f"{o['runs']} alternating runs: raw median {o['raw_median_s']} s, aiinfra median {o['aiinfra_median_s']} s, "
            f"**ratio {o['ratio']}** (target ≤ {o['target_ratio']}).",
            "",
        ]
    if "scale" in r:
        s = r["scale"]
        lines += [
            f"## Scale (generated aws blueprint, median of {s['runs']} runs, fresh process each)",
            "",
            "| pools | custom resources | registrations | median s | ms / registration | peak MiB |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {x['pools']} | {x['resources']} | {x['registrations']} | {x['median_s']} | {x['ms_per_registration']} | {x['peak_mib']} |"
            for x in s["sizes"]
        ]
        lines += ["", "Targets: 300 pools under 60 s and under 2048 MiB peak.", ""]
    if "policies" in r:
        p = r["policies"]
        lines += [
            "## Policy pack over 10,000+ resources",
            "",
            f"{p['resources']} resources, median of {p['runs']}: **{p['median_s']} s** (target ≤ {p['target_s']} s), "
            f"{p['findings']} findings.",
            "",
        ]
    if "startup" in r:
        st = r["startup"]
        lines += [
            "## Cold start",
            "",
            f"`aiinfra --help`: **{st['help_median_s']} s** median of {st['runs']} (target < 0.5 s).",
            "",
            "| stack | `aiinfra plan <stack> --format json` median s | provider SDKs imported |",
            "|---|---|---|",
        ]
        lines += [
            f"| {k} | {v['median_s']} | {', '.join(v['provider_sdks_imported'])} |"
            for k, v in st["plan"].items()
        ]
        lines.append("")
    (HERE / "results.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
