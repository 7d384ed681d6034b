import * as aws from "@pulumi/aws";

new aws.ec2.SecurityGroup("open", {
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
});
process.exit(0);
