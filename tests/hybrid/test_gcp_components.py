"""The GCP hybrid components on their own: HA VPN with BGP, Interconnect, Storage Transfer."""

from __future__ import annotations

import pulumi

from aiinfra.components.hybrid.spec import DedicatedSpec, ReplicationSpec, VpnSpec
from aiinfra.engine import Secret, run_program

from engine_helpers import names, only

LABELS = {"team": "t", "project": "p", "cost-center": "c", "environment": "prod"}


def _link(spec, peering: str | None = "gke-peer"):
    def program() -> None:
        from aiinfra.components.hybrid.gcp_link import GcpSiteLink

        GcpSiteLink(
            "link",
            spec,
            project="proj-123456",
            region="us-central1",
            network_id="projects/proj-123456/global/networks/vpc",
            network_name="vpc",
            advertised_ranges=["172.16.0.32/28"],
            gke_peering_name=peering,
            preshared_keys={
                "a": pulumi.Output.secret("psk-a-value"),
                "b": pulumi.Output.secret("psk-b-value"),
            },
            labels=LABELS,
        )

    return run_program(program, context={"gcp_project": "proj-123456"})


def _vpn(ips=("203.0.113.10", "203.0.113.11")) -> VpnSpec:
    return VpnSpec(
        onprem_public_ips=list(ips),
        onprem_asn=65020,
        cloud_asn=64514,
        tunnels=[
            {"inside_cidr": "169.254.20.0/30", "psk_key": "a"},
            {"inside_cidr": "169.254.21.0/30", "psk_key": "b"},
        ],
        routes_to_onprem=["10.60.0.0/16"],
    )


def test_ha_vpn_two_tunnels_bgp_and_route_exchange() -> None:
    run = _link(_vpn())
    router = only(run, "gcp:compute/router:Router", "link-router")
    assert router.inputs["bgp"] == {
        "asn": 64514.0,
        "advertiseMode": "CUSTOM",
        "advertisedGroups": ["ALL_SUBNETS"],
        "advertisedIpRanges": [{"range": "172.16.0.32/28", "description": "GKE control plane"}],
    }
    peer_gw = only(run, "gcp:compute/externalVpnGateway:ExternalVpnGateway", "link-onprem")
    assert peer_gw.inputs["redundancyType"] == "TWO_IPS_REDUNDANCY"
    assert peer_gw.inputs["interfaces"] == [
        {"id": 0.0, "ipAddress": "203.0.113.10"},
        {"id": 1.0, "ipAddress": "203.0.113.11"},
    ]
    tunnels = run.by_type("gcp:compute/vPNTunnel:VPNTunnel")
    assert [(t.inputs["vpnGatewayInterface"], t.inputs["peerExternalGatewayInterface"]) for t in tunnels] == [
        (0.0, 0.0),
        (1.0, 1.0),
    ]
    assert [t.inputs["sharedSecret"] for t in tunnels] == [Secret("psk-a-value"), Secret("psk-b-value")]
    assert all(t.inputs["ikeVersion"] == 2.0 for t in tunnels)
    interfaces = run.by_type("gcp:compute/routerInterface:RouterInterface")
    assert [i.inputs["ipRange"] for i in interfaces] == ["169.254.20.1/30", "169.254.21.1/30"]
    peers = run.by_type("gcp:compute/routerPeer:RouterPeer")
    assert [(p.inputs["peerIpAddress"], p.inputs["peerAsn"]) for p in peers] == [
        ("169.254.20.2", 65020.0),
        ("169.254.21.2", 65020.0),
    ]
    routes = only(run, "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig")
    assert routes.inputs["peering"] == "gke-peer" and routes.inputs["exportCustomRoutes"] is True


def test_single_onprem_ip_uses_one_external_interface() -> None:
    run = _link(_vpn(ips=("203.0.113.10",)), peering=None)
    assert only(run, "gcp:compute/externalVpnGateway:ExternalVpnGateway").inputs["redundancyType"] == (
        "SINGLE_IP_INTERNALLY_REDUNDANT"
    )
    tunnels = run.by_type("gcp:compute/vPNTunnel:VPNTunnel")
    assert [t.inputs["peerExternalGatewayInterface"] for t in tunnels] == [0.0, 0.0]
    assert names(run, "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig") == []


def test_interconnect_records_the_attachment_only() -> None:
    spec = DedicatedSpec(
        onprem_asn=65020,
        cloud_asn=64514,
        interconnect_attachments=[{"name": "dc2-ic-a", "peer_ip": "169.254.30.2"}],
        routes_to_onprem=["10.60.0.0/16"],
    )
    run = _link(spec)
    interface = only(run, "gcp:compute/routerInterface:RouterInterface", "link-if-dc2-ic-a")
    assert interface.inputs["interconnectAttachment"] == "dc2-ic-a"
    assert only(run, "gcp:compute/routerPeer:RouterPeer").inputs["peerIpAddress"] == "169.254.30.2"
    assert names(run, "gcp:compute/vPNTunnel:VPNTunnel") == []
    assert names(run, "gcp:compute/haVpnGateway:HaVpnGateway") == []


def test_storage_transfer_job() -> None:
    spec = ReplicationSpec(
        source={"hostname": "s3.dc2.example.internal", "bucket": "datasets", "path": "train/"},
        schedule={"cron": "30 */6 * * *"},
        transfer_pool={"name": "dc2-agents", "bandwidth_limit_mbps": 2000},
        destination_path="datasets/dc2/",
    )

    def program() -> None:
        from aiinfra.components.hybrid.gcp_replication import StorageTransferReplication

        StorageTransferReplication("sync", spec, project="proj-123456", bucket_name="cold-bucket")

    run = run_program(program, context={"gcp_project": "proj-123456"})
    pool = only(run, "gcp:storage/transferAgentPool:TransferAgentPool", "sync-pool")
    assert pool.inputs["name"] == "dc2-agents" and pool.inputs["bandwidthLimit"] == {"limitMbps": "2000"}
    grants = run.by_type("gcp:storage/bucketIAMMember:BucketIAMMember")
    assert sorted(g.inputs["role"] for g in grants) == [
        "roles/storage.legacyBucketReader",
        "roles/storage.objectAdmin",
    ]
    assert all(
        g.inputs["member"].endswith("@storage-transfer-service.iam.gserviceaccount.com") for g in grants
    )
    job = only(run, "gcp:storage/transferJob:TransferJob", "sync-job")
    ts = job.inputs["transferSpec"]
    assert ts["sourceAgentPoolName"] == "projects/proj-123456/agentPools/dc2-agents"
    assert ts["awsS3CompatibleDataSource"] == {
        "bucketName": "datasets",
        "endpoint": "s3.dc2.example.internal:443",
        "path": "train/",
        "s3Metadata": {
            "authMethod": "AUTH_METHOD_AWS_SIGNATURE_V4",
            "protocol": "NETWORK_PROTOCOL_HTTPS",
            "requestModel": "REQUEST_MODEL_PATH_STYLE",
            "listApi": "LIST_OBJECTS_V2",
        },
    }
    assert ts["gcsDataSink"] == {"bucketName": "cold-bucket", "path": "datasets/dc2/"}
    assert job.inputs["schedule"] == {
        "scheduleStartDate": {"year": 2026.0, "month": 1.0, "day": 1.0},
        "startTimeOfDay": {"hours": 0.0, "minutes": 30.0, "seconds": 0.0, "nanos": 0.0},
        "repeatInterval": "21600s",
    }
    assert {g.urn for g in grants} <= set(job.dependencies)
