"""Audit trails in the shipped stacks: CloudTrail (AWS), Cloud Audit Logs with a locked bucket (GCP),
the kube-apiserver audit policy artefact (on-prem); the AIP-AUD rules pass on all six stacks."""

from __future__ import annotations

import json

import botocore.session
import pytest
import yaml

from aiinfra.components.audit.gcp_audit import AUDIT_FILTER, DATA_ACCESS_SERVICES
from aiinfra.components.gcp.cluster import LOG_COMPONENTS
from aiinfra.policies.registry import all_rules
from aiinfra.policies.runner import evaluate
from aiinfra.stacks import stack_names

from conftest import cached_plan

TRAIL = "aws:cloudtrail/trail:Trail"
BUCKET = "aws:s3/bucket:Bucket"
AUD_RULES = [r for r in all_rules() if r.id.startswith("AIP-AUD-") and r.id != "AIP-AUD-050"]
"""AIP-AUD-050 (CloudTrail to CloudWatch Logs) is opt-in and reported on the shipped AWS stacks on
purpose (docs/audit-and-cost.md; tests/policies/test_scanner_gaps.py)."""


def _only(run, type_: str, name_part: str = ""):
    found = [r for r in run.resources if r.type == type_ and name_part in r.name]
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def _operations(service: str) -> set[str]:
    model = botocore.session.get_session().get_service_model(service)
    return set(model.operation_names)


def test_the_audit_rules_pass_on_every_shipped_stack() -> None:
    assert len(AUD_RULES) == 8
    for stack in stack_names():
        result = evaluate(cached_plan(stack).run, rules=AUD_RULES)
        assert [(f.rule.id, f.resource) for f in result.findings] == [], stack


@pytest.mark.parametrize("stack", ["aws-training", "hybrid-aws"])
def test_cloudtrail_is_multi_region_validated_kms_encrypted_with_data_events(stack: str) -> None:
    run = cached_plan(stack).run
    trail = _only(run, TRAIL)
    inputs = trail.inputs
    assert (inputs["isMultiRegionTrail"], inputs["includeGlobalServiceEvents"]) == (True, True)
    assert (inputs["enableLogFileValidation"], inputs["enableLogging"]) == (True, True)
    assert inputs["isOrganizationTrail"] is False
    logs_key = next(r for r in run.resources if r.type == "aws:kms/key:Key" and r.name.endswith("-logs"))
    assert trail.property_dependencies["kmsKeyId"] == (logs_key.urn,)
    cold = _only(run, BUCKET, "-data-cold")
    [selector] = inputs["eventSelectors"]
    assert selector["readWriteType"] == "All" and selector["includeManagementEvents"] is True
    assert selector["dataResources"][0]["type"] == "AWS::S3::Object"
    assert cold.urn in trail.property_dependencies["eventSelectors"]
    bucket = _only(run, BUCKET, "-audit-bucket")
    assert trail.property_dependencies["s3BucketName"] == (bucket.urn,)
    assert bucket.protect and bucket.retain_on_delete
    assert inputs["name"] == trail.name.removesuffix("-trail")


