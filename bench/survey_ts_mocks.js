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
// The mocks echo inputs as state and answer every invoke with {} (as the docs' unit-testing examples do);
// the stack resource itself is not counted (aiinfra's plan does not list it either).
const fs = require("fs");
const path = require("path");

const [project, stack, entry, root] = process.argv.slice(2);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));

const counts = {};
let total = 0;
let failure;
require(path.join(sdk, "runtime")).setMocks(
    {
        newResource: (args) => {
            if (args.type !== "pulumi:pulumi:Stack") {
                total += 1;
                counts[args.type] = (counts[args.type] || 0) + 1;
            }
            return { id: `${args.name}_id`, state: args.inputs };
        },
        call: () => ({}),
    },
    project,
    stack,
    true,
);
const monitor = require(path.join(sdk, "runtime", "settings.js")).getMonitor();
monitor.signalAndWaitForShutdown = (req, callback) => callback(null, {});

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
