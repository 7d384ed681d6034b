"""Programs per family of the services around an AI platform (``around_*`` rules): realistic
misconfigurations run through ``aiinfra check --program`` get exactly these mandatory findings, and
their hardened twins none (the advisory rules are asserted separately, so a twin may still carry them)."""

from __future__ import annotations

import pytest
from test_families import FAMILIES, mandatory, run_check

BAD = {
    "around_aws_bad.py": {
        ("AIP-DATA-020", "features"),  # DynamoDB without point-in-time recovery
        ("AIP-ENC-020", "features"),  # ... and with the AWS-owned key
        ("AIP-ENC-021", "prompts"),  # ElastiCache unencrypted at rest
        ("AIP-NET-020", "prompts"),  # ... plaintext clients, no AUTH
        ("AIP-NET-021", "vectors"),  # OpenSearch: HTTP allowed, TLS 1.0 policy, no node-to-node encryption
        ("AIP-ENC-022", "vectors"),  # ... not encrypted at rest
        ("AIP-IAM-020", "vectors"),  # ... public, without FGAC, open to Principal {"AWS": "*"}
        ("AIP-NET-022", "migrate"),  # DMS replication instance public by the API default
        ("AIP-SVC-020", "serving"),  # ECR: mutable tags, no scan on push
        ("AIP-IAM-021", "embed"),  # Lambda function URL with auth NONE
        ("AIP-ENC-023", "jobs"),  # SQS with SSE turned off
        ("AIP-NET-023", "api"),  # API Gateway custom domain on TLS 1.0
        ("AIP-IAM-022", "account"),  # 8-character passwords, reuse of 3
    },
    "around_gcp_bad.py": {
        ("AIP-NODE-013", "batch"),  # default compute SA + cloud-platform on a plain VM
        ("AIP-NODE-013", "workers"),  # ... on an instance template (no email = the default SA)
        ("AIP-IAM-024", "inference-public"),  # Cloud Run v2 service invokable by allUsers
        ("AIP-IAM-024", "embed-public"),  # Cloud Functions 2nd gen by allAuthenticatedUsers
        ("AIP-NET-025", "frontend"),  # SSL policy COMPATIBLE with TLS 1.0
    },
    "around_k8s_bad.py": {
        ("AIP-K8S-020", "server"),  # no seccomp profile
        ("AIP-K8S-020", "prep"),  # seccomp and AppArmor unconfined through the annotations
    },
}
ADVISORY_BAD = {
    "around_aws_bad.py": {
        ("AIP-DATA-021", "prompts"),
        ("AIP-OBS-020", "vectors"),
        ("AIP-IAM-023", "account"),
        ("AIP-OBS-022", "serving"),  # ECS without Container Insights
        ("AIP-OBS-021", "prod"),  # REST stage without access logs ...
        ("AIP-NET-024", "prod"),  # ... and without a client certificate for the backend
    },
    "around_k8s_bad.py": {
        ("AIP-K8S-021", "server"),
        ("AIP-K8S-021", "prep"),
        ("AIP-K8S-050", "server"),  # the Deployment has no liveness probe (issue 28 rules)
        ("AIP-K8S-052", "server"),  # images by tag, not digest
        ("AIP-K8S-052", "prep"),
    },
}
GOOD = ["around_aws_good.py", "around_gcp_good.py", "around_k8s_good.py"]
ADVISORY_GOOD = {"around_aws_good.py": {("AIP-IAM-023", "account")}}
"""The twin keeps NIST-style passwords (length and reuse, no composition or expiry rules): advisory only."""


@pytest.mark.parametrize("program", sorted(BAD))
def test_misconfigurations_get_exact_mandatory_findings(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    assert code == 1
    assert mandatory(doc) == BAD[program]
    assert not [v for v in doc["violations"] if v["unknown"]]
    advisory = {(v["policy_id"], v["resource"]) for v in doc["violations"] if v["enforcement"] == "advisory"}
    assert advisory == ADVISORY_BAD.get(program, set())


@pytest.mark.parametrize("program", GOOD)
def test_hardened_twins_have_no_mandatory_finding(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    assert mandatory(doc) == set(), [v["message"] for v in doc["violations"]]
    assert code == 0
    assert not [v for v in doc["violations"] if v["unknown"]]
    advisory = {(v["policy_id"], v["resource"]) for v in doc["violations"] if v["enforcement"] == "advisory"}
    assert advisory == ADVISORY_GOOD.get(program, set())


def test_password_policy_fails_cis_aws_2_7_and_2_8(capsys) -> None:
    code, doc = run_check(capsys, FAMILIES / "around_aws_bad.py", "--framework", "cis-aws")
    assert code == 1
    controls = {c["control"]: c for c in doc["summary"]["stacks"][0]["compliance"]["controls"]}
    assert controls["2.7"]["status"] == controls["2.8"]["status"] == "fail"
    assert {v["policy_id"] for v in doc["violations"]} == {"AIP-IAM-022"}
