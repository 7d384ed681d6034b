"""Each hybrid component on its own under the offline engine: exact resources, properties, secrets."""

from __future__ import annotations

import json

import pulumi
import pytest

from aiinfra.components.hybrid.schedule import CronSchedule
from aiinfra.components.hybrid.spec import BurstSpec, DedicatedSpec, ReplicationSpec, VpnSpec
from aiinfra.engine import Secret, run_program

from engine_helpers import names, only

TAGS = {"team": "t", "project": "p", "cost-center": "c", "environment": "prod"}
PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"


def _vpn(**overrides) -> VpnSpec:
    return VpnSpec(
        **{
            "onprem_public_ips": ["203.0.113.10"],
            "onprem_asn": 65010,
            "cloud_asn": 64512,
            "tunnels": [
                {"inside_cidr": "169.254.10.0/30", "psk_key": "psk1"},
                {"inside_cidr": "169.254.10.4/30", "psk_key": "psk2"},
            ],
            "routes_to_onprem": ["10.20.0.0/16", "10.24.0.0/14"],
            **overrides,
        }
    )


def _aws_link(spec, tables: int = 2):
    def program() -> None:
        from aiinfra.components.hybrid.aws_link import AwsSiteLink

        AwsSiteLink(
            "link",
            spec,
            vpc_id="vpc-1",
            vpc_cidr="10.40.0.0/16",
            subnet_ids=["subnet-a", "subnet-b"],
            route_table_ids=[f"rtb-{i}" for i in range(tables)],
            api_security_group_id="sg-cluster",
            preshared_keys={
                "psk1": pulumi.Output.secret("first-psk-value"),
                "psk2": pulumi.Output.secret("second-psk-value"),
            },
            tags=TAGS,
        )

    return run_program(program)


def test_aws_vpn_over_transit_gateway() -> None:
    run = _aws_link(_vpn())
    tgw = only(run, "aws:ec2transitgateway/transitGateway:TransitGateway", "link-tgw")
    assert tgw.inputs["amazonSideAsn"] == 64512.0 and tgw.inputs["vpnEcmpSupport"] == "enable"
    attach = only(run, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "link-tgw-vpc")
    assert attach.inputs["subnetIds"] == ["subnet-a", "subnet-b"] and attach.inputs["vpcId"] == "vpc-1"
    cgw = only(run, "aws:ec2/customerGateway:CustomerGateway", "link-cgw-0")
    assert cgw.inputs == {**cgw.inputs, "type": "ipsec.1", "bgpAsn": "65010", "ipAddress": "203.0.113.10"}
    vpn = only(run, "aws:ec2/vpnConnection:VpnConnection", "link-vpn-0")
    i = vpn.inputs
    assert i["staticRoutesOnly"] is False and i["transitGatewayId"] == tgw.outputs.get(
        "id", i["transitGatewayId"]
    )
    assert (i["tunnel1InsideCidr"], i["tunnel2InsideCidr"]) == ("169.254.10.0/30", "169.254.10.4/30")
    assert i["tunnel1IkeVersions"] == ["ikev2"] and i["tunnel2Phase1EncryptionAlgorithms"] == ["AES256"]
    assert i["tunnel1PresharedKey"] == Secret("first-psk-value")
    assert i["tunnel2PresharedKey"] == Secret("second-psk-value")
    routes = run.by_type("aws:ec2/route:Route")
    assert sorted((r.inputs["routeTableId"], r.inputs["destinationCidrBlock"]) for r in routes) == [
        ("rtb-0", "10.20.0.0/16"),
        ("rtb-0", "10.24.0.0/14"),
        ("rtb-1", "10.20.0.0/16"),
        ("rtb-1", "10.24.0.0/14"),
    ]
    assert all("transitGatewayId" in r.inputs and attach.urn in r.dependencies for r in routes)
    api = run.by_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert [(r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["securityGroupId"]) for r in api] == [
        ("10.20.0.0/16", 443.0, "sg-cluster"),
        ("10.24.0.0/14", 443.0, "sg-cluster"),
    ]
    assert names(run, "aws:ec2transitgateway/route:Route") == []


