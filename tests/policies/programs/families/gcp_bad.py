"""Common GCP mistakes of an AI platform project (each must get a mandatory finding)."""

import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
DEFAULT_SA = "123456789-compute@developer.gserviceaccount.com"

# 1. the dataset bucket readable by allUsers
gcp.storage.BucketIAMMember(
    "datasets-public", bucket="datasets", role="roles/storage.objectViewer", member="allUsers"
)
# 2. the key ring usable by any Google account
gcp.kms.KeyRingIAMBinding(
    "ring-open",
    key_ring_id="projects/p/locations/us/keyRings/ml",
    role="roles/cloudkms.cryptoKeyDecrypter",
    members=["allAuthenticatedUsers"],
)
# 3. the pipeline service account as project editor
gcp.projects.IAMMember(
    "pipeline-editor", project="p", role="roles/editor", member=f"serviceAccount:{DEFAULT_SA}"
)
# 4. a GPU VM on the default compute service account with cloud-platform scope
gcp.compute.Instance(
    "gpu-vm",
    machine_type="a2-highgpu-1g",
    zone="us-central1-a",
    boot_disk={"initialize_params": {"image": "debian-cloud/debian-12"}},
    network_interfaces=[{"network": "default"}],
    service_account={"email": DEFAULT_SA, "scopes": ["cloud-platform"]},
    scheduling={"on_host_maintenance": "TERMINATE"},
    labels=LABELS,
)
# 5. a GKE cluster with legacy ABAC and client certificates, logging off
gcp.container.Cluster(
    "legacy",
    location="us-central1",
    initial_node_count=1,
    enable_legacy_abac=True,
    master_auth={"client_certificate_config": {"issue_client_certificate": True}},
    logging_service="none",
    deletion_protection=False,
)
# 6. an SSH firewall with no source: GCP applies it to 0.0.0.0/0
gcp.compute.Firewall("ssh", network="default", allows=[{"protocol": "tcp", "ports": ["22"]}])
# 7. an experiment-tracking database with a public IP open to the world
gcp.sql.DatabaseInstance(
    "mlflow",
    database_version="POSTGRES_16",
    region="us-central1",
    deletion_protection=False,
    settings={
        "tier": "db-custom-2-7680",
        "ip_configuration": {"ipv4_enabled": True, "authorized_networks": [{"value": "0.0.0.0/0"}]},
    },
)
# 8. Data Access logs for Cloud Storage left off (only admin reads are logged)
gcp.storage.Bucket("datasets", location="US-CENTRAL1", labels={**LABELS, "tier": "dataset"})
gcp.projects.IAMAuditConfig(
    "storage-audit",
    project="p",
    service="storage.googleapis.com",
    audit_log_configs=[{"log_type": "ADMIN_READ"}],
)
