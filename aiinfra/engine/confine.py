"""What the judge withholds from, and cleans up after, the judged program's process.

The program host runs as the judge's own OS user (as the Pulumi language host runs as the CLI's), so
this is hygiene, not a sandbox: full isolation needs a separate user, namespaces or a container (see
docs/cli.md, "What the program host can and cannot do").

- Credentials: an offline run answers every provider call from fixtures, so the program gets none of
  the cloud or Pulumi credentials in the judge's environment (a CI job's secrets).
- Escaped processes: a program that double-forks out of its process group (``setsid``) would outlive
  the run. The judge becomes a child subreaper (Linux ``PR_SET_CHILD_SUBREAPER``) while the program
  runs, so such orphans are re-parented to it, and kills every child it did not have before the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path

CREDENTIAL_NAMES = frozenset(
    {
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "GOOGLE_CREDENTIALS",
        "GOOGLE_OAUTH_ACCESS_TOKEN",
        "CLOUDSDK_AUTH_ACCESS_TOKEN",
        "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE",
        "ARM_CLIENT_SECRET",
        "AZURE_CLIENT_SECRET",
        "PULUMI_ACCESS_TOKEN",
        "PULUMI_CONFIG_PASSPHRASE",
        "PULUMI_CONFIG_PASSPHRASE_FILE",
        "KUBECONFIG",
    }
)
"""Credential variables of the clouds and of Pulumi, by their documented names."""
CREDENTIAL_PATTERN = re.compile(r"(SECRET|TOKEN|PASSWORD|PASSPHRASE|PRIVATE_KEY|API_KEY|CREDENTIAL)", re.I)
"""Any other variable whose name says it holds a credential (``GITHUB_TOKEN``, ``DB_PASSWORD``)."""

_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def program_environment(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without credential variables (names in :data:`CREDENTIAL_NAMES` or matching
    :data:`CREDENTIAL_PATTERN`); the program host's own ``AIINFRA_*`` variables are kept."""
    return {
        name: value
        for name, value in env.items()
        if name.startswith("AIINFRA_")
        or (name not in CREDENTIAL_NAMES and not CREDENTIAL_PATTERN.search(name))
    }


def _children() -> set[int]:
    """Pids whose parent is this process (from /proc; empty where there is no /proc)."""
    me = os.getpid()
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # the command name may hold spaces and parentheses: the fields start after the last ')'
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == me:
                out.add(int(stat.parent.name))
    return out


def _set_subreaper(on: bool) -> bool:
    """Make this process a child subreaper (or stop being one); False where prctl is unavailable."""
    name = ctypes.util.find_library("c")
    if not name or not Path("/proc").is_dir():
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@contextlib.contextmanager
def reaping_escapees() -> Iterator[None]:
    """While the body runs, orphans of the program re-parent to this process; afterwards every child
    that appeared during the body and is still alive (or a zombie) is killed and reaped."""
    before = _children()
    active = _set_subreaper(True)
    try:
        yield
    finally:
        if active:
            # a killed escapee's own children re-parent to us in turn: repeat until none is left
            for _ in range(16):
                strays = _children() - before
                if not strays:
                    break
                for pid in strays:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(pid, signal.SIGKILL)
                for pid in strays:
                    with contextlib.suppress(ChildProcessError, OSError):
                        os.waitpid(pid, 0)
            _set_subreaper(False)
