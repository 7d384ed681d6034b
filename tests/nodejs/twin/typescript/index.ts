// Misconfigured on purpose: each resource mirrors one in ../python/__main__.py.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const env = config.get("env") || "dev";

/** A component wrapping an instance, as ../python/__main__.py's WebTier does. */
class WebTier extends pulumi.ComponentResource {
    constructor(
        name: string,
        sgId: pulumi.Input<string>,
        roleName: pulumi.Input<string>,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("twin:index:WebTier", name, {}, opts);
        new aws.ec2.Instance(
            `${name}-vm`,
            {
                ami: "ami-0123456789abcdef0",
                instanceType: "t3.micro",
                vpcSecurityGroupIds: [sgId],
                associatePublicIpAddress: true,
                metadataOptions: { httpTokens: "optional" },
                tags: { role: roleName }, // not known until the role exists
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

const vpc = aws.ec2.getVpcOutput({ default: true });
const sg = new aws.ec2.SecurityGroup("ssh-open", {
    vpcId: vpc.id,
    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});
const bucket = new aws.s3.Bucket(`${env}-data`);
new aws.s3.BucketPublicAccessBlock("data-pab", {
    bucket: bucket.id,
    blockPublicAcls: false,
    blockPublicPolicy: false,
    ignorePublicAcls: false,
    restrictPublicBuckets: false,
});
new aws.ebs.Volume("scratch", { availabilityZone: "us-east-1a", size: 100, encrypted: false });
new aws.iam.Policy("admin", {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
});
new aws.rds.Instance("db", {
    engine: "postgres",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "app",
    password: config.requireSecret("dbPassword"),
    publiclyAccessible: true,
    storageEncrypted: false,
    skipFinalSnapshot: true,
});
new aws.kms.Key("data-key", { enableKeyRotation: false });
const role = new aws.iam.Role("app-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new WebTier("web", sg.id, role.name);

export const bucketName = bucket.id;
