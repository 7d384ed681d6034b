#!/usr/bin/env bash
# Run the benchmarks and rewrite bench/results.json; then render results.md.
#   bench/run_all.sh                 every benchmark
#   bench/run_all.sh scale multistack  only those (each merges its own section into results.json)
#   bench/run_all.sh typescript         TypeScript vs Python (not in the default set: needs npm ci in tests/nodejs)
# RUNS (default 5) runs per measurement; BIG_RUNS (default 3) for the 3,000-pool sizes;
# SIDEBYSIDE_SIZES=1,10 / SIDEBYSIDE_MODES=aiinfra re-measure only those rows / variants of the
# side-by-side table (the rest is kept). program_host (not in the default list) compares
# `check --program` against a baseline tree: PROGRAM_HOST_BASELINE=/tmp/base bench/run_all.sh program_host
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-../.venv/bin/python}"
RUNS="${RUNS:-5}"
BIG_RUNS="${BIG_RUNS:-3}"
export AWS_EC2_METADATA_DISABLED=true
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(overhead sidebyside scale multistack policies startup)
for step in "${steps[@]}"; do
  case "$step" in
    overhead) "$PY" overhead.py "$((RUNS + 2))" ;;
    sidebyside) "$PY" sidebyside.py "$RUNS" "$BIG_RUNS" ;;
    scale) "$PY" scale.py "$RUNS" "$BIG_RUNS" ;;
    multistack) "$PY" multistack.py "$RUNS" ;;
    policies) "$PY" policies.py "$RUNS" ;;
    startup) "$PY" startup.py "$RUNS" ;;
    # needs PROGRAM_HOST_BASELINE: a `git archive <commit>` of the baseline, with its commit in .commit
    program_host) "$PY" program_host.py "$RUNS" ;;
    typescript) "$PY" typescript.py "$RUNS" ;;  # needs `npm ci` in tests/nodejs; writes typescript_results.md
    *) echo "run_all.sh: unknown benchmark '$step'" >&2; exit 2 ;;
  esac
done
"$PY" report.py