def test_aws_static_vpn_routes_through_the_vpn_attachment() -> None:
    run = _aws_link(_vpn(routing="static"), tables=1)
    assert only(run, "aws:ec2/vpnConnection:VpnConnection").inputs["staticRoutesOnly"] is True
    routes = run.by_type("aws:ec2transitgateway/route:Route")
    assert [r.inputs["destinationCidrBlock"] for r in routes] == ["10.20.0.0/16", "10.24.0.0/14"]
    assert all(r.inputs["transitGatewayAttachmentId"].startswith("tgw-attach-") for r in routes)
    assert all(r.inputs["transitGatewayRouteTableId"].startswith("tgw-rtb-") for r in routes)


def test_aws_vpn_gateway_variant() -> None:
    run = _aws_link(_vpn(routing="static", aws_gateway="vpn_gateway"), tables=1)
    assert names(run, "aws:ec2transitgateway/transitGateway:TransitGateway") == []
    vgw = only(run, "aws:ec2/vpnGateway:VpnGateway", "link-vgw")
    assert vgw.inputs["amazonSideAsn"] == "64512" and vgw.inputs["vpcId"] == "vpc-1"
    assert "vpnGatewayId" in only(run, "aws:ec2/vpnConnection:VpnConnection").inputs
    assert names(run, "aws:ec2/vpnConnectionRoute:VpnConnectionRoute") == [
        "link-vpn-0-route-0",
        "link-vpn-0-route-1",
    ]
    assert all("gatewayId" in r.inputs for r in run.by_type("aws:ec2/route:Route"))


def test_aws_direct_connect_records_the_association_only() -> None:
    spec = DedicatedSpec(
        onprem_asn=65010,
        cloud_asn=64512,
        dx_gateway_id="0a1b2c3d-1111-2222-3333-444455556666",
        routes_to_onprem=["10.20.0.0/16"],
    )
    run = _aws_link(spec, tables=1)
    dx = only(run, "aws:directconnect/gatewayAssociation:GatewayAssociation", "link-dx")
    assert dx.inputs["dxGatewayId"] == "0a1b2c3d-1111-2222-3333-444455556666"
    assert dx.inputs["allowedPrefixes"] == ["10.40.0.0/16"]
    assert names(run, "aws:ec2/vpnConnection:VpnConnection") == []
    assert names(run, "aws:ec2/customerGateway:CustomerGateway") == []


