import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { bucketName } from "./naming";

const config = new pulumi.Config(); // the project's own namespace
const site = config.require("siteName");
const index = config.get("indexDocument") || "index.html";
const replicas = config.requireNumber("replicas");
console.log(`planning ${site} with ${replicas} replicas`);
console.error("a warning from the program");

const ami = aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true, filters: [{ name: "name", values: ["al2023-ami-*"] }] });
const vpc = aws.ec2.getVpcOutput({ default: true });
const itype = aws.ec2.getInstanceTypeOutput({ instanceType: "g6e.12xlarge" }); // no hand-written fixture: synthetic

const bucket = new aws.s3.Bucket("content", { bucket: bucketName(site, pulumi.getStack()) });
new aws.s3.BucketObject("index", {
    bucket: bucket.id,
    key: index,
    content: fs.readFileSync(`www/${index}`, "utf8"), // relative to the project directory
    contentType: "text/html",
});

/** A local component: its children are judged like any other resource. */
class Fleet extends pulumi.ComponentResource {
    constructor(name: string, count: number, opts?: pulumi.ComponentResourceOptions) {
        super("lookalike:index:Fleet", name, {}, opts);
        for (let i = 0; i < count; i++) {
            new aws.ec2.Instance(
                `${name}-${i}`,
                { ami: ami.id, instanceType: "t3.micro", metadataOptions: { httpTokens: "required" } },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
new Fleet("web", replicas);

/** A multi-language (remote) component: created by its provider at deploy time, unseen offline. */
new pulumi.ComponentResource("remotepkg:index:Cluster", "remote-cluster", { size: 3 }, {}, true);

export const token = config.requireSecret("apiToken");
export const amiId = ami.id;
export const vpcId = vpc.id;
export const gpus = itype.gpuses[0].count;
export const bucketId = bucket.id;
