"""Each on-prem component on its own under the offline engine: MIG, RoCE/macvlan, external S3."""

from __future__ import annotations

import json

import pulumi

from aiinfra.components.onprem.spec import (
    NodePoolSpec,
    OnpremFabricSpec,
    OnpremStorageSpec,
    VaultKmsSpec,
)
from aiinfra.engine import run_program

LABELS = {"team": "t", "project": "p", "cost-center": "c"}
VAULT = VaultKmsSpec(address="https://vault.example:8200")


def _mig_pool() -> NodePoolSpec:
    return NodePoolSpec(
        name="h200",
        machine_type="hgx-h200",
        nodes=2,
        node_selector={"gen": "h200"},
        sharing={"mode": "mig", "mig_profile": "all-1g.18gb"},
    )


def test_gpu_operator_mig_pool() -> None:
    def program() -> None:
        from aiinfra.components.onprem.gpu import GpuOperator

        GpuOperator("gpu", [_mig_pool()], rdma_pools=["h200"], labels=LABELS)

    run = run_program(program)
    release = run.by_type("kubernetes:helm.sh/v3:Release")[0]
    assert release.inputs["values"]["mig"]["strategy"] == "mixed"
    driver = run.by_type("kubernetes:nvidia.com/v1alpha1:NVIDIADriver")[0]
    assert (
        driver.inputs["spec"]["nodeSelector"] == {"gen": "h200"} and driver.inputs["spec"]["rdma"]["enabled"]
    )
    assert release.urn in driver.dependencies
    config = run.by_type("kubernetes:core/v1:ConfigMap")[0]
    assert json.loads(config.inputs["data"]["default"])["flags"]["migStrategy"] == "mixed"


def test_scheduling_mig_quota() -> None:
    from aiinfra.components.onprem.spec import TeamSpec, default_priorities

    def program() -> None:
        from aiinfra.components.onprem.scheduling import GpuScheduling

        GpuScheduling(
            "s",
            [_mig_pool()],
            [TeamSpec(name="a", quotas={"h200": {"accelerators": 4, "borrowing_limit": 0}})],
            default_priorities(),
            cohort="c",
            labels=LABELS,
        )

    run = run_program(program)
    quota = run.by_type("kubernetes:core/v1:ResourceQuota")[0]
    assert quota.inputs["spec"]["hard"] == {"requests.nvidia.com/mig-1g.18gb": "28"}
    cq = run.by_type("kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue")[0]
    group = cq.inputs["spec"]["resourceGroups"][0]
    assert group["coveredResources"] == ["cpu", "memory", "nvidia.com/mig-1g.18gb"]
    assert cq.inputs["spec"]["cohortName"] == "c"


def test_roce_fabric_uses_macvlan() -> None:
    fabric = OnpremFabricSpec(
        type="roce",
        rails=[{"name": "r0", "interface": "ens1f0", "subnet": "10.1.0.0/24", "pci_device_ids": ["1021"]}],
    )
    pool = NodePoolSpec(name="l40s", machine_type="l40s-8x-roce", nodes=2, node_selector={"p": "l40s"})

    def program() -> None:
        from aiinfra.components.onprem.fabric import NetworkFabric

        NetworkFabric("f", fabric, [pool], labels=LABELS)

    run = run_program(program)
    net = run.by_type("kubernetes:mellanox.com/v1alpha1:MacvlanNetwork")[0]
    assert net.inputs["spec"]["mtu"] == 9000 and net.inputs["spec"]["master"] == "ens1f0"
    ncp = run.by_type("kubernetes:mellanox.com/v1alpha1:NicClusterPolicy")[0]
    selectors = json.loads(ncp.inputs["spec"]["rdmaSharedDevicePlugin"]["config"])["configList"][0][
        "selectors"
    ]
    assert selectors["linkTypes"] == ["ether"] and selectors["deviceIDs"] == ["1021"]
    assert "ipoib" not in ncp.inputs["spec"]["secondaryNetwork"]


def test_storage_external_s3_registers_no_rgw() -> None:
    spec = OnpremStorageSpec(warm=None, cold={"kind": "external_s3", "endpoint": "https://s3.dc1.example"})

    def program() -> None:
        from aiinfra.components.onprem.storage import OnpremStorage

        s = OnpremStorage("d", spec, VAULT, labels=LABELS)
        pulumi.export("endpoint", s.bucket_endpoint)

    run = run_program(program)
    types = {r.type for r in run.resources if r.custom}
    assert types == {"kubernetes:storage.k8s.io/v1:StorageClass"}  # hot tier only; no Rook namespace adopted
    assert run.outputs["endpoint"] == "https://s3.dc1.example"
