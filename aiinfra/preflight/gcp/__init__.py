"""GCP preflight checks (Compute Engine API, read-only). Importing this package registers them."""

from aiinfra.preflight.gcp import checks as _checks  # noqa: F401  (registers the checks)
from aiinfra.preflight.gcp.offline import offline_results
from aiinfra.preflight.gcp.session import GcpContext, GcpSession, open_session

__all__ = ["GcpContext", "GcpSession", "offline_results", "open_session"]
