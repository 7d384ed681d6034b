"""A Vertex AI project as console defaults leave it: public notebook VMs, Google-managed keys,
public endpoints and a Colab template with internet access."""

import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
LOCATION = "us-central1"

gcp.workbench.Instance(
    "research-workbench",
    location="us-central1-a",
    gce_setup={
        "machine_type": "g2-standard-8",
        "accelerator_configs": [{"type": "NVIDIA_L4", "core_count": 1}],
        "boot_disk": {"disk_size_gb": 150},
        "data_disks": {"disk_size_gb": 500},
        "shielded_instance_config": {
            "enable_secure_boot": False,
            "enable_integrity_monitoring": False,
            "enable_vtpm": True,
        },
    },
    labels=LABELS,
)
gcp.vertex.AiDataset(
    "support-tickets",
    display_name="support-tickets",
    metadata_schema_uri="gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml",
    region=LOCATION,
    labels=LABELS,
)
gcp.vertex.AiFeatureStore(
    "features", region=LOCATION, labels=LABELS, online_serving_config={"fixed_node_count": 1}
)
gcp.vertex.AiEndpoint("chat-endpoint", display_name="chat", location=LOCATION, region=LOCATION, labels=LABELS)
gcp.vertex.AiIndexEndpoint(
    "vectors", display_name="vectors", region=LOCATION, public_endpoint_enabled=True, labels=LABELS
)
gcp.colab.RuntimeTemplate(
    "team-runtime",
    display_name="team-runtime",
    location=LOCATION,
    machine_spec={"machine_type": "g2-standard-4", "accelerator_type": "NVIDIA_L4", "accelerator_count": 1},
    network_spec={"enable_internet_access": True},
    labels=LABELS,
)
