"""``aiinfra export --format terraform-plan``: exact Terraform names, shapes, references, what is left out."""

from __future__ import annotations

import json

import pytest

from aiinfra.export import names
from aiinfra.export.terraform import export_plan, summary_line

from engine_helpers import run


def _gcp_program() -> None:
    import pulumi
    import pulumi_gcp as gcp
    import pulumi_kubernetes as k8s
    import pulumi_random as random

    class Group(pulumi.ComponentResource):
        def __init__(self, name: str) -> None:
            super().__init__("test:index:Group", name)
            self.register_outputs({})

    group = Group("grp")
    cluster = gcp.container.Cluster(
        "gke",
        name="train",
        location="us-central1",
        initial_node_count=1,
        remove_default_node_pool=True,
        opts=pulumi.ResourceOptions(parent=group),
    )
    gcp.container.NodePool(
        "pool",
        cluster=cluster.name,
        location="us-central1",
        node_count=2,
        node_config=gcp.container.NodePoolNodeConfigArgs(
            machine_type="a3-highgpu-8g",
            labels={"team": "ml", "Cost-Center": "cc-1"},
            guest_accelerators=[
                gcp.container.NodePoolNodeConfigGuestAcceleratorArgs(type="nvidia-h100-80gb", count=8)
            ],
        ),
    )
    gcp.compute.Firewall(
        "fw",
        network="default",
        allows=[gcp.compute.FirewallAllowArgs(protocol="tcp", ports=["22"])],
        source_ranges=["10.0.0.0/8"],
    )
    random.RandomPassword("pw", length=16)
    k8s.helm.v3.Release("rel", chart="nginx", repository_opts={"repo": "https://example.invalid"})


@pytest.fixture(scope="module")
def plan():
    return export_plan(run(_gcp_program))


def _values(plan, address: str) -> dict:
    found = [
        r for r in plan.document["planned_values"]["root_module"]["resources"] if r["address"] == address
    ]
    assert len(found) == 1, [
        r["address"] for r in plan.document["planned_values"]["root_module"]["resources"]
    ]
    return found[0]["values"]


def test_types_and_pluralised_blocks_use_the_terraform_names(plan) -> None:
    pool = _values(plan, "google_container_node_pool.pool")
    accel = pool["node_config"][0]["guest_accelerator"]  # Pulumi says guestAccelerators
    assert accel == [{"type": "nvidia-h100-80gb", "count": 8}]
    assert "guest_accelerators" not in pool["node_config"][0]
    fw = _values(plan, "google_compute_firewall.fw")
    assert fw["allow"] == [{"protocol": "tcp", "ports": ["22"]}]  # Pulumi says allows
    assert fw["source_ranges"] == ["10.0.0.0/8"]


def test_max_items_one_blocks_are_one_element_lists_and_maps_stay_maps(plan) -> None:
    pool = _values(plan, "google_container_node_pool.pool")
    assert isinstance(pool["node_config"], list) and len(pool["node_config"]) == 1
    assert pool["node_config"][0]["labels"] == {"team": "ml", "Cost-Center": "cc-1"}  # keys untouched


def test_integers_stay_integers(plan) -> None:
    pool = _values(plan, "google_container_node_pool.pool")
    assert pool["node_count"] == 2 and type(pool["node_count"]) is int
    assert type(pool["node_config"][0]["guest_accelerator"][0]["count"]) is int


def test_references_come_from_property_dependencies(plan) -> None:
    config = {r["address"]: r for r in plan.document["configuration"]["root_module"]["resources"]}
    refs = config["google_container_node_pool.pool"]["expressions"]["cluster"]["references"]
    assert refs == ["google_container_cluster.gke.name", "google_container_cluster.gke"]
    assert config["google_compute_firewall.fw"]["expressions"]["network"] == {"constant_value": "default"}
    deps = plan.document["aiinfra"]["resources"]["google_container_node_pool.pool"]["dependencies"]
    assert list(deps) == ["cluster"] and deps["cluster"][0].endswith("gcp:container/cluster:Cluster::gke")


def test_resource_changes_mirror_planned_values(plan) -> None:
    doc = plan.document
    assert doc["format_version"] == "1.2"
    changes = {c["address"]: c for c in doc["resource_changes"]}
    for planned in doc["planned_values"]["root_module"]["resources"]:
        change = changes[planned["address"]]
        assert change["change"]["actions"] == ["create"]
        assert change["change"]["after"] == planned["values"]
        assert change["provider_name"] == "registry.terraform.io/hashicorp/google"


