"use strict";
// aiinfra program host for Node.js: runs a user's Pulumi program under @pulumi/pulumi's own mocks and
// forwards every resource-monitor call to the judge (aiinfra) over two pipes, one JSON object a line
// (protocol v1, aiinfra/engine/protocol.py). The judge answers; this host answers nothing itself.
//
// It runs the program the way the Pulumi Node.js language host does: the SDK's own run harness
// (@pulumi/pulumi/cmd/run/run.js `run`, the user's installed version) with the same environment the
// language host sets (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT,
// PULUMI_NODEJS_TSCONFIG_PATH) and `--pwd` the program directory, so TypeScript is compiled by the
// ts-node/typescript that harness picks (the project's own, else the SDK's vendored ones) with the
// project's tsconfig.json. Sources: pulumi/pulumi v3.259.0 (2026-08-19)
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go (execRuntime, constructArguments) and
// sdk/nodejs/cmd/run/index.ts (main: PULUMI_NODEJS_* from the flags, then run()).
//
// Environment (set by aiinfra/engine/nodejs.py): AIINFRA_HOST_FDS="W,R"; AIINFRA_NODE_PROGRAM, a JSON
// object {sdk, pwd, entry, project, stack, root}.

const net = require("net");
const path = require("path");

const PROTOCOL_VERSION = 1;
const spec = JSON.parse(process.env.AIINFRA_NODE_PROGRAM || "{}");
delete process.env.AIINFRA_NODE_PROGRAM;
const [writeFd, readFd] = (process.env.AIINFRA_HOST_FDS || "").split(",").map((s) => parseInt(s, 10));
delete process.env.AIINFRA_HOST_FDS;

// ---- the channel -----------------------------------------------------------------------------------
// Both ends are libuv pipes (writes never block the program); the reading end is referenced only while a
// call is waiting for its answer, so the event loop drains (and "beforeExit" fires) exactly when the
// program has nothing left to do, as it would under the language host.

const toJudge = new net.Socket({ fd: writeFd, readable: false, writable: true });
toJudge.unref();
const fromJudge = new net.Socket({ fd: readFd, readable: true, writable: false });
fromJudge.setEncoding("utf8");
fromJudge.unref();

let nextId = 1;
const waiting = new Map(); // id -> {resolve, reject}
let callbackHandler = undefined; // set once the SDK is loaded: answers {"id","callback"} from the judge
let ended = false;

function send(message, then) {
    if (ended) {
        return;
    }
    toJudge.write(JSON.stringify(message) + "\n", then);
}

function call(method, request) {
    const id = nextId++;
    const req = Buffer.from(request.serializeBinary()).toString("base64");
    return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        fromJudge.ref();
        send({ id, call: method, req });
    });
}

let buffered = "";
fromJudge.on("data", (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) {
            receive(JSON.parse(line));
        }
    }
});
fromJudge.on("end", () => {
    // The judge went away: nothing can be answered any more.
    process.exit(70);
});

function receive(message) {
    if (message.callback !== undefined) {
        answerCallback(message);
        return;
    }
    const pending = waiting.get(message.id);
    if (pending === undefined) {
        return;
    }
    waiting.delete(message.id);
    if (waiting.size === 0) {
        fromJudge.unref();
    }
    if (message.error !== undefined) {
        pending.reject(new Error(message.error));
    } else {
        pending.resolve(Buffer.from(message.res || "", "base64"));
    }
}

function answerCallback(message) {
    Promise.resolve()
        .then(() => {
            if (callbackHandler === undefined) {
                throw new Error("no callbacks registered");
            }
            return callbackHandler(message.callback);
        })
        .then(
            (res) => send({ id: message.id, res }),
            (err) => send({ id: message.id, error: String((err && err.message) || err) }),
        );
}

// ---- failures in the user's terms ---------------------------------------------------------------------

