"""AIP-SVC: risks platform services open: database backups, public endpoints, notebook login.

CMK encryption, public access and deletion protection of RDS/Cloud SQL are AIP-DATA-010's; this
module adds what it does not judge (automated backups with point-in-time recovery), Kubernetes
Services and service Helm releases reachable from the internet, and JupyterHub without a real
authenticator. Rules read resource types and properties only; any Pulumi program is judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..access import as_float, get, is_false, is_true
from ..registry import Res, RuleContext, rule, string_list
from .common import CLOUD_SQL, RDS_CLUSTER, RDS_INSTANCE

K8S_SERVICE = "kubernetes:core/v1:Service"
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"
INTERNAL_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": ("true",),
    "service.beta.kubernetes.io/aws-load-balancer-scheme": ("internal",),
    "networking.gke.io/load-balancer-type": ("Internal",),
    "cloud.google.com/load-balancer-type": ("Internal",),
}
"""Annotations that make a LoadBalancer Service internal on EKS and GKE."""
PUBLIC_EXCEPTION = "aiinfra.io/public-exception"
"""Annotation carrying the written reason a Service is internet-facing."""
SERVICE_CHARTS = {
    # chart -> (path of the service type in values, path of its annotations, the chart's default type)
    "jupyterhub": (("proxy", "service", "type"), ("proxy", "service", "annotations"), "LoadBalancer"),
    "label-studio": (("app", "service", "type"), ("app", "service", "annotations"), "ClusterIP"),
}
DUMMY_AUTHENTICATORS = ("dummy", "jupyterhub.auth.DummyAuthenticator", "null", "nullauthenticator")


def _chart(res: Res) -> str:
    return str(get(res.props, "chart") or "").rstrip("/").rsplit("/", 1)[-1]


def _public(kind: Any, annotations: Any) -> tuple[bool, str | None]:
    """(is an internet-facing load balancer, its written exception)."""
    if kind != "LoadBalancer":
        return False, None
    notes: Mapping[str, Any] = annotations if isinstance(annotations, Mapping) else {}
    internal = any(str(notes.get(k)) in allowed for k, allowed in INTERNAL_ANNOTATIONS.items() if k in notes)
    exception = notes.get(PUBLIC_EXCEPTION)
    return not internal, (str(exception) if exception else None)


def _endpoints(res: Res) -> Iterator[tuple[str, bool, str | None]]:
    """(what, public, exception) for a Service or a service chart's release."""
    if res.type == K8S_SERVICE:
        public, exception = _public(get(res.props, "spec", "type"), get(res.props, "metadata", "annotations"))
        yield f"Service '{res.name}'", public, exception
        return
    chart = _chart(res)
    if chart in SERVICE_CHARTS:
        type_path, notes_path, default = SERVICE_CHARTS[chart]
        kind = get(res.props, "values", *type_path, default=default)
        public, exception = _public(kind, get(res.props, "values", *notes_path))
        yield f"Helm release '{res.name}' ({chart} {'.'.join(type_path)})", public, exception


@rule(
    "AIP-SVC-001",
    "managed-database-backups",
    title="Managed databases keep automated backups with point-in-time recovery",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_133", "Checkov CKV_GCP_14"),
    types=(RDS_INSTANCE, RDS_CLUSTER, CLOUD_SQL),
    description="RDS instances and clusters keep automated backups for at least minRetentionDays and take a final snapshot on delete; Cloud SQL instances have automated backups and point-in-time recovery on.",
    rationale="An experiment tracker or model registry database holds the lineage of every model; without backups one bad migration or deletion loses which data and code produced a deployed model.",
    remediation="Keep automated backups (with point-in-time recovery) for at least a week and a final snapshot on delete.",
    fixes={
        "aws": "Set backup_retention_period >= 7 and skip_final_snapshot=False (with final_snapshot_identifier) on aws.rds.Instance / aws.rds.Cluster.",
        "gcp": "Set settings.backup_configuration.enabled=True and point_in_time_recovery_enabled=True on gcp.sql.DatabaseInstance.",
    },
    unknown="Unknown backup settings give an unknown verdict.",
    references=("CKV_AWS_133", "CKV_GCP_14", "AVD-AWS-0077", "AVD-GCP-0024"),
    config={
        "minRetentionDays": {
            "type": "integer",
            "default": 7,
            "description": "Fewest days of automated backups.",
        }
    },
)
def svc_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type in (RDS_INSTANCE, RDS_CLUSTER):
        minimum = int(ctx.config.get("minRetentionDays", 7))
        days = as_float(get(res.props, "backupRetentionPeriod"))
        if days is None or days < minimum:
            shown = "unset (1 day)" if days is None else f"{days:g} days"
            yield f"backupRetentionPeriod is {shown}; at least {minimum} days are required."
        if is_true(get(res.props, "skipFinalSnapshot")):
            yield "skipFinalSnapshot is true (deleting the database leaves no snapshot)."
        return
    backups = get(res.props, "settings", "backupConfiguration")
    if not is_true(get(backups, "enabled")):
        yield "settings.backupConfiguration.enabled is not true (no automated backups)."
    if str(get(res.props, "databaseVersion", default="")).startswith("POSTGRES") and not is_true(
        get(backups, "pointInTimeRecoveryEnabled")
    ):
        yield "settings.backupConfiguration.pointInTimeRecoveryEnabled is not true."


