"""Your own private VPC and GKE cluster, written by hand with pulumi_gcp."""

import pulumi_gcp as gcp


def private_gke(name, project, region, database_key_id, labels):
    """A VPC with one private subnet, and a private GKE cluster with CMEK-encrypted secrets."""
    network = gcp.compute.Network(f"{name}-vpc", project=project, auto_create_subnetworks=False)
    subnet = gcp.compute.Subnetwork(
        f"{name}-nodes",
        project=project,
        region=region,
        network=network.id,
        ip_cidr_range="10.60.0.0/20",
        private_ip_google_access=True,
        secondary_ip_ranges=[
            {"range_name": "pods", "ip_cidr_range": "10.64.0.0/14"},
            {"range_name": "services", "ip_cidr_range": "10.68.0.0/20"},
        ],
        log_config={
            "aggregation_interval": "INTERVAL_5_SEC",
            "flow_sampling": 0.5,
            "metadata": "INCLUDE_ALL_METADATA",
        },
    )
    nodes_sa = gcp.serviceaccount.Account(f"{name}-nodes", project=project, account_id=f"{name}-nodes")
    cluster = gcp.container.Cluster(
        f"{name}-gke",
        project=project,
        location=region,
        network=network.id,
        subnetwork=subnet.id,
        remove_default_node_pool=True,
        initial_node_count=1,
        deletion_protection=True,
        release_channel={"channel": "REGULAR"},
        datapath_provider="ADVANCED_DATAPATH",  # Dataplane V2: NetworkPolicy enforcement (AIP-NODE-014)
        logging_config={"enable_components": ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"]},  # AIP-AUD-008
        ip_allocation_policy={
            "cluster_secondary_range_name": "pods",
            "services_secondary_range_name": "services",
        },
        private_cluster_config={
            "enable_private_nodes": True,
            "enable_private_endpoint": True,
            "master_ipv4_cidr_block": "172.16.0.32/28",
        },
        master_authorized_networks_config={
            "cidr_blocks": [{"cidr_block": "10.60.0.0/20", "display_name": "nodes"}]
        },
        database_encryption={"state": "ENCRYPTED", "key_name": database_key_id},
        workload_identity_config={"workload_pool": f"{project}.svc.id.goog"},
        enable_shielded_nodes=True,
        enable_intranode_visibility=True,  # AIP-NET-051 (CIS GKE 5.6.1)
        binary_authorization={"evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"},  # AIP-NODE-050
        maintenance_policy={"daily_maintenance_window": {"start_time": "03:00"}},
        resource_labels=labels,
    )
    return cluster, nodes_sa
