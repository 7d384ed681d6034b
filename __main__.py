"""Pulumi program entry point (``pulumi up -s <stack>``): see aiinfra/program.py."""

from aiinfra.program import main

main()
