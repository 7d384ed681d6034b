"""The same SageMaker AI account hardened: private networking, customer keys, no root, least privilege."""

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
SUBNET = "subnet-0123456789abcdef0"
SG = "sg-0123456789abcdef0"

key = aws.kms.Key("sagemaker-key", enable_key_rotation=True, deletion_window_in_days=30, tags=TAGS)
role = aws.iam.Role(
    "sm-exec",
    assume_role_policy=TRUST,
    inline_policies=[
        {
            "name": "models",
            "policy": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::models/*"}
                    ],
                }
            ),
        }
    ],
    tags=TAGS,
)

aws.sagemaker.NotebookInstance(
    "research-notebook",
    instance_type="ml.g5.2xlarge",
    role_arn=role.arn,
    direct_internet_access="Disabled",
    root_access="Disabled",
    subnet_id=SUBNET,
    security_groups=[SG],
    kms_key_id=key.arn,
    instance_metadata_service_configuration={"minimum_instance_metadata_service_version": "2"},
    tags=TAGS,
)
aws.sagemaker.Domain(
    "studio",
    domain_name="studio",
    auth_mode="IAM",
    vpc_id="vpc-0123456789abcdef0",
    subnet_ids=[SUBNET],
    app_network_access_type="VpcOnly",
    kms_key_id=key.arn,
    default_user_settings={"execution_role": role.arn, "security_groups": [SG]},
    tags=TAGS,
)
model = aws.sagemaker.Model(
    "llm",
    execution_role_arn=role.arn,
    primary_container={
        "image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi:2.4",
        "model_data_url": "s3://models/llm.tar.gz",
    },
    enable_network_isolation=True,
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
    kms_key_arn=key.arn,
    data_capture_config={
        "destination_s3_uri": "s3://captures/llm",
        "initial_sampling_percentage": 20,
        "kms_key_id": key.arn,
        "capture_options": [{"capture_mode": "Input"}, {"capture_mode": "Output"}],
    },
    tags=TAGS,
)
aws.sagemaker.TrainingJob(
    "finetune",
    training_job_name="finetune",
    role_arn=role.arn,
    algorithm_specification={
        "training_image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5",
        "training_input_mode": "File",
    },
    output_data_config={"s3_output_path": "s3://models/out", "kms_key_id": key.arn},
    resource_config={
        "instance_type": "ml.m5.4xlarge",
        "instance_count": 4,
        "volume_size_in_gb": 100,
        "volume_kms_key_id": key.arn,
    },
    vpc_config={"subnets": [SUBNET], "security_group_ids": [SG]},
    enable_inter_container_traffic_encryption=True,
    stopping_condition={"max_runtime_in_seconds": 86400},
    tags=TAGS,
)
