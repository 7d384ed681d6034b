import * as aws from "@pulumi/aws";
import { size } from "./sizes";

new aws.ebs.Volume("data", { availabilityZone: "us-east-1a", size: size("large"), encrypted: true });
