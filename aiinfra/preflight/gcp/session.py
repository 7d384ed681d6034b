"""The Compute Engine API client (google-api-python-client, read-only) and where its faults become
"cannot verify" reasons. The API surface comes from the discovery document bundled with the library
(``static_discovery``), so building the client makes no call."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any

from aiinfra.errors import InputError
from aiinfra.preflight.model import CannotVerify

CREDENTIALS_HELP = (
    "no Google Cloud credentials found (Application Default Credentials); provide them with "
    "`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS=<service-account key file>, "
    "or run on a host with an attached service account - or pass --offline to see what would be checked"
)


def compute_client(http: Any = None, credentials: Any = None) -> Any:
    """A Compute Engine v1 client; ``http`` lets tests replay recorded responses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # google.api_core's Python-version notice
        from googleapiclient import discovery

        return discovery.build(
            "compute",
            "v1",
            http=http,
            credentials=None if http else credentials,
            static_discovery=True,
            cache_discovery=False,
        )


@dataclass
class GcpSession:
    """Calls through one client; a 404 answers None, other faults raise :class:`CannotVerify`."""

    client: Any
    project: str
    _broken: str | None = field(default=None, repr=False)

    def get(self, collection: str, permission: str, **params: Any) -> dict[str, Any] | None:
        """``client.<collection>().get(project=..., **params).execute()``; None when the object does not exist."""
        if self._broken:
            raise CannotVerify(self._broken)
        from googleapiclient.errors import HttpError

        request = getattr(self.client, collection)().get(project=self.project, **params)
        try:
            return request.execute(num_retries=3)
        except HttpError as exc:
            status = int(getattr(exc.resp, "status", 0) or 0)
            if status == 404:
                return None
            reason = _reason(exc)
            if status == 403:
                raise CannotVerify(f"missing permission {permission} ({reason})") from None
            if status == 429:
                raise CannotVerify(f"Compute Engine API throttled the call ({reason})") from None
            if status == 401:
                self._broken = f"the credentials were rejected ({reason})"
                raise CannotVerify(self._broken) from None
            raise CannotVerify(f"Compute Engine API answered {status} ({reason})") from None
        except (OSError, TimeoutError) as exc:
            self._broken = f"the Compute Engine API is unreachable ({type(exc).__name__})"
            raise CannotVerify(self._broken) from None


def _reason(exc: Any) -> str:
    try:
        body = json.loads(exc.content)
        return str(body["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return str(getattr(exc.resp, "reason", "") or "error")


@dataclass(frozen=True)
class GcpContext:
    """What every GCP check receives: the target, the preflight settings and the session."""

    target: Any  # GcpTarget
    settings: Any
    gcp: GcpSession


def open_session(target: Any, settings: Any, options: Any) -> GcpContext:
    """The checks' context; raises :class:`InputError` (exit 2) when no credentials can be found."""
    if options.session is not None:  # tests and embedders pass a prepared client
        return GcpContext(target, settings, GcpSession(options.session, target.project))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        import google.auth
        from google.auth.exceptions import DefaultCredentialsError

        try:
            credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/compute.readonly"])
        except DefaultCredentialsError:
            raise InputError(CREDENTIALS_HELP) from None
    return GcpContext(target, settings, GcpSession(compute_client(credentials=credentials), target.project))
