"""The hardened twin of around_gcp_bad.py (no mandatory finding)."""

import pulumi_gcp as gcp

LABELS = {"team": "ml", "project": "rag", "environment": "dev", "cost-center": "42"}

batch_sa = gcp.serviceaccount.Account("batch", account_id="batch", display_name="batch jobs")
gcp.compute.Instance(
    "batch",
    machine_type="e2-standard-8",
    zone="us-central1-a",
    boot_disk={"initialize_params": {"image": "debian-cloud/debian-12"}},
    network_interfaces=[{"network": "default"}],
    service_account={"email": batch_sa.email, "scopes": ["cloud-platform"]},
    labels=LABELS,
)
gcp.compute.InstanceTemplate(
    "workers",
    machine_type="e2-standard-4",
    disks=[{"source_image": "debian-cloud/debian-12", "boot": True}],
    network_interfaces=[{"network": "default"}],
    service_account={"email": batch_sa.email, "scopes": ["cloud-platform"]},
    labels=LABELS,
)
gcp.cloudrunv2.ServiceIamMember(
    "inference-gateway",
    name="inference",
    location="us-central1",
    role="roles/run.invoker",
    member=batch_sa.email.apply(lambda e: f"serviceAccount:{e}"),
)
gcp.cloudfunctionsv2.FunctionIamBinding(
    "embed-team",
    cloud_function="embed",
    location="us-central1",
    role="roles/cloudfunctions.invoker",
    members=["group:ml-platform@example.com"],
)
gcp.compute.SSLPolicy("frontend", profile="MODERN", min_tls_version="TLS_1_2")
