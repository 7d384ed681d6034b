"""A program that fails while running."""

raise RuntimeError("boom: missing setting")
