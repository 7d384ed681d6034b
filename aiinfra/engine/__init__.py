"""The offline engine: runs Pulumi programs in-process under recording mocks (see DESIGN.md).

It is an honest stand-in for ``pulumi preview``: it records every registration with its inputs as
the engine sees them, the options that matter and the dependencies, answers every data source
(fixtures, SDK-derived synthetic answers, pinned answers), runs users' projects the way the Python
language host does (:mod:`.project`, :mod:`.host`), and never creates anything.
"""

from .model import UNKNOWN, ProgramRun, RecordedResource, Secret
from .run import run_program, run_program_file


def __getattr__(name: str):
    """``load_project`` / ``run_project`` (a user's Pulumi project, as the language host runs it) on first use."""
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
