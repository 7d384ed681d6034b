"""Generate ``docs/policies.md`` (and the README's rule count) from the rule registry.

``python -m aiinfra.policies.docgen`` rewrites both files; ``tests/policies/test_policy_docs.py`` fails when
either drifts from the registry. Nothing here is hand-maintained except the prose in
``docs_intro.md`` (how to run the pack, configuration, waivers).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from .frameworks import FRAMEWORKS, TITLES, UNVERIFIED, all_controls, controls_of
from .registry import Rule, all_rules

HERE = Path(__file__).resolve().parent
INTRO = HERE / "docs_intro.md"
README_COUNT = re.compile(r"A policy pack \((\d+) rules, ")

DOMAIN_WHY = {
    "ENC": "Training data, checkpoints and model weights are the platform's most valuable assets; customer-managed keys make access auditable and revocable, and key hygiene keeps the data recoverable.",
    "NET": "Accelerator clusters are high-value targets and their fabrics are performance-critical: private control planes and nodes shrink the attack surface, and the EFA/GPUDirect wiring rules prevent silent fallbacks to slow paths.",
    "NODE": "Nodes run untrusted workloads next to credentials; metadata-service hardening, shielded nodes, dedicated identities and taints keep pods from reaching node credentials or landing on the wrong hardware.",
    "GPU": "Accelerators dominate the bill and are scarce: allowlists, caps, budgets, capacity type and cost tags keep spend predictable and attributable.",
    "DATA": "Checkpoint, model and dataset tiers must survive mistakes and attacks: no public access, versioning, protection, immutability and replication protect them; lifecycle rules keep scratch cheap.",
    "GOV": "Exceptions rot: waivers without an owner, a reason and a near expiry silently turn into permanent holes.",
    "PERF": "Accelerators are paid for by the hour whether or not the fabric and the data path keep them busy: a multi-node pool without its full fabric, or reading its hot tier across zones, wastes what it costs.",
    "IAM": "Identity is the perimeter of a cloud account: one wildcard grant or public principal undoes every network control.",
    "K8S": "Clusters run third-party code on the most expensive nodes you own; RBAC and pod security decide whether one compromised notebook stays one compromised notebook.",
    "SVC": "Notebooks, experiment trackers, labeling tools, training jobs and model endpoints are where people meet the platform: a public hub or endpoint, a login anyone passes, a registry database without backups, a serving identity that can rewrite the models it loads or a privileged training pod turns a convenience into the weakest point.",
    "AUD": "Without a trustworthy record of who read which dataset and who changed which key, no incident can be scoped and no regulator answered.",
    "SUS": "Accelerator pools draw tens of kilowatts each; where they run decides how much CO2e the same work emits, and the plan can say so before anything is built.",
    "AI": "Managed AI services (SageMaker, Bedrock, Vertex AI, Workbench, Colab Enterprise) hold the training data, the models and the prompts, and run users' code with cloud roles: public notebooks, root access, provider-managed keys and endpoints open to the internet undo the platform's private-by-default design.",
    "OBS": "Metrics and alerts map the whole platform (nodes, queues, teams, GPU faults); the stores and channels that hold them deserve the same customer-managed keys as the data.",
}

SCOPE = """\
<a id="scope"></a>
## What the rules judge

Generic hygiene (public access, encryption with customer-managed keys, IAM, network edges, audit trails) applies to
every resource of the program. The AI data-tier rules — versioning (AIP-DATA-002), protection (AIP-DATA-009) and cost
tags on data (AIP-GPU-005) — judge only **AI data stores**: a resource that carries the tier tag/label (`tierTag`,
default `tier`, which every tier of the aiinfra storage components sets), whose parent is an aiinfra component
(`aiinfra:<module>:<Class>`), or that matches one of `aiDataSelector` (`key=value` tag matches or name globs). A
website or static-asset bucket with none of these is not AI data. Tier-specific rules (AIP-DATA-003/004/005/008) act on
their listed tiers only. Messages reflect current provider defaults: S3 has blocked public access on new buckets and
encrypted every object with SSE-S3 since 2023, so AIP-ENC-001 reports a missing customer-managed key, not missing
encryption. Where a rule judges several clouds, the fix text names the resource's own cloud.

Kubernetes workloads are read from typed resources of every workload kind and from the `yaml`/`objs` inputs of
`kubernetes:yaml/v2:ConfigGroup` (Helm-less YAML); Helm releases are opaque to any Pulumi policy. Node agents that
genuinely need host access are exempt from AIP-K8S-001/002 only through the documented `exemptWorkloads` list
(`Kind:namespace/name-glob`, DaemonSets only): the GPUDirect NCCL installers and NRI device injector this project
ships in `kube-system`, GKE's GPU driver installer and device plugin, and the NVIDIA GPU and Network Operator
namespaces. Service-account and RBAC rules have no exemptions.

Managed AI services (AIP-AI) are judged from the pinned pulumi-aws and pulumi-gcp input types: SageMaker AI, Bedrock
and AgentCore, Vertex AI, Workbench and Colab Enterprise. Where the API rejects a customer key (SageMaker instance
families with local instance storage, serverless endpoint variants; tunable `instanceStoreFamilies`), the key rules
pass, because those volumes are hardware-encrypted. Account-level settings a platform stack may own elsewhere
(Bedrock model invocation logging) and settings no peer scanner treats as a defect are advisory. pulumi-aws 7.51
has no SageMaker HyperPod cluster resource, so no rule judges one.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def counts_line(rules: list[Rule]) -> str:
    """``N rules: M mandatory, K advisory by default (per domain ...).``"""
    levels = Counter(r.enforcement for r in rules)
    domains = Counter(r.domain for r in rules)
    per = ", ".join(f"{d} {n}" for d, n in sorted(domains.items()))
    return (
        f"{len(rules)} rules: {levels['mandatory']} mandatory, {levels['advisory']} advisory by default "
        f"({per})."
    )


