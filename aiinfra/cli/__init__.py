"""The ``aiinfra`` command line: plan, check, catalog, preflight.

Each subcommand lives in its own module exposing ``add_arguments(parser)`` and ``run(args) -> int``;
modules import nothing heavy at import time so ``aiinfra --help`` stays fast.
"""
