"""Cold-process start-up: ``aiinfra --help`` and ``aiinfra plan <stack>`` wall time, and which provider
SDKs a plan imports (an on-prem plan must import neither pulumi_aws nor pulumi_gcp)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from common import ROOT, median_seconds, record

AIINFRA = str(Path(sys.executable).parent / "aiinfra")
PROBE = (
    "import sys; from aiinfra.plan import plan_stack; plan_stack({stack!r}); "
    "print(sorted(m for m in ('pulumi_aws', 'pulumi_gcp', 'pulumi_kubernetes') if m in sys.modules))"
)


def _cold(args: list[str]) -> None:
    subprocess.run(args, cwd=ROOT, capture_output=True, check=False)


def main() -> None:
    """Median of ``runs`` cold processes per command; SDK imports per shipped stack."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from aiinfra.stacks import stack_names

    stacks = stack_names(ROOT)
    help_s, _ = median_seconds(lambda: _cold([AIINFRA, "--help"]), runs)
    plans = {}
    for stack in stacks:
        seconds, _ = median_seconds(lambda s=stack: _cold([AIINFRA, "plan", s, "--format", "json"]), runs)
        probe = subprocess.run(
            [sys.executable, "-P", "-c", PROBE.format(stack=stack)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        plans[stack] = {
            "median_s": round(seconds, 3),
            "provider_sdks_imported": json.loads(probe.stdout.strip().replace("'", '"')),
        }
    out = {
        "runs": runs,
        "help_median_s": round(help_s, 3),
        "plan": plans,
        "targets": {"help_s": 0.5, "plan_aws_training_s": 5},
    }
    record("startup", out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
