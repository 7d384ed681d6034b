"""Render bench/results.json as bench/results.md (the figures quoted in the README)."""

from __future__ import annotations

import json
import platform
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODES = {"raw": "raw SDK", "raw-gc-paused": "raw SDK, GC paused", "aiinfra": "aiinfra"}
"""The side-by-side variants and their labels, in table order."""


def _stamp(measured: dict | None) -> str:
    """Where a figure comes from, as recorded by bench/common.py ``provenance``."""
    if not measured:
        return "not recorded (measured before the benchmarks stamped their runs)"
    return (
        f"{measured['started']}, commit {measured['commit']}, "
        f"load average {measured['load_average_at_start']} at the start"
    )


def _measured(*stamps: dict | None) -> list[str]:
    """The provenance line of a section: every distinct stamp of its figures."""
    distinct = list(dict.fromkeys(_stamp(s) for s in stamps))
    return [f"Measured: {'; '.join(distinct)}.", ""]


def _sidebyside(sb: dict) -> list[str]:
    out = [
        "## Raw SDK vs aiinfra, 1 to 3,000 pools (bench/sidebyside.py)",
        "",
        "Same custom resources both ways (keys, N EFA pools, cold + hot tiers): `raw` = pulumi_aws under "
        "`pulumi.runtime.set_mocks` with minimal mocks and the stock MockMonitor; `raw, GC paused` = the "
        "same with full (oldest-generation) collections held back as aiinfra's engine does; `aiinfra` = the components under "
        "the offline engine. Fresh process per run, interleaved; medians; ms/registration from CPU seconds.",
        "",
        *_measured(*(row[m].get("measured") for row in sb["sizes"] for m in MODES if m in row)),
        "| pools | runs | variant | registrations | wall s | CPU s | ms / registration | peak MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in sb["sizes"]:
        for mode, label in MODES.items():
            if mode in row:
                m = row[mode]
                out.append(
                    f"| {row['pools']} | {m.get('runs', row['runs'])} | {label} | {m['registrations']} | {m['wall_s']} | "
                    f"{m['cpu_s']} | {m['ms_per_registration']} | {m['peak_mib']} |"
                )
    out += [
        "",
        "| pools | aiinfra / raw SDK (CPU) | aiinfra / raw SDK with GC paused (CPU) |",
        "|---|---|---|",
    ]
    out += [
        f"| {row['pools']} | {row.get('ratio_vs_raw', 'not measured')} | {row.get('ratio_vs_raw_gc_paused', 'not measured')} |"
        for row in sb["sizes"]
    ]
    t = sb["targets"]
    out += [
        "",
        f"aiinfra ms/registration at 3,000 pools / at 10 pools: **{sb['growth_3000_vs_10'] or 'not measured'}** "
        f"(target ≤ {t['growth']}); "
        f"aiinfra / raw SDK target ≤ {t['ratio_vs_raw']} at 1, 100 and 3,000 pools; peak target ≤ {t['peak_mib']} MiB.",
        "",
    ]
    return out


def _multistack(ms: dict) -> list[str]:
    out = [
        "## All six stacks in one plan (bench/multistack.py)",
        "",
        *_measured(ms.get("measured")),
        f"Fresh `aiinfra plan ... --format json` processes, {ms['runs']} interleaved rounds, medians (wall s):",
        "",
        "| stack | single-stack plan s |",
        "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in ms["single_median_s"].items()]
    out += [
        "",
        f"Sum of the six single-stack plans: **{ms['sum_of_singles_median_s']} s**; all six with `--jobs 1`: "
        f"{ms['jobs1_median_s']} s; all six with `--jobs {ms['jobs']}`: **{ms['parallel_median_s']} s**; "
        f"ratio `--jobs {ms['jobs']}` / sum: **{ms['ratio']}** (target ≤ {ms['target_ratio']}).",
        "",
    ]
    return out


def _program_host(ph: dict) -> list[str]:
    out = [
        "## `check --program`: in-process vs the program host (bench/program_host.py)",
        "",
        *_measured(ph.get("measured")),
        f"bench/overhead.py's `aiinfra_program` with N EFA pools as a Pulumi project; fresh `aiinfra check "
        f"--program DIR --format json` processes, interleaved: `in-process` = the tree of commit "
        f"{ph['baseline_commit']} (the program ran inside the judge), `child` = the program in the Python "
        "program host, every monitor call over the stream. CPU = the judge and everything it waited for. "
        "`judge` / `host` CPU: the child variant's program run alone, the judge in the benchmark's own process. "
        "Engine ms/registration: bench/sidebyside.py's `aiinfra` child (the in-process engine shipped stacks "
        "use) on the baseline and current trees.",
        "",
        "| pools | runs | registrations | in-process wall s | in-process CPU s | child wall s | child CPU s "
        "| child / in-process CPU | child / in-process wall | judge CPU s | host CPU s "
        "| engine ms/reg before | engine ms/reg after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in ph["sizes"]:
        before, after = row["in-process"], row["child"]
        engine = row.get("engine_ms_per_registration", {})
        out.append(
            f"| {row['pools']} | {row['runs']} | {row['registrations']} | {before['wall_s']} | {before['cpu_s']} "
            f"| {after['wall_s']} | {after['cpu_s']} | **{row['ratio_cpu']}** | {row['ratio_wall']} "
            f"| {row['split']['judge_cpu_s']} | {row['split']['host_cpu_s']} "
            f"| {engine.get('before', '')} | {engine.get('after', '')} |"
        )
    out += ["", f"Target: child / in-process CPU ≤ {ph['target_ratio']}.", ""]
    return out


SPEED_LABELS = {
    "plan_aws_training": ("`plan aws-training --format json`, cold", "plan_aws_training_s"),
    "plan_all": ("`plan --format json`, all six stacks, default `--jobs` (one per core)", "plan_all_s"),
    "plan_all_jobs1": ("`plan --format json --jobs 1`, all six stacks", None),
    "check_program": ("`check --program` of a 20-resource pulumi_aws program", "check_program_s"),
}
"""bench/speed.py's commands: label and the target they answer (issue 30)."""


def _speed(sp: dict) -> list[str]:
    """The issue-30 speed table: before/after medians, wall and CPU, with the targets."""
    out = [
        "## Speed targets, before and after (bench/speed.py)",
        "",
        *_measured(sp.get("measured")),
        f"Baseline commit {sp['baseline_commit']}, after commit {sp.get('after_commit') or 'this checkout'}; "
        f"{sp['runs']} interleaved rounds of fresh processes (before, after, per command), medians; "
        f"{sp['cores']} cores shared with other work: 1-minute load average before each round "
        f"{', '.join(str(x) for x in sp['load_averages'])}. CPU = the process and its workers. The targets "
        "are wall seconds on a quiet machine; under load, wall time stretches by roughly the load over the "
        "cores, so CPU seconds are the comparable figure.",
        "",
        "| command | before wall s | after wall s | before CPU s | after CPU s | target (quiet wall s) |",
        "|---|---|---|---|---|---|",
    ]
    for key, (label, target) in SPEED_LABELS.items():
        row = sp["rows"].get(key)
        if row is None:
            continue
        goal = f"≤ {sp['targets'][target]}" if target else ""
        out.append(
            f"| {label} | {row['before']['wall_s']} | {row['after']['wall_s']} | {row['before']['cpu_s']} | "
            f"{row['after']['cpu_s']} | {goal} |"
        )
    verdicts = []
    for key, (label, target) in SPEED_LABELS.items():
        if target and key in sp["rows"]:
            after, goal = sp["rows"][key]["after"]["wall_s"], sp["targets"][target]
            verdicts.append(
                f"{label.split(',')[0]}: "
                + (f"met ({after} s ≤ {goal} s)" if after <= goal else f"not shown ({after} s > {goal} s)")
            )
    out += ["", f"Wall targets at this load: {'; '.join(verdicts)}.", ""]
    return out


def _where(w: dict) -> list[str]:
    """Where a cold `plan aws-training` spends its time, before and after."""
    out = [
        "## Where the time of `plan aws-training` goes (bench/where.py)",
        "",
        *_measured(w.get("measured")),
        f"{w.get('runs', 1)} interleaved rounds of one `-X importtime` run and one cProfile run per tree, "
        f"medians (load average {w['load_average']} at the start; profiling inflates every figure, read "
        "the shares).",
        "",
        "| | before | after |",
        "|---|---|---|",
        f"| modules imported | {w['before']['imports']['modules']} | {w['after']['imports']['modules']} |",
        f"| import self time, s | {w['before']['imports']['total_import_s']} | {w['after']['imports']['total_import_s']} |",
    ]
    by_package = {tree: w[tree]["imports"]["self_s_by_package"] for tree in ("before", "after")}
    # the eight costliest packages of either tree, each with both trees' figures (0: not imported)
    packages = list(
        dict.fromkeys(n for t in by_package.values() for n in sorted(t, key=t.get, reverse=True)[:8])
    )
    for package in packages:
        before = by_package["before"].get(package, 0)
        after = by_package["after"].get(package, 0)
        out.append(f"| imports of {package}, s | {before} | {after} |")
    share = {
        tree: w[tree]["phases_s"]["imports (all exec_module)"] / w[tree]["phases_s"]["total"]
        for tree in ("before", "after")
    }
    tail = [
        "",
        f"Imports were {share['before']:.0%} of the profiled run before and {share['after']:.0%} after: the "
        "generated SDK subpackages built every resource class of a package on first use of one of them "
        "(181 modules for `pulumi_aws.ec2`); they now load the modules a stack uses.",
    ]
    for phase in w["before"]["phases_s"]:
        out.append(
            f"| cProfile: {phase}, s | {w['before']['phases_s'][phase]} | {w['after']['phases_s'].get(phase, '')} |"
        )
    out += [*tail, ""]
    return out


def render(r: dict) -> str:
    """results.md's text for the figures of results.json."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores. Ratios come from "
        "interleaved runs in one invocation, per-registration costs from CPU time.",
        "",
        "Each section says when it was measured, at which commit and how busy the machine was when the "
        "run started (`+dirty`: uncommitted changes).",
        "",
    ]
    if "speed" in r:
        lines += _speed(r["speed"])
    if "where" in r:
        lines += _where(r["where"])
    if "sidebyside" in r:
        lines += _sidebyside(r["sidebyside"])
    if "multistack" in r:
        lines += _multistack(r["multistack"])
    if "program_host" in r:
        lines += _program_host(r["program_host"])
    if "overhead" in r:
        o = r["overhead"]
        lines += [
            "## Overhead over raw pulumi_aws (same resources, same mocks)",
            "",
            *_measured(o.get("measured")),
            f"{o['pools']} EFA pools + keys + cold/hot storage, {o['custom_resources']['aiinfra']} custom resources, "
            f"{o['runs']} alternating runs: raw median {o['raw_median_s']} s, aiinfra median {o['aiinfra_median_s']} s, "
            f"**ratio {o['ratio']}** (target ≤ {o['target_ratio']}).",
            "",
        ]
    if "scale" in r:
        s = r["scale"]
        lines += [
            "## Scale of the aws blueprint, phase by phase (bench/scale.py)",
            "",
            *_measured(s.get("measured")),
            "Generated aws blueprint (alternating p5 EFA training and g6e inference pools, all storage tiers); "
            "fresh process per run; medians; CPU ms per registration per phase: program (registrations, "
            "recorder, stable ordering), summary (critical path, envelope), policies (the pack), render "
            "(plan JSON and text). The blueprint accepts at most 300 pools per stack.",
            "",
            "| pools | runs | custom resources | registrations | wall s | CPU s | ms / registration | program | summary | policies | render | peak MiB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for x in s["sizes"]:
            ph = x.get("phase_ms_per_registration", {})
            lines.append(
                f"| {x['pools']} | {x.get('runs', s['runs'])} | {x['resources']} | {x['registrations']} | "
                f"{x.get('median_wall_s', x.get('median_s'))} | {x.get('median_cpu_s', '')} | {x['ms_per_registration']} | "
                + " | ".join(str(ph.get(p, "")) for p in ("program", "summary", "policies", "render"))
                + f" | {x['peak_mib']} |"
            )
        lines.append("")
    if "policies" in r:
        p = r["policies"]
        lines += [
            "## Policy pack over 10,000+ resources",
            "",
            *_measured(p.get("measured")),
            f"{p['resources']} resources, {p['rules']} rules, median of {p['runs']}: **{p['median_s']} s** (target ≤ {p['target_s']} s), "
            f"{p['findings']} findings.",
            "",
        ]
    if "startup" in r:
        st = r["startup"]
        lines += [
            "## Cold start",
            "",
            *_measured(st.get("measured")),
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
    return "\n".join(lines)


def main() -> None:
    """Write results.md from results.json."""
    (HERE / "results.md").write_text(render(json.loads((HERE / "results.json").read_text())))


if __name__ == "__main__":
    main()
