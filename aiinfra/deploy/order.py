"""The deploy order of a fleet: stacks that others read through a StackReference go first.

A hybrid stack's config names the on-prem stack it reads (``onprem_stack.stack_file``); that is the
only cross-stack dependency a stack file can express, so the graph is read from validated stack
configs (nothing is planned or registered). Waves are the levels of the graph: every stack of a wave
depends only on stacks of earlier waves, so a wave's stacks may run in parallel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from aiinfra.errors import InputError


@dataclass(frozen=True)
class FleetGraph:
    """Selected stacks, what each reads, and the waves they deploy in."""

    stacks: tuple[str, ...]
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Stack -> stacks it reads through StackReferences (selected or not)."""

    def needs(self, stack: str) -> tuple[str, ...]:
        """The stacks of this run that ``stack`` must wait for."""
        return tuple(s for s in self.reads.get(stack, ()) if s in self.stacks)

    def outside(self, stack: str) -> tuple[str, ...]:
        """Stacks ``stack`` reads that are not part of this run (they must be deployed already)."""
        return tuple(s for s in self.reads.get(stack, ()) if s not in self.stacks)

    def dependants(self, stack: str) -> set[str]:
        """Every stack of this run that transitively reads ``stack``."""
        out: set[str] = set()
        frontier = [stack]
        while frontier:
            current = frontier.pop()
            for other in self.stacks:
                if current in self.needs(other) and other not in out:
                    out.add(other)
                    frontier.append(other)
        return out

    def waves(self) -> list[list[str]]:
        """Stacks grouped by level, each wave sorted by name."""
        sorter = TopologicalSorter({s: set(self.needs(s)) for s in self.stacks})
        try:
            sorter.prepare()
        except CycleError as exc:
            cycle = " -> ".join(exc.args[1])
            raise InputError(f"stack references form a cycle: {cycle}") from None
        waves = []
        while sorter.is_active():
            ready = sorted(sorter.get_ready())
            waves.append(ready)
            sorter.done(*ready)
        return waves


def fleet_graph(refs: Sequence[str], root: Path | None = None) -> FleetGraph:
    """Read and validate each stack file; raises :class:`InputError` naming the stack file on bad input."""
    from aiinfra.plan import validated_config
    from aiinfra.stacks import load_stack

    names, reads = [], {}
    for ref in refs:
        stack = load_stack(ref, root)
        try:
            config = validated_config(stack)
        except InputError as exc:
            raise InputError(f"{stack.path}: {exc}") from None
        if stack.name in names:
            raise InputError(f"stack {stack.name!r} is given twice")
        names.append(stack.name)
        referenced = config.referenced_stacks() if hasattr(config, "referenced_stacks") else {}
        reads[stack.name] = tuple(sorted(set(referenced.values())))
    return FleetGraph(tuple(names), reads)
