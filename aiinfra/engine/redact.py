"""Keeping secret config values out of what a failed run prints.

A program that fails can carry a secret into its error: Pulumi's own ``ConfigTypeError`` puts the value
in its message ("Configuration 'app:port' value 'hunter2' is not a valid 'int'", pulumi/config.py at
3.272), even when the program read the key with ``require_secret_int``; a program may also raise with a
secret in its text. Before a :class:`~aiinfra.engine.failure.ProgramFailed` is shown, every secret value
is replaced by ``[secret]``: values of keys that are ``secure:`` in the stack file or ``secret: true`` in
``Pulumi.yaml``, and values a ``ConfigTypeError`` reports for a key read through ``require_secret*`` or
``get_secret*``.
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Iterable
from typing import Any

from .failure import Frame, ProgramFailed
from .project import LoadedProject

MASK = "[secret]"
_SECRET_READERS = ("require_secret", "get_secret")
_CONFIG_TYPE = re.compile(r"^(configuration '[^']*': )(.*)( is not a \w+ \(in .*\))$", re.DOTALL)
"""The program host's one-line message for a ``ConfigTypeError`` (``aiinfra.engine.host``)."""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def secret_values(project: LoadedProject) -> set[str]:
    """The text of every config value the project marks secret (empty strings never count)."""
    return {t for key in project.secret_keys if key in project.config if (t := _text(project.config[key]))}


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in out):
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def secrets_in_failure(exc: BaseException) -> set[str]:
    """Values of ``ConfigTypeError``s raised while a key was read as a secret (``require_secret_int``)."""
    found: set[str] = set()
    for item in _chain(exc):
        if type(item).__name__ != "ConfigTypeError" or not getattr(item, "value", None):
            continue
        names = [frame.name for frame in traceback.extract_tb(item.__traceback__)]
        if any(name.startswith(_SECRET_READERS) for name in names):
            found.add(str(item.value))
    return found


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``[secret]`` (longest first)."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return text


def redact_failure(failure: ProgramFailed, project: LoadedProject) -> ProgramFailed:
    """The same failure with no declared secret value in its type, message, frames or captured output.

    Values a ``ConfigTypeError`` quotes for keys read as secrets are masked by the program host, which
    still holds the exception (:func:`secrets_in_failure`)."""
    secrets = secret_values(project)
    if not secrets:
        return failure
    # every field the child sent: a program can name an exception class, a function or a file after a secret
    frames = [
        Frame(redact(f.file, secrets), f.line, redact(f.function, secrets), redact(f.code, secrets))
        for f in failure.frames
    ]
    return ProgramFailed(
        failure.program,
        redact(failure.type_name, secrets),
        redact(failure.detail, secrets),
        frames,
        redact(failure.output, secrets),
        registered=failure.registered,
    )


def redact_config_error(message: str, secrets: Iterable[str]) -> str:
    """A config error raised inside the program, with secrets masked; the value of an ill-typed key is
    withheld altogether, because the program may have read it with ``require_secret_int`` and the
    message no longer says how it was read."""
    match = _CONFIG_TYPE.match(message)
    if match:
        message = f"{match.group(1)}its value (withheld: it may be read as a secret){match.group(3)}"
    return redact(message, secrets)
