"""The hardened twin of around_aws_bad.py (no mandatory finding)."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "rag", "environment": "dev", "cost-center": "42"}

key = aws.kms.Key("rag", enable_key_rotation=True, deletion_window_in_days=30, tags=TAGS)
aws.dynamodb.Table(
    "features",
    hash_key="entity_id",
    attributes=[{"name": "entity_id", "type": "S"}],
    billing_mode="PAY_PER_REQUEST",
    point_in_time_recovery={"enabled": True},
    server_side_encryption={"enabled": True, "kms_key_arn": key.arn},
    tags=TAGS,
)
aws.elasticache.ReplicationGroup(
    "prompts",
    description="prompt cache",
    engine="valkey",
    node_type="cache.r7g.large",
    num_cache_clusters=2,
    at_rest_encryption_enabled=True,
    kms_key_id=key.arn,
    transit_encryption_enabled=True,
    auth_token_wo="from-secrets-manager",
    auth_token_wo_version=1,
    snapshot_retention_limit=7,
    tags=TAGS,
)
aws.opensearch.Domain(
    "vectors",
    domain_name="vectors",
    engine_version="OpenSearch_2.17",
    cluster_config={"instance_type": "r7g.large.search", "instance_count": 3},
    vpc_options={"subnet_ids": ["subnet-0a", "subnet-0b", "subnet-0c"]},
    domain_endpoint_options={"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"},
    node_to_node_encryption={"enabled": True},
    encrypt_at_rest={"enabled": True, "kms_key_id": key.arn},
    advanced_security_options={"enabled": True, "internal_user_database_enabled": False},
    log_publishing_options=[
        {
            "log_type": "AUDIT_LOGS",
            "cloudwatch_log_group_arn": "arn:aws:logs:us-west-2:111122223333:log-group:os",
        }
    ],
    access_policies=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:ESHttp*", "Resource": "*"}
            ],
        }
    ),
    tags=TAGS,
)
aws.dms.ReplicationInstance(
    "migrate",
    replication_instance_id="migrate",
    replication_instance_class="dms.t3.medium",
    allocated_storage=50,
    publicly_accessible=False,
    kms_key_arn=key.arn,
    tags=TAGS,
)
aws.ecr.Repository(
    "serving",
    name="serving",
    image_tag_mutability="IMMUTABLE",
    image_scanning_configuration={"scan_on_push": True},
    encryption_configurations=[{"encryption_type": "KMS", "kms_key": key.arn}],
    tags=TAGS,
)
aws.lambda_.FunctionUrl("embed", function_name="embed", authorization_type="AWS_IAM")
aws.sqs.Queue("jobs", kms_master_key_id=key.arn, tags=TAGS)
aws.apigateway.DomainName(
    "api",
    domain_name="api.example.com",
    regional_certificate_arn="arn:aws:acm:us-west-2:111122223333:certificate/c",
    endpoint_configuration={"types": "REGIONAL"},
    security_policy="TLS_1_2",
)
aws.iam.AccountPasswordPolicy("account", minimum_password_length=14, password_reuse_prevention=24)
aws.ecs.Cluster("serving", settings=[{"name": "containerInsights", "value": "enhanced"}], tags=TAGS)
api = aws.apigateway.RestApi("inference", name="inference")
cert = aws.apigateway.ClientCertificate("backend", description="API Gateway to the inference backend")
aws.apigateway.Stage(
    "prod",
    rest_api=api.id,
    deployment="d-abc123",
    stage_name="prod",
    client_certificate_id=cert.id,
    access_log_settings={
        "destination_arn": "arn:aws:logs:us-west-2:111122223333:log-group:api",
        "format": '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"}',
    },
)
