# A small OPA policy written against Terraform plan JSON (`terraform show -json`), evaluated on
# `aiinfra export --format terraform-plan` output. Used in docs/ci.md (conftest) and by
# tests/export/test_rego.py (regopy). Rego v1 syntax.
package aiinfra.plan

import rego.v1

# KMS keys rotate.
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_kms_key"
	not rc.change.after.enable_key_rotation
	msg := sprintf("%s: enable_key_rotation is not true", [rc.address])
}

# No security group rule opens SSH to the internet.
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "aws_vpc_security_group_ingress_rule"
	rc.change.after.cidr_ipv4 == "0.0.0.0/0"
	rc.change.after.from_port <= 22
	rc.change.after.to_port >= 22
	msg := sprintf("%s: SSH open to 0.0.0.0/0", [rc.address])
}

# Every S3 bucket has a server-side encryption configuration that references it (a connection check:
# it reads configuration.root_module expressions, which the export rebuilds from Pulumi's dependencies).
deny contains msg if {
	some bucket in input.resource_changes
	bucket.type == "aws_s3_bucket"
	not encrypted(bucket.address)
	msg := sprintf("%s: no aws_s3_bucket_server_side_encryption_configuration references it", [bucket.address])
}

encrypted(address) if {
	some res in input.configuration.root_module.resources
	res.type == "aws_s3_bucket_server_side_encryption_configuration"
	some ref in res.expressions.bucket.references
	ref == address
}
