"""GPUDirect in-cluster wiring: GKE multi-networking objects, NCCL installer DaemonSets, GKE version
floors and the pod annotations a training job needs, for RDMA (shipped stack), TCPX and TCPXO pools."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
from gcp_helpers import by_name, platform, run_platform

from aiinfra.components.base import Component
from aiinfra.components.catalog import lookup
from aiinfra.components.gcp.fabric import FabricNetworks
from aiinfra.components.gcp.gpudirect import (
    NRI_INJECTOR_IMAGE,
    PAUSE_IMAGE,
    RELEASES,
    GpuDirectWiring,
    check_gke_version,
    pod_networks,
)
from aiinfra.components.gcp.nodepool import GpuPoolSpec

from conftest import cached_plan
from engine_helpers import run

PARAMS = "kubernetes:networking.gke.io/v1:GKENetworkParamSet"
NETWORK = "kubernetes:networking.gke.io/v1:Network"
DAEMONSET = "kubernetes:apps/v1:DaemonSet"
GKE_NET = "gcp:compute/network:Network"
GKE_SUBNET = "gcp:compute/subnetwork:Subnetwork"
K8S_VERSION = "1.32"

# The documented fields of the networking.gke.io/v1 kinds (GKE "Set up multi-network support for
# Pods" / GKENetworkParamSet and Network reference); GKE installs them, no CRD file is published to vendor, so unknown
# fields are refused here as the API server would prune them.
_PARAM_SET_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "networking.gke.io/v1"},
        "kind": {"const": "GKENetworkParamSet"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "required": ["vpc", "vpcSubnet", "deviceMode"],
            "properties": {
                "vpc": {"type": "string", "minLength": 1},
                "vpcSubnet": {"type": "string", "minLength": 1},
                "deviceMode": {"enum": ["NetDevice", "DPDK-VFIO", "RDMA"]},
                "podIPv4Ranges": {"type": "object"},
            },
        },
    },
}
_NETWORK_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "networking.gke.io/v1"},
        "kind": {"const": "Network"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "parametersRef"],
            "properties": {
                "type": {"enum": ["L3", "Device"]},
                "provider": {"type": "string"},
                "routes": {"type": "array"},
                "parametersRef": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["group", "kind", "name"],
                    "properties": {
                        "group": {"const": "networking.gke.io"},
                        "kind": {"const": "GKENetworkParamSet"},
                        "name": {"type": "string"},
                        "namespace": {"type": "string"},
                    },
                },
            },
        },
    },
}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _of(run_: Any, type_token: str, marker: str = "-gpudirect-") -> list[Any]:
    return [r for r in run_.resources if r.type == type_token and marker in r.name]


def _pool(machine_type: str, fabric: str, **extra: Any) -> dict:
    return {
        "name": "gpu",
        "machine_type": machine_type,
        "max_nodes": 2,
        "zone": "us-central1-b",
        "fabric": {"type": fabric},
        **extra,
    }


@pytest.fixture(scope="module")
def shipped() -> Any:
    return cached_plan("gcp-training").run


@pytest.fixture(scope="module")
def tcpx() -> Any:
    return run_platform(platform(pools=[_pool("a3-highgpu-8g", "tcpx")], tpu_slices=[]))


@pytest.fixture(scope="module")
def tcpxo() -> Any:
    pool = _pool("a3-megagpu-8g", "tcpxo", taints=[{"key": "team", "value": "llm", "effect": "NoSchedule"}])
    return run_platform(platform(pools=[pool], tpu_slices=[]))


# --- multi-networking objects --------------------------------------------------------------------------


def test_rdma_pool_gets_one_param_set_and_network_per_extra_nic(shipped) -> None:
    machine = lookup("a3-ultragpu-8g")
    params = {r.inputs["metadata"]["name"]: r for r in _of(shipped, PARAMS)}
    nets = {r.inputs["metadata"]["name"]: r for r in _of(shipped, NETWORK)}
    expected = ["h200-train-gvnic", *[f"h200-train-rdma-{i}" for i in range(machine.fabric_interfaces)]]
    assert sorted(params) == sorted(nets) == sorted(expected)
    assert params["h200-train-gvnic"].inputs["spec"] == {
        "vpc": "llm-train-h200-train-fabric-gvnic",
        "vpcSubnet": "llm-train-h200-train-fabric-gvnic-subnet",
        "deviceMode": "NetDevice",
    }
    for i in range(machine.fabric_interfaces):
        assert params[f"h200-train-rdma-{i}"].inputs["spec"] == {
            "vpc": "llm-train-h200-train-fabric-roce",
            "vpcSubnet": f"llm-train-h200-train-fabric-roce-subnet{i}",
            "deviceMode": "RDMA",
        }
    for name, net in nets.items():
        assert net.inputs["spec"] == {
            "type": "Device",
            "parametersRef": {"group": "networking.gke.io", "kind": "GKENetworkParamSet", "name": name},
        }
        assert params[name].urn in net.dependencies


def test_param_sets_name_the_vpcs_and_subnets_the_fabric_creates(shipped) -> None:
    vpcs = {r.inputs["name"] for r in shipped.by_type(GKE_NET)}
    subnets = {r.inputs["name"] for r in shipped.by_type(GKE_SUBNET)}
    for r in _of(shipped, PARAMS):
        assert r.inputs["spec"]["vpc"] in vpcs
        assert r.inputs["spec"]["vpcSubnet"] in subnets


@pytest.mark.parametrize("variant", ["shipped", "tcpx", "tcpxo"])
def test_networking_gke_io_objects_have_only_documented_fields(variant, request) -> None:
    run_ = request.getfixturevalue(variant)
    objs = [(r, _PARAM_SET_SCHEMA) for r in _of(run_, PARAMS)] + [
        (r, _NETWORK_SCHEMA) for r in _of(run_, NETWORK)
    ]
    assert objs
    for rec, schema in objs:
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(_plain(rec.inputs)))
        assert not errors, f"{rec.name}: {[e.message for e in errors]}"


def test_documented_field_check_refuses_a_misspelt_field() -> None:
    bad = {
        "apiVersion": "networking.gke.io/v1",
        "kind": "GKENetworkParamSet",
        "metadata": {"name": "x"},
        "spec": {"vpc": "v", "vpcSubnet": "s", "devicemode": "RDMA"},
    }
    assert not jsonschema.Draft7Validator(_PARAM_SET_SCHEMA).is_valid(bad)


@pytest.mark.parametrize(("variant", "count"), [("tcpx", 4), ("tcpxo", 8)])
def test_tcpx_flavours_use_netdevice_networks_one_per_vpc(variant, count, request) -> None:
    run_ = request.getfixturevalue(variant)
    params = sorted(_of(run_, PARAMS), key=lambda r: r.inputs["metadata"]["name"])
    assert [r.inputs["metadata"]["name"] for r in params] == sorted(f"gpu-vpc{i}" for i in range(count))
    for r in params:
        i = r.inputs["metadata"]["name"].removeprefix("gpu-vpc")
        assert r.inputs["spec"] == {
            "vpc": f"llm-train-gpu-fabric-vpc{i}",
            "vpcSubnet": f"llm-train-gpu-fabric-vpc{i}-subnet",
            "deviceMode": "NetDevice",
        }


# --- pod annotations -------------------------------------------------------------------------------------


def test_stack_exports_the_pod_annotations_per_fabric_pool(shipped) -> None:
    out = shipped.outputs["gpudirect_pod_annotations"]
    assert list(out) == ["h200-train"]
    ann = out["h200-train"]
    assert ann["networking.gke.io/default-interface"] == "eth0"
    interfaces = json.loads(ann["networking.gke.io/interfaces"])
    assert interfaces == [
        {"interfaceName": "eth0", "network": "default"},
        {"interfaceName": "eth1", "network": "h200-train-gvnic"},
        *[{"interfaceName": f"eth{i + 2}", "network": f"h200-train-rdma-{i}"} for i in range(8)],
    ]
    # Every network a pod asks for exists as a Network object.
    names = {r.inputs["metadata"]["name"] for r in _of(shipped, NETWORK)}
    assert {i["network"] for i in interfaces[1:]} == names


def test_interfaces_follow_the_node_pool_nic_order(tcpxo) -> None:
    pool = by_name(tcpxo)["llm-train-gpu-np"]
    subnets = [c["subnetwork"] for c in pool.inputs["networkConfig"]["additionalNodeNetworkConfigs"]]
    by_network = {r.inputs["metadata"]["name"]: r.inputs["spec"]["vpcSubnet"] for r in _of(tcpxo, PARAMS)}
    nets = pod_networks("gpu", lookup("a3-megagpu-8g"))
    assert [n.interface for n in nets] == [f"eth{i}" for i in range(1, 9)]
    assert [by_network[n.name] for n in nets] == subnets


# --- DaemonSets -------------------------------------------------------------------------------------------


def _daemonsets(run_: Any) -> dict[str, dict]:
    return {r.name.rsplit("-", 1)[1]: _plain(dict(r.inputs)) for r in _of(run_, DAEMONSET)}


@pytest.mark.parametrize("variant", ["shipped", "tcpx", "tcpxo"])
def test_daemonsets_validate_against_kubernetes_openapi(variant, request) -> None:
    objs = _daemonsets(request.getfixturevalue(variant))
    assert objs
    for role, obj in objs.items():
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{role}: {exc.message} at {list(exc.path)}")


@pytest.mark.parametrize(
    ("variant", "pool", "accelerator", "roles"),
    [
        ("shipped", "h200-train", "nvidia-h200-141gb", {"installer"}),
        ("tcpx", "gpu", "nvidia-h100-80gb", {"installer", "nri"}),
        ("tcpxo", "gpu", "nvidia-h100-mega-80gb", {"installer", "nri"}),
    ],
)
def test_daemonsets_run_in_kube_system_on_the_pool_only(variant, pool, accelerator, roles, request) -> None:
    objs = _daemonsets(request.getfixturevalue(variant))
    assert set(objs) == roles
    for obj in objs.values():
        assert obj["metadata"]["namespace"] == "kube-system"
        spec = obj["spec"]["template"]["spec"]
        terms = spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
            "nodeSelectorTerms"
        ]
        assert terms == [
            {
                "matchExpressions": [
                    {"key": "cloud.google.com/gke-nodepool", "operator": "In", "values": [pool]},
                    {"key": "cloud.google.com/gke-accelerator", "operator": "In", "values": [accelerator]},
                ]
            }
        ]
        if obj["metadata"]["name"].startswith("nccl-rdma-installer"):
            # The gIB installer tolerates every taint, as the upstream manifest does.
            assert spec["tolerations"] == [{"operator": "Exists"}]
            continue
        assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in spec["tolerations"]
        assert all(t.get("key") for t in spec["tolerations"]), "no tolerate-everything toleration"
        assert obj["spec"]["selector"]["matchLabels"] == obj["spec"]["template"]["metadata"]["labels"]


def test_pool_taints_are_tolerated_too(tcpxo) -> None:
    for obj in _daemonsets(tcpxo).values():
        tolerations = obj["spec"]["template"]["spec"]["tolerations"]
        assert {"key": "team", "operator": "Equal", "value": "llm", "effect": "NoSchedule"} in tolerations


def _containers(obj: dict) -> dict[str, dict]:
    spec = obj["spec"]["template"]["spec"]
    return {c["name"]: c for c in [*spec.get("initContainers", []), *spec["containers"]]}


@pytest.mark.parametrize(
    ("variant", "privileged", "host"),
    [
        ("shipped", {"disable-log-martians", "nccl-rdma-installer"}, {"hostNetwork"}),
        ("tcpx", {"nccl-tcpx-installer"}, set()),
        ("tcpxo", {"host-prepare", "nccl-tcpxo-installer"}, {"hostPID"}),
    ],
)
def test_only_the_installer_steps_that_need_it_are_privileged(variant, privileged, host, request) -> None:
    installer = _daemonsets(request.getfixturevalue(variant))["installer"]
    containers = _containers(installer)
    assert {n for n, c in containers.items() if c["securityContext"].get("privileged")} == privileged
    pause = containers["pause"]
    assert pause["image"] == PAUSE_IMAGE
    assert pause["securityContext"] == {
        "privileged": False,
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    spec = installer["spec"]["template"]["spec"]
    assert {k for k in ("hostNetwork", "hostPID", "hostIPC") if spec.get(k)} == host
    assert spec["automountServiceAccountToken"] is False


@pytest.mark.parametrize("variant", ["shipped", "tcpx", "tcpxo"])
def test_installer_images_are_the_pinned_releases(variant, request) -> None:
    fabric = {"shipped": "rdma"}.get(variant, variant)
    objs = _daemonsets(request.getfixturevalue(variant))
    images = {c["image"] for c in _containers(objs["installer"]).values()}
    assert RELEASES[fabric].installer in images
    assert all(":latest" not in i and ":" in i.rsplit("/", 1)[-1] for i in images)
    if "nri" in objs:
        assert [c["image"] for c in _containers(objs["nri"]).values()] == [NRI_INJECTOR_IMAGE]


def test_rdma_sysctl_covers_every_rdma_nic(shipped) -> None:
    step = _containers(_daemonsets(shipped)["installer"])["disable-log-martians"]
    for i in range(lookup("a3-ultragpu-8g").fabric_interfaces):
        assert f"net.ipv4.conf.gpu{i}rdma0.log_martians=0" in step["args"][0]


# --- wiring ------------------------------------------------------------------------------------------------


def test_every_object_uses_the_cluster_provider_and_waits_for_the_pool(shipped) -> None:
    provider = next(r for r in shipped.resources if r.type == "pulumi:providers:kubernetes")
    pool = by_name(shipped)["llm-train-h200-train-np"]
    wiring = by_name(shipped)["llm-train-h200-train-gpudirect"]
    assert wiring.type == "aiinfra:gcp:GpuDirectWiring"
    children = [r for r in shipped.resources if r.parent == wiring.urn]
    assert len(children) == 2 * 9 + 1
    for child in children:
        assert child.provider == provider.urn
        assert pool.urn in child.dependencies


def test_pools_without_fabric_get_no_wiring() -> None:
    pool = {"name": "l4", "machine_type": "g2-standard-48", "max_nodes": 2, "zone": "us-central1-b"}
    run_ = run_platform(platform(pools=[pool], tpu_slices=[]))
    assert not [r for r in run_.resources if r.type.startswith("kubernetes:") and "gpudirect" in r.name]
    assert run_.outputs is None or not run_.outputs.get("gpudirect_pod_annotations")


# --- GKE version floors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fabric", "version"),
    [
        ("tcpx", "1.28.15-gke.3163000"),
        ("tcpx", "1.30.9-gke.1"),
        ("tcpx", "1.33.1-gke.1"),
        ("tcpx", "1.29"),
        ("tcpx", "latest"),
        ("tcpx", None),
        ("tcpxo", "1.32.11-gke.1174000"),
        ("tcpxo", "1.34.0-gke.1"),
        ("rdma", "1.20.0-gke.1"),
    ],
)
def test_versions_at_or_above_the_floor_pass(fabric, version) -> None:
    check_gke_version(fabric, version)


@pytest.mark.parametrize(
    ("fabric", "version", "words"),
    [
        ("tcpx", "1.28.15-gke.3162999", "below the GPUDirect-TCPX floor 1.28.15-gke.3163000 for 1.28"),
        # The pre-2026 floors (CTK before #5284) no longer pass: security-bulletin patch versions are required.
        ("tcpx", "1.28.8-gke.1095000", "below the GPUDirect-TCPX floor 1.28.15-gke.3163000 for 1.28"),
        ("tcpx", "1.27.7-gke.1121000", "below the GPUDirect-TCPX floor 1.27.16-gke.2874000 for 1.27"),
        ("tcpxo", "1.32.2-gke.1489001", "below the GPUDirect-TCPXO floor 1.32.11-gke.1174000 for 1.32"),
        ("tcpxo", "1.30.4-gke.1129000", "below the GPUDirect-TCPXO floor 1.30.14-gke.1922000 for 1.30"),
        ("tcpx", "1.26.15-gke.1", "too old for GPUDirect-TCPX"),
        ("tcpxo", "1.31.1-gke.1", "below the GPUDirect-TCPXO floor 1.31.14-gke.1243000 for 1.31"),
        ("tcpxo", "1.27.16-gke.2874000", "too old for GPUDirect-TCPXO"),
        ("tcpxo", "1.31.x", "is not a GKE version"),
    ],
)
def test_versions_below_the_floor_fail_naming_the_field(fabric, version, words) -> None:
    with pytest.raises(ValueError) as err:
        check_gke_version(fabric, version, field="platform.cluster.min_master_version")
    message = str(err.value)
    assert message.startswith("platform.cluster.min_master_version: ")
    assert words in message
    if "not a GKE version" not in words:
        assert "allowed: >= " in message


def test_a_version_below_the_floor_registers_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    machine = lookup("a3-megagpu-8g")
    pool = GpuPoolSpec(**_pool("a3-megagpu-8g", "tcpxo"))
    fabric = FabricNetworks(tuple((f"n{i}", f"s{i}") for i in range(machine.extra_vpcs)))  # type: ignore[misc]

    def program() -> None:
        GpuDirectWiring("w", pool, machine, fabric=fabric, gke_version="1.30.1-gke.1")

    with pytest.raises(Exception, match=r"cluster\.min_master_version: GKE 1\.30\.1-gke\.1 is below"):
        run(program)

    def registered(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the component registered before validating")

    with monkeypatch.context() as patch:
        patch.setattr(Component, "__init__", registered)
        with pytest.raises(ValueError, match="is below the GPUDirect-TCPXO floor"):
            GpuDirectWiring("w", pool, machine, fabric=fabric, gke_version="1.30.1-gke.1")

    result = run(
        lambda: GpuDirectWiring("w", pool, machine, fabric=fabric, gke_version="1.30.14-gke.1922000")
    )
    assert len([r for r in result.resources if r.type == NETWORK]) == 8
    assert len([r for r in result.resources if r.type == DAEMONSET]) == 2


def test_a_fabric_with_the_wrong_number_of_networks_is_refused() -> None:
    machine = lookup("a3-highgpu-8g")
    pool = GpuPoolSpec(**_pool("a3-highgpu-8g", "tcpx"))
    fabric = FabricNetworks((("n0", "s0"),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fabric: a3-highgpu-8g needs 4 additional networks, got 1"):
        GpuDirectWiring("w", pool, machine, fabric=fabric)
