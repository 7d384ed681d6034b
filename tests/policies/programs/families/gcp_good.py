"""The hardened twin of gcp_bad.py (no mandatory finding)."""

import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
KEY = "projects/p/locations/us/keyRings/ml/cryptoKeys/data"

sa = gcp.serviceaccount.Account("trainer", account_id="trainer")
gcp.storage.BucketIAMMember(
    "datasets-reader",
    bucket="datasets",
    role="roles/storage.objectViewer",
    member=sa.email.apply(lambda e: f"serviceAccount:{e}"),
)
gcp.kms.KeyRingIAMBinding(
    "ring-ml",
    key_ring_id="projects/p/locations/us/keyRings/ml",
    role="roles/cloudkms.cryptoKeyDecrypter",
    members=["group:ml-platform@example.com"],
)
gcp.projects.IAMMember(
    "pipeline-logs",
    project="p",
    role="roles/logging.logWriter",
    member=sa.email.apply(lambda e: f"serviceAccount:{e}"),
)
gcp.compute.Instance(
    "gpu-vm",
    machine_type="a2-highgpu-1g",
    zone="us-central1-a",
    boot_disk={"initialize_params": {"image": "debian-cloud/debian-12"}, "kms_key_self_link": KEY},
    network_interfaces=[{"subnetwork": "private"}],
    service_account={"email": sa.email, "scopes": ["cloud-platform"]},
    scheduling={"on_host_maintenance": "TERMINATE"},
    shielded_instance_config={"enable_secure_boot": True},
    labels=LABELS,
)
gcp.container.Cluster(
    "hardened",
    location="us-central1",
    initial_node_count=1,
    remove_default_node_pool=True,
    datapath_provider="ADVANCED_DATAPATH",
    release_channel={"channel": "REGULAR"},
    workload_identity_config={"workload_pool": "p.svc.id.goog"},
    database_encryption={"state": "ENCRYPTED", "key_name": KEY},
    private_cluster_config={"enable_private_nodes": True, "enable_private_endpoint": True},
    master_authorized_networks_config={"cidr_blocks": [{"cidr_block": "10.0.0.0/8"}]},
    logging_config={"enable_components": ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"]},
    deletion_protection=True,
)
gcp.compute.Firewall(
    "ssh-iap",
    network="default",
    allows=[{"protocol": "tcp", "ports": ["22"]}],
    source_ranges=["35.235.240.0/20"],
)
gcp.sql.DatabaseInstance(
    "mlflow",
    database_version="POSTGRES_16",
    region="us-central1",
    encryption_key_name=KEY,
    settings={
        "tier": "db-custom-2-7680",
        "ip_configuration": {"ipv4_enabled": False, "private_network": "projects/p/global/networks/ml"},
        "backup_configuration": {"enabled": True, "point_in_time_recovery_enabled": True},
    },
)
gcp.storage.Bucket(
    "datasets",
    location="US-CENTRAL1",
    labels={**LABELS, "tier": "dataset"},
    public_access_prevention="enforced",
    uniform_bucket_level_access=True,
    versioning={"enabled": True},
    encryption={"default_kms_key_name": KEY},
    logging={"log_bucket": "access-logs"},
)
gcp.projects.IAMAuditConfig(
    "data-access",
    project="p",
    service="allServices",
    audit_log_configs=[{"log_type": "ADMIN_READ"}, {"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE"}],
)
