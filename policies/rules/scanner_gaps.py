"""AIP rules for the gaps Checkov found in aiinfra's own shipped stacks (issue 28), ids 050..059.

Each rule names the Checkov check it corresponds to (``peers``); the Checkov ids and what they test
were read in the checkov 3.3.30 wheel from PyPI (``checkov/terraform/checks``, ``checkov/kubernetes/
checks``, 2026-12-07). Where aiinfra deliberately does not follow a Checkov finding, the reason is in
``policies/checkov_skips.yaml``, not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..access import UnknownValueError, as_float, as_list, get, is_true, strings
from ..registry import Res, RuleContext, StackView, rule
from .common import (
    CLOUD_SQL,
    CLOUDTRAIL,
    GKE_CLUSTER,
    K8S_CONFIG_GROUPS,
    K8S_WORKLOADS,
    RDS_INSTANCE,
    SG_EGRESS_RULE,
    SG_INGRESS_RULE,
    SG_RULE,
    VPC,
)
from .enc import find_credentials
from .k8s import workloads

DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
_WORKLOAD_TYPES = K8S_WORKLOADS + K8S_CONFIG_GROUPS


# ------------------------------------------------------------------ AWS: the VPC's default group
@rule(
    "AIP-NET-050",
    "vpc-default-security-group-empty",
    title="Every VPC's default security group allows no traffic",
    severity="medium",
    enforcement="advisory",
    types=(VPC, DEFAULT_SG),
    stack=True,
    description="Every VPC the program creates adopts its default security group (aws.ec2.DefaultSecurityGroup depending on the VPC) with no ingress and no egress rules, and no security-group rule resource adds one back.",
    rationale="AWS creates each VPC's default group allowing all traffic between its members and all egress; anything launched without a group (a console test instance, a forgotten ENI) lands in it. Emptying it makes the mistake fail closed.",
    remediation="Add aws.ec2.DefaultSecurityGroup(vpc_id=vpc.id, ingress=[], egress=[]) for each aws.ec2.Vpc and attach no rules to it.",
    unknown="The group is joined to its VPC through the vpcId property dependency. Unknown ingress or egress lists give an unknown verdict.",
    references=("CIS AWS Foundations: the default security group of every VPC restricts all traffic",),
    peers=("Checkov CKV2_AWS_12",),
    equivalents=(
        "Absent ingress/egress and empty lists are one spelling: the provider removes every rule not listed when it adopts the group.",
        "A rule added through aws.ec2.SecurityGroupRule or aws.vpc.SecurityGroupIngressRule/EgressRule on the default group is judged like an inline rule.",
    ),
)
def net_050(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    adopted: dict[str, Res] = {}
    for group in stack.of(DEFAULT_SG):
        for urn in group.deps_of("vpcId"):
            adopted[urn] = group
    rules_on: dict[str, list[Res]] = {}
    for r in stack.of(SG_RULE, SG_INGRESS_RULE, SG_EGRESS_RULE):
        for urn in r.deps_of("securityGroupId"):
            rules_on.setdefault(urn, []).append(r)
    for vpc in stack.of(VPC):
        group = adopted.get(vpc.urn)
        if group is None:
            yield (
                vpc.urn,
                f"VPC '{vpc.name}' keeps the default security group AWS created (all traffic between members, all egress): no aws.ec2.DefaultSecurityGroup adopts it.",
            )
            continue
        for direction in ("ingress", "egress"):
            if as_list(get(group.props, direction)):
                yield (
                    group.urn,
                    f"default security group '{group.name}' of VPC '{vpc.name}' lists {direction} rules.",
                )
        for extra in rules_on.get(group.urn, ()):
            yield extra.urn, f"'{extra.name}' adds a rule to the default security group of VPC '{vpc.name}'."


# ------------------------------------------------------------------ GKE cluster settings
@rule(
    "AIP-NET-051",
    "gke-intranode-visibility",
    title="GKE clusters route same-node Pod traffic through the VPC",
    severity="medium",
    enforcement="advisory",
    types=(GKE_CLUSTER,),
    description="GKE clusters enable intranode visibility, so Pod-to-Pod traffic on one node reaches VPC flow logs and firewall rules (the second half of CIS GKE 5.6.1; AIP-NET-009 checks the flow logs).",
    rationale="Without it, traffic between two Pods on the same node never leaves the node: a compromised notebook talking to a model server next to it is invisible to flow logs and unfiltered by VPC firewall rules.",
    remediation="Set enable_intranode_visibility=True on gcp.container.Cluster (Autopilot clusters have it on by default).",
    unknown="An unknown enableIntranodeVisibility gives an unknown verdict.",
    references=("CIS GKE 1.9.0 5.6.1",),
    peers=("Checkov CKV_GCP_61",),
    equivalents=(
        "An Autopilot cluster (enableAutopilot true) without the field has intranode visibility on (GKE's default there); a Standard cluster without it has it off.",
        "true and the string 'true' are one value.",
    ),
)
def net_051(res: Res, ctx: RuleContext) -> Iterator[str]:
    value = get(res.props, "enableIntranodeVisibility")
    if is_true(value):
        return
    if value is None and is_true(get(res.props, "enableAutopilot")):
        return
    yield "enableIntranodeVisibility is not true: same-node Pod traffic bypasses VPC flow logs and firewall rules."


BINAUTHZ_ENFORCING = (
    "PROJECT_SINGLETON_POLICY_ENFORCE",
    "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE",
)
"""Evaluation modes that enforce the project policy at admission (pulumi-gcp ``binary_authorization.
evaluation_mode``); ``POLICY_BINDINGS`` alone only evaluates platform policies (continuous validation)."""


@rule(
    "AIP-NODE-050",
    "gke-binary-authorization",
    title="GKE clusters enforce Binary Authorization",
    severity="medium",
    enforcement="advisory",
    types=(GKE_CLUSTER,),
    description="GKE clusters evaluate the project's Binary Authorization policy at admission (binaryAuthorization.evaluationMode PROJECT_SINGLETON_POLICY_ENFORCE or POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE).",
    rationale="Admission-time image policy is the one place that can refuse an image from an unexpected registry or without an attestation before it runs next to model weights and training data.",
    remediation="Set binary_authorization={'evaluation_mode': 'PROJECT_SINGLETON_POLICY_ENFORCE'} on gcp.container.Cluster, enable the binaryauthorization.googleapis.com API, and write the project's policy (gcp.binaryauthorization.Policy).",
    unknown="An unknown evaluation mode gives an unknown verdict.",
    references=("CIS GKE 1.9.0 5.1.4",),
    peers=("Checkov CKV_GCP_66",),
    equivalents=(
        "The deprecated spellings binaryAuthorization.enabled true and enableBinaryAuthorization true mean the project policy is enforced (the provider maps them to PROJECT_SINGLETON_POLICY_ENFORCE).",
        "Evaluation modes compare case-insensitively.",
    ),
)
def node_050(res: Res, ctx: RuleContext) -> Iterator[str]:
    mode = get(res.props, "binaryAuthorization", "evaluationMode")
    if isinstance(mode, str) and mode.strip().upper() in BINAUTHZ_ENFORCING:
        return
    if mode is None and (
        is_true(get(res.props, "binaryAuthorization", "enabled"))
        or is_true(get(res.props, "enableBinaryAuthorization"))
    ):
        return
    shown = "unset" if mode is None else f"{str(mode)[:40]!r}"
    yield f"Binary Authorization does not enforce the project policy (evaluationMode {shown})."


# ------------------------------------------------------------------ database logging
PG_BOOLEAN_ON = ("on", "true", "yes", "1")
"""PostgreSQL spellings of boolean true (PostgreSQL manual, "Parameter Names and Values": on, true,
yes, 1, case-insensitive; unique prefixes are accepted too and are not judged here)."""
_SEVERITY = (
    "debug5",
    "debug4",
    "debug3",
    "debug2",
    "debug1",
    "info",
    "notice",
    "warning",
    "error",
    "log",
    "fatal",
    "panic",
)
"""log_min_messages / log_min_error_statement levels, least to most severe (PostgreSQL manual 19.8)."""


def _at_least(level: str) -> tuple[str, ...]:
    return _SEVERITY[_SEVERITY.index(level) :]


CLOUD_SQL_LOG_FLAGS: Mapping[str, tuple[str, ...]] = {
    "log_checkpoints": PG_BOOLEAN_ON,
    "log_connections": PG_BOOLEAN_ON,
    "log_disconnections": PG_BOOLEAN_ON,
    "log_lock_waits": PG_BOOLEAN_ON,
    "log_min_messages": _at_least("warning"),
    "log_min_error_statement": _at_least("error"),
    "log_statement": ("ddl", "mod", "all"),
    "log_min_duration_statement": ("-1",),
    "log_temp_files": ("0",),
    "cloudsql.enable_pgaudit": PG_BOOLEAN_ON,
}
"""Flag -> accepted values: CIS Google Cloud Platform Foundations v3.0.0 6.2.2-6.2.8 (tenable.com's CIS
audit items, read 2026-12-07) plus log_checkpoints, log_lock_waits and log_temp_files of the v1.x
benchmark that Checkov CKV_GCP_51/54/56 still check."""


def _flags(res: Res) -> dict[str, str]:
    out = {}
    for flag in as_list(get(res.props, "settings", "databaseFlags")):
        name = get(flag, "name")
        if isinstance(name, str):
            out[name.strip().lower()] = str(get(flag, "value", default="")).strip().lower()
    return out


@rule(
    "AIP-DATA-050",
    "cloud-sql-postgres-logging",
    title="Cloud SQL for PostgreSQL logs sessions, DDL, lock waits and pgAudit",
    severity="medium",
    enforcement="advisory",
    types=(CLOUD_SQL,),
    description="Cloud SQL PostgreSQL instances set the logging flags CIS recommends: log_checkpoints, log_connections, log_disconnections, log_lock_waits and cloudsql.enable_pgaudit on, log_min_messages warning or stricter, log_min_error_statement error or stricter, log_statement ddl (or more), log_min_duration_statement -1 and log_temp_files 0.",
    rationale="The experiment tracker's and model registry's database holds who changed which model version; without session and DDL logs there is no trail of who connected and altered it.",
    remediation="Add the flags to settings.database_flags of gcp.sql.DatabaseInstance, e.g. {'name': 'log_connections', 'value': 'on'}; for pgAudit also run CREATE EXTENSION pgaudit and set pgaudit.log.",
    unknown="An unknown databaseVersion or flag list gives an unknown verdict; MySQL and SQL Server instances are not judged.",
    references=("CIS GCP Foundations 3.0.0 6.2.2-6.2.8",),
    peers=tuple(f"Checkov CKV_GCP_{n}" for n in (51, 52, 53, 54, 55, 56, 57, 109, 110, 111)),
    equivalents=(
        "PostgreSQL boolean spellings on, true, yes and 1 are one value; flag names and values compare case-insensitively and without surrounding blanks.",
        "Severity levels are ordered: log_min_messages 'error' is stricter than 'warning' and passes.",
    ),
)
def data_050(res: Res, ctx: RuleContext) -> Iterator[str]:
    version = get(res.props, "databaseVersion")
    if not str(version or "").upper().startswith("POSTGRES"):
        return
    flags = _flags(res)
    missing = [name for name, ok in CLOUD_SQL_LOG_FLAGS.items() if flags.get(name) not in ok]
    if missing:
        yield f"database flags missing or weaker than recommended: {', '.join(missing)}."


RDS_MONITORING_INTERVALS = (1.0, 5.0, 10.0, 15.0, 30.0, 60.0)
"""Enhanced Monitoring intervals in seconds that turn it on (0, the default, turns it off)."""


@rule(
    "AIP-DATA-051",
    "rds-logs-and-enhanced-monitoring",
    title="RDS instances export their logs and run Enhanced Monitoring",
    severity="medium",
    enforcement="advisory",
    types=(RDS_INSTANCE,),
    description="RDS DB instances export at least one log type to CloudWatch Logs (enabledCloudwatchLogsExports) and run Enhanced Monitoring (monitoringInterval 1, 5, 10, 15, 30 or 60 with a monitoringRoleArn).",
    rationale="Database logs in the instance expire with it and are invisible to the platform's log search; OS-level metrics are what tells storage pressure from a runaway query on the tracker's database.",
    remediation="Set enabled_cloudwatch_logs_exports=['postgresql', 'upgrade'] (the engine's log types), monitoring_interval=60 and monitoring_role_arn to a role monitoring.rds.amazonaws.com assumes with AmazonRDSEnhancedMonitoringRole.",
    unknown="An unknown export list or interval gives an unknown verdict; an unknown monitoringRoleArn is the output of a role created in the program and passes.",
    peers=("Checkov CKV_AWS_129", "Checkov CKV_AWS_118"),
    equivalents=("monitoringInterval 60, 60.0 and '60' are one value.",),
)
def data_051(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not strings(get(res.props, "enabledCloudwatchLogsExports")):
        yield "enabledCloudwatchLogsExports is empty: the database logs stay inside the instance."
    interval = as_float(get(res.props, "monitoringInterval"))
    if interval not in RDS_MONITORING_INTERVALS:
        yield "Enhanced Monitoring is off (monitoringInterval is unset or 0)."
    else:
        try:
            role = get(res.props, "monitoringRoleArn")
        except UnknownValueError:
            return
        if not role:
            yield "monitoringInterval is set but monitoringRoleArn is not."


# ------------------------------------------------------------------ CloudTrail delivery
@rule(
    "AIP-AUD-050",
    "cloudtrail-cloudwatch-logs",
    title="CloudTrail trails also deliver to CloudWatch Logs",
    severity="low",
    enforcement="advisory",
    types=(CLOUDTRAIL,),
    description="CloudTrail trails send their events to a CloudWatch Logs group (cloudWatchLogsGroupArn and cloudWatchLogsRoleArn), where metric filters and alarms can watch them.",
    rationale="S3 delivery keeps the record; CloudWatch Logs makes it watchable in minutes (root logins, policy changes, key deletion). It costs ingestion on every event the trail records, data events included, hence advisory (docs/audit-and-cost.md).",
    remediation="Create an aws.cloudwatch.LogGroup and a role cloudtrail.amazonaws.com assumes with logs:CreateLogStream and logs:PutLogEvents on it, and set cloud_watch_logs_group_arn=f'{group.arn}:*' and cloud_watch_logs_role_arn on aws.cloudtrail.Trail (aiinfra: audit.cloudwatch_logs_days).",
    unknown="Unknown ARNs are outputs of resources created in the program and pass.",
    peers=("Checkov CKV2_AWS_10",),
)
def aud_050(res: Res, ctx: RuleContext) -> Iterator[str]:
    missing = []
    for key in ("cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"):
        try:
            if not get(res.props, key):
                missing.append(key)
        except UnknownValueError:
            continue
    if missing:
        yield f"the trail does not deliver to CloudWatch Logs ({' and '.join(missing)} unset)."


# ------------------------------------------------------------------ Kubernetes containers
_LONG_RUNNING = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Pod"}


def _main_containers(spec: Any) -> list[tuple[str, Any]]:
    return [(str(get(c, "name") or "container"), c) for c in as_list(get(spec, "containers"))]


def _all_containers(spec: Any) -> list[tuple[str, Any]]:
    out = []
    for field in ("initContainers", "containers", "ephemeralContainers"):
        out += [(str(get(c, "name") or field), c) for c in as_list(get(spec, field))]
    return out


@rule(
    "AIP-K8S-050",
    "container-liveness-probe",
    title="Long-running containers have a liveness probe",
    severity="low",
    enforcement="advisory",
    types=_WORKLOAD_TYPES,
    description="Every container of a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController or Pod defines a livenessProbe (Jobs, CronJobs and init containers are not judged).",
    rationale="A server that deadlocks keeps its Pod Running and Ready-less forever; a liveness probe lets the kubelet restart it instead of waiting for a person.",
    remediation="Add livenessProbe (httpGet on the server's health endpoint, or exec/tcpSocket/grpc) to each container; pair it with a startupProbe when the first start is slow.",
    unknown="An unknown container list gives an unknown verdict.",
    peers=("Checkov CKV_K8S_8",),
    equivalents=(
        "A workload in a yaml/v2 ConfigGroup is judged like the typed resource.",
        "Any probe handler (httpGet, tcpSocket, exec, grpc) counts.",
    ),
)
def k8s_050(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None or kind not in _LONG_RUNNING:
            continue
        for cname, container in _main_containers(spec):
            if not get(container, "livenessProbe"):
                yield f"{kind} {ns}/{name}: container '{cname}' has no livenessProbe."


SECRET_ENV_NAME = re.compile(
    r"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)", re.IGNORECASE
)
"""Environment variable names that announce a credential."""
NOT_A_VALUE = re.compile(r"(_FILE|_PATH|_DIR|_NAME|_REF|_ID|_ARN|_URL|_ENDPOINT|_REGION)$", re.IGNORECASE)
"""Name endings that point at a credential (a file, a Secret's name, an ARN) rather than hold one."""
URI_PASSWORD = re.compile(r"^[a-z][a-z0-9+.\-]*://[^/@:\s]+:[^/@\s]+@", re.IGNORECASE)
"""A URI with a password in its userinfo (``postgresql://user:pass@host``)."""
_VAR_REFERENCE = re.compile(r"^\$\([A-Za-z_][A-Za-z0-9_]*\)$")


def literal_credential(name: str, value: str) -> str | None:
    """What kind of credential a literal env value carries, or None."""
    found = find_credentials(value)
    if found:
        return found[0]
    if URI_PASSWORD.search(value.strip()):
        return "a URI with a password"
    stripped = value.strip()
    if (
        stripped
        and not _VAR_REFERENCE.match(stripped)
        and SECRET_ENV_NAME.search(name)
        and not NOT_A_VALUE.search(name)
    ):
        return f"a value in credential-named variable {name}"
    return None


@rule(
    "AIP-K8S-051",
    "no-literal-credentials-in-env",
    title="Container environment variables carry no literal credentials",
    severity="high",
    enforcement="mandatory",
    types=_WORKLOAD_TYPES,
    description="No container (init and ephemeral included) sets a credential as a literal env value: a password, token or key in a credential-named variable, a URI with a password, or a recognised key format; credentials come from valueFrom.secretKeyRef or a mounted Secret.",
    rationale="A literal env value is in the program, the Pulumi state and every `kubectl get -o yaml`; a Secret reference keeps the value in one place with its own RBAC and encryption.",
    remediation="Put the value in a Kubernetes Secret (or an external secret store) and reference it with env=[{'name': ..., 'valueFrom': {'secretKeyRef': {'name': ..., 'key': ...}}}] or mount it as a file.",
    unknown="An unknown env value is computed from another resource, not a literal in the program: it passes. Values that are only a $(VAR) reference pass.",
    peers=("Checkov CKV_K8S_35",),
    equivalents=(
        "A credential in an init or ephemeral container is judged like one in a main container; so is a workload in a yaml/v2 ConfigGroup.",
        "Variable names compare case-insensitively; names ending in _FILE, _PATH, _NAME, _REF, _ID, _ARN, _URL point at a credential and are not judged by name.",
    ),
)
def k8s_051(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None:
            continue
        for cname, container in _all_containers(spec):
            for env in as_list(get(container, "env")):
                try:
                    value = get(env, "value")
                except UnknownValueError:
                    continue
                if not isinstance(value, str):
                    continue
                var = str(get(env, "name") or "")
                kind_found = literal_credential(var, value)
                if kind_found:
                    yield f"{kind} {ns}/{name}: container '{cname}' env {var} holds {kind_found} as a literal."


@rule(
    "AIP-K8S-052",
    "image-pinned-by-digest",
    title="Container images are pinned by digest",
    severity="low",
    enforcement="advisory",
    types=_WORKLOAD_TYPES,
    description="Every container image reference carries a digest (image@sha256:...), so the bytes that run are the bytes that were reviewed.",
    rationale="A tag can be moved to other content by whoever controls the registry; a digest cannot. Tags stay readable when written as name:tag@sha256:digest.",
    remediation="Resolve the tag once (crane digest IMAGE:TAG, or the registry's manifest) and write IMAGE:TAG@sha256:<digest>; let a bot (Renovate) update it.",
    unknown="An unknown image gives an unknown verdict.",
    peers=("Checkov CKV_K8S_43",),
    equivalents=(
        "name@sha256:d and name:tag@sha256:d are both pinned; a tag alone, 'latest' and no tag are not.",
    ),
)
def k8s_052(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None:
            continue
        for cname, container in _all_containers(spec):
            image = get(container, "image")
            if not isinstance(image, str) or not re.search(r"@sha256:[0-9a-f]{64}$", image.strip()):
                shown = image[:80] if isinstance(image, str) else "unset"
                yield f"{kind} {ns}/{name}: container '{cname}' image {shown} is not pinned by digest."
