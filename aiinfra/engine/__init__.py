"""The offline engine: runs Pulumi programs under recording mocks (see DESIGN.md).

It is an honest stand-in for ``pulumi preview``: it records every registration with its inputs as
the engine sees them, the options that matter and the dependencies, answers every data source
(fixtures, SDK-derived synthetic answers, pinned answers), and never creates anything. Shipped
stacks (aiinfra's own code) run in-process (:mod:`.run`); users' projects run in a child process,
the way the Python language host does (:mod:`.project`, :mod:`.host`, :mod:`.stream`).
"""

from .model import UNKNOWN, ProgramRun, RecordedResource, Secret


def __getattr__(name: str):
    """The runners on first use (the program host imports this package and needs none of them)."""
    if name in ("run_program", "run_program_file"):
        from . import run

        return getattr(run, name)
    if name == "load_project":
        from .project import load_project

        return load_project
    if name == "run_project":
        from .host import run_project

        return run_project
    raise AttributeError(name)


__all__ = [
    "UNKNOWN",
    "ProgramRun",
    "RecordedResource",
    "Secret",
    "load_project",
    "run_program",
    "run_program_file",
    "run_project",
]
