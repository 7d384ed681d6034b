"""GCP services around an AI platform, misconfigured: a batch VM on the default compute service
account with full API access, a public Cloud Run inference service and a public Cloud Function, and a
load balancer SSL policy that still accepts TLS 1.0 (tests/policies/test_families_around.py)."""

import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "rag", "environment": "dev", "cost-center": "42"}

gcp.compute.Instance(
    "batch",
    machine_type="e2-standard-8",
    zone="us-central1-a",
    boot_disk={"initialize_params": {"image": "debian-cloud/debian-12"}},
    network_interfaces=[{"network": "default"}],
    service_account={
        "email": "123456789-compute@developer.gserviceaccount.com",
        "scopes": ["cloud-platform"],
    },
    labels=LABELS,
)
gcp.compute.InstanceTemplate(
    "workers",
    machine_type="e2-standard-4",
    disks=[{"source_image": "debian-cloud/debian-12", "boot": True}],
    network_interfaces=[{"network": "default"}],
    service_account={"scopes": ["https://www.googleapis.com/auth/cloud-platform"]},
    labels=LABELS,
)
gcp.cloudrunv2.ServiceIamMember(
    "inference-public", name="inference", location="us-central1", role="roles/run.invoker", member="allUsers"
)
gcp.cloudfunctionsv2.FunctionIamBinding(
    "embed-public",
    cloud_function="embed",
    location="us-central1",
    role="roles/cloudfunctions.invoker",
    members=["allAuthenticatedUsers"],
)
gcp.compute.SSLPolicy("frontend", profile="COMPATIBLE")
