"""AWS services at the edge of an AI platform: ECR, Lambda function URLs, SQS, API Gateway, ECS, EC2
monitoring and the IAM account password policy.

Peers are Checkov checks read from the checkov 3.3.30 wheel (PyPI, ``checkov/terraform/checks/
resource/aws/*.py`` and ``graph_checks/aws/*.json``, 2026-12-07); property names are those of
pulumi-aws 7.51.1. Observability-only checks (access logs, Container Insights, detailed monitoring,
client certificates to the backend) are advisory: their absence is a gap in evidence, not an opening.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from ..access import UnknownValueError, as_float, as_list, get, is_false, is_true
from ..registry import Res, RuleContext, StackView, rule
from .common import SQS_QUEUE, key_reference_ok

ECR_REPOSITORY = "aws:ecr/repository:Repository"
ECR_REGISTRY_SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
LAMBDA_URL = "aws:lambda/functionUrl:FunctionUrl"
REST_STAGE = "aws:apigateway/stage:Stage"
HTTP_STAGE = "aws:apigatewayv2/stage:Stage"
HTTP_API = "aws:apigatewayv2/api:Api"
REST_DOMAIN = "aws:apigateway/domainName:DomainName"
HTTP_DOMAIN = "aws:apigatewayv2/domainName:DomainName"
ECS_CLUSTER = "aws:ecs/cluster:Cluster"
EC2_INSTANCE = "aws:ec2/instance:Instance"
PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"

IMMUTABLE_TAGS = ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION")
"""imageTagMutability values that make tags immutable (pulumi-aws 7.51.1 aws.ecr.Repository docs:
MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION; default MUTABLE)."""

TLS12_API_POLICIES = (
    "TLS_1_2",
    "SecurityPolicy_TLS12_2018_EDGE",
    "SecurityPolicy_TLS12_PFS_2025_EDGE",
    "SecurityPolicy_TLS13_1_2_2021_06",
    "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_PQ_2025_09",
    "SecurityPolicy_TLS13_1_3_2025_09",
    "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
    "SecurityPolicy_TLS13_2025_EDGE",
)
"""API Gateway security policies with TLS 1.2 or later as the minimum: the list of Checkov
CKV_AWS_206 (APIGatewayDomainNameTLS.py in checkov 3.3.30, which cites the API Gateway developer
guide 'apigateway-security-policies-list')."""


# ---------------------------------------------------------------- ECR
def _registry_scans(stack: StackView) -> list[str]:
    """Repository filters (wildcards) the registry scanning configuration scans on push or
    continuously; empty when the program has none."""
    out: list[str] = []
    for cfg in stack.of(ECR_REGISTRY_SCANNING):
        for r in as_list(get(cfg.props, "rules")):
            if str(get(r, "scanFrequency") or "") in ("SCAN_ON_PUSH", "CONTINUOUS_SCAN"):
                out.extend(str(get(f, "filter") or "") for f in as_list(get(r, "repositoryFilters")))
    return out


@rule(
    "AIP-SVC-020",
    "ecr-immutable-scanned",
    title="ECR repositories use immutable tags and scan images on push",
    severity="medium",
    enforcement="mandatory",
    types=(ECR_REPOSITORY, ECR_REGISTRY_SCANNING),
    stack=True,
    description="ECR repositories set imageTagMutability IMMUTABLE (or IMMUTABLE_WITH_EXCLUSION) and scan images on push: imageScanningConfiguration.scanOnPush, or a registry scanning configuration rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) whose filter matches the repository.",
    rationale="Model-serving and training images are pulled by tag onto GPU nodes: a mutable tag lets whoever can push replace a serving image in place, and unscanned images ship known CVEs into the cluster.",
    remediation="Set image_tag_mutability='IMMUTABLE' and image_scanning_configuration={'scan_on_push': True} on aws.ecr.Repository (or one aws.ecr.RegistryScanningConfiguration with scan_type 'ENHANCED' and a '*' filter).",
    unknown="An unknown mutability or scan setting gives an unknown verdict; an unknown repository name is matched only by a '*' registry filter.",
    peers=("Checkov CKV_AWS_51", "Checkov CKV_AWS_163"),
    equivalents=(
        "scanOnPush on the repository and a registry scanning rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) whose wildcard filter matches the repository name are one safeguard.",
        "imageTagMutability IMMUTABLE and IMMUTABLE_WITH_EXCLUSION are immutable; unset is MUTABLE.",
    ),
)
def svc_020(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    repos = stack.of(ECR_REPOSITORY)
    if not repos:
        return
    filters = _registry_scans(stack)
    for repo in repos:
        mutability = get(repo.props, "imageTagMutability") or "MUTABLE"
        if str(mutability).upper() not in IMMUTABLE_TAGS:
            yield (
                repo.urn,
                f"imageTagMutability is {mutability}: a push can replace an image under an existing tag.",
            )
        if is_true(get(repo.props, "imageScanningConfiguration", "scanOnPush")):
            continue
        try:
            name = get(repo.props, "name") or repo.name
        except UnknownValueError:
            name = None
        if any(f == "*" or (name is not None and fnmatch.fnmatchcase(str(name), f)) for f in filters):
            continue
        yield (
            repo.urn,
            "images are not scanned on push (no scanOnPush and no registry scanning rule covers the repository).",
        )


# ---------------------------------------------------------------- Lambda
@rule(
    "AIP-IAM-021",
    "lambda-url-auth",
    title="Lambda function URLs require IAM authentication",
    severity="high",
    enforcement="mandatory",
    types=(LAMBDA_URL,),
    description="Lambda function URLs set authorizationType AWS_IAM, not NONE.",
    rationale="A function URL with auth NONE is a public HTTPS endpoint: anyone can invoke the inference or data function, run up its cost and reach whatever its role can read.",
    remediation="Set authorization_type='AWS_IAM' on aws.lambda_.FunctionUrl and front public traffic with API Gateway or CloudFront with an authorizer.",
    unknown="An unknown authorizationType gives an unknown verdict.",
    peers=("Checkov CKV_AWS_258",),
    equivalents=(
        "authorizationType is compared case-insensitively without surrounding blanks ('none', ' NONE').",
    ),
)
def iam_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    if str(get(res.props, "authorizationType") or "").strip().upper() == "NONE":
        yield "authorizationType is NONE: anyone on the internet can invoke the function."


# ---------------------------------------------------------------- SQS
@rule(
    "AIP-ENC-023",
    "sqs-encrypted",
    title="SQS queues are encrypted",
    severity="medium",
    enforcement="mandatory",
    types=(SQS_QUEUE,),
    description="SQS queues do not turn server-side encryption off: sqsManagedSseEnabled is not false unless kmsMasterKeyId names a KMS key. Unset passes, unlike Checkov CKV_AWS_27: SQS encrypts every queue created over HTTPS with Signature Version 4 (as the provider creates them) with SSE-SQS by default (AWS Compute Blog, 'Announcing server-side encryption with Amazon SQS-managed encryption keys (SSE-SQS) by default', read 2026-12-07), and the provider sends nothing when it is unset.",
    rationale="Queues between pipeline stages carry job payloads, dataset paths and sometimes prompts; an unencrypted queue stores them in clear.",
    remediation="Set kms_master_key_id to a customer-managed aws.kms.Key (preferred) or keep sqs_managed_sse_enabled=True on aws.sqs.Queue.",
    unknown="An unknown kmsMasterKeyId passes (a key created in the same program); an unknown sqsManagedSseEnabled gives an unknown verdict.",
    peers=("Checkov CKV_AWS_27",),
    equivalents=(
        "sqsManagedSseEnabled false and 'false' turn SSE-SQS off; a kmsMasterKeyId (any key, also alias/aws/sqs) encrypts the queue either way.",
    ),
)
def enc_023(res: Res, ctx: RuleContext) -> Iterator[str]:
    if key_reference_ok(res, "kmsMasterKeyId"):
        return
    if is_false(get(res.props, "sqsManagedSseEnabled")):
        yield "sqsManagedSseEnabled is false and no kmsMasterKeyId is set: messages are stored unencrypted."


# ---------------------------------------------------------------- API Gateway
@rule(
    "AIP-OBS-021",
    "api-gateway-access-logs",
    title="API Gateway stages write access logs",
    severity="low",
    enforcement="advisory",
    types=(REST_STAGE, HTTP_STAGE),
    description="REST (aws.apigateway.Stage) and HTTP/WebSocket (aws.apigatewayv2.Stage) API stages set accessLogSettings.destinationArn.",
    rationale="Advisory: an inference API without access logs leaves no record of who called which model, from where, with which result.",
    remediation="Set access_log_settings={'destination_arn': log_group.arn, 'format': ...} on the stage.",
    unknown="An unknown destinationArn passes (a log group created in the same program); an unknown accessLogSettings block gives an unknown verdict.",
    peers=("Checkov CKV_AWS_76",),
    equivalents=("REST and HTTP API stages are judged alike; an empty destinationArn is no destination.",),
)
def obs_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    get(res.props, "accessLogSettings")  # an unknown block is an unknown verdict, not a reference
    if not key_reference_ok(res, "accessLogSettings", "destinationArn"):
        yield "accessLogSettings.destinationArn is not set: the stage writes no access logs."


@rule(
    "AIP-NET-023",
    "api-gateway-domain-tls12",
    title="API Gateway custom domains require TLS 1.2 or later",
    severity="medium",
    enforcement="mandatory",
    types=(REST_DOMAIN, HTTP_DOMAIN),
    description="REST API custom domains (aws.apigateway.DomainName securityPolicy) and HTTP/WebSocket API custom domains (aws.apigatewayv2.DomainName domainNameConfiguration.securityPolicy) use a TLS 1.2+ security policy; an unset REST securityPolicy fails, as in Checkov.",
    rationale="TLS 1.0/1.1 on the public name of an inference API allows downgrade attacks against its clients' tokens and prompts.",
    remediation="Set security_policy='TLS_1_2' (or a SecurityPolicy_TLS13_* policy) on aws.apigateway.DomainName, domain_name_configuration.security_policy='TLS_1_2' on aws.apigatewayv2.DomainName.",
    unknown="An unknown securityPolicy gives an unknown verdict.",
    peers=("Checkov CKV_AWS_206",),
    equivalents=(
        "REST and HTTP API custom domains are judged alike; TLS_1_0 and an unset REST policy are both below TLS 1.2.",
    ),
)
def net_023(res: Res, ctx: RuleContext) -> Iterator[str]:
    if res.type == HTTP_DOMAIN:
        configs = as_list(get(res.props, "domainNameConfiguration"))
        policies = [get(c, "securityPolicy") for c in configs] or [None]
    else:
        policies = [get(res.props, "securityPolicy")]
    for policy in policies:
        if policy not in TLS12_API_POLICIES:
            shown = f"{policy!r}" if policy else "unset"
            yield f"securityPolicy is {shown}: clients may connect with TLS below 1.2."


@rule(
    "AIP-NET-024",
    "api-gateway-client-certificate",
    title="API Gateway REST and WebSocket stages present a client certificate to the backend",
    severity="low",
    enforcement="advisory",
    types=(REST_STAGE, HTTP_STAGE),
    stack=True,
    description="REST API stages and WebSocket API stages set clientCertificateId so the backend can verify calls come from API Gateway; HTTP API stages (which have no client certificates) pass, as in Checkov CKV2_AWS_51.",
    rationale="Advisory: without a client certificate a backend reachable on the internet cannot tell API Gateway's calls from anyone else's.",
    remediation="Create an aws.apigateway.ClientCertificate and set client_certificate_id on the stage; have the backend require it.",
    unknown="An unknown clientCertificateId passes (a certificate created in the same program); an unknown protocolType of the joined API gives an unknown verdict.",
    peers=("Checkov CKV2_AWS_51",),
    equivalents=(
        "A v2 stage is judged by its API's protocolType (joined by dependency on apiId): WEBSOCKET like a REST stage, HTTP passes; a stage whose API is not in the program passes, as in Checkov.",
    ),
)
def net_024(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for stage in stack.of(REST_STAGE, HTTP_STAGE):
        if key_reference_ok(stage, "clientCertificateId"):
            continue
        if stage.type == HTTP_STAGE:
            apis = stack.resolve(stage.deps_of("apiId"), HTTP_API)
            if not apis or str(get(apis[0].props, "protocolType") or "").upper() != "WEBSOCKET":
                continue
        yield (
            stage.urn,
            "clientCertificateId is not set: the backend cannot authenticate API Gateway's calls.",
        )


# ---------------------------------------------------------------- ECS and EC2
@rule(
    "AIP-OBS-022",
    "ecs-container-insights",
    title="ECS clusters enable Container Insights",
    severity="low",
    enforcement="advisory",
    types=(ECS_CLUSTER,),
    description="ECS clusters have a settings entry containerInsights with value enabled or enhanced.",
    rationale="Advisory: without Container Insights there are no per-task CPU, memory and GPU metrics to size or debug inference services.",
    remediation="Set settings=[{'name': 'containerInsights', 'value': 'enhanced'}] on aws.ecs.Cluster.",
    unknown="An unknown settings list or value gives an unknown verdict.",
    peers=("Checkov CKV_AWS_65",),
    equivalents=("containerInsights 'enabled' and 'enhanced' are both on; 'disabled' and no entry are off.",),
)
def obs_022(res: Res, ctx: RuleContext) -> Iterator[str]:
    for s in as_list(get(res.props, "settings")):
        if get(s, "name") == "containerInsights" and str(get(s, "value") or "").lower() in (
            "enabled",
            "enhanced",
        ):
            return
    yield "containerInsights is not enabled in settings."


@rule(
    "AIP-OBS-023",
    "ec2-detailed-monitoring",
    title="EC2 instances enable detailed monitoring",
    severity="low",
    enforcement="advisory",
    types=(EC2_INSTANCE,),
    description="EC2 instances set monitoring true (one-minute CloudWatch metrics).",
    rationale="Advisory: five-minute metrics hide the short spikes that matter for autoscaling and for spotting a stuck GPU job.",
    remediation="Set monitoring=True on aws.ec2.Instance.",
    unknown="An unknown monitoring flag gives an unknown verdict.",
    peers=("Checkov CKV_AWS_126",),
    equivalents=("monitoring true and 'true' are one setting; unset is basic monitoring.",),
)
def obs_023(res: Res, ctx: RuleContext) -> Iterator[str]:
    if not is_true(get(res.props, "monitoring")):
        yield "monitoring is not true (basic five-minute monitoring)."


# ---------------------------------------------------------------- IAM password policy
CIS_MIN_LENGTH = 14
CIS_REUSE = 24
"""CIS AWS Foundations v6.0.0 2.7 (minimum length 14) and 2.8 (prevent reuse; the steampipe query
iam_account_password_policy_reuse_24 and Checkov CKV_AWS_13 both require 24 remembered passwords)."""


def _number(res: Res, key: str) -> float | None:
    return as_float(get(res.props, key))


@rule(
    "AIP-IAM-022",
    "password-policy-cis",
    title="The IAM account password policy requires 14 characters and prevents reuse",
    severity="medium",
    enforcement="mandatory",
    types=(PASSWORD_POLICY,),
    description="An aws.iam.AccountPasswordPolicy sets minimumPasswordLength to at least 14 and passwordReusePrevention to 24 (CIS AWS Foundations 2.7 and 2.8).",
    rationale="Console users of the AI platform account reach notebooks, buckets and keys; short or recycled passwords are the first thing credential-stuffing tries.",
    remediation="Set minimum_password_length=14 (or more) and password_reuse_prevention=24 on aws.iam.AccountPasswordPolicy.",
    unknown="An unknown length or reuse count gives an unknown verdict.",
    peers=("Checkov CKV_AWS_10", "Checkov CKV_AWS_13"),
    equivalents=(
        "Numbers given as strings ('14') are the numbers; unset length is the AWS default 8 and unset reuse prevention is none.",
    ),
)
def iam_022(res: Res, ctx: RuleContext) -> Iterator[str]:
    length = _number(res, "minimumPasswordLength")
    if length is None or length < CIS_MIN_LENGTH:
        shown = "unset (8)" if length is None else f"{length:g}"
        yield f"minimumPasswordLength is {shown}; CIS asks for at least {CIS_MIN_LENGTH}."
    reuse = _number(res, "passwordReusePrevention")
    if reuse is None or reuse < CIS_REUSE:
        shown = "unset" if reuse is None else f"{reuse:g}"
        yield f"passwordReusePrevention is {shown}; remember the last {CIS_REUSE} passwords."


@rule(
    "AIP-IAM-023",
    "password-policy-complexity",
    title="The IAM account password policy requires character classes and expiry",
    severity="low",
    enforcement="advisory",
    types=(PASSWORD_POLICY,),
    description="An aws.iam.AccountPasswordPolicy requires lowercase, uppercase, numbers and symbols and expires passwords within 90 days, as Checkov asks.",
    rationale="Advisory: CIS AWS Foundations dropped composition and expiry rules and NIST SP 800-63B advises against both; some audits still ask for them.",
    remediation="Set require_lowercase_characters, require_uppercase_characters, require_numbers and require_symbols to True and max_password_age=90 on aws.iam.AccountPasswordPolicy, where your auditors require it.",
    unknown="Unknown flags or age give an unknown verdict.",
    peers=(
        "Checkov CKV_AWS_9",
        "Checkov CKV_AWS_11",
        "Checkov CKV_AWS_12",
        "Checkov CKV_AWS_14",
        "Checkov CKV_AWS_15",
    ),
    equivalents=("true and 'true' are one setting; maxPasswordAge 0 or unset never expires.",),
)
def iam_023(res: Res, ctx: RuleContext) -> Iterator[str]:
    missing = [
        key
        for key in (
            "requireLowercaseCharacters",
            "requireUppercaseCharacters",
            "requireNumbers",
            "requireSymbols",
        )
        if not is_true(get(res.props, key))
    ]
    if missing:
        yield f"{', '.join(missing)} not true."
    age = _number(res, "maxPasswordAge")
    if not age or age > 90:
        yield "maxPasswordAge is unset, 0 or above 90 days."
