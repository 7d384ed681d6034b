"""boto3 clients for the checks, and the one place where AWS faults become "cannot verify" reasons.

Every client shares one botocore config: retries (``standard`` or ``adaptive`` mode, bounded attempts,
so throttling and transient 5xx are retried with backoff), a short connect timeout (an unreachable
endpoint answers in seconds) and the optional ``--endpoint-url``. After the endpoint proved unreachable
or the credentials were rejected, later calls fail at once instead of waiting again.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from aiinfra.preflight.model import CannotVerify

ACCESS_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "Forbidden",
        "403",
    }
)
THROTTLED = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "SlowDown",
        "EC2ThrottledException",
    }
)
BAD_CREDENTIALS = frozenset(
    {
        "AuthFailure",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "ExpiredToken",
        "ExpiredTokenException",
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId",
        "RequestExpired",
    }
)
NOT_IMPLEMENTED = frozenset(
    {"NotImplemented", "InvalidAction", "UnknownOperationException", "UnsupportedOperation", "501", "404"}
)
# IAM action prefix per boto3 service name (where they differ).
IAM_PREFIX = {"service-quotas": "servicequotas"}


@dataclass
class AwsSession:
    """Clients for one region (and endpoint), created once per service, and fault-classifying calls."""

    boto_session: Any
    region: str
    endpoint_url: str | None = None
    retry_mode: str = "standard"
    max_attempts: int = 5
    connect_timeout: float = 3.0
    read_timeout: float = 20.0
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)
    _broken: str | None = field(default=None, repr=False)

    def client(self, service: str) -> Any:
        """The boto3 client of ``service`` for this session's region and endpoint."""
        if service not in self._clients:
            from botocore.config import Config

            config = Config(
                region_name=self.region,
                retries={"mode": self.retry_mode, "total_max_attempts": self.max_attempts},
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                user_agent_extra="aiinfra-preflight",
                s3={"addressing_style": "path"} if self.endpoint_url else None,
            )
            self._clients[service] = self.boto_session.client(
                service, endpoint_url=self.endpoint_url, config=config
            )
        return self._clients[service]

    def call(
        self, service: str, operation: str, *, expect: Collection[str] = (), **params: Any
    ) -> dict[str, Any]:
        """Call ``operation`` (API name, e.g. ``DescribeInstanceTypes``) of ``service``.

        Error codes in ``expect`` are re-raised as ``ClientError`` for the check to judge (e.g.
        ``InvalidCapacityReservationId.NotFound``); every other fault raises :class:`CannotVerify`
        naming the permission, the throttled action or the unreachable endpoint.
        """
        if self._broken is not None:
            raise CannotVerify(self._broken)
        from botocore import xform_name

        action = f"{IAM_PREFIX.get(service, service)}:{operation}"
        try:
            return getattr(self.client(service), xform_name(operation))(**params)
        except Exception as exc:  # classified below; unknown exception types propagate
            if _code(exc) in expect:
                raise
            raise self._cannot_verify(exc, action) from None

    def paginate(self, service: str, operation: str, key: str, **params: Any) -> list[Any]:
        """All items under ``key`` across the pages of ``operation`` (faults as in :meth:`call`)."""
        items: list[Any] = []
        token_in, token_out = _PAGINATION[(service, operation)]
        while True:
            page = self.call(service, operation, **params)
            items.extend(page.get(key, []))
            token = page.get(token_out)
            if not token or page.get("Truncated") is False:
                return items
            params[token_in] = token

    def _cannot_verify(self, exc: Exception, action: str) -> Exception:
        from botocore.exceptions import ClientError, ConnectionError, NoCredentialsError
        from botocore.parsers import ResponseParserError

        if isinstance(exc, ClientError):
            code = _code(exc)
            error = exc.response.get("Error", {})
            message = str(error.get("Message") or "").strip()
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
            if code in ACCESS_DENIED:
                return CannotVerify(f"missing permission {action} ({code})", permission=action, code=code)
            if code in THROTTLED:
                return CannotVerify(
                    f"AWS throttled {action} ({code}) after {attempts + 1} attempts; run preflight again "
                    "later or raise --max-attempts",
                    code=code,
                )
            if code in BAD_CREDENTIALS:
                self._broken = f"the credentials were rejected ({code}: {message}); refresh them and retry"
                return CannotVerify(self._broken, code=code)
            if code in NOT_IMPLEMENTED or status in (404, 501):
                return CannotVerify(
                    f"the endpoint does not implement {action} ({code}{': ' + message if message else ''})",
                    code=code,
                )
            if isinstance(status, int) and status >= 500:
                return CannotVerify(
                    f"the endpoint failed on {action} with HTTP {status} after {attempts + 1} attempts "
                    f"(it may not implement it): {_first_line(_strip_html(message)) or code}",
                    code=code,
                )
            return CannotVerify(f"{action} answered {code}{': ' + message if message else ''}", code=code)
        if isinstance(exc, ResponseParserError):
            return CannotVerify(
                f"the endpoint gave no valid AWS answer to {action} (it may not implement it): "
                f"{_first_line(str(exc)).rstrip(':')}{_page_title(str(exc))}",
                code="ResponseParserError",
            )
        if isinstance(exc, ConnectionError):  # connect/read timeouts, refused, DNS, proxy, TLS
            where = self.endpoint_url or f"the AWS endpoint of {action.split(':')[0]} in {self.region}"
            self._broken = (
                f"{where} is unreachable ({type(exc).__name__}); check the network, proxy or --endpoint-url"
            )
            return CannotVerify(self._broken, code=type(exc).__name__)
        if isinstance(exc, NoCredentialsError):
            self._broken = "no AWS credentials found; configure credentials or pass --offline"
            return CannotVerify(self._broken, code="NoCredentials")
        return exc


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return ""
    return str(response.get("Error", {}).get("Code", ""))


def _strip_html(text: str) -> str:
    """An HTML error page (what a non-AWS server sends) reduced to its title."""
    title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title:
        return title.group(1).strip()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def _page_title(text: str) -> str:
    title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return f" [{title.group(1).strip()}]" if title else ""


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 160 else line[:157] + "..."


# (service, operation) -> (request token parameter, response token field)
_PAGINATION: dict[tuple[str, str], tuple[str, str]] = {
    ("kms", "ListAliases"): ("Marker", "NextMarker"),
    ("ec2", "DescribeInstanceTypeOfferings"): ("NextToken", "NextToken"),
}


@dataclass(frozen=True)
class AwsContext:
    """What every AWS check receives: the stack's target, the preflight settings and the session."""

    target: Any  # aiinfra.preflight.aws.target.AwsTarget
    settings: Any  # aiinfra.preflight.settings.PreflightSettings
    aws: AwsSession


def open_session(target: Any, settings: Any, options: Any) -> AwsContext | str:
    """The checks' context for the stack's region, or the reason no call will be made."""
    import boto3
    from botocore.exceptions import BotoCoreError

    try:
        boto_session = options.session or boto3.Session()
        credentials = boto_session.get_credentials()
    except BotoCoreError as exc:
        return f"AWS credentials could not be loaded ({exc}); no call was made"
    if credentials is None:
        return (
            "no AWS credentials found; provide them with AWS_PROFILE (shared config/credentials files, "
            "`aws sso login`), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance/task role - "
            "or pass --offline to see what would be checked"
        )
    session = AwsSession(
        boto_session,
        region=options.region or target.region,
        endpoint_url=options.endpoint_url,
        retry_mode=options.retry_mode,
        max_attempts=options.max_attempts,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
    )
    return AwsContext(target, settings, session)
