#!/usr/bin/env bash
# Run every benchmark with at least 5 runs each and rewrite bench/results.json; then render results.md.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-../.venv/bin/python}"
RUNS="${RUNS:-5}"
"$PY" overhead.py "$((RUNS + 2))"
"$PY" scale.py "$RUNS"
"$PY" policies.py "$RUNS"
"$PY" startup.py "$RUNS"
"$PY" report.py
