"""AWS preflight checks (boto3, read-only). Importing this package registers them, in report order."""

from importlib import import_module

from aiinfra.preflight.aws.session import AwsContext, AwsSession, open_session

# Report order: who and where first, then capacity, fabric, and the names/keys the stack relies on.
for _module in ("identity", "capacity", "efa", "data"):
    import_module(f"{__name__}.{_module}")

from aiinfra.preflight.aws.offline import offline_results  # noqa: E402  (after the checks: report order)

__all__ = ["AwsContext", "AwsSession", "offline_results", "open_session"]
