"""Pass, fail and unknown-value fixtures of the rules for the gaps Checkov found (AIP-*-050..052).

Imported by ``policy_fixtures`` (merged into ``FIXTURES``); the equivalence classes of the same rules
are ``SCANNER_GAP_CLASSES`` below (merged into ``equivalences.CLASSES``).
"""

from __future__ import annotations

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

VPC = "aws:ec2/vpc:Vpc"
DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
SGR = "aws:ec2/securityGroupRule:SecurityGroupRule"
SGI = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
GKE = "gcp:container/cluster:Cluster"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
RDS = "aws:rds/instance:Instance"
TRAIL = "aws:cloudtrail/trail:Trail"
DEPLOY = "kubernetes:apps/v1:Deployment"
DAEMONSET = "kubernetes:apps/v1:DaemonSet"
JOB = "kubernetes:batch/v1:Job"
CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup"
DIGEST = "sha256:" + "ab" * 32
PROBE = {"httpGet": {"path": "/health", "port": "http"}}


def vpc(name: str = "vpc") -> Spec:
    return Spec(VPC, name, {"cidrBlock": "10.0.0.0/16"})


def default_sg(name: str = "vpc-default-sg", vpc_name: str = "vpc", **inputs) -> Spec:
    return Spec(DSG, name, {"vpcId": UNKNOWN, **inputs}, deps={"vpcId": [vpc_name]})


def cluster(**inputs) -> Spec:
    return Spec(GKE, "gke", {"name": "gke", **inputs})


GOOD_FLAGS = [
    {"name": "cloudsql.iam_authentication", "value": "on"},
    {"name": "log_checkpoints", "value": "on"},
    {"name": "log_connections", "value": "on"},
    {"name": "log_disconnections", "value": "on"},
    {"name": "log_lock_waits", "value": "on"},
    {"name": "log_min_messages", "value": "warning"},
    {"name": "log_min_error_statement", "value": "error"},
    {"name": "log_statement", "value": "ddl"},
    {"name": "log_min_duration_statement", "value": "-1"},
    {"name": "log_temp_files", "value": "0"},
    {"name": "cloudsql.enable_pgaudit", "value": "on"},
]


def sql(flags=GOOD_FLAGS, version="POSTGRES_17") -> Spec:
    return Spec(
        SQL,
        "db",
        {"databaseVersion": version, "settings": {"tier": "db-custom-2-7680", "databaseFlags": flags}},
    )


def flags_with(name: str, value: str) -> list[dict]:
    return [f if f["name"] != name else {"name": name, "value": value} for f in GOOD_FLAGS]


GOOD_RDS = {
    "engine": "postgres",
    "enabledCloudwatchLogsExports": ["postgresql", "upgrade"],
    "monitoringInterval": 60.0,
    "monitoringRoleArn": UNKNOWN,
}


def rds(**inputs) -> Spec:
    return Spec(RDS, "db", {**GOOD_RDS, **inputs})


def trail(**inputs) -> Spec:
    return Spec(TRAIL, "audit", {"isMultiRegionTrail": True, **inputs})


def container(name: str = "app", **extra) -> dict:
    return {"name": name, "image": f"example.com/app:1.0@{DIGEST}", "livenessProbe": PROBE, **extra}


def deployment(*containers: dict, kind: str = DEPLOY, init: tuple[dict, ...] = ()) -> Spec:
    spec = {"containers": list(containers)}
    if init:
        spec["initContainers"] = list(init)
    return Spec(
        kind,
        "app",
        {"metadata": {"name": "app", "namespace": "ml"}, "spec": {"template": {"spec": spec}}},
    )


def config_group(*containers: dict) -> Spec:
    import json

    obj = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "app", "namespace": "ml"},
        "spec": {"template": {"spec": {"containers": list(containers)}}},
    }
    return Spec(CONFIG_GROUP, "group", {"yaml": [json.dumps(obj)]})


SCANNER_GAP_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-NET-050": {
        P: Fixture([vpc(), default_sg(ingress=[], egress=[])]),
        F: Fixture([vpc(), vpc("other"), default_sg()]),
        U: Fixture([vpc(), default_sg(ingress=UNKNOWN, egress=[])], expect=U),
    },
    "AIP-NET-051": {
        P: Fixture([cluster(enableIntranodeVisibility=True)]),
        F: Fixture([cluster()]),
        U: Fixture([cluster(enableIntranodeVisibility=UNKNOWN)], expect=U),
    },
    "AIP-NODE-050": {
        P: Fixture([cluster(binaryAuthorization={"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"})]),
        F: Fixture([cluster(binaryAuthorization={"evaluationMode": "DISABLED"})]),
        U: Fixture([cluster(binaryAuthorization={"evaluationMode": UNKNOWN})], expect=U),
    },
    "AIP-DATA-050": {
        P: Fixture([sql(), Spec(SQL, "mysql", {"databaseVersion": "MYSQL_8_0", "settings": {}})]),
        F: Fixture([sql([{"name": "cloudsql.iam_authentication", "value": "on"}])]),
        U: Fixture([sql(flags=UNKNOWN)], expect=U),
    },
    "AIP-DATA-051": {
        P: Fixture([rds()]),
        F: Fixture([rds(monitoringInterval=0.0, enabledCloudwatchLogsExports=[])]),
        U: Fixture([rds(monitoringInterval=UNKNOWN)], expect=U),
    },
    "AIP-AUD-050": {
        P: Fixture([trail(cloudWatchLogsGroupArn=UNKNOWN, cloudWatchLogsRoleArn=UNKNOWN)]),
        F: Fixture([trail()]),
        U: Fixture([trail(cloudWatchLogsGroupArn=UNKNOWN, cloudWatchLogsRoleArn=UNKNOWN)], expect=P),
    },
    "AIP-K8S-050": {
        P: Fixture(
            [
                deployment(container()),
                Spec(JOB, "job", {"spec": {"template": {"spec": {"containers": [{"name": "x"}]}}}}),
            ]
        ),
        F: Fixture([deployment(container(livenessProbe=None))]),
        U: Fixture(
            [
                Spec(
                    DEPLOY,
                    "app",
                    {"metadata": {"name": "app"}, "spec": {"template": {"spec": {"containers": UNKNOWN}}}},
                )
            ],
            expect=U,
        ),
    },
    "AIP-K8S-051": {
        P: Fixture(
            [
                deployment(
                    container(
                        env=[
                            {"name": "DB_URI", "valueFrom": {"secretKeyRef": {"name": "db", "key": "uri"}}},
                            {"name": "HOME", "value": "/tmp"},
                            {"name": "TOKEN_FILE", "value": "/var/run/secrets/token"},
                        ]
                    )
                )
            ]
        ),
        F: Fixture([deployment(container(env=[{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]))]),
        U: Fixture([deployment(container(env=[{"name": "DB_PASSWORD", "value": UNKNOWN}]))], expect=P),
    },
    "AIP-K8S-052": {
        P: Fixture([deployment(container())]),
        F: Fixture([deployment(container(image="ghcr.io/mlflow/mlflow:v3.18.0-full"))]),
        U: Fixture([deployment(container(image=UNKNOWN))], expect=U),
    },
}
