"""Examples of the components' Python API, one function per component (``<package>_<Class>``).

``docs/components-api.md`` shows each function's body (:mod:`aiinfra.api_reference`) and
``tests/test_components_api.py`` runs each under the offline engine, so every example imports and
constructs. Values such as ARNs and ids are placeholders a real program takes from other resources.
"""

from __future__ import annotations

from typing import Any


def aws_PlatformKeys() -> None:
    from aiinfra.components.aws import PlatformKeys
    from aiinfra.components.spec import EncryptionPolicy

    keys = PlatformKeys(
        "demo-keys",
        EncryptionPolicy(),
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )
    keys.arn("hot")  # the CMK of one purpose: hot, warm, cold, secrets, nodes, logs


def aws_Network() -> None:
    from aiinfra.components.aws import Network, NetworkSpec

    Network(
        "demo-net",
        NetworkSpec(cidr="10.20.0.0/16", az_ids=("usw2-az1", "usw2-az2")),
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
        log_key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
    )


def aws_EksCluster() -> None:
    from aiinfra.components.aws import ClusterSpec, EksCluster

    EksCluster(
        "demo",
        ClusterSpec(),
        subnet_ids=["subnet-0a", "subnet-0b"],
        secrets_key_arn="arn:aws:kms:us-west-2:123456789012:key/secrets",
        log_key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_GpuNodePool() -> None:
    from aiinfra.components.aws import GpuNodePool
    from aiinfra.components.catalog import lookup
    from aiinfra.components.spec.pool import AcceleratorPoolSpec

    pool = AcceleratorPoolSpec(name="train", machine_type="p5.48xlarge", max_nodes=2, zone="usw2-az2")
    GpuNodePool(
        "demo-train",
        pool,
        lookup("p5.48xlarge", "aws"),
        cluster_name="demo-eks",
        kubernetes_version="1.33",
        node_role_arn="arn:aws:iam::123456789012:role/demo-node",
        cluster_security_group_id="sg-0cluster",
        vpc_id="vpc-0demo",
        subnet_ids=["subnet-0b"],
        node_key_arn="arn:aws:kms:us-west-2:123456789012:key/nodes",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_TieredStorage() -> None:
    from aiinfra.components.aws import TieredStorage
    from aiinfra.components.spec import StorageTiers

    TieredStorage(
        "demo-data",
        StorageTiers(warm=None),  # the warm tier is a StorageClass: it needs kubernetes_provider=
        key_arns={t: f"arn:aws:kms:us-west-2:123456789012:key/{t}" for t in ("hot", "warm", "cold")},
        vpc_id="vpc-0demo",
        vpc_cidr="10.20.0.0/16",
        hot_subnet_id="subnet-0b",
        client_security_group_ids=["sg-0cluster"],
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_SystemNodeGroup() -> None:
    from aiinfra.components.aws.system_pool import SystemNodeGroup

    SystemNodeGroup(
        "demo-system",
        instance_type="m7i.xlarge",
        nodes=2,
        cluster_name="demo-eks",
        kubernetes_version="1.33",
        node_role_arn="arn:aws:iam::123456789012:role/demo-node",
        cluster_security_group_id="sg-0cluster",
        subnet_ids=["subnet-0a", "subnet-0b"],
        node_key_arn="arn:aws:kms:us-west-2:123456789012:key/nodes",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_ClusterAddons() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.aws import ClusterAddons

    ClusterAddons(
        "demo-addons",
        cluster_name="demo-eks",
        oidc_provider_arn="arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
        oidc_issuer="https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
        warm_key_arn="arn:aws:kms:us-west-2:123456789012:key/warm",
        kubernetes_provider=k8s.Provider("demo-k8s", kubeconfig="{}"),
        efa=True,
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_ClusterAutoscaler() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.aws.autoscaler import ClusterAutoscaler

    ClusterAutoscaler(
        "demo-autoscaler",
        cluster_name="demo-eks",
        region="us-west-2",
        kubernetes_version="1.33",
        oidc_provider_arn="arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
        oidc_issuer="https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
        kubernetes_provider=k8s.Provider("demo-k8s", kubeconfig="{}"),
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def aws_TeamIdentities() -> None:
    from aiinfra.components.aws.teams import TeamIdentities
    from aiinfra.components.scheduling import SchedulingSpec

    TeamIdentities(
        "demo-teams",
        SchedulingSpec(teams=[{"name": "research", "quotas": {"train": 8}}]),
        platform="demo",
        region="us-west-2",
        oidc_provider_arn="arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
        oidc_issuer="https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
        bucket_arn="arn:aws:s3:::demo-datasets",
        cold_key_arn="arn:aws:kms:us-west-2:123456789012:key/cold",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def gcp_Network() -> None:
    from aiinfra.components.gcp import Network, NetworkSpec

    Network("demo-net", NetworkSpec(), region="us-central1")


def gcp_PlatformKeys() -> None:
    from aiinfra.components.gcp import PlatformKeys
    from aiinfra.components.spec import EncryptionPolicy

    PlatformKeys(
        "demo-keys",
        EncryptionPolicy(),
        project="demo-project",
        region="us-central1",
        purposes=("secrets", "nodes", "cold"),
        labels={"team": "ml-platform"},
    )


def gcp_GkeCluster() -> None:
    from aiinfra.components.gcp import ClusterSpec, GkeCluster

    GkeCluster(
        "demo",
        ClusterSpec(),
        project="demo-project",
        region="us-central1",
        network_id="projects/demo-project/global/networks/demo",
        subnet_id="projects/demo-project/regions/us-central1/subnetworks/demo",
        subnet_cidr="10.30.0.0/20",
        master_cidr="172.16.0.0/28",
        secrets_key_id="projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/secrets",
        node_key_id="projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/nodes",
        labels={"team": "ml-platform"},
    )


def gcp_GpuFabric() -> None:
    from aiinfra.components.catalog import lookup
    from aiinfra.components.gcp import GpuFabric, NetworkSpec

    GpuFabric(
        "demo-fabric",
        lookup("a3-megagpu-8g", "gcp"),
        project="demo-project",
        region="us-central1",
        zone="us-central1-a",
        network_spec=NetworkSpec(),
        index=0,
    )


def gcp_GpuNodePool() -> None:
    from aiinfra.components.catalog import lookup
    from aiinfra.components.gcp import GpuNodePool, GpuPoolSpec

    GpuNodePool(
        "demo-l4",
        GpuPoolSpec(name="l4", machine_type="g2-standard-24", max_nodes=2, zone="us-central1-a"),
        lookup("g2-standard-24", "gcp"),
        project="demo-project",
        region="us-central1",
        cluster_id="projects/demo-project/locations/us-central1/clusters/demo",
        service_account_email="nodes@demo-project.iam.gserviceaccount.com",
        node_key_id="projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/nodes",
        labels={"team": "ml-platform"},
    )


def gcp_TpuNodePool() -> None:
    from aiinfra.components.catalog import lookup
    from aiinfra.components.gcp import TpuNodePool, TpuSliceSpec

    TpuNodePool(
        "demo-v6e",
        TpuSliceSpec(name="v6e", machine_type="ct6e-standard-4t", max_nodes=1, zone="us-central1-b"),
        lookup("ct6e-standard-4t", "gcp"),
        project="demo-project",
        region="us-central1",
        cluster_id="projects/demo-project/locations/us-central1/clusters/demo",
        service_account_email="nodes@demo-project.iam.gserviceaccount.com",
        node_key_id="projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/nodes",
        labels={"team": "ml-platform"},
    )


def gcp_TeamIdentities() -> None:
    from aiinfra.components.gcp.teams import TeamIdentities
    from aiinfra.components.scheduling import SchedulingSpec

    TeamIdentities(
        "demo-teams",
        SchedulingSpec(teams=[{"name": "research", "quotas": {"l4": 8}}]),
        platform="demo",
        project="demo-project",
        bucket_name="demo-datasets",
    )


def onprem_GpuOperator() -> None:
    from aiinfra.components.onprem.gpu import GpuOperator
    from aiinfra.components.onprem.spec import NodePoolSpec

    pool = NodePoolSpec(
        name="h100", machine_type="dgx-h100", nodes=4, node_selector={"aiinfra.io/pool": "h100"}
    )
    GpuOperator("demo-gpu", [pool], rdma_pools=["h100"], labels={"team": "ml-platform"})


def onprem_NetworkFabric() -> None:
    from aiinfra.components.onprem.fabric import NetworkFabric
    from aiinfra.components.onprem.spec import NodePoolSpec, OnpremFabricSpec

    pool = NodePoolSpec(
        name="h100", machine_type="dgx-h100", nodes=4, node_selector={"aiinfra.io/pool": "h100"}
    )
    fabric = OnpremFabricSpec(
        type="infiniband",
        rails=[
            {"name": f"rail{i}", "interface": f"ibp{i}s0", "subnet": f"10.110.{i}.0/24"} for i in range(8)
        ],
    )
    NetworkFabric("demo-fabric", fabric, [pool], labels={"team": "ml-platform"})


def onprem_OnpremStorage() -> None:
    from aiinfra.components.onprem.spec import OnpremStorageSpec, VaultKmsSpec
    from aiinfra.components.onprem.storage import OnpremStorage

    OnpremStorage(
        "demo-data",
        OnpremStorageSpec(),
        VaultKmsSpec(address="https://vault.example.internal:8200"),
        labels={"team": "ml-platform"},
    )


def onprem_GpuScheduling() -> None:
    from aiinfra.components.onprem.scheduling import GpuScheduling
    from aiinfra.components.onprem.spec import NodePoolSpec
    from aiinfra.components.scheduling import TeamSpec
    from aiinfra.components.scheduling.spec import default_priorities

    pool = NodePoolSpec(
        name="h100", machine_type="dgx-h100", nodes=4, node_selector={"aiinfra.io/pool": "h100"}
    )
    GpuScheduling(
        "demo-sched",
        [pool],
        [TeamSpec(name="research", quotas={"h100": 32})],
        default_priorities(),
        cohort="demo",
        labels={"team": "ml-platform"},
    )


def scheduling_KueueInstall() -> None:
    from aiinfra.components.scheduling import KueueInstall

    KueueInstall("demo-kueue", fair_sharing=True)


def audit_AuditTrail() -> None:
    from aiinfra.components.audit.aws_trail import AuditTrail
    from aiinfra.components.audit.spec import AuditSpec

    AuditTrail(
        "demo-audit",
        AuditSpec(),
        log_key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
        data_bucket_arns=["arn:aws:s3:::demo-datasets"],
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def audit_CloudAuditLogs() -> None:
    from aiinfra.components.audit.gcp_audit import CloudAuditLogs
    from aiinfra.components.audit.spec import AuditSpec

    CloudAuditLogs("demo-audit", AuditSpec(), project="demo-project", region="us-central1")


def services_TrainingOperators() -> None:
    from aiinfra.components.services import TrainingOperators
    from aiinfra.components.services.training_spec import TrainingSpec

    TrainingOperators("demo-training", TrainingSpec(), jobset_installed=False)


def services_GcpModelReader() -> None:
    from aiinfra.components.services.model_identity import GcpModelReader

    GcpModelReader(
        "demo-model-reader",
        project="demo-project",
        namespace="serving",
        account="model-reader",
        bucket_name="demo-models",
    )


def services_AwsModelReader() -> None:
    from aiinfra.components.services.model_identity import AwsModelReader

    AwsModelReader(
        "demo-model-reader",
        namespace="serving",
        account="model-reader",
        region="us-west-2",
        oidc_provider_arn="arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
        oidc_issuer="https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
        bucket_arn="arn:aws:s3:::demo-models",
        cold_key_arn="arn:aws:kms:us-west-2:123456789012:key/cold",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def hybrid_StorageTransferReplication() -> None:
    from aiinfra.components.hybrid import ReplicationSpec, StorageTransferReplication

    StorageTransferReplication(
        "demo-replication",
        ReplicationSpec(
            source={"hostname": "rgw.example.internal", "bucket": "datasets"},
            schedule={"cron": "0 2 * * *"},
            transfer_pool={},
        ),
        project="demo-project",
        bucket_name="demo-datasets",
    )


def observability_ManagedGrafana() -> None:
    from aiinfra.components.observability.grafana import ManagedGrafana
    from aiinfra.components.observability.grafana_spec import GrafanaSpec

    ManagedGrafana(
        "demo-grafana",
        GrafanaSpec(),
        region="us-west-2",
        amp_workspace_arn="arn:aws:aps:us-west-2:123456789012:workspace/ws-demo",
        prometheus_endpoint="https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-demo/",
        key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
        vpc_id="vpc-0demo",
        vpc_cidr="10.20.0.0/16",
        subnet_ids=["subnet-0a", "subnet-0b"],
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def observability_KubePrometheusStack() -> None:
    from aiinfra.components.observability.alerts import AlertContext, alert_rules
    from aiinfra.components.observability.kube_prometheus import KubePrometheusStack
    from aiinfra.components.observability.spec import ObservabilitySpec

    spec = ObservabilitySpec(receiver={"webhook_url": "https://alerts.example.internal/aiinfra"})
    rules = alert_rules(
        spec.thresholds,
        AlertContext(
            fabric_resources=("nvidia.com/rdma_ib",), device_plugins="nvidia-device-plugin.*", kueue=True
        ),
    )
    KubePrometheusStack(
        "demo-obs", spec, rules, storage_class="ceph-rbd", kueue=True, labels={"team": "ml-platform"}
    )


def gcp_TieredStorage() -> None:
    from aiinfra.components.gcp import TieredStorage
    from aiinfra.components.spec import StorageTiers

    TieredStorage(
        "demo-data",
        StorageTiers(hot=None, warm=None),  # Managed Lustre and the warm StorageClass need more wiring
        project="demo-project",
        region="us-central1",
        zone=None,
        network_id="projects/demo-project/global/networks/demo",
        key_ids={"cold": "projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/cold"},
        key_grants={},
        labels={"team": "ml-platform"},
    )


def gcp_GpuDirectWiring() -> None:
    from aiinfra.components.catalog import lookup
    from aiinfra.components.gcp import GpuFabric, NetworkSpec
    from aiinfra.components.gcp.gpudirect import GpuDirectWiring
    from aiinfra.components.spec.pool import AcceleratorPoolSpec

    machine = lookup("a3-megagpu-8g", "gcp")
    fabric = GpuFabric(
        "demo-fabric",
        machine,
        project="demo-project",
        region="us-central1",
        zone="us-central1-a",
        network_spec=NetworkSpec(),
        index=0,
    )
    pool = AcceleratorPoolSpec(
        name="h100", machine_type="a3-megagpu-8g", max_nodes=2, fabric={"type": "tcpxo"}
    )
    GpuDirectWiring("demo-h100-gpudirect", pool, machine, fabric=fabric.fabric)


def scheduling_KueueScheduling() -> None:
    from aiinfra.components.onprem.scheduling import onprem_plan
    from aiinfra.components.onprem.spec import NodePoolSpec
    from aiinfra.components.scheduling import KueueScheduling, SchedulingSpec

    pool = NodePoolSpec(
        name="h100", machine_type="dgx-h100", nodes=4, node_selector={"aiinfra.io/pool": "h100"}
    )
    spec = SchedulingSpec(teams=[{"name": "research", "quotas": {"h100": 32}}])
    KueueScheduling("demo-sched", onprem_plan([pool], spec, cohort="demo"), labels={"team": "ml-platform"})


def hybrid_AwsSiteLink() -> None:
    from aiinfra.components.hybrid import AwsSiteLink, VpnSpec

    spec = VpnSpec(
        onprem_public_ips=["203.0.113.10"],
        onprem_asn=65010,
        cloud_asn=64512,
        tunnels=[
            {"inside_cidr": "169.254.10.0/30", "psk_key": "tunnel1Psk"},
            {"inside_cidr": "169.254.10.4/30", "psk_key": "tunnel2Psk"},
        ],
        routes_to_onprem=["10.20.0.0/16"],
    )
    AwsSiteLink(
        "demo-link",
        spec,
        vpc_id="vpc-0demo",
        vpc_cidr="10.40.0.0/16",
        subnet_ids=["subnet-0a", "subnet-0b"],
        route_table_ids=["rtb-0a"],
        api_security_group_id="sg-0cluster",
        preshared_keys={"tunnel1Psk": "example-psk-1", "tunnel2Psk": "example-psk-2"},
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def hybrid_GcpSiteLink() -> None:
    from aiinfra.components.hybrid import GcpSiteLink, VpnSpec

    spec = VpnSpec(
        onprem_public_ips=["203.0.113.10"],
        onprem_asn=65010,
        cloud_asn=64512,
        tunnels=[
            {"inside_cidr": "169.254.20.0/30", "psk_key": "tunnel1Psk"},
            {"inside_cidr": "169.254.20.4/30", "psk_key": "tunnel2Psk"},
        ],
        routes_to_onprem=["10.20.0.0/16"],
    )
    GcpSiteLink(
        "demo-link",
        spec,
        project="demo-project",
        region="us-central1",
        network_id="projects/demo-project/global/networks/demo",
        network_name="demo",
        advertised_ranges=["10.30.0.0/20"],
        gke_peering_name=None,
        preshared_keys={"tunnel1Psk": "example-psk-1", "tunnel2Psk": "example-psk-2"},
        labels={"team": "ml-platform"},
    )


def hybrid_DataSyncReplication() -> None:
    from aiinfra.components.hybrid import DataSyncReplication, ReplicationSpec

    spec = ReplicationSpec(
        source={"hostname": "rgw.example.internal", "bucket": "datasets"},
        schedule={"cron": "0 2 * * *"},
        datasync={"agent_arn": "arn:aws:datasync:us-west-2:123456789012:agent/agent-0123456789abcdef0"},
    )
    DataSyncReplication(
        "demo-replication",
        spec,
        bucket_arn="arn:aws:s3:::demo-datasets",
        key_arn="arn:aws:kms:us-west-2:123456789012:key/cold",
        log_key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
        activation_key=None,
        access_key="example-access-key",
        secret_key="example-secret-key",
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )


def hybrid_MultiKueueBurst() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.hybrid import BurstSpec, MultiKueueBurst, WorkerFlavor

    flavor = WorkerFlavor(
        name="h100-burst",
        node_labels={"aiinfra.io/pool": "h100-burst"},
        tolerations=[{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
        device_resource="nvidia.com/gpu",
        accelerators_per_node=8,
        vcpus=192,
        memory_gib=2048,
    )
    MultiKueueBurst(
        "demo-burst",
        BurstSpec(worker="aws-burst", teams=[{"name": "research", "gpus": {"h100-burst": 16}}]),
        [flavor],
        manager_provider=k8s.Provider("onprem-k8s", kubeconfig="{}"),
        worker_provider=k8s.Provider("cloud-k8s", kubeconfig="{}"),
        worker_endpoint="https://ABC.gr7.us-west-2.eks.amazonaws.com",
        worker_ca_data="LS0tLS1CRUdJTi...",
        labels={"team": "ml-platform"},
    )


def example_service_target() -> Any:
    """A ServiceTarget of an on-prem platform for the services examples: the platform's facts, its
    object-store identity and its PostgreSQL (what ``services.wiring.onprem_services`` builds)."""
    from aiinfra.components.services.identity import OnpremS3Keys
    from aiinfra.components.services.postgres.onprem import CnpgPostgres
    from aiinfra.components.services.target import ServiceTarget
    from aiinfra.components.services.wiring import service_facts

    facts = service_facts(
        platform="demo",
        cloud="onprem",
        environment="dev",
        labels={"team": "ml-platform"},
        flavors=(),
        team_namespaces={"research": "team-research"},
        warm_storage_class="ceph-rbd",
        bucket_label="s3://datasets",
        s3_endpoint="https://s3.example.internal",
    )
    return ServiceTarget(
        facts, "datasets", OnpremS3Keys(), CnpgPostgres("ceph-rbd", {"team": "ml-platform"}, "demo")
    )


def services_MlflowServer() -> None:
    from aiinfra.component_examples import example_service_target
    from aiinfra.components.services import MlflowServer
    from aiinfra.components.services.spec import MlflowSpec

    MlflowServer("demo-mlflow", MlflowSpec(), example_service_target())


def services_LabelStudio() -> None:
    from aiinfra.component_examples import example_service_target
    from aiinfra.components.services import LabelStudio
    from aiinfra.components.services.spec import LabelingSpec

    LabelStudio("demo-labeling", LabelingSpec(), example_service_target())


def services_JupyterHub() -> None:
    from aiinfra.component_examples import example_service_target
    from aiinfra.components.services import JupyterHub
    from aiinfra.components.services.spec import NotebooksSpec

    oidc = {
        "authorize_url": "https://sso.example.internal/realms/ml/protocol/openid-connect/auth",
        "token_url": "https://sso.example.internal/realms/ml/protocol/openid-connect/token",
        "userdata_url": "https://sso.example.internal/realms/ml/protocol/openid-connect/userinfo",
        "client_id": "jupyterhub",
        "callback_url": "https://notebooks.example.internal/hub/oauth_callback",
    }
    JupyterHub("demo-notebooks", NotebooksSpec(oidc=oidc), example_service_target())


def services_PlatformServices() -> None:
    from aiinfra.component_examples import example_service_target
    from aiinfra.components.services import PlatformServices, ServicesSpec

    PlatformServices("demo-services", ServicesSpec(mlflow={}), example_service_target())


def observability_TeamCost() -> None:
    from aiinfra.components.observability.cost import TeamCost
    from aiinfra.components.observability.cost_spec import CostSpec

    TeamCost(
        "demo-cost", CostSpec(), cloud="aws", region="us-west-2", cluster_id="demo-eks", teams=["research"]
    )


def observability_GmpObservability() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.observability.alerts import AlertContext, alert_rules
    from aiinfra.components.observability.gmp import GmpObservability
    from aiinfra.components.observability.spec import ObservabilitySpec

    spec = ObservabilitySpec()
    rules = alert_rules(
        spec.thresholds,
        AlertContext(fabric_resources=(), device_plugins="nvidia-gpu-device-plugin.*", kueue=True),
    )
    GmpObservability(
        "demo-obs",
        spec,
        rules,
        project="demo-project",
        key_id="projects/demo-project/locations/us-central1/keyRings/demo/cryptoKeys/logs",
        kubernetes_provider=k8s.Provider("demo-k8s", kubeconfig="{}"),
        kueue=True,
        labels={"team": "ml-platform"},
    )


def services_KServeServing() -> None:
    from aiinfra.components.services import KServeServing
    from aiinfra.components.services.pod_requests import PoolPlacement
    from aiinfra.components.services.serving_spec import ServingSpec

    l40s = PoolPlacement(
        pool="l40s-infer",
        platform="aws",
        accelerator="NVIDIA L40S",
        accelerator_kind="gpu",
        accelerators_per_node=4,
        nodes=4,
        fabric="none",
        device_resources={"nvidia.com/gpu": 1},
        node_selector={"aiinfra.io/pool": "l40s-infer"},
        tolerations=({"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},),
    )
    spec = ServingSpec(models=[{"name": "chat-8b", "runtime": "vllm", "pool": "l40s-infer"}])
    KServeServing(
        "demo-serving",
        spec,
        {"l40s-infer": l40s},
        storage_root="s3://demo-models",
        identity={"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/demo-model-reader"},
        identity_label="aws-irsa",
        labels={"team": "ml-platform"},
    )


def observability_AmpObservability() -> None:
    import pulumi_kubernetes as k8s

    from aiinfra.components.observability.alerts import AlertContext, alert_rules
    from aiinfra.components.observability.amp import AmpObservability
    from aiinfra.components.observability.spec import ObservabilitySpec

    spec = ObservabilitySpec()
    rules = alert_rules(
        spec.thresholds,
        AlertContext(
            fabric_resources=("vpc.amazonaws.com/efa",), device_plugins="nvidia-device-plugin.*", kueue=True
        ),
    )
    AmpObservability(
        "demo-obs",
        spec,
        rules,
        region="us-west-2",
        key_arn="arn:aws:kms:us-west-2:123456789012:key/logs",
        cluster_name="demo-eks",
        cluster_arn="arn:aws:eks:us-west-2:123456789012:cluster/demo-eks",
        subnet_ids=["subnet-0a", "subnet-0b"],
        security_group_id="sg-0cluster",
        kubernetes_provider=k8s.Provider("demo-k8s", kubeconfig="{}"),
        accelerator_labels=["train"],
        kueue=True,
        tags={"team": "ml-platform", "project": "llm", "cost-center": "cc-42"},
    )
