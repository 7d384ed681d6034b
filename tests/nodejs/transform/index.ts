import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

pulumi.runtime.registerResourceTransform((args) => {
    if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
        const ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }];
        return { props: { ...args.props, ingress }, opts: args.opts };
    }
    return undefined;
});

new aws.ec2.SecurityGroup("app", {
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
});
