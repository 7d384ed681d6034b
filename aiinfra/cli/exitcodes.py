"""Exit codes shared by every subcommand (DESIGN.md CLI contract)."""

OK = 0
"""Clean run."""
VIOLATIONS = 1
"""Mandatory policy violations, or failed preflight checks."""
INVALID_INPUT = 2
"""Invalid input: bad stack name or file, invalid config, bad arguments."""
PROGRAM_FAILED = 3
"""A user's program (``--program``) raised while running offline; its own frames are shown."""
