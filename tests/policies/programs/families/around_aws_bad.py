"""The services around an AI platform on AWS, misconfigured the way real programs are: a feature
store, a prompt cache, a vector index, a migration pipeline, model images, an embedding function,
job queues, the inference API and the account password policy (tests/policies/test_families_around.py)."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "rag", "environment": "dev", "cost-center": "42"}

# Feature store: no PITR, AWS-owned key.
aws.dynamodb.Table(
    "features",
    hash_key="entity_id",
    attributes=[{"name": "entity_id", "type": "S"}],
    billing_mode="PAY_PER_REQUEST",
    tags=TAGS,
)
# Prompt cache: no encryption at rest, plaintext clients, no AUTH.
aws.elasticache.ReplicationGroup(
    "prompts",
    description="prompt cache",
    engine="valkey",
    node_type="cache.r7g.large",
    num_cache_clusters=2,
    tags=TAGS,
)
# Vector index: public, open access policy, HTTP allowed, TLS 1.0, no node-to-node or at-rest encryption.
aws.opensearch.Domain(
    "vectors",
    domain_name="vectors",
    engine_version="OpenSearch_2.17",
    cluster_config={"instance_type": "r7g.large.search", "instance_count": 3},
    domain_endpoint_options={"enforce_https": False, "tls_security_policy": "Policy-Min-TLS-1-0-2019-07"},
    access_policies=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*", "Resource": "*"}],
        }
    ),
    tags=TAGS,
)
# Migration of the experiment database: publicly accessible by the API default.
aws.dms.ReplicationInstance(
    "migrate",
    replication_instance_id="migrate",
    replication_instance_class="dms.t3.medium",
    allocated_storage=50,
    tags=TAGS,
)
# Model-serving images: mutable tags, no scanning.
aws.ecr.Repository("serving", name="serving", tags=TAGS)
# Embedding function behind a URL anyone can call.
aws.lambda_.FunctionUrl("embed", function_name="embed", authorization_type="NONE")
# Job queue with encryption turned off.
aws.sqs.Queue("jobs", sqs_managed_sse_enabled=False, tags=TAGS)
# Inference API on a TLS 1.0 custom domain.
aws.apigateway.DomainName(
    "api",
    domain_name="api.example.com",
    regional_certificate_arn="arn:aws:acm:us-west-2:111122223333:certificate/c",
    endpoint_configuration={"types": "REGIONAL"},
    security_policy="TLS_1_0",
)
# The account password policy of a hurried setup.
aws.iam.AccountPasswordPolicy("account", minimum_password_length=8, password_reuse_prevention=3)
# Serving cluster and the inference API's stage, with no metrics, access logs or backend certificate.
aws.ecs.Cluster("serving", tags=TAGS)
api = aws.apigateway.RestApi("inference", name="inference")
aws.apigateway.Stage("prod", rest_api=api.id, deployment="d-abc123", stage_name="prod")
