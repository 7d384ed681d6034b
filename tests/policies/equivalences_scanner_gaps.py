"""Equivalence classes of the rules for the gaps Checkov found (AIP-*-050..052); merged into
``equivalences.CLASSES``. Same shape as the classes there: fixed examples plus a generator."""

from __future__ import annotations

from equivalences import EquivalenceClass
from fixtures_scanner_gaps import (
    DIGEST,
    PROBE,
    SGI,
    SGR,
    cluster,
    config_group,
    container,
    default_sg,
    deployment,
    flags_with,
    rds,
    sql,
    vpc,
)
from hypothesis import strategies as st
from policy_fixtures import Spec

from aiinfra.engine.model import UNKNOWN

_rule_on_default = st.sampled_from([SGR, SGI]).map(
    lambda t: [
        vpc(),
        default_sg(),
        Spec(t, "extra", {"securityGroupId": UNKNOWN}, deps={"securityGroupId": ["vpc-default-sg"]}),
    ]
)

_ON = st.sampled_from(["on", "ON", "true", "True", "yes", "1", " on "])
_STRICT_MESSAGES = st.sampled_from(["warning", "WARNING", "error", "log", "fatal", "panic"])
_WEAK_MESSAGES = st.sampled_from(["notice", "info", "debug1", "DEBUG5"])
_ENV_LITERAL = st.sampled_from(["DB_PASSWORD", "db_password", "API_KEY", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY"])
_POINTER = st.sampled_from(["TOKEN_FILE", "SECRET_NAME", "API_KEY_PATH", "ACCESS_KEY_ID", "SECRET_ARN"])
_WHERE = st.sampled_from(["containers", "initContainers"])


def _env_workload(where: str, env: list[dict]) -> list[Spec]:
    c = container(env=env)
    return [deployment(container(), init=(c,))] if where == "initContainers" else [deployment(c)]


SCANNER_GAP_CLASSES: list[EquivalenceClass] = [
    # --- AIP-NET-050
    EquivalenceClass(
        "AIP-NET-050",
        "default-group-emptied",
        "pass",
        ([vpc(), default_sg()], [vpc(), default_sg(ingress=[], egress=[])]),
        st.sampled_from([{}, {"ingress": []}, {"egress": []}, {"ingress": [], "egress": []}]).map(
            lambda kw: [vpc(), default_sg(**kw)]
        ),
    ),
    EquivalenceClass(
        "AIP-NET-050",
        "default-group-allows",
        "fail",
        (
            [vpc()],
            [vpc(), default_sg(ingress=[{"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "self": True}])],
        ),
        _rule_on_default,
    ),
    EquivalenceClass(
        "AIP-NET-050",
        "default-group-unknown",
        "unknown",
        ([vpc(), default_sg(egress=UNKNOWN)],),
    ),
    # --- AIP-NET-051
    EquivalenceClass(
        "AIP-NET-051",
        "intranode-on",
        "pass",
        ([cluster(enableIntranodeVisibility=True)], [cluster(enableAutopilot=True)]),
        st.sampled_from([True, "true", "TRUE"]).map(lambda v: [cluster(enableIntranodeVisibility=v)]),
    ),
    EquivalenceClass(
        "AIP-NET-051",
        "intranode-off",
        "fail",
        ([cluster()], [cluster(enableAutopilot=True, enableIntranodeVisibility=False)]),
        st.sampled_from([False, "false", None]).map(lambda v: [cluster(enableIntranodeVisibility=v)]),
    ),
    EquivalenceClass(
        "AIP-NET-051", "intranode-unknown", "unknown", ([cluster(enableIntranodeVisibility=UNKNOWN)],)
    ),
    # --- AIP-NODE-050
    EquivalenceClass(
        "AIP-NODE-050",
        "binauthz-enforced",
        "pass",
        ([cluster(enableBinaryAuthorization=True)], [cluster(binaryAuthorization={"enabled": True})]),
        st.sampled_from(
            [
                "PROJECT_SINGLETON_POLICY_ENFORCE",
                "project_singleton_policy_enforce",
                "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE",
            ]
        ).map(lambda m: [cluster(binaryAuthorization={"evaluationMode": m})]),
    ),
    EquivalenceClass(
        "AIP-NODE-050",
        "binauthz-not-enforced",
        "fail",
        ([cluster()], [cluster(binaryAuthorization={"enabled": False})]),
        st.sampled_from(["DISABLED", "POLICY_BINDINGS", ""]).map(
            lambda m: [cluster(binaryAuthorization={"evaluationMode": m})]
        ),
    ),
    EquivalenceClass(
        "AIP-NODE-050",
        "binauthz-unknown",
        "unknown",
        ([cluster(binaryAuthorization={"evaluationMode": UNKNOWN})],),
    ),
    # --- AIP-DATA-050
    EquivalenceClass(
        "AIP-DATA-050",
        "flags-set",
        "pass",
        ([sql()], [sql(flags_with("log_min_messages", "ERROR"))]),
        st.tuples(_ON, _STRICT_MESSAGES).map(
            lambda t: [
                sql(
                    [
                        *flags_with("log_connections", t[0])[:-1],
                        {"name": "cloudsql.enable_pgaudit", "value": t[0]},
                    ]
                ),
                sql(flags_with("log_min_messages", t[1])),
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-DATA-050",
        "flags-weak",
        "fail",
        ([sql(flags_with("log_temp_files", "-1"))], [sql(flags_with("log_statement", "none"))]),
        st.one_of(
            _WEAK_MESSAGES.map(lambda v: [sql(flags_with("log_min_messages", v))]),
            st.sampled_from(["off", "false", "0"]).map(lambda v: [sql(flags_with("log_lock_waits", v))]),
        ),
    ),
    EquivalenceClass(
        "AIP-DATA-050", "flags-unknown", "unknown", ([sql(flags=UNKNOWN)], [sql(version=UNKNOWN)])
    ),
    # --- AIP-DATA-051
    EquivalenceClass(
        "AIP-DATA-051",
        "monitored",
        "pass",
        ([rds()], [rds(monitoringInterval="60")]),
        st.sampled_from([1.0, 5.0, 10.0, 15.0, 30.0, 60.0, 60, "30"]).map(
            lambda v: [rds(monitoringInterval=v)]
        ),
    ),
    EquivalenceClass(
        "AIP-DATA-051",
        "not-monitored",
        "fail",
        (
            [rds(monitoringInterval=None)],
            [rds(monitoringRoleArn=None)],
            [rds(enabledCloudwatchLogsExports=None)],
        ),
        st.sampled_from([0.0, 0, "0", 2.0, 120.0]).map(lambda v: [rds(monitoringInterval=v)]),
    ),
    EquivalenceClass("AIP-DATA-051", "monitoring-unknown", "unknown", ([rds(monitoringInterval=UNKNOWN)],)),
    # --- AIP-K8S-050
    EquivalenceClass(
        "AIP-K8S-050",
        "probed",
        "pass",
        ([deployment(container())], [config_group(container())]),
        st.sampled_from(
            [PROBE, {"tcpSocket": {"port": 5000}}, {"exec": {"command": ["true"]}}, {"grpc": {"port": 9000}}]
        ).map(lambda p: [deployment(container(livenessProbe=p))]),
    ),
    EquivalenceClass(
        "AIP-K8S-050",
        "unprobed",
        "fail",
        ([config_group(container(livenessProbe=None))],),
        st.sampled_from(
            [
                "kubernetes:apps/v1:Deployment",
                "kubernetes:apps/v1:DaemonSet",
                "kubernetes:apps/v1:StatefulSet",
            ]
        ).map(lambda k: [deployment(container(livenessProbe=None), kind=k)]),
    ),
    EquivalenceClass(
        "AIP-K8S-050",
        "probe-unknown",
        "unknown",
        (
            [
                Spec(
                    "kubernetes:apps/v1:Deployment",
                    "app",
                    {"spec": {"template": {"spec": {"containers": UNKNOWN}}}},
                )
            ],
        ),
    ),
    # --- AIP-K8S-051
    EquivalenceClass(
        "AIP-K8S-051",
        "env-literal-credential",
        "fail",
        (
            [
                deployment(
                    container(
                        env=[
                            {
                                "name": "MLFLOW_BACKEND_STORE_URI",
                                "value": "postgresql://mlflow:s3cr3t@db:5432/mlflow",
                            }
                        ]
                    )
                )
            ],
            [config_group(container(env=[{"name": "DB_PASSWORD", "value": "hunter2"}]))],
        ),
        st.tuples(_WHERE, _ENV_LITERAL).map(
            lambda t: _env_workload(t[0], [{"name": t[1], "value": "x9Y8z7"}])
        ),
    ),
    EquivalenceClass(
        "AIP-K8S-051",
        "env-reference",
        "pass",
        (
            [
                deployment(
                    container(
                        env=[
                            {
                                "name": "DB_PASSWORD",
                                "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}},
                            }
                        ]
                    )
                )
            ],
            [deployment(container(env=[{"name": "DB_PASSWORD", "value": "$(FROM_SECRET)"}]))],
        ),
        st.tuples(_WHERE, _POINTER).map(
            lambda t: _env_workload(t[0], [{"name": t[1], "value": "/var/run/x"}])
        ),
    ),
    EquivalenceClass(
        "AIP-K8S-051",
        "env-computed",
        "unknown",
        # an unknown value is computed, not a literal: passes, next to an unknown container list
        (
            [
                Spec(
                    "kubernetes:apps/v1:Deployment",
                    "app",
                    {"spec": {"template": {"spec": {"containers": UNKNOWN}}}},
                )
            ],
        ),
    ),
    # --- AIP-K8S-052
    EquivalenceClass(
        "AIP-K8S-052",
        "pinned",
        "pass",
        ([deployment(container())], [deployment(container(image=f"example.com/app@{DIGEST}"))]),
        st.sampled_from(["a/b", "registry.example.com:5000/a/b", "b"]).map(
            lambda n: [deployment(container(image=f"{n}:v1@{DIGEST}"))]
        ),
    ),
    EquivalenceClass(
        "AIP-K8S-052",
        "tag-only",
        "fail",
        ([deployment(container(image="ghcr.io/mlflow/mlflow:v3.18.0-full"))],),
        st.tuples(_WHERE, st.sampled_from(["a/b:latest", "a/b", "a/b:v1", "a/b@sha256:short"])).map(
            lambda t: (
                [deployment(container(), init=(container(image=t[1]),))]
                if t[0] == "initContainers"
                else [deployment(container(image=t[1]))]
            )
        ),
    ),
    EquivalenceClass("AIP-K8S-052", "image-unknown", "unknown", ([deployment(container(image=UNKNOWN))],)),
]
