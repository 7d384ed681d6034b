"""``--stack-outputs FILE``: the outputs of the stacks a program reads through ``StackReference``.

Offline there is no backend to read another stack's outputs from; without a pin a StackReference
answers with unknown outputs (the report notes it). The file maps a stack's fully qualified name, as the
program passes it to ``StackReference`` (``org/project/stack``), to its outputs::

    acme/network/prod:
      vpcId: vpc-0a1b2c3d
      privateSubnetIds: [subnet-1, subnet-2]

An output given as ``{__secret__: true, value: ...}`` reaches the program as a secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiinfra.errors import InputError
from aiinfra.policies import yamlfile
from aiinfra.policies.yamlfile import shorten


def load_stack_outputs(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read a ``--stack-outputs`` file; raises :class:`InputError` (exit 2) naming what is malformed."""
    try:
        data = yamlfile.load(Path(path), "--stack-outputs file") or {}
    except yamlfile.YamlInputError as exc:
        raise InputError(str(exc)) from None
    if not isinstance(data, Mapping):
        raise InputError(
            f"--stack-outputs file {str(path)!r}: expected a mapping of stack name (org/project/stack) to outputs"
        )
    out: dict[str, dict[str, Any]] = {}
    for stack, outputs in data.items():
        where = f"--stack-outputs file {str(path)!r}: {shorten(stack)}"
        if not isinstance(stack, str) or not stack.strip():
            raise InputError(
                f"{where}: keys must be stack names as the program passes them to StackReference"
            )
        if not isinstance(outputs, Mapping) or not all(isinstance(k, str) for k in outputs):
            raise InputError(f"{where}: expected a mapping of output name to value")
        out[stack] = dict(outputs)
    return out
