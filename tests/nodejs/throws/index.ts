import * as aws from "@pulumi/aws";
import { subnetFor } from "./network";

new aws.s3.Bucket("logs");
const zone: string = "eu-central-1z";
new aws.ec2.Subnet("app", { vpcId: "vpc-123", cidrBlock: subnetFor(zone) });
