"""A SageMaker AI team account as tutorials build it: every managed-AI default left in place."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)

# the execution role gets the managed full-access policy "to get started"
role = aws.iam.Role("sm-exec", assume_role_policy=TRUST, tags=TAGS)
aws.iam.RolePolicyAttachment(
    "sm-exec-full", role=role.name, policy_arn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
)

# a notebook with the console defaults: internet, root, no key, IMDSv1 allowed
aws.sagemaker.NotebookInstance(
    "research-notebook", instance_type="ml.g5.2xlarge", role_arn=role.arn, tags=TAGS
)

# Studio on the public internet, EFS home volume without a customer key
aws.sagemaker.Domain(
    "studio",
    domain_name="studio",
    auth_mode="IAM",
    vpc_id="vpc-0123456789abcdef0",
    subnet_ids=["subnet-0123456789abcdef0"],
    default_user_settings={"execution_role": role.arn},
    tags=TAGS,
)

# a model whose container can reach the internet, served from an endpoint config without a key
model = aws.sagemaker.Model(
    "llm",
    execution_role_arn=role.arn,
    primary_container={
        "image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi:2.4",
        "model_data_url": "s3://models/llm.tar.gz",
    },
    tags=TAGS,
)
aws.sagemaker.EndpointConfiguration(
    "llm-config",
    production_variants=[
        {
            "variant_name": "primary",
            "model_name": model.name,
            "instance_type": "ml.m5.2xlarge",
            "initial_instance_count": 2,
        }
    ],
    data_capture_config={
        "destination_s3_uri": "s3://captures/llm",
        "initial_sampling_percentage": 20,
        "capture_options": [{"capture_mode": "Input"}, {"capture_mode": "Output"}],
    },
    tags=TAGS,
)

# a distributed training job: open network, no keys, plain inter-node traffic
aws.sagemaker.TrainingJob(
    "finetune",
    training_job_name="finetune",
    role_arn=role.arn,
    algorithm_specification={
        "training_image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5",
        "training_input_mode": "File",
    },
    output_data_config={"s3_output_path": "s3://models/out"},
    resource_config={"instance_type": "ml.m5.4xlarge", "instance_count": 4, "volume_size_in_gb": 100},
    stopping_condition={"max_runtime_in_seconds": 86400},
    tags=TAGS,
)