const FRAME = /^\s*at (?:(.*?) \()?(?:file:\/\/)?(\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/;

function userFile(file) {
    const root = spec.root || process.cwd();
    const rel = path.relative(root, file);
    return !rel.startsWith("..") && !path.isAbsolute(rel) && !rel.split(path.sep).includes("node_modules");
}

const sources = new Map();

/** The trimmed text of a line of the user's file (what the parent shows after file:line). */
function sourceLine(file, line) {
    try {
        if (!sources.has(file)) {
            sources.set(file, require("fs").readFileSync(file, "utf8").split("\n"));
        }
        return (sources.get(file)[line - 1] || "").trim().slice(0, 200);
    } catch (err) {
        return "";
    }
}

function frame(file, line, column, fn) {
    return { file, line, column, function: fn, code: sourceLine(file, line) };
}

/** Frames of a (source-mapped) stack that lie in the project, outermost first as the parent prints them. */
function stackFrames(stack) {
    const frames = [];
    for (const line of String(stack || "").split("\n")) {
        const m = FRAME.exec(line);
        if (m && userFile(m[2])) {
            const fn = !m[1] || m[1] === "Object.<anonymous>" ? "<module>" : m[1];
            frames.push(frame(m[2], parseInt(m[3], 10), parseInt(m[4], 10), fn));
        }
    }
    return frames.reverse();
}

// ts-node >= 8 prints "file.ts:3:7 - error TS2322: ..."; the SDK's vendored ts-node 7 "file.ts(3,7): error TS2322: ...".
const TS_DIAGNOSTIC = /^(.*?)(?::(\d+):(\d+) - |\((\d+),(\d+)\): )error (TS\d+): (.*)$/;

function compileFrames(text) {
    const frames = [];
    for (const line of String(text || "").split("\n")) {
        const m = TS_DIAGNOSTIC.exec(line.replace(/\x1b\[[0-9;]*m/g, "").trim());
        if (m) {
            const file = path.resolve(process.cwd(), m[1]);
            frames.push(frame(file, parseInt(m[2] || m[4], 10), parseInt(m[3] || m[5], 10), ""));
        }
    }
    return frames;
}

/** Node prints a SyntaxError's place as the stack's first line: "/path/index.js:3". */
function syntaxFrames(stack) {
    const m = /^(\/[^\n]*?|[A-Za-z]:\\[^\n]*?):(\d+)\n/.exec(String(stack || ""));
    return m && userFile(m[1]) ? [frame(m[1], parseInt(m[2], 10), 0, "")] : [];
}

const CONFIG_ERRORS = new Set([
    "ConfigMissingError",
    "ConfigTypeError",
    "ConfigEnumError",
    "ConfigRangeError",
    "ConfigPatternError",
]);

/** "Configuration 'k' value 'v' is not a valid number" -> "configuration 'k' is not a valid number". */
function configMessage(type, err) {
    if (type === "ConfigMissingError") {
        return `missing required configuration '${err.key}'`;
    }
    const m = /^Configuration '([^']+)' value '[\s\S]*' ((?:is|does) [\s\S]*)$/.exec(String(err.message));
    return m ? `configuration '${m[1]}' ${m[2]}` : "configuration value is not valid";
}

/** The failure to report; config errors never carry the offending value (it may be a secret). */
function describe(err) {
    if (!(err instanceof Error)) {
        return { type: typeof err, message: String(err).slice(0, 500), frames: [], kind: "exception" };
    }
    const type = (err.constructor && err.constructor.name) || err.name || "Error";
    if (CONFIG_ERRORS.has(type)) {
        return { type, message: configMessage(type, err), frames: stackFrames(err.stack), kind: "config" };
    }
    if (err.name === "TSError") {
        const text = err.diagnosticText || err.message;
        return { type: "TSError", message: String(text).trim(), frames: compileFrames(text), kind: "compile" };
    }
    if (err instanceof SyntaxError) {
        const frames = syntaxFrames(err.stack);
        return { type, message: err.message, frames: frames.length ? frames : stackFrames(err.stack), kind: "compile" };
    }
    return { type, message: String(err.message || ""), frames: stackFrames(err.stack), kind: "exception" };
}

let failure = undefined;

function fail(err) {
    if (failure === undefined) {
        failure = describe(err);
    }
}

function finish(exitCode) {
    if (ended) {
        return;
    }
    const message = failure === undefined ? { event: "done" } : { event: "failed", error: failure };
    send(message, () => toJudge.end(() => process.exit(exitCode)));
    ended = true; // nothing may follow "done"/"failed"
}

// ---- the monitor ---------------------------------------------------------------------------------------

/**
 * Replace the mock monitor's calls with ones forwarded to the judge, in the SDK's own wire form. Kept
 * local, as the SDK's MockMonitor answers them: getDeploymentInfo (the features setMocks switches on) and
 * signalAndWaitForShutdown (nothing to wait for after an offline preview).
 */
function forwardMonitor(monitor, proto) {
    const { resproto, providerproto, emptyproto } = proto;
    const forward = (method, responseType) =>
        function (req, callback) {
            call(method, req).then(
                (bytes) => callback(null, responseType.deserializeBinary(bytes)),
                (err) => callback(err, undefined),
            );
        };
    // Older SDKs answer invokes with provider_pb's InvokeResponse (the same fields and numbers as
    // ResourceInvokeResponse, so the same bytes); a method whose messages this SDK lacks keeps the mock's.
    const methods = [
        ["registerResource", "RegisterResource", resproto.RegisterResourceResponse],
        ["registerResourceOutputs", "RegisterResourceOutputs", emptyproto.Empty],
        ["readResource", "ReadResource", resproto.ReadResourceResponse],
        ["invoke", "Invoke", resproto.ResourceInvokeResponse || providerproto.InvokeResponse],
        ["call", "Call", providerproto.CallResponse],
        ["supportsFeature", "SupportsFeature", resproto.SupportsFeatureResponse],
        ["existsResource", "ExistsResource", resproto.ExistsResourceResponse],
        ["registerPackage", "RegisterPackage", resproto.RegisterPackageResponse],
        ["registerStackTransform", "RegisterStackTransform", emptyproto.Empty],
        ["registerStackInvokeTransform", "RegisterStackInvokeTransform", emptyproto.Empty],
        ["registerResourceHook", "RegisterResourceHook", emptyproto.Empty],
        ["registerErrorHook", "RegisterErrorHook", emptyproto.Empty],
    ];
    for (const [name, method, responseType] of methods) {
        if (responseType !== undefined) {
            monitor[name] = forward(method, responseType);
        }
    }
    monitor.signalAndWaitForShutdown = (req, callback) => callback(null, new emptyproto.Empty());
}

/** Run a callback the program registered (a transform): CallbackInvokeRequest in, CallbackInvokeResponse out. */
function callbackRunner(settings, callbackproto) {
    return async (payload) => {
        const request = callbackproto.CallbackInvokeRequest.deserializeBinary(Buffer.from(payload, "base64"));
        const server = settings.getCallbacks();
        const fn = server && server._callbacks && server._callbacks.get(request.getToken());
        if (fn === undefined) {
            throw new Error(`unknown callback ${request.getToken()}`);
        }
        const result = await fn(request.getRequest_asU8());
        const response = new callbackproto.CallbackInvokeResponse();
        response.setResponse(result.serializeBinary());
        return Buffer.from(response.serializeBinary()).toString("base64");
    };
}

// ---- deferred promise stacks ---------------------------------------------------------------------------

const DEBUGGABLE = path.join("runtime", "debuggable.js");

/** A stack string formatted only when something reads it (`${stack}`); the text is what it would have been. */
class DeferredStack {
    constructor(format) {
        this.format = format;
        this.text = undefined;
    }
    toString() {
        if (this.text === undefined) {
            this.text = String(this.format());
            this.format = undefined;
        }
        return this.text;
    }
}

/**
 * Format the stacks the SDK's `debuggablePromise` takes for every promise lazily.
 *
 * Why: @pulumi/pulumi's runtime/debuggable.js (`debuggablePromise`, v3.270.0 as installed) stores
 * `new Error().stack` on every promise it makes (several per resource: one per output property), and
 * reads it back only to print a leaked promise at exit (`promiseDebugString`). Under the source-map
 * support the harness installs, formatting each of those stacks maps every frame; in the 100-resource
 * bench (bench/typescript.py) that was 1.0 s of a 4.0 s child (`node --cpu-prof`). Here such a stack
 * becomes a DeferredStack: the same formatter runs on the same call sites if and when the leak report
 * reads it, so its text is unchanged. Every other stack (the SDK's Resource.callsites, which gives each
 * registration its source position and stack trace, and every error's) is formatted at once, as before.
 *
 * Error.prepareStackTrace stays assignable (the harness's source-map-support and ts-node set it): the
 * accessor keeps what was assigned and hands out a wrapper of it; assigning a wrapper back (the
 * save-and-restore idiom) restores what it wraps; while nothing is assigned it reads `undefined`, so
 * Node's own formatting applies.
 */
function deferPromiseStacks() {
    let assigned = Error.prepareStackTrace;
    const wrappers = new WeakMap(); // wrapper -> the formatter it wraps
    let current = undefined; // the wrapper of `assigned`
    const wrap = (format) =>
        function prepareStackTrace(error, callsites) {
            const top = callsites[0];
            const file = top && top.getFileName();
            if (file && top.getFunctionName() === "debuggablePromise" && file.endsWith(DEBUGGABLE)) {
                return new DeferredStack(() => format.call(this, error, callsites));
            }
            return format.call(this, error, callsites);
        };
    Object.defineProperty(Error, "prepareStackTrace", {
        configurable: true,
        enumerable: false,
        get() {
            if (typeof assigned !== "function") {
                return assigned;
            }
            if (current === undefined || wrappers.get(current) !== assigned) {
                current = wrap(assigned);
                wrappers.set(current, assigned);
            }
            return current;
        },
        set(value) {
            assigned = wrappers.has(value) ? wrappers.get(value) : value;
        },
    });
}

// ---- a deferred @npmcli/arborist -----------------------------------------------------------------------

const CODE_PATHS = path.join("runtime", "closure", "codePaths.js");

/**
 * Load `@npmcli/arborist` for the SDK's closure serializer when it is first used, not when the SDK loads.
 *
 * Why: @pulumi/pulumi's index loads the automation API, which loads the runtime, whose
 * runtime/closure/codePaths.js (v3.270.0 as installed) does `__importStar(require("@npmcli/arborist"))`
 * at load time and uses it only as `arborist.Arborist` inside computeCodePaths (when a program serializes
 * a function, e.g. a Lambda CallbackFunction). Loading it (and pacote, sigstore, ...) took 0.2-0.3 s of
 * every run. That one require, from that one file, gets a stand-in that loads the real module on the
 * first property read and answers as `__importStar`'s result would (`default` is the module itself
 * unless it is an ES module); every other require of it, the program's own included, is untouched.
 * The hook is removed again (the returned function) before the program loads: it would otherwise add a
 * frame to every registration's stack trace.
 */
function deferArborist() {
    const Module = require("module");
    const load = Module._load;
    const hook = function (request, parent, isMain) {
        if (request === "@npmcli/arborist" && parent && String(parent.filename).endsWith(CODE_PATHS)) {
            let real = undefined;
            const loaded = () => (real === undefined ? (real = load.call(Module, request, parent, isMain)) : real);
            return new Proxy(
                {},
                {
                    get(_, key) {
                        if (key === "__esModule") {
                            return true; // so __importStar returns this stand-in, not a copy of every export
                        }
                        const mod = loaded();
                        return key === "default" && !(mod && mod.__esModule) ? mod : mod[key];
                    },
                    has: (_, key) => key in loaded(),
                },
            );
        }
        return load.apply(this, arguments);
    };
    Module._load = hook;
    return () => {
        if (Module._load === hook) {
            Module._load = load;
        }
    };
}

function main() {
    const sdk = spec.sdk;
    deferPromiseStacks();
    const undeferArborist = deferArborist();
    const version = require(path.join(sdk, "package.json")).version;
    send({ v: PROTOCOL_VERSION, event: "hello", language: "nodejs", sdk: version });

    // Process-wide hooks first, as the SDK's cmd/run/index.js installs them before run(): source-mapped
    // stacks (.ts lines in frames and in every registration's source position), and every failure noted.
    require(require.resolve("source-map-support", { paths: [sdk] })).install();
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    process.on("beforeExit", () => finish(0));

    const runtime = require(path.join(sdk, "runtime")); // loads runtime/closure/codePaths.js
    undeferArborist();
    const settings = require(path.join(sdk, "runtime", "settings.js"));
    const proto = {
        resproto: require(path.join(sdk, "proto", "resource_pb.js")),
        providerproto: require(path.join(sdk, "proto", "provider_pb.js")),
        emptyproto: require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [sdk] })),
    };

    const mocks = {
        newResource: () => {
            throw new Error("aiinfra: resource registrations are answered by the judge");
        },
        call: () => {
            throw new Error("aiinfra: invokes are answered by the judge");
        },
    };
    runtime.setMocks(mocks, spec.project, spec.stack, true, spec.organization);
    forwardMonitor(settings.getMonitor(), proto);
    callbackHandler = callbackRunner(settings, require(path.join(sdk, "proto", "callback_pb.js")));

    // The language host's own command line (constructArguments in main.go), run by the SDK's harness.
    const args = ["--monitor", "aiinfra", "--project", spec.project, "--stack", spec.stack];
    args.push("--root-directory", spec.root, "--pwd", spec.pwd, "--dry-run", spec.entry);
    process.argv = [process.argv[0], path.join(sdk, "cmd", "run"), ...args];
    require(path.join(sdk, "cmd", "run"));
}

try {
    main();
} catch (err) {
    fail(err);
    finish(0);
}