@rule(
    "AIP-SVC-002",
    "no-public-service-endpoints",
    title="Platform service endpoints are not internet-facing without a written exception",
    severity="high",
    enforcement="mandatory",
    types=(K8S_SERVICE, HELM_RELEASE),
    description="Kubernetes Services of type LoadBalancer, and the JupyterHub / Label Studio releases' service settings, carry an internal load-balancer annotation (EKS aws-load-balancer-internal / -scheme internal, GKE load-balancer-type Internal) or an aiinfra.io/public-exception annotation stating why they are public.",
    rationale="A notebook hub or experiment tracker on the internet exposes code execution, credentials and model artefacts to credential stuffing and zero-days; platform services belong inside the network.",
    remediation="Use ClusterIP or an internal load balancer; if a public endpoint is approved, state it in the service's exposure.public_exception (the aiinfra.io/public-exception annotation), which AIP-SVC-003 keeps visible.",
    fixes={
        "aws": "Annotate the Service service.beta.kubernetes.io/aws-load-balancer-internal: 'true' (or aws-load-balancer-scheme: internal).",
        "gcp": "Annotate the Service networking.gke.io/load-balancer-type: Internal.",
        "onprem": "Use ClusterIP or an address pool that is not routed from the internet, and no LoadBalancer type.",
    },
    unknown="An unknown service type or annotation gives an unknown verdict.",
    references=("NIST SP 800-53 SC-7", "NIST SP 800-190 4.4"),
)
def svc_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    for what, public, exception in _endpoints(res):
        if public and exception is None:
            yield f"{what} is an internet-facing load balancer without an internal annotation or {PUBLIC_EXCEPTION}."


@rule(
    "AIP-SVC-003",
    "public-service-exceptions-visible",
    title="Approved public service endpoints stay visible",
    severity="medium",
    enforcement="advisory",
    types=(K8S_SERVICE, HELM_RELEASE),
    description="Every internet-facing platform service endpoint that carries an aiinfra.io/public-exception is reported with its reason, so the exception is reviewed rather than forgotten.",
    rationale="An exception is a decision with an owner and an end date; reporting it on every check keeps it in front of reviewers.",
    remediation="Remove the exception (ClusterIP or internal load balancer) when it is no longer needed.",
    unknown="An unknown service type or annotation gives an unknown verdict.",
    references=("NIST SP 800-53 CA-7",),
)
def svc_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    for what, public, exception in _endpoints(res):
        if public and exception is not None:
            yield f"{what} is internet-facing by exception: {exception}"


@rule(
    "AIP-SVC-004",
    "notebook-authenticator",
    title="JupyterHub authenticates users against an identity provider",
    severity="critical",
    enforcement="mandatory",
    types=(HELM_RELEASE,),
    description="JupyterHub (Zero to JupyterHub chart) releases set hub.config.JupyterHub.authenticator_class to a real authenticator; the chart default 'dummy' (any user name, any or a shared password) and null authenticators are allowed only in environment 'dev' or for releases listed in devReleases.",
    rationale="A notebook server is arbitrary code execution with the workload's identity, GPUs and data access; the dummy authenticator hands that to anyone who reaches the hub.",
    remediation="Configure an OAuth/OIDC authenticator (services.notebooks.authenticator: oidc with the provider's endpoints).",
    fixes={
        "any": "Set hub.config.JupyterHub.authenticator_class: generic-oauth and hub.config.GenericOAuthenticator.*."
    },
    unknown="Unknown values give an unknown verdict.",
    references=("OWASP ASVS V2", "NIST SP 800-53 IA-2"),
    config={
        "devReleases": string_list(
            [], "Release names (resource names) of dev hubs allowed the dummy authenticator."
        )
    },
)
def svc_004(res: Res, ctx: RuleContext) -> Iterator[str]:
    if _chart(res) != "jupyterhub" or res.name.lower() in ctx.words("devReleases"):
        return
    if ctx.environment(res).lower() == "dev":
        return
    kind = get(res.props, "values", "hub", "config", "JupyterHub", "authenticator_class", default="dummy")
    if str(kind) in DUMMY_AUTHENTICATORS or is_false(kind):
        yield f"JupyterHub release '{res.name}' uses authenticator_class {kind!r}: anyone who reaches the hub logs in."
