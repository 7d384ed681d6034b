"""The offline engine records what DESIGN.md promises: inputs as the engine sees them, options,
dependencies, secrets, computed outputs, and synthetic answers for data sources without fixtures."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from aiinfra.engine import UNKNOWN, Secret
from aiinfra.engine.fixtures import UnansweredInvoke
from aiinfra.engine.values import contains_unknown, to_jsonable

from engine_helpers import only, run


def _program() -> None:
    key = aws.kms.Key(
        "key", enable_key_rotation=True, deletion_window_in_days=30, opts=pulumi.ResourceOptions(protect=True)
    )
    bucket = aws.s3.Bucket("bucket", tags={"team": "ml"}, opts=pulumi.ResourceOptions(retain_on_delete=True))
    aws.s3.BucketServerSideEncryptionConfiguration(
        "encryption",
        bucket=bucket.id,
        rules=[
            {
                "apply_server_side_encryption_by_default": {
                    "sse_algorithm": "aws:kms",
                    "kms_master_key_id": key.arn,
                }
            }
        ],
    )
    pulumi.export("key_arn", key.arn)
    pulumi.export("token", pulumi.Output.secret("s3cr3t"))


def test_inputs_are_camel_case_with_float_numbers() -> None:
    result = run(_program)
    key = only(result, "aws:kms/key:Key")
    assert key.inputs == {"enableKeyRotation": True, "deletionWindowInDays": 30.0}
    assert isinstance(key.inputs["deletionWindowInDays"], float)


def test_options_and_dependencies_are_recorded() -> None:
    result = run(_program)
    key = only(result, "aws:kms/key:Key")
    bucket = only(result, "aws:s3/bucket:Bucket")
    encryption = only(
        result, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    )
    assert (key.protect, key.retain_on_delete) == (True, False)
    assert (bucket.protect, bucket.retain_on_delete) == (False, True)
    assert set(encryption.dependencies) == {key.urn, bucket.urn}
    assert encryption.property_dependencies["bucket"] == (bucket.urn,)


def test_computed_outputs_are_realistic_and_deterministic() -> None:
    first = run(_program)
    second = run(_program)
    key = only(first, "aws:kms/key:Key")
    assert key.outputs["arn"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert first.outputs["key_arn"] == key.outputs["arn"]
    assert [r.outputs for r in first.resources] == [r.outputs for r in second.resources]


def test_secret_outputs_stay_secret_in_reports() -> None:
    result = run(_program)
    assert isinstance(result.outputs["token"], Secret)
    assert to_jsonable(result.outputs)["token"] == "[secret]"


def test_data_source_without_fixture_gets_a_well_shaped_synthetic_answer() -> None:
    seen: dict = {}

    def program() -> None:
        found = aws.ec2.get_instance_type(instance_type="p5.48xlarge")
        seen["gpus"] = found.gpuses
        seen["type"] = found.instance_type

    result = run(program)
    assert result.synthetic_invokes == ("aws:ec2/getInstanceType:getInstanceType",)
    assert seen["type"] == "p5.48xlarge"  # arguments the call gave are echoed
    assert len(seen["gpus"]) == 2 and {"count", "manufacturer", "name"} <= set(seen["gpus"][0])
    with pytest.raises(UnansweredInvoke):  # the fixture table itself still has no entry (no guessing there)
        from aiinfra.engine.fixtures import FixtureContext, answer_invoke

        answer_invoke("aws:ec2/getInstanceType:getInstanceType", {}, FixtureContext(stack="s", project="p"))


def test_region_context_drives_data_sources() -> None:
    def program() -> None:
        azs = aws.get_availability_zones_output()
        pulumi.export("zones", azs.zone_ids)

    result = run(program, context={"aws_region": "us-west-2"})
    assert result.outputs["zones"] == ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"]


def test_unknown_values_are_detected() -> None:
    assert contains_unknown({"a": [1, {"b": UNKNOWN}]})
    assert not contains_unknown({"a": [1, {"b": 2}]})
    assert to_jsonable({"x": UNKNOWN}) == {"x": "[unknown]"}


def test_stack_references_answer_from_given_outputs() -> None:
    def program() -> None:
        ref = pulumi.StackReference("organization/aiinfra/onprem")
        pulumi.export("endpoint", ref.get_output("endpoint"))

    result = run(
        program, preview=False, stack_outputs={"organization/aiinfra/onprem": {"endpoint": "https://k8s"}}
    )
    assert result.outputs["endpoint"] == "https://k8s"
    with pytest.raises(Exception, match="no offline plan to answer from"):
        run(program, stack_outputs={})


def test_physical_ids_are_recorded_for_custom_resources_only() -> None:
    result = run(_program)
    key = only(result, "aws:kms/key:Key")
    assert key.id == key.outputs["keyId"]
    bucket = only(result, "aws:s3/bucket:Bucket")
    assert bucket.id == bucket.outputs["bucket"]


def test_rpcs_run_inline_on_the_programs_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Monitor calls run on the program's own thread (engine/loops.py), not on executor workers."""
    import threading

    from aiinfra.engine.recorder import RecordingMonitor

    seen: list[str] = []
    for method in ("RegisterResource", "Invoke"):
        original = getattr(RecordingMonitor, method)

        def spy(self, request, _original=original):  # type: ignore[no-untyped-def]
            seen.append(threading.current_thread().name)
            return _original(self, request)

        monkeypatch.setattr(RecordingMonitor, method, spy)

    def program() -> None:
        region = aws.get_region_output()
        aws.s3.Bucket("b", bucket=region.region)

    result = run(program)
    assert only(result, "aws:s3/bucket:Bucket").inputs["bucket"] == "us-east-1"
    assert len(seen) == 3  # the stack, the data source, the bucket
    assert set(seen) == {threading.main_thread().name}


def test_many_pending_data_sources_do_not_nest_event_loop_pumps() -> None:
    """300 data sources pending at once: their answers are serialised without pumping the loop; a
    pump per inline call would nest past the interpreter's recursion limit."""

    def program() -> None:
        for i in range(300):
            region = aws.get_region_output()
            aws.s3.Bucket(f"b{i}", bucket=region.region.apply(lambda r, i=i: f"b-{r}-{i}"))

    result = run(program)
    buckets = sorted(r.inputs["bucket"] for r in result.resources if r.type == "aws:s3/bucket:Bucket")
    assert len(buckets) == 300
    assert buckets[0] == "b-us-east-1-0"
    assert result.invokes.count("aws:index/getRegion:getRegion") == 300
