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

// What the program host's speed-ups must leave as the SDK made them (aiinfra/engine/js/bootstrap.js): the
// stack the SDK keeps on each promise (formatted when read), Error.prepareStackTrace's save-and-restore
// idiom, and the SDK's closure serializer, whose @npmcli/arborist is loaded on first use.
const debuggable = require("@pulumi/pulumi/runtime/debuggable");
const probe = Promise.resolve(1);
debuggable.debuggablePromise(probe, "probe"); // keeps its stack on `probe` itself
exports.promiseStack = debuggable.promiseDebugString(probe).split("\n").slice(0, 5);
const saved = Error.prepareStackTrace;
Error.prepareStackTrace = (_, callsites) => callsites.length;
const depth = new Error().stack;
Error.prepareStackTrace = saved;
exports.prepareStackTrace = [typeof depth, new Error("after").stack.split("\n")[0]];
exports.codePaths = pulumi.runtime.computeCodePaths().then((paths) => typeof paths.size);