def test_what_is_not_converted_is_listed_with_a_reason(plan) -> None:
    skipped = {s["type"]: s["reason"] for s in plan.document["aiinfra"]["not_converted"]}
    assert skipped["kubernetes:helm.sh/v3:Release"].startswith("Helm release")
    assert skipped["random:index/randomPassword:RandomPassword"].startswith("provider 'random'")
    assert skipped["test:index:Group"].startswith("component resource")
    converted = {r["type"] for r in plan.document["planned_values"]["root_module"]["resources"]}
    assert converted == {"google_container_cluster", "google_container_node_pool", "google_compute_firewall"}
    line = summary_line(plan)
    assert line.startswith("3 resources converted, ") and "Helm release" in line


def test_unknown_values_are_marked_not_invented() -> None:
    def program() -> None:
        import pulumi_aws as aws

        key = aws.kms.Key("k")
        aws.kms.Alias("a", name="alias/x", target_key_id=key.arn)

    doc = export_plan(run(program)).document
    alias = next(c for c in doc["resource_changes"] if c["type"] == "aws_kms_alias")
    # the offline engine returns a realistic ARN for the key; the reference names the attribute it matched
    config = next(c for c in doc["configuration"]["root_module"]["resources"] if c["type"] == "aws_kms_alias")
    assert config["expressions"]["target_key_id"]["references"] == ["aws_kms_key.k.arn", "aws_kms_key.k"]
    assert alias["change"]["after"]["name"] == "alias/x"


def test_names_come_from_bridge_metadata_with_recorded_sources() -> None:
    sources = names.sources()
    assert sources["gcp"]["repository"] == "pulumi/pulumi-gcp" and len(sources["gcp"]["commit"]) == 40
    assert names.terraform_type("gcp:container/nodePool:NodePool") == "google_container_node_pool"
    assert names.terraform_type("aws:rds/instance:Instance") == "aws_db_instance"
    assert names.terraform_type("aws:cloudtrail/trail:Trail") == "aws_cloudtrail"
    assert names.terraform_type("nope:x:Y") is None


def test_a_camel_case_heuristic_would_be_wrong_here() -> None:
    """The metadata, not a case rule, names the field: snake_case of the Pulumi name is not it."""
    fields = names.resource_fields("gcp:compute/instance:Instance")
    assert fields is not None
    assert "guest_accelerator" in fields and "guest_accelerators" not in fields
    assert fields["boot_disk"][0] is True  # maxItemsOne
    assert fields["network_interface"][0] is False


def test_document_is_json_serialisable(plan) -> None:
    assert json.loads(json.dumps(plan.document))["terraform_version"]


def test_resources_whose_sdk_class_is_not_named_like_the_token() -> None:
    """``aws:lambda/...`` lives in ``pulumi_aws.lambda_``; ``s3.BucketVersioning``'s args are
    ``BucketVersioningInitArgs`` because ``BucketVersioningArgs`` is the old Bucket's nested block.
    Before the fix both were exported wrongly: the function as "no input class", the versioning with no values."""

    def program() -> None:
        import pulumi_aws as aws

        aws.lambda_.Function(
            "fn", role="arn:aws:iam::1:role/r", package_type="Image", image_uri="repo:1", timeout=30
        )
        aws.s3.BucketVersioning("v", bucket="b", versioning_configuration={"status": "Enabled"})

    doc = export_plan(run(program)).document
    assert doc["aiinfra"]["not_converted"] == []
    values = {r["address"]: r["values"] for r in doc["planned_values"]["root_module"]["resources"]}
    assert values["aws_lambda_function.fn"]["timeout"] == 30
    assert values["aws_s3_bucket_versioning.v"] == {
        "bucket": "b",
        "versioning_configuration": [{"status": "Enabled"}],
    }


def test_python_keyword_escapes_are_undone() -> None:
    """The SDK spells the lifecycle filter's ``and`` block ``and_``; Terraform's name is ``and``."""

    def program() -> None:
        import pulumi_aws as aws

        aws.s3.BucketLifecycleConfiguration(
            "lc",
            bucket="b",
            rules=[
                {
                    "id": "r",
                    "status": "Enabled",
                    "filter": {"and_": {"prefix": "logs/", "object_size_greater_than": 1}},
                }
            ],
        )

    doc = export_plan(run(program)).document
    [res] = doc["planned_values"]["root_module"]["resources"]
    rule = res["values"]["rule"][0]
    assert rule["filter"] == [{"and": [{"prefix": "logs/", "object_size_greater_than": 1}]}]


def test_plan_json_exposes_the_property_dependencies() -> None:
    from aiinfra.render import resource_json

    def program() -> None:
        import pulumi_aws as aws

        key = aws.kms.Key("k")
        aws.kms.Alias("a", name="alias/x", target_key_id=key.arn)

    recorded = run(program)
    alias = next(r for r in recorded.resources if r.type == "aws:kms/alias:Alias")
    doc = resource_json(alias)
    assert list(doc["property_dependencies"]) == ["targetKeyId"]
    assert doc["property_dependencies"]["targetKeyId"][0].endswith("aws:kms/key:Key::k")
