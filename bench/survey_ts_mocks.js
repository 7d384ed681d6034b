"use strict";
// Count what a TypeScript/JavaScript Pulumi program registers under @pulumi/pulumi's OWN mocks
// (pulumi.runtime.setMocks with the SDK's stock MockMonitor), independent of aiinfra's program host and
// judge. Used by bench/survey_ts_programs.py to compare resource counts with `aiinfra plan --program`.
// The program is loaded by the SDK's own run harness (@pulumi/pulumi/cmd/run, as the language host
// starts it), so TypeScript, ESM and `main` are handled as `pulumi preview` handles them.
//
//     cd <program dir> && PULUMI_CONFIG='{...}' node survey_ts_mocks.js <project> <stack> <entry> <root>
//
// Prints one JSON line on stdout: {"resources": N, "types": {...}, "error": "..."?}.
// The mocks echo inputs as state and answer every invoke with {} (as the docs' unit-testing examples do),
// or, with AIINFRA_SURVEY_PYTHON set to a Python that has aiinfra, with the answer aiinfra's fixtures give
// (a program that indexes into a data source's result stops early on {}); the stack resource itself is
// not counted (aiinfra's plan does not list it either), nor are reads (Resource.get).
const fs = require("fs");
const path = require("path");

const [project, stack, entry, root] = process.argv.slice(2);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));

const ANSWER = `
import json, os, sys
from aiinfra.engine.invokes import answer
from aiinfra.engine.run import _fixture_context
config = {k.replace(":config:", ":", 1): v for k, v in json.loads(os.environ.get("PULUMI_CONFIG") or "{}").items()}
ctx = _fixture_context(sys.argv[3], sys.argv[4], config, {}, None)
print(json.dumps(answer(sys.argv[1], json.loads(sys.argv[2]), ctx)[0]))
`;

function fixtureAnswer(args) {
    const { execFileSync } = require("child_process");
    const argv = ["-c", ANSWER, args.token, JSON.stringify(args.inputs), project, stack];
    return JSON.parse(execFileSync(process.env.AIINFRA_SURVEY_PYTHON, argv, { encoding: "utf8" }));
}

const counts = {};
let total = 0;
let failure;
require(path.join(sdk, "runtime")).setMocks(
    {
        newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
        call: (args) => (process.env.AIINFRA_SURVEY_PYTHON ? fixtureAnswer(args) : {}),
    },
    project,
    stack,
    true,
);
const monitor = require(path.join(sdk, "runtime", "settings.js")).getMonitor();
monitor.signalAndWaitForShutdown = (req, callback) => callback(null, {});
// Registrations only (reads, Resource.get, are not resources of the stack; aiinfra's plan lists neither).
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
    if (req.getType() !== "pulumi:pulumi:Stack") {
        total += 1;
        counts[req.getType()] = (counts[req.getType()] || 0) + 1;
    }
    return register(req, callback);
};

process.on("uncaughtException", (err) => (failure = failure || err));
process.on("unhandledRejection", (err) => (failure = failure || err));
process.on("beforeExit", () => {
    const out = { resources: total, types: counts };
    if (failure !== undefined) {
        out.error = String((failure && failure.message) || failure).slice(0, 300);
    }
    fs.writeSync(1, JSON.stringify(out) + "\n");
    process.exit(0);
});

const args = ["--monitor", "mock", "--project", project, "--stack", stack, "--root-directory", root];
args.push("--pwd", process.cwd(), "--dry-run", entry);
process.argv = [process.argv[0], path.join(sdk, "cmd", "run"), ...args];
require(path.join(sdk, "cmd", "run"));