def _rule_section(rule: Rule) -> list[str]:
    kind = "stack policy" if rule.kind == "stack" else "resource policy"
    out = [
        f'<a id="{rule.anchor}"></a>',
        f"### {rule.id}: {rule.title}",
        "",
        f"- **Policy name:** `{rule.name}`; **severity:** {rule.severity}; **default level:** {rule.enforcement}; "
        f"**kind:** {kind}",
        f"- **Judges:** {', '.join(f'`{t}`' for t in rule.types)}",
        f"- **What:** {rule.description}",
        f"- **Why:** {rule.rationale or DOMAIN_WHY[rule.domain]}",
        f"- **Remediation:** {rule.remediation}",
    ]
    for cloud, text in sorted(rule.fixes.items()):
        out.append(f"  - *{cloud}:* {text}")
    out.append(f"- **Unknown values:** {rule.unknown}")
    if rule.equivalents:
        out.append("- **Treated as equivalent:**")
        out.extend(f"  - {text}" for text in rule.equivalents)
    if rule.config_schema:
        tunables = ", ".join(
            f"`{k}` (default `{json.dumps(v.get('default'))}`)" for k, v in rule.config_schema.items()
        )
        out.append(f"- **Tunables:** {tunables}")
    if rule.references:
        out.append(f"- **Cross-references:** {', '.join(rule.references)}")
    if rule.peers:
        out.append(f"- **Peer checks:** {', '.join(rule.peers)}")
    controls = []
    for key, info in FRAMEWORKS.items():
        ids = controls_of(rule.id, key)
        if ids:
            mark = " (unverified)" if (rule.id, key) in UNVERIFIED else ""
            controls.append(f"{info.name} {info.version}: {', '.join(ids)}{mark}")
    if controls:
        out.append(f"- **Controls:** {'; '.join(controls)}")
    out.append("")
    return out


def _frameworks_section() -> list[str]:
    out = [
        '<a id="frameworks"></a>',
        "## Compliance frameworks",
        "",
        "`aiinfra check --framework KEY` runs only the rules mapped to that framework and adds a compliance summary",
        "(controls covered, passing, failing, not covered) to text and JSON; JSON violations and SARIF rules carry every",
        "mapping; CrossGuard policies carry the first mapping as `framework` and every mapping as a `<key>:<control>` tag.",
        "A control is *covered* when a rule mapped to it judged at least one resource of the program, *passing* when",
        "every such verdict passed (waived findings are listed), *failing* when one failed; *not covered* means the pack",
        "maps the control but nothing in this program exercised it. Controls of a framework that no AIP rule supports",
        "are outside the report: a configuration rule *supports* a control, it never satisfies it alone.",
        "",
        "| Key | Framework | Version | Controls mapped | Rules | Source of control ids |",
        "|---|---|---|---|---|---|",
    ]
    for key, info in FRAMEWORKS.items():
        controls = all_controls(key)
        rules = {r for ids in controls.values() for r in ids}
        out.append(
            f"| `{key}` | {info.name} | {info.version} | {len(controls)} | {len(rules)} | {_cell(info.source)} |"
        )
    out.append("")
    for key, info in FRAMEWORKS.items():
        out += [
            f"### {info.name} {info.version} (`{key}`)",
            "",
            "| Control | Title | Rules |",
            "|---|---|---|",
        ]
        for control, ids in all_controls(key).items():
            title = TITLES.get(key, {}).get(control, "")
            out.append(f"| {control} | {_cell(title)} | {', '.join(f'[{i}](#{i.lower()})' for i in ids)} |")
        out.append("")
    if UNVERIFIED:
        out += [
            "Mappings marked unverified (aiinfra's reading of the text, not the framework owner's guidance):",
            "",
        ]
        for (rule_id, key), why in sorted(UNVERIFIED.items()):
            out.append(f"- {rule_id} → `{key}`: {why}")
        out.append("")
    return out


def render_docs() -> str:
    """The full text of ``docs/policies.md``."""
    rules = all_rules()
    lines = [INTRO.read_text(encoding="utf-8").replace("{counts}", counts_line(rules)).rstrip(), "", SCOPE]
    lines += [
        "## Rules",
        "",
        "| ID | Policy name | Severity | Level | Kind | Frameworks |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        keys = ", ".join(k for k in FRAMEWORKS if controls_of(r.id, k))
        lines.append(
            f"| [{r.id}](#{r.anchor}) | `{r.name}` | {r.severity} | {r.enforcement} | {r.kind} | {keys} |"
        )
    lines.append("")
    for r in rules:
        lines += _rule_section(r)
    lines += _frameworks_section()
    return "\n".join(lines).rstrip() + "\n"


def readme_with_count(text: str) -> str:
    """README text with its rule count replaced by the registry's."""
    return README_COUNT.sub(f"A policy pack ({len(all_rules())} rules, ", text)


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/policies.md``, the README count and ``policies/config.example.json`` (every policy at
    its default level and tunables) under the repository root (default: the parent of ``policies/``)."""
    from .packconfig import example_config

    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else HERE.parent
    (root / "docs" / "policies.md").write_text(render_docs(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_count(readme.read_text(encoding="utf-8")), encoding="utf-8")
    example = root / "policies" / "config.example.json"
    example.write_text(json.dumps(example_config(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {root / 'docs' / 'policies.md'}, {example} and the rule count in {readme}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