def test_trail_bucket_versioned_private_encrypted_tls_only_and_archived() -> None:
    run = cached_plan("aws-training").run
    audit = cached_plan("aws-training").config.audit
    assert (audit.retention.days, audit.retention.online_days) == (400, 90)
    children = {
        r.type.split(":")[-1]: r for r in run.resources if r.name.startswith("llm-train-audit-bucket-")
    }
    assert children["BucketVersioning"].inputs["versioningConfiguration"] == {"status": "Enabled"}
    pab = children["BucketPublicAccessBlock"].inputs
    assert all(
        pab[f] is True
        for f in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    assert children["BucketOwnershipControls"].inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    [rule] = children["BucketServerSideEncryptionConfiguration"].inputs["rules"]
    assert rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    [life] = children["BucketLifecycleConfiguration"].inputs["rules"]
    assert life["expiration"] == {"days": 400.0}
    assert life["noncurrentVersionExpiration"] == {"noncurrentDays": 400.0}
    assert life["transitions"] == [{"days": 90.0, "storageClass": "GLACIER"}]
    s3 = botocore.session.get_session().get_service_model("s3")
    assert "GLACIER" in s3.shape_for("TransitionStorageClass").enum
    policy = json.loads(children["BucketPolicy"].inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    trail_arn = "arn:aws:cloudtrail:us-west-2:123456789012:trail/llm-train-audit"
    assert by_sid["CloudTrailAclCheck"]["Condition"] == {"StringEquals": {"aws:SourceArn": trail_arn}}
    write = by_sid["CloudTrailWrite"]
    assert write["Condition"]["StringEquals"] == {
        "s3:x-amz-acl": "bucket-owner-full-control",
        "aws:SourceArn": trail_arn,
    }
    assert write["Resource"].endswith("/AWSLogs/*")
    # every action granted is a real S3 operation (botocore's service model)
    ops = {f"s3:{o}" for o in _operations("s3")}
    assert {by_sid[s]["Action"] for s in ("CloudTrailAclCheck", "CloudTrailWrite")} <= ops


def test_logs_key_lets_this_accounts_trails_encrypt() -> None:
    run = cached_plan("aws-training").run
    key = next(r for r in run.resources if r.type == "aws:kms/key:Key" and r.name.endswith("-logs"))
    by_sid = {s["Sid"]: s for s in json.loads(key.inputs["policy"])["Statement"]}
    ops = {f"kms:{o}" for o in _operations("kms")}
    encrypt, describe = by_sid["CloudTrailEncryptsLogs"], by_sid["CloudTrailDescribesKey"]
    assert encrypt["Principal"] == describe["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert any(o.startswith(encrypt["Action"].rstrip("*")) for o in ops) and describe["Action"] in ops
    scope = "arn:aws:cloudtrail:*:123456789012:trail/*"
    assert encrypt["Condition"]["StringLike"] == {
        "kms:EncryptionContext:aws:cloudtrail:arn": scope,
        "aws:SourceArn": scope,
    }


@pytest.mark.parametrize("stack", ["gcp-training", "gcp-tpu-inference", "hybrid-gcp"])
def test_gcp_data_access_logs_into_a_locked_bucket(stack: str) -> None:
    plan = cached_plan(stack)
    run = plan.run
    cloud = getattr(plan.config, "cloud", plan.config)
    configs = [r for r in run.resources if r.type == "gcp:projects/iAMAuditConfig:IAMAuditConfig"]
    assert {c.inputs["service"] for c in configs} == {*DATA_ACCESS_SERVICES, "container.googleapis.com"}
    for c in configs:
        assert [lc["logType"] for lc in c.inputs["auditLogConfigs"]] == [
            "ADMIN_READ",
            "DATA_READ",
            "DATA_WRITE",
        ]
        assert c.inputs["project"] == cloud.project
    bucket = _only(run, "gcp:logging/projectBucketConfig:ProjectBucketConfig")
    assert bucket.inputs["locked"] is True and bucket.inputs["retentionDays"] == 400.0
    assert bucket.inputs["location"] == cloud.region and bucket.protect and bucket.retain_on_delete
    sink = _only(run, "gcp:logging/projectSink:ProjectSink")
    assert sink.inputs["destination"] == (
        f"logging.googleapis.com/projects/{cloud.project}/locations/{cloud.region}/buckets/{bucket.inputs['bucketId']}"
    )
    assert sink.inputs["filter"] == AUDIT_FILTER and sink.inputs["uniqueWriterIdentity"] is True
    assert bucket.urn in sink.dependencies


@pytest.mark.parametrize("stack", ["gcp-training", "gcp-tpu-inference", "hybrid-gcp"])
def test_gke_sends_control_plane_logs(stack: str) -> None:
    cluster = _only(cached_plan(stack).run, "gcp:container/cluster:Cluster")
    assert cluster.inputs["loggingConfig"]["enableComponents"] == list(LOG_COMPONENTS)
    assert "APISERVER" in LOG_COMPONENTS and "loggingService" not in cluster.inputs


@pytest.mark.parametrize("stack", ["aws-training", "hybrid-aws"])
def test_eks_sends_the_kubernetes_audit_log(stack: str) -> None:
    cluster = _only(cached_plan(stack).run, "aws:eks/cluster:Cluster")
    assert {"audit", "authenticator"} <= set(cluster.inputs["enabledClusterLogTypes"])


def test_onprem_audit_policy_artefact_and_handoff() -> None:
    plan = cached_plan("onprem")
    outputs = plan.run.outputs
    policy = yaml.safe_load(outputs["audit_policy"])
    assert (policy["apiVersion"], policy["kind"]) == ("audit.k8s.io/v1", "Policy")
    assert policy["omitStages"] == ["RequestReceived"]
    levels = [r["level"] for r in policy["rules"]]
    assert levels == ["None", "None", "Metadata", "RequestResponse", "Request", "Metadata"]
    # Secrets and tokens never logged with bodies: their rule precedes every Request/RequestResponse rule
    secrets = policy["rules"][2]
    assert {"group": "", "resources": ["secrets", "configmaps", "serviceaccounts/token"]} in secrets[
        "resources"
    ]
    allowed = {
        "level",
        "users",
        "userGroups",
        "verbs",
        "resources",
        "namespaces",
        "nonResourceURLs",
        "omitStages",
        "omitManagedFields",
    }
    assert all(set(r) <= allowed for r in policy["rules"])  # audit.k8s.io/v1 PolicyRule fields
    retention = plan.config.audit.retention
    assert (retention.days, retention.online_days) == (2190, 90)
    note = outputs["audit_note"]
    assert "--audit-policy-file=/etc/kubernetes/audit-policy.yaml" in note
    assert "--audit-log-maxage=90" in note and "2190 days" in note


def test_hybrid_onprem_side_carries_the_artefact_too() -> None:
    outputs = cached_plan("hybrid-gcp").run.outputs
    assert yaml.safe_load(outputs["onprem"]["audit_policy"])["kind"] == "Policy"
    assert "2190 days" in outputs["onprem"]["audit_note"]
