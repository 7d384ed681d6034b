"""The offline engine: runs Pulumi programs in-process under recording mocks (see DESIGN.md).

It is an honest stand-in for ``pulumi preview``: it records every registration with its inputs as
the engine sees them, the options that matter and the dependencies, answers data sources from
built-in fixtures, and never creates anything.
"""

from .model import UNKNOWN, ProgramRun, RecordedResource, Secret
from .run import run_program, run_program_file

__all__ = ["UNKNOWN", "ProgramRun", "RecordedResource", "Secret", "run_program", "run_program_file"]
