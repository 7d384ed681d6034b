"""``aiinfra export``: recorded resources as a Terraform plan JSON document or Kubernetes manifests.

For scanners that read Terraform plans and manifests (Checkov, Trivy, OPA/conftest); see docs/ci.md.
"""
