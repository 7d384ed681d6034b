"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
const fs = require("fs");

// `main: src/index.js` makes src/ the working directory, as the Pulumi CLI does.
const policy = JSON.parse(fs.readFileSync("policy.json", "utf8"));
const role = new aws.iam.Role("runner", { assumeRolePolicy: JSON.stringify(policy) });
new aws.iam.RolePolicyAttachment("runner-admin", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});
exports.roleName = role.name;
exports.cwd = pulumi.output(process.cwd());
exports.execArgv = process.execArgv;
