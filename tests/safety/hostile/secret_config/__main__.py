"""Fails (or prints) in the way chosen by the ``mode`` config value, each time with a secret in the output."""

import sys

import pulumi

config = pulumi.Config()
mode = config.get("mode") or "int"
if mode == "int":
    # not an integer: Pulumi's ConfigTypeError quotes the value, although it is read as a secret
    config.require_secret_int("token")
elif mode == "print":
    # a run that completes: --verbose shows what the program printed
    print(f"connecting with {config.require('password')}")
    print(f"still {config.require('password')}", file=sys.stderr)
elif mode == "names":
    # the exception's class, the function and the file are all named after the secret
    secret = config.require("password")
    namespace: dict = {"Error": type(secret, (Exception,), {})}
    exec(compile("def fail():\n    raise Error('x')\n", secret, "exec"), namespace)
    fail = namespace["fail"]
    fail.__code__ = fail.__code__.replace(co_name=secret)
    fail()
else:
    raise RuntimeError(f"cannot reach the database with {config.require('password')}")
