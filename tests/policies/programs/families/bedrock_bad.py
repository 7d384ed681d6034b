"""A Bedrock chat assistant as quick-starts build it: no logging, provider keys, open model access."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "assistant", "environment": "dev", "cost-center": "42"}
AGENT_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
INVOKE_ANY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": "*",
            }
        ],
    }
)

agent_role = aws.iam.Role("agent-role", assume_role_policy=AGENT_TRUST, tags=TAGS)
# the agent role gets the managed full-access policy
aws.iam.RolePolicyAttachment(
    "agent-role-full", role=agent_role.name, policy_arn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess"
)

# every developer in the account may invoke every model through this shared role
aws.iam.Role(
    "chat-shared",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
    inline_policies=[{"name": "invoke", "policy": INVOKE_ANY}],
    tags=TAGS,
)

guardrail = aws.bedrock.Guardrail(
    "assistant-guardrail",
    name="assistant",
    blocked_input_messaging="Sorry.",
    blocked_outputs_messaging="Sorry.",
    content_policy_config={
        "filters_configs": [{"type": "HATE", "input_strength": "HIGH", "output_strength": "HIGH"}]
    },
    tags=TAGS,
)
aws.bedrock.AgentAgent(
    "assistant",
    agent_name="assistant",
    agent_resource_role_arn=agent_role.arn,
    foundation_model="anthropic.claude-3-5-sonnet-20241022-v2:0",
    instruction="You answer questions about the internal wiki and nothing else.",
    tags=TAGS,
)
aws.bedrock.AgentPrompt(
    "triage-prompt",
    name="triage",
    default_variant="v1",
    variants=[
        {
            "name": "v1",
            "template_type": "TEXT",
            "model_id": "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "template_configuration": {"text": {"text": "Classify the ticket: {{ticket}}"}},
        }
    ],
    tags=TAGS,
)
aws.bedrock.AgentDataSource(
    "wiki",
    knowledge_base_id="KB12345678",
    name="wiki",
    data_source_configuration={"type": "S3", "s3_configuration": {"bucket_arn": "arn:aws:s3:::wiki-export"}},
)
aws.bedrock.CustomModel(
    "support-tuned",
    custom_model_name="support-tuned",
    job_name="support-tuned-1",
    base_model_identifier="arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
    role_arn=agent_role.arn,
    hyperparameters={
        "epochCount": "1",
        "batchSize": "1",
        "learningRate": "0.005",
        "learningRateWarmupSteps": "0",
    },
    output_data_config={"s3_uri": "s3://tuning/out/"},
    training_data_config={"s3_uri": "s3://tuning/train.jsonl"},
    tags=TAGS,
)
aws.bedrock.AgentcoreAgentRuntime(
    "tools-runtime",
    agent_runtime_name="tools_runtime",
    role_arn=agent_role.arn,
    agent_runtime_artifact={
        "container_configuration": {"container_uri": "111122223333.dkr.ecr.us-east-1.amazonaws.com/tools:1"}
    },
    network_configuration={"network_mode": "PUBLIC"},
)