def _burst_run():
    from aiinfra.components.hybrid.multikueue import WorkerFlavor

    spec = BurstSpec(worker="aws-burst", teams=[{"name": "research", "gpus": {"h100": 16}}])
    flavor = WorkerFlavor(
        name="h100",
        node_labels={"aiinfra.io/pool": "h100"},
        tolerations=[{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
        device_resource="nvidia.com/gpu",
        accelerators_per_node=8,
        vcpus=192,
        memory_gib=2048,
    )

    def program() -> None:
        import pulumi_kubernetes as k8s

        from aiinfra.components.hybrid.multikueue import MultiKueueBurst

        manager = k8s.Provider("manager", kubeconfig=pulumi.Output.secret("{}"))
        worker = k8s.Provider("worker", kubeconfig=pulumi.Output.secret("{}"))
        MultiKueueBurst(
            "mk",
            spec,
            [flavor],
            manager_provider=manager,
            worker_provider=worker,
            worker_endpoint="https://worker.example",
            worker_ca_data="Q0E=",
            labels={"team": "t"},
        )

    return run_program(program)


def test_multikueue_manager_objects() -> None:
    run = _burst_run()
    manager = next(r.urn for r in run.resources if r.name == "manager")
    worker = next(r.urn for r in run.resources if r.name == "worker")
    secret = only(run, "kubernetes:core/v1:Secret", "mk-kubeconfig")
    assert secret.provider == manager
    assert secret.inputs["metadata"]["namespace"] == "kueue-system"
    kubeconfig = secret.inputs["stringData"]
    assert isinstance(kubeconfig, Secret)
    document = json.loads(kubeconfig.value["kubeconfig"])
    assert document["clusters"][0]["cluster"] == {
        "server": "https://worker.example",
        "certificate-authority-data": "Q0E=",
    }
    assert document["users"][0]["user"]["token"].startswith("offline-sa-token-")
    cluster = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:MultiKueueCluster")
    assert cluster.inputs["metadata"]["name"] == "aws-burst"
    assert cluster.inputs["spec"] == {
        "clusterSource": {"kubeConfig": {"locationType": "Secret", "location": "aws-burst-kubeconfig"}}
    }
    config = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:MultiKueueConfig")
    assert config.inputs["spec"] == {"clusters": ["aws-burst"]}
    check = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:AdmissionCheck")
    assert check.inputs["spec"] == {
        "controllerName": "kueue.x-k8s.io/multikueue",
        "parameters": {"apiGroup": "kueue.x-k8s.io", "kind": "MultiKueueConfig", "name": "aws-burst"},
    }
    cq = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue", "mk-cq-research")
    assert cq.provider == manager
    assert cq.inputs["spec"]["admissionChecksStrategy"] == {"admissionChecks": [{"name": "aws-burst"}]}
    flavors = cq.inputs["spec"]["resourceGroups"][0]["flavors"]
    assert flavors == [
        {
            "name": "cloud-burst",
            "resources": [
                {"name": "cpu", "nominalQuota": "384"},
                {"name": "memory", "nominalQuota": "4096Gi"},
                {"name": "nvidia.com/gpu", "nominalQuota": "16"},
            ],
        }
    ]
    manager_flavor = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor", "mk-flavor")
    assert manager_flavor.inputs["spec"] == {}
    assert "topologyName" not in json.dumps(
        [r.inputs for r in run.resources if r.provider == manager], default=str
    )
    lq = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", "mk-lq-research")
    assert lq.inputs["metadata"]["namespace"] == "team-research" and lq.inputs["spec"] == {
        "clusterQueue": "research-burst"
    }
    assert worker != manager


def test_multikueue_worker_mirrors_namespace_and_queues() -> None:
    run = _burst_run()
    worker = next(r.urn for r in run.resources if r.name == "worker")
    on_worker = [r for r in run.resources if r.provider == worker]
    assert sorted(r.name for r in on_worker) == [
        "mk-worker-binding",
        "mk-worker-cq-research",
        "mk-worker-flavor-h100",
        "mk-worker-lq-research",
        "mk-worker-ns-research",
        "mk-worker-role",
        "mk-worker-sa",
        "mk-worker-token",
    ]
    lq = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", "mk-worker-lq-research")
    manager_lq = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue", "mk-lq-research")
    assert lq.inputs["metadata"]["name"] == manager_lq.inputs["metadata"]["name"] == "research-burst"
    assert lq.inputs["metadata"]["namespace"] == manager_lq.inputs["metadata"]["namespace"] == "team-research"
    flavor = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor", "mk-worker-flavor-h100")
    assert flavor.inputs["spec"]["nodeLabels"] == {"aiinfra.io/pool": "h100"}
    cq = only(run, "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue", "mk-worker-cq-research")
    assert "admissionChecksStrategy" not in cq.inputs["spec"]
    assert cq.inputs["spec"]["resourceGroups"][0]["flavors"][0]["name"] == "h100"
    token = only(run, "kubernetes:core/v1:Secret", "mk-worker-token")
    assert token.inputs["type"] == "kubernetes.io/service-account-token"
    assert token.inputs["metadata"]["annotations"] == {
        "kubernetes.io/service-account.name": "multikueue-manager"
    }


def _replication(**overrides) -> ReplicationSpec:
    return ReplicationSpec(
        **{
            "source": {
                "hostname": "s3.dc1.example.internal",
                "bucket": "datasets",
                "server_certificate": PEM,
                "access_key_key": "ak",
                "secret_key_key": "sk",
            },
            "schedule": {"cron": "0 2 * * *"},
            "datasync": {"activation_key_key": "activation"},
            **overrides,
        }
    )


def test_datasync_replication() -> None:
    def program() -> None:
        from aiinfra.components.hybrid.aws_replication import DataSyncReplication

        DataSyncReplication(
            "sync",
            _replication(),
            bucket_arn="arn:aws:s3:::cold",
            key_arn="arn:aws:kms:us-east-1:123456789012:key/cold",
            log_key_arn="arn:aws:kms:us-east-1:123456789012:key/logs",
            activation_key=pulumi.Output.secret("ACTIVATION-KEY-1"),
            access_key=pulumi.Output.secret("rgw-access"),
            secret_key=pulumi.Output.secret("rgw-secret"),
            tags=TAGS,
        )

    run = run_program(program)
    agent = only(run, "aws:datasync/agent:Agent", "sync-agent")
    assert agent.inputs["activationKey"] == Secret("ACTIVATION-KEY-1")
    source = only(run, "aws:datasync/locationObjectStorage:LocationObjectStorage", "sync-source")
    assert source.inputs["serverProtocol"] == "HTTPS" and source.inputs["serverPort"] == 443.0
    assert source.inputs["serverHostname"] == "s3.dc1.example.internal"
    assert source.inputs["serverCertificate"] == PEM + "\n"
    assert source.inputs["accessKey"] == Secret("rgw-access") and source.inputs["secretKey"] == Secret(
        "rgw-secret"
    )
    assert source.inputs["agentArns"][0].startswith("arn:aws:datasync:us-east-1:123456789012:agent/agent-")
    policy = json.loads(only(run, "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert policy["Statement"][2] == {
        "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        "Resource": "arn:aws:kms:us-east-1:123456789012:key/cold",
    }
    destination = only(run, "aws:datasync/s3Location:S3Location")
    assert destination.inputs["subdirectory"] == "/datasets/"
    logs = only(run, "aws:cloudwatch/logGroup:LogGroup")
    assert logs.inputs["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:key/logs"
    task = only(run, "aws:datasync/task:Task")
    assert task.inputs["schedule"] == {"scheduleExpression": "cron(0 2 * * ? *)"}
    assert task.inputs["options"]["verifyMode"] == "ONLY_FILES_TRANSFERRED"
    assert task.inputs["options"]["preserveDeletedFiles"] == "PRESERVE"


def test_datasync_with_an_activated_agent_creates_no_agent() -> None:
    arn = "arn:aws:datasync:us-east-1:123456789012:agent/agent-0123456789abcdef0"

    def program() -> None:
        from aiinfra.components.hybrid.aws_replication import DataSyncReplication

        DataSyncReplication(
            "sync",
            _replication(datasync={"agent_arn": arn}),
            bucket_arn="arn:aws:s3:::cold",
            key_arn="k",
            log_key_arn="l",
            activation_key=None,
            access_key=pulumi.Output.secret("a"),
            secret_key=pulumi.Output.secret("s"),
            tags=TAGS,
        )

    run = run_program(program)
    assert names(run, "aws:datasync/agent:Agent") == []
    assert only(run, "aws:datasync/locationObjectStorage:LocationObjectStorage").inputs["agentArns"] == [arn]


@pytest.mark.parametrize(
    ("cron", "aws", "gcp"),
    [
        ("0 2 * * *", "cron(0 2 * * ? *)", ("86400s", 2)),
        ("15 */6 * * *", "cron(15 */6 * * ? *)", ("21600s", 0)),
        ("0 3 * * 0", "cron(0 3 ? * 1 *)", None),
    ],
)
def test_cron_renderings(cron: str, aws: str, gcp) -> None:
    schedule = CronSchedule(cron=cron)
    assert schedule.aws_expression() == aws
    if gcp is None:
        with pytest.raises(ValueError, match="cannot be expressed in Storage Transfer Service"):
            schedule.gcp_schedule((2026, 1, 1))
    else:
        rendered = schedule.gcp_schedule((2026, 1, 1))
        assert rendered["repeat_interval"] == gcp[0]
        assert rendered["start_time_of_day"]["hours"] == gcp[1]
        assert rendered["schedule_start_date"] == {"year": 2026, "month": 1, "day": 1}
