"""Invalid GCP combinations fail at validation, naming the field; nothing is registered."""

from __future__ import annotations

import pytest
from gcp_helpers import platform

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

GPU = {"name": "gpu", "machine_type": "a3-megagpu-8g", "max_nodes": 4, "zone": "us-central1-b"}
V5P = {"name": "tpu", "machine_type": "ct5p-hightpu-4t", "topology": "2x2x4", "zone": "us-central1-a"}


def _fails(raw: dict, field: str, *words: str) -> str:
    with pytest.raises(InputError) as err:
        validate_platform(raw)
    message = str(err.value)
    assert message.startswith(f"platform.{field}:"), message
    for word in words:
        assert word in message, message
    return message


def _gpu(**changes) -> dict:
    return platform(pools=[{**GPU, **changes}], tpu_slices=[])


def _tpu(**changes) -> dict:
    return platform(pools=[], tpu_slices=[{**V5P, **changes}])


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        # TPU shapes the version cannot form
        (_tpu(topology="4x4x5"), "tpu_slices[0].topology", ("does not tile 4x4x4 cubes",)),
        (_tpu(topology="4x4"), "tpu_slices[0].topology", ("3D",)),
        (_tpu(machine_type="ct6e-standard-4t", topology="4x4x4"), "tpu_slices[0].topology", ("2D",)),
        (
            _tpu(machine_type="ct6e-standard-8t", topology="4x4"),
            "tpu_slices[0].topology",
            ("single-host only",),
        ),
        (
            _tpu(machine_type="ct6e-standard-8t", topology="2x2"),
            "tpu_slices[0].topology",
            ("must not be given",),
        ),
        (_tpu(topology="2x2x1"), "tpu_slices[0].topology", ("fits in one",)),
        (_tpu(max_nodes=8), "tpu_slices[0].max_nodes", ("must be 4",)),
        (_tpu(min_nodes=2), "tpu_slices[0].min_nodes", ("atomically",)),
        (_tpu(zone=None), "tpu_slices[0].zone", ("one zone",)),
        (_tpu(fabric={"placement": "none"}), "tpu_slices[0].fabric.placement", ("need placement",)),
        (
            _tpu(machine_type="tpu7x-standard-4t", topology="2x2x2", fabric={"placement": "compact"}),
            "tpu_slices[0].fabric.placement",
            ("workload policy",),
        ),
        (_tpu(fabric={"placement": "workload_policy"}), "tpu_slices[0].fabric.placement", ("COMPACT",)),
        (
            _tpu(machine_type="ct6e-standard-4t", topology=None, fabric={"placement": "compact"}),
            "tpu_slices[0].fabric.placement",
            ("multi-host",),
        ),
        (_tpu(machine_type="a3-megagpu-8g", topology=None), "tpu_slices[0].machine_type", ("not a TPU",)),
        (_tpu(fabric={"type": "rdma"}), "tpu_slices[0].fabric.type", ("needs a machine type",)),
        # placement across zones
        (_gpu(zone=None, fabric={"type": "none", "placement": "compact"}), "pools[0].zone", ("span zones",)),
        (_gpu(zone=None, fabric={"type": "tcpxo"}), "pools[0].zone", ("zonal",)),
        (_gpu(fabric={"placement": "cluster"}), "pools[0].fabric.placement", ("AWS-only",)),
        (_gpu(fabric={"placement": "workload_policy"}), "pools[0].fabric.placement", ("compact",)),
        # capacity combinations
        (_gpu(capacity="flex_start", reservation_id="r-1"), "pools[0].reservation_id", ("only allowed",)),
        (_gpu(capacity="spot", reservation_id="r-1"), "pools[0].reservation_id", ("spot and reservations",)),
        (_gpu(capacity="reservation"), "pools[0].reservation_id", ("required",)),
        (_gpu(capacity="capacity_block", reservation_id="r-1"), "pools[0].capacity", ("AWS",)),
        (_gpu(capacity="flex_start", min_nodes=1), "pools[0].min_nodes", ("flex-start",)),
        (
            _gpu(capacity="flex_start", fabric={"placement": "compact"}),
            "pools[0].fabric.placement",
            ("A3 Ultra",),
        ),
        (_gpu(queued_provisioning=True), "pools[0].queued_provisioning", ("flex_start",)),
        (
            _gpu(capacity="flex_start", queued_provisioning=True, fabric={"placement": "compact"}),
            "pools[0].fabric.placement",
            ("queued",),
        ),
        # machine facts
        (_gpu(accelerator_count=4), "pools[0].accelerator_count", ("carries 8",)),
        (
            _gpu(machine_type=None, accelerator="NVIDIA H100", accelerator_count=3),
            "pools[0].accelerator",
            ("no gcp",),
        ),
        (_gpu(machine_type="p5.48xlarge"), "pools[0].machine_type", ("gcp",)),
        (_gpu(machine_type="ct5p-hightpu-4t"), "pools[0].machine_type", ("tpu_slices",)),
        (_gpu(fabric={"type": "efa"}), "pools[0].fabric.type", ("efa",)),
        (_gpu(fabric={"type": "tcpxo", "interfaces": 4}), "pools[0].fabric.interfaces", ("all 8",)),
        # platform level
        (_gpu(zone="us-east1-b"), "pools[0].zone", ("us-central1",)),
        (platform(encryption={"rotation_days": 120}), "encryption.rotation_days", ("90",)),
        (platform(region="uscentral"), "region", ()),
        (platform(project="X"), "project", ()),
        (platform(tags={"team": "a"}), "tags", ("cost-center",)),
        (platform(pools=[], tpu_slices=[]), "pools", ("at least one",)),
        (platform(tpu_slices=[{**V5P, "name": "h200-train"}]), "pools", ("unique",)),
        (platform(storage={"hot": {"capacity_gib": 4800}}), "storage.hot.capacity_gib", ("9000",)),
        (platform(storage={"hot": {"kind": "local_nvme"}}), "storage.hot.kind", ("lustre, filestore",)),
        (platform(storage={"warm": {"volume_type": "gp3"}}), "storage.warm.volume_type", ("hyperdisk",)),
        (platform(network={"master_cidr": "172.16.0.0/24"}), "network.master_cidr", ("/28",)),
        (platform(network={"pods_cidr": "10.0.0.0/14"}), "network.pods_cidr", ("overlaps",)),
        (platform(cluster={"authorized_cidrs": ["8.8.8.0/24"]}), "cluster.authorized_cidrs", ("public",)),
    ],
)
def test_invalid_combination_names_the_field(raw: dict, field: str, words: tuple[str, ...]) -> None:
    _fails(raw, field, *words)


def test_nothing_is_registered_when_validation_fails(tmp_path) -> None:
    """plan_stack validates before running the program: no engine run happens at all."""
    import yaml

    from aiinfra.plan import plan_stack

    raw = _tpu(topology="4x4x5")
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump({"config": {"aiinfra:platform": raw}}))
    with pytest.raises(InputError, match=r"tpu_slices\[0\]\.topology"):
        plan_stack(str(path))


def test_valid_shipped_configs_validate() -> None:
    assert validate_platform(platform()).blueprint == "gcp"
    assert validate_platform(platform("gcp-tpu-inference")).name == "tpu-serve"
