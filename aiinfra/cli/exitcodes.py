"""Exit codes shared by every subcommand (DESIGN.md CLI contract)."""

OK = 0
"""Clean run."""
VIOLATIONS = 1
"""Mandatory policy violations, or failed preflight checks."""
INVALID_INPUT = 2
"""Invalid input: bad stack name or file, invalid config, bad arguments."""
