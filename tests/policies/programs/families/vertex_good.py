"""The same Vertex AI project hardened: private notebook VMs without root, CMEK everywhere, private
endpoints and a Colab template on the project's VPC."""

import pulumi
import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
LOCATION = "us-central1"
NETWORK = "projects/demo/global/networks/ml"
SUBNET = "projects/demo/regions/us-central1/subnetworks/ml"

ring = gcp.kms.KeyRing("vertex-ring", location=LOCATION)
key = gcp.kms.CryptoKey(
    "vertex-key", key_ring=ring.id, rotation_period="7776000s", opts=pulumi.ResourceOptions(protect=True)
)
cmek = {"kms_key_name": key.id}

gcp.workbench.Instance(
    "research-workbench",
    location="us-central1-a",
    gce_setup={
        "machine_type": "g2-standard-8",
        "accelerator_configs": [{"type": "NVIDIA_L4", "core_count": 1}],
        "disable_public_ip": True,
        "boot_disk": {"disk_size_gb": 150, "disk_encryption": "CMEK", "kms_key": key.id},
        "data_disks": {"disk_size_gb": 500, "disk_encryption": "CMEK", "kms_key": key.id},
        "network_interfaces": [{"network": NETWORK, "subnet": SUBNET}],
        "shielded_instance_config": {
            "enable_secure_boot": True,
            "enable_integrity_monitoring": True,
            "enable_vtpm": True,
        },
        "metadata": {"notebook-disable-root": "true"},
    },
    labels=LABELS,
)
gcp.vertex.AiDataset(
    "support-tickets",
    display_name="support-tickets",
    metadata_schema_uri="gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml",
    region=LOCATION,
    encryption_spec=cmek,
    labels=LABELS,
)
gcp.vertex.AiFeatureStore(
    "features",
    region=LOCATION,
    labels=LABELS,
    online_serving_config={"fixed_node_count": 1},
    encryption_spec=cmek,
)
gcp.vertex.AiEndpoint(
    "chat-endpoint",
    display_name="chat",
    location=LOCATION,
    region=LOCATION,
    network="projects/123456789/global/networks/ml",
    encryption_spec=cmek,
    labels=LABELS,
)
gcp.vertex.AiIndexEndpoint(
    "vectors",
    display_name="vectors",
    region=LOCATION,
    private_service_connect_config={"enable_private_service_connect": True, "project_allowlists": ["demo"]},
    encryption_spec=cmek,
    labels=LABELS,
)
gcp.colab.RuntimeTemplate(
    "team-runtime",
    display_name="team-runtime",
    location=LOCATION,
    machine_spec={"machine_type": "g2-standard-4", "accelerator_type": "NVIDIA_L4", "accelerator_count": 1},
    network_spec={"enable_internet_access": False, "network": NETWORK, "subnetwork": SUBNET},
    encryption_spec=cmek,
    labels=LABELS,
)
