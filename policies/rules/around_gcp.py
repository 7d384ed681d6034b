"""GCP services around an AI platform: public Cloud Run services and Cloud Functions, and SSL policies.

Peers are Checkov checks read from the checkov 3.3.30 wheel (PyPI, ``checkov/terraform/checks/
resource/gcp/*.py``, 2026-12-07); type tokens and property names are those of pulumi-gcp 10.2.0.
The default-service-account check for every GCE VM extends AIP-NODE-013 (``node.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..access import get, strings
from ..documents import PolicyParseError
from ..registry import Res, RuleContext, rule
from .iam import _members

SERVERLESS_IAM = (
    "gcp:cloudrun/iamMember:IamMember",
    "gcp:cloudrun/iamBinding:IamBinding",
    "gcp:cloudrun/iamPolicy:IamPolicy",
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
    "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
    "gcp:cloudfunctions/functionIamMember:FunctionIamMember",
    "gcp:cloudfunctions/functionIamBinding:FunctionIamBinding",
    "gcp:cloudfunctions/functionIamPolicy:FunctionIamPolicy",
    "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember",
    "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding",
    "gcp:cloudfunctionsv2/functionIamPolicy:FunctionIamPolicy",
)
"""IAM member, binding and policy resources of Cloud Run services (v1 and v2) and Cloud Functions
(1st and 2nd gen), pulumi-gcp 10.2.0."""
PUBLIC_MEMBERS = ("allusers", "allauthenticatedusers")

SSL_POLICIES = ("gcp:compute/sSLPolicy:SSLPolicy", "gcp:compute/regionSslPolicy:RegionSslPolicy")
TLS12_VERSIONS = ("TLS_1_2", "TLS_1_3")
WEAK_CUSTOM_FEATURES = (
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
)
"""Cipher suites Checkov CKV_GCP_4 (GoogleComputeSSLPolicy.py) rejects in a CUSTOM profile: no forward
secrecy (RSA key exchange) or 3DES (CIS GCP Foundations 3.9, as cited by Checkov)."""


@rule(
    "AIP-IAM-024",
    "serverless-not-public",
    title="Cloud Run services and Cloud Functions are not invokable by allUsers or allAuthenticatedUsers",
    severity="high",
    enforcement="mandatory",
    types=SERVERLESS_IAM,
    description="IAM members, bindings and policies of Cloud Run services (v1 and v2) and Cloud Functions (1st and 2nd gen) grant nothing to allUsers or allAuthenticatedUsers.",
    rationale="A public inference or data service answers anyone on the internet: model theft by query, cost runaway on GPU-backed services and whatever the service account behind it can reach; allAuthenticatedUsers is any Google account.",
    remediation="Grant roles/run.invoker (roles/cloudfunctions.invoker) to named service accounts or groups; publish public APIs through a load balancer with IAP or API Gateway with an authenticator.",
    unknown="An unknown member list or policy gives an unknown verdict.",
    peers=("Checkov CKV_GCP_102", "Checkov CKV_GCP_107"),
    equivalents=(
        "Members, bindings and policies (policyData as JSON text or a mapping) of Cloud Run v1 and v2 services and Cloud Functions 1st and 2nd gen are judged alike.",
        "allUsers and allAuthenticatedUsers are compared case-insensitively without surrounding blanks; both are public.",
    ),
)
def iam_024(res: Res, ctx: RuleContext) -> Iterator[str]:
    try:
        pairs = _members(res)
    except (PolicyParseError, ValueError) as exc:
        yield f"policyData cannot be parsed: {exc}."
        return
    for role, member in pairs:
        if member.strip().lower() in PUBLIC_MEMBERS:
            yield f"grants {role or 'access'} to {member.strip()}."


@rule(
    "AIP-NET-025",
    "gcp-ssl-policy-tls12",
    title="GCP SSL policies require TLS 1.2 and strong ciphers",
    severity="medium",
    enforcement="mandatory",
    types=SSL_POLICIES,
    description="Global and regional SSL policies set minTlsVersion TLS_1_2 or TLS_1_3 (unset is TLS_1_0) with the MODERN or RESTRICTED profile; the COMPATIBLE profile (the default) fails, and a CUSTOM profile passes only without RSA key-exchange or 3DES suites.",
    rationale="Load balancers in front of inference and notebook endpoints that accept TLS 1.0/1.1 or non-forward-secret ciphers expose tokens and prompts to downgrade and decryption.",
    remediation="Set min_tls_version='TLS_1_2' and profile='MODERN' (or 'RESTRICTED') on gcp.compute.SSLPolicy / gcp.compute.RegionSslPolicy and attach it to the target HTTPS/SSL proxy.",
    unknown="An unknown minTlsVersion, profile or customFeatures gives an unknown verdict.",
    peers=("Checkov CKV_GCP_4",),
    equivalents=(
        "minTlsVersion unset is TLS_1_0; profile unset is COMPATIBLE; values compared case-insensitively.",
        "Global and regional SSL policies are judged alike.",
    ),
)
def net_025(res: Res, ctx: RuleContext) -> Iterator[str]:
    version = str(get(res.props, "minTlsVersion") or "TLS_1_0").strip().upper()
    profile = str(get(res.props, "profile") or "COMPATIBLE").strip().upper()
    if version not in TLS12_VERSIONS:
        yield f"minTlsVersion is {version}: clients may use TLS 1.0/1.1."
    if profile == "COMPATIBLE":
        yield "profile is COMPATIBLE: the widest set of clients and the weakest cipher suites are allowed."
    elif profile == "CUSTOM":
        weak = [
            f for f in strings(get(res.props, "customFeatures")) if f.strip().upper() in WEAK_CUSTOM_FEATURES
        ]
        if weak:
            yield f"customFeatures include {', '.join(weak)} (no forward secrecy or 3DES)."
