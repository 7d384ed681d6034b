"""Fails in the way chosen by the ``mode`` config value, each time with a secret in the error."""

import pulumi

config = pulumi.Config()
mode = config.get("mode") or "int"
if mode == "int":
    # not an integer: Pulumi's ConfigTypeError quotes the value, although it is read as a secret
    config.require_secret_int("token")
else:
    raise RuntimeError(f"cannot reach the database with {config.require('password')}")
