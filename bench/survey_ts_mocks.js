"use strict";
// Count what a TypeScript/JavaScript Pulumi program registers under @pulumi/pulumi's OWN mocks, the way a
// user's unit test runs it (pulumi.runtime.setMocks, then require the program), independent of aiinfra's
// program host. Used by bench/survey_ts_programs.py to compare resource counts with `aiinfra check`.
//
//     cd <project dir> && PULUMI_CONFIG='{...}' node survey_ts_mocks.js <project> <stack> <entry>
//
// Prints one JSON line: {"resources": N, "types": {...}, "error": "..."?}. Mocks echo inputs as state and
// answer every invoke with {} (as the docs' unit-testing examples do). TypeScript is transpiled with the
// project's typescript through ts-node (the project's, else the SDK's vendored one), without type checks.
const path = require("path");

const [project, stack, entry] = process.argv.slice(2);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const pulumi = require(sdk);

const counts = {};
let total = 0;
let failure;
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            total += 1;
            counts[args.type] = (counts[args.type] || 0) + 1;
            return { id: `${args.name}_id`, state: args.inputs };
        },
        call: () => ({}),
    },
    project,
    stack,
    true,
);

function tsNode() {
    for (const name of ["ts-node", path.join(sdk, "vendor", "ts-node@7.0.1")]) {
        try {
            return require(require.resolve(name, { paths: [process.cwd()] }));
        } catch (err) {
            // try the next
        }
    }
    return undefined;
}

process.on("uncaughtException", (err) => (failure = failure || err));
process.on("unhandledRejection", (err) => (failure = failure || err));
process.on("beforeExit", () => {
    const out = { resources: total, types: counts };
    if (failure !== undefined) {
        out.error = String((failure && failure.message) || failure).slice(0, 300);
    }
    process.stdout.write(JSON.stringify(out) + "\n");
    process.exit(0);
});

const main = path.resolve(entry || ".");
if (/\.[cm]?ts$/.test(main) || require("fs").existsSync(path.join(main, "index.ts"))) {
    let compiler = "typescript";
    try {
        require.resolve("typescript", { paths: [process.cwd()] });
    } catch (err) {
        compiler = path.join(sdk, "vendor", "typescript@3.8.3", "typescript.js");
    }
    tsNode().register({ transpileOnly: true, compiler });
}
try {
    const exported = require(main);
    if (typeof exported === "function") {
        Promise.resolve(exported()).catch((err) => (failure = failure || err));
    }
} catch (err) {
    failure = err;
}
