import * as aws from "@pulumi/aws";

const sizes = { small: 10, large: 100 ;
new aws.ebs.Volume("data", { availabilityZone: "us-east-1a", size: sizes.large, encrypted: true });
