import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const size = config.getNumber("volumeSize") || 10;
new aws.ebs.Volume("data", { availabilityZone: "us-east-1a", size, encrypted: true });
new aws.s3.Bucket(config.require("bucketName"));
