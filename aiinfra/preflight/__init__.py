"""Preflight: read-only account checks that say, before ``pulumi up``, whether a stack can deploy.

Checks are registered per cloud (:mod:`aiinfra.preflight.registry`); the AWS checks use boto3 and
live in :mod:`aiinfra.preflight.aws`. Cloud SDKs are imported only when a check actually runs.
"""

from aiinfra.preflight.model import CannotVerify, CheckResult, PreflightReport, Status
from aiinfra.preflight.run import PreflightOptions, run_preflight

__all__ = ["CannotVerify", "CheckResult", "PreflightOptions", "PreflightReport", "Status", "run_preflight"]
