"""Small Pulumi programs per rule family: realistic misconfigurations of an AI platform account, run
through the offline engine with `aiinfra check --program`, and their hardened twins.

Every misconfiguration gets a mandatory finding (the exact set is asserted), every hardened twin none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiinfra.cli.main import main

PROGRAMS = Path(__file__).resolve().parent / "programs"
FAMILIES = PROGRAMS / "families"

BAD = {
    "aws_iam_bad.py": {
        ("AIP-IAM-001", "gpu-node-admin"),  # AdministratorAccess on the GPU node role
        ("AIP-IAM-001", "pipeline-everything"),  # Action "*" on Resource "*"
        ("AIP-IAM-002", "notebook-launch"),  # iam:PassRole on "*" via get_policy_document
        ("AIP-IAM-003", "shared-inference"),  # trust policy for {"AWS": "*"}
        ("AIP-IAM-004", "datasets-public-read"),  # bucket policy for Principal "*" (TLS-only is no limit)
        ("AIP-IAM-004", "weights-key"),  # kms:* for everyone
    },
    "gcp_bad.py": {
        ("AIP-IAM-005", "datasets-public"),  # allUsers on the dataset bucket
        ("AIP-IAM-005", "ring-open"),  # allAuthenticatedUsers on the key ring
        ("AIP-IAM-006", "pipeline-editor"),  # roles/editor on the project
        ("AIP-NODE-013", "gpu-vm"),  # GPU VM on the default compute SA + cloud-platform
        ("AIP-NODE-014", "legacy"),  # legacy ABAC, client certificate, logging off, no network policy
        ("AIP-ENC-009", "legacy"),
        ("AIP-NET-002", "legacy"),
        ("AIP-NODE-006", "legacy"),
        # AIP-AUD-008 (logging_service 'none') is advisory since the issue 26 precision review;
        # logging switched off stays mandatory through AIP-NODE-014 above
        ("AIP-NET-004", "ssh"),  # firewall without source ranges = 0.0.0.0/0
        ("AIP-DATA-010", "mlflow"),  # Cloud SQL: public IP open to the world, no CMEK, no deletion protection
        ("AIP-SVC-001", "mlflow"),  # Cloud SQL: no automated backups, no point-in-time recovery
        ("AIP-AUD-003", "storage-audit"),  # no Data Access logs for Cloud Storage
        ("AIP-DATA-001", "datasets"),
        ("AIP-DATA-002", "datasets"),
    },
    "k8s_bad.py": {
        ("AIP-K8S-004", "notebook-admin"),  # cluster-admin for the notebook service account
        ("AIP-K8S-004", "default-anything"),  # wildcard role ...
        ("AIP-K8S-005", "default-anything"),  # ... bound to the default service account
        ("AIP-K8S-001", "loader"),  # privileged, hostNetwork, hostPath
        ("AIP-K8S-002", "loader"),  # root, privilege escalation
        ("AIP-K8S-003", "loader"),  # default service account
        ("AIP-K8S-001", "debug"),  # hostPID in Helm-less YAML (yaml/v2 ConfigGroup)
        ("AIP-K8S-002", "debug"),
        ("AIP-K8S-003", "debug"),
        ("AIP-K8S-020", "loader"),  # no seccomp profile (PSS restricted)
        ("AIP-K8S-020", "debug"),
    },
    "aws_edges_bad.py": {
        ("AIP-NET-004", "jupyter-world"),  # separate ingress rule resource from 0.0.0.0/0
        ("AIP-NET-010", "gpu"),  # GPU node group in a subnet that maps public IPs
        ("AIP-NET-010", "gpu-box"),  # GPU instance in the default VPC
        ("AIP-DATA-010", "mlflow"),  # RDS public, unencrypted, no deletion protection
        ("AIP-SVC-001", "mlflow"),  # RDS: backup retention left at the API default (1 day)
        ("AIP-ENC-012", "hf-token-v1"),  # literal secret value
        ("AIP-AUD-001", "audit"),  # weak CloudTrail
        ("AIP-AUD-002", "datasets"),  # no data events on the dataset bucket
        ("AIP-ENC-001", "datasets"),
        ("AIP-DATA-001", "datasets"),
        ("AIP-DATA-002", "datasets"),
    },
}
GOOD = ["aws_iam_good.py", "gcp_good.py", "k8s_good.py", "aws_edges_good.py"]


def run_check(capsys, program: Path, *extra: str) -> tuple[int, dict]:
    code = main(["check", "--program", str(program), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def mandatory(doc: dict) -> set[tuple[str, str]]:
    return {
        (v["policy_id"], v["resource"])
        for v in doc["violations"]
        if v["enforcement"] == "mandatory" and not v["waived"] and not v["unknown"]
    }


@pytest.mark.parametrize("program", sorted(BAD))
def test_misconfigurations_get_mandatory_findings(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    assert code == 1
    assert mandatory(doc) == BAD[program]
    assert not [v for v in doc["violations"] if v["unknown"]]


@pytest.mark.parametrize("program", GOOD)
def test_hardened_twins_stay_clean(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    assert mandatory(doc) == set(), [v["message"] for v in doc["violations"]]
    assert code == 0
    assert not [v for v in doc["violations"] if v["unknown"]]


AI_DATA_RULES = {
    "AIP-DATA-002",
    "AIP-DATA-003",
    "AIP-DATA-004",
    "AIP-DATA-005",
    "AIP-DATA-008",
    "AIP-DATA-009",
    "AIP-GPU-005",
}


def test_website_bucket_gets_no_ai_data_finding(capsys) -> None:
    code, doc = run_check(capsys, PROGRAMS / "website.py")
    assert not {v["policy_id"] for v in doc["violations"]} & AI_DATA_RULES
    # generic hygiene still applies, with today's S3 defaults in the message and the AWS fix
    assert mandatory(doc) == {("AIP-ENC-001", "assets-default")}
    (enc,) = [v for v in doc["violations"] if v["policy_id"] == "AIP-ENC-001"]
    assert "no customer-managed KMS key" in enc["message"] and "SSE-S3" in enc["message"]
    assert "unencrypted" not in enc["message"].lower()
    assert code == 1


def test_fix_text_names_the_resource_cloud(capsys) -> None:
    _, doc = run_check(capsys, FAMILIES / "gcp_bad.py")
    fixes = {v["fix"] for v in doc["violations"] if v["policy_id"] == "AIP-DATA-002"}
    assert fixes and all("gcp.storage.Bucket" in f and "aws." not in f for f in fixes)
    _, doc = run_check(capsys, FAMILIES / "aws_edges_bad.py")
    fixes = {v["fix"] for v in doc["violations"] if v["policy_id"] == "AIP-DATA-002"}
    assert fixes and all("aws.s3.BucketVersioning" in f and "gcp." not in f for f in fixes)


WEAK_TRAIL = {
    ("AIP-AUD-001", "weak"),  # single-region, no log-file validation, no KMS key
    ("AIP-AUD-002", "datasets"),  # no data events on the dataset bucket
    ("AIP-AUD-004", "trail-logs"),  # trail bucket unprotected, unversioned, no public access block
    ("AIP-AUD-005", "trail-logs"),  # trail bucket expires logs after 30 days
    ("AIP-AUD-006", "audit"),  # audit log bucket unlocked, 30 days
    ("AIP-AUD-007", "quiet"),  # EKS without the audit log type
}


def test_weak_trail_fails_the_audit_rules(capsys) -> None:
    code, doc = run_check(capsys, PROGRAMS / "weak_trail.py")
    assert code == 1
    audit = {f for f in mandatory(doc) if f[0].startswith("AIP-AUD-")}
    assert audit == WEAK_TRAIL
    weak = " ".join(v["message"] for v in doc["violations"] if v["policy_id"] == "AIP-AUD-001")
    assert all(
        f"{flag} is not" in weak for flag in ("isMultiRegionTrail", "enableLogFileValidation", "kmsKeyId")
    )
