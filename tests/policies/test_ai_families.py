"""Managed AI service programs per family (SageMaker, Bedrock, Vertex AI/Workbench/Colab): a realistic
misconfigured Python Pulumi program and its hardened twin, run through the offline engine with
``aiinfra check --program``. The misconfigured program gets exactly the listed findings (mandatory
and advisory), the twin none at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiinfra.cli.main import main

FAMILIES = Path(__file__).resolve().parent / "programs" / "families"

BAD: dict[str, set[tuple[str, str, str]]] = {
    "sagemaker_bad.py": {
        ("AIP-AI-001", "mandatory", "research-notebook"),  # direct internet access (default Enabled)
        ("AIP-AI-002", "mandatory", "research-notebook"),  # root access (default Enabled)
        ("AIP-AI-003", "mandatory", "research-notebook"),  # no kmsKeyId
        ("AIP-AI-004", "mandatory", "research-notebook"),  # IMDSv1 allowed
        ("AIP-AI-005", "mandatory", "studio"),  # PublicInternetOnly (default)
        ("AIP-AI-006", "mandatory", "studio"),  # no kmsKeyId on the EFS home volume
        ("AIP-AI-007", "mandatory", "llm-config"),  # no kmsKeyArn, data capture without a key
        ("AIP-AI-008", "mandatory", "llm"),  # no network isolation, no VPC
        ("AIP-AI-009", "mandatory", "finetune"),  # no network isolation, no VPC
        ("AIP-AI-010", "mandatory", "finetune"),  # no output key, no volume key
        ("AIP-AI-011", "advisory", "finetune"),  # 4 instances, plain inter-container traffic
        ("AIP-AI-013", "mandatory", "sm-exec-full"),  # AmazonSageMakerFullAccess
    },
    "bedrock_bad.py": {
        ("AIP-AI-020", "advisory", "assistant"),  # Bedrock used, no invocation logging (first URN)
        ("AIP-AI-021", "advisory", "assistant-guardrail"),
        ("AIP-AI-013", "mandatory", "agent-role-full"),  # AmazonBedrockFullAccess
        ("AIP-AI-022", "mandatory", "assistant"),
        ("AIP-AI-022", "mandatory", "triage-prompt"),
        ("AIP-AI-023", "advisory", "wiki"),
        ("AIP-AI-024", "advisory", "support-tuned"),
        ("AIP-AI-025", "advisory", "chat-shared"),  # whole account may invoke every model
        ("AIP-AI-026", "advisory", "tools-runtime"),  # AgentCore runtime in PUBLIC mode
    },
    "vertex_bad.py": {
        ("AIP-AI-030", "mandatory", "research-workbench"),
        ("AIP-AI-031", "mandatory", "research-workbench"),
        ("AIP-AI-032", "advisory", "research-workbench"),
        ("AIP-AI-033", "mandatory", "research-workbench"),
        ("AIP-AI-034", "mandatory", "support-tickets"),
        ("AIP-AI-034", "mandatory", "chat-endpoint"),
        ("AIP-AI-034", "mandatory", "features"),
        ("AIP-AI-034", "mandatory", "vectors"),
        ("AIP-AI-035", "mandatory", "chat-endpoint"),
        ("AIP-AI-035", "mandatory", "vectors"),
        ("AIP-AI-036", "mandatory", "team-runtime"),
        ("AIP-AI-037", "mandatory", "team-runtime"),
    },
}
GOOD = ["sagemaker_good.py", "bedrock_good.py", "vertex_good.py"]


def run_check(capsys, program: Path) -> tuple[int, dict]:
    code = main(["check", "--program", str(program), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("program", sorted(BAD))
def test_misconfigured_program_gets_exactly_its_findings(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    found = {(v["policy_id"], v["enforcement"], v["resource"]) for v in doc["violations"]}
    assert found == BAD[program]
    assert not [v for v in doc["violations"] if v["unknown"] or v["waived"]]
    assert code == 1


@pytest.mark.parametrize("program", GOOD)
def test_hardened_twin_has_no_findings(capsys, program: str) -> None:
    code, doc = run_check(capsys, FAMILIES / program)
    assert doc["violations"] == [], [v["message"] for v in doc["violations"]]
    assert code == 0


def test_sagemaker_wildcard_is_reported_once_by_iam_001(tmp_path: Path, capsys) -> None:
    """'sagemaker:*' on '*' is AIP-IAM-001's finding; AIP-AI-013 does not repeat it."""
    program = tmp_path / "wildcard.py"
    program.write_text(
        "import json\nimport pulumi_aws as aws\n"
        "aws.iam.Policy('sm-all', policy=json.dumps({'Version': '2012-10-17', 'Statement': "
        "[{'Effect': 'Allow', 'Action': 'sagemaker:*', 'Resource': '*'}]}))\n",
        encoding="utf-8",
    )
    code, doc = run_check(capsys, program)
    assert {(v["policy_id"], v["resource"]) for v in doc["violations"]} == {("AIP-IAM-001", "sm-all")}
    assert code == 1
