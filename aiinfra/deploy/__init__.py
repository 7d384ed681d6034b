"""Fleet deploys: many stacks through the Pulumi Automation API, in the order their StackReferences imply.

:mod:`.order` derives the dependency graph and its waves from the stack files (no Pulumi CLI);
:mod:`.runner` drives ``pulumi.automation`` (a LocalWorkspace over this project) stack by stack,
independent stacks in parallel, dependants of a failed stack skipped.
"""

from .order import FleetGraph, fleet_graph
from .runner import StackRun, run_fleet

__all__ = ["FleetGraph", "StackRun", "fleet_graph", "run_fleet"]
