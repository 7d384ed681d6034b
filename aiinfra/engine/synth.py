"""Well-shaped answers for data sources that have no hand-written fixture, derived from the SDK.

Every Pulumi Python SDK function calls ``pulumi.runtime.invoke('<token>', ..., typ=Get…Result)``;
the result class is an ``@pulumi.output_type`` whose getters name each wire field and annotate its
type. This module finds that class for a token (by the literal token in the SDK's own source, so
no name-mangling guesses), then builds a deterministic value per field: strings shaped by the
field's name (ids, ARNs, names, regions, self links, CIDRs), echoed arguments where the call gave
the field, numbers 0, booleans false, lists of two elements of the right shape, nested result
types filled the same way. Every such answer is reported as synthetic.
"""

from __future__ import annotations

import collections.abc as cabc
import re
import typing
from collections.abc import Mapping
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from . import fixtures
from .fixtures import FixtureContext, stable_suffix

_LIST_LENGTH = 2
# EC2 physical-id prefixes by resource noun. unverified: from the EC2 id formats as remembered, not
# re-read against the EC2 API reference in this session (ids are synthetic either way).
_AWS_ID_PREFIX = {
    "vpc": "vpc-",
    "subnet": "subnet-",
    "security_group": "sg-",
    "ami": "ami-",
    "image": "ami-",
    "instance": "i-",
    "route_table": "rtb-",
    "internet_gateway": "igw-",
    "nat_gateway": "nat-",
    "network_interface": "eni-",
    "key_pair": "key-",
    "snapshot": "snap-",
    "ebs_volume": "vol-",
    "volume": "vol-",
    "prefix_list": "pl-",
    "vpc_endpoint": "vpce-",
    "transit_gateway": "tgw-",
    "launch_template": "lt-",
    "network_acl": "acl-",
    "vpc_peering_connection": "pcx-",
    "eip": "eipalloc-",
    "allocation": "eipalloc-",
}
_MAX_DEPTH = 6


def sdk_package(token: str) -> str:
    """The Python distribution module of a token's package: ``aws`` -> ``pulumi_aws``."""
    return "pulumi_" + token.split(":", 1)[0].replace("-", "_")


@cache
def result_type(token: str) -> type | None:
    """The ``@output_type`` result class the SDK declares for ``token``, or None when not found."""
    try:
        package = import_module(sdk_package(token))
    except ImportError:
        return None
    root = Path(package.__file__).parent
    parts = token.split(":")
    if len(parts) != 3:
        return None
    module = parts[1].split("/")[0]
    folder = root if module == "index" else root / module.replace("/", ".")
    if not folder.is_dir():
        folder = root
    literal = re.compile(
        r"""invoke(?:_output|_async)?\(\s*['"]""" + re.escape(token) + r"""['"][^)]*?typ=(\w+)"""
    )
    for candidate in sorted(folder.glob("*.py")):
        if not candidate.name.startswith(("get", "_get")) and candidate.name != "outputs.py":
            continue
        text = candidate.read_text(encoding="utf-8", errors="replace")
        if token not in text:
            continue
        match = literal.search(text)
        if match is None:
            continue
        rel = candidate.relative_to(root.parent).with_suffix("")
        cls = _class_from(".".join(rel.parts[:-1]), rel.parts[-1], match.group(1))
        return cls if isinstance(cls, type) else None
    return None


def _class_from(package_name: str, leaf: str, class_name: str) -> Any:
    """``class_name`` from the SDK package that re-exports it, without clobbering the package's
    function of the same name as the submodule (``pulumi_aws.ec2.get_subnets`` is a function there;
    importing the submodule directly would rebind that attribute to the module)."""
    package = import_module(package_name)
    found = getattr(package, class_name, None)
    if found is not None:
        return found
    before = package.__dict__.get(leaf)
    module = import_module(f"{package_name}.{leaf}")
    if before is not None:
        setattr(package, leaf, before)
    return getattr(module, class_name, None)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _string(field: str, token: str, ctx: FixtureContext, seed: str) -> str:
    """A deterministic string shaped by the field's wire name."""
    pkg = token.split(":", 1)[0]
    fn = token.rsplit(":", 1)[-1]
    noun = _snake(fn.removeprefix("get")) or "item"
    low = field.lower()
    h = stable_suffix(token, field, seed)
    if pkg == "aws":
        module = token.split(":")[1].split("/")[0]
        if low == "arn" or low.endswith("arn"):
            return f"arn:aws:{module}:{ctx.aws_region}:{ctx.aws_account_id}:{noun.replace('_', '-')}/{h[:12]}"
        if low in ("region",):
            return ctx.aws_region
        if low in ("accountid", "ownerid"):
            return ctx.aws_account_id
        if low == "partition":
            return "aws"
    if pkg == "gcp":
        if low in ("project", "projectid"):
            return ctx.gcp_project
        if low == "region":
            return ctx.gcp_region
        if low == "zone":
            return f"{ctx.gcp_region}-a"
        if low == "selflink" or low.endswith("selflink"):
            return f"https://www.googleapis.com/compute/v1/projects/{ctx.gcp_project}/global/{noun}s/{noun}-{h[:8]}"
    if (
        low.endswith("cidrblock")
        or low.endswith("cidr")
        or low.endswith("iprange")
        or low.endswith("cidrrange")
    ):
        return "10.0.0.0/16"
    if low.endswith("ipaddress") or low in ("ip", "address", "privateip", "publicip"):
        return "10.0.0.10"
    if low in ("email",) or low.endswith("email"):
        return f"{noun.replace('_', '-')}-{h[:6]}@example.invalid"
    if low.endswith("time") or low.endswith("date") or low.endswith("timestamp"):
        return "2026-01-01T00:00:00Z"
    if low in ("json", "policy") or low.endswith("json") or low.endswith("document"):
        return "{}"
    if low in ("state", "status"):
        return "available"
    if low == "id" or low.endswith("id") or low.endswith("ids"):
        if pkg == "aws":
            stem = (
                field[: -len("Ids")]
                if field.endswith("Ids")
                else field[: -len("Id")]
                if field.endswith("Id")
                else ""
            )
            prefix = _AWS_ID_PREFIX.get(_snake(stem).rstrip("s")) or _AWS_ID_PREFIX.get(noun.rstrip("s"))
            if prefix:
                return prefix + h
        return f"{noun.replace('_', '-')}-{h}"
    return f"{noun.replace('_', '-')}-{field}-{h[:8]}"


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if args else Any
    return tp


def synth_value(tp: Any, field: str, token: str, ctx: FixtureContext, seed: str, depth: int = 0) -> Any:
    """A deterministic value of type ``tp`` for wire field ``field``."""
    import pulumi._types as ptypes  # the SDK's own reflection over @output_type classes

    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if tp is str:
        return _string(field, token, ctx, seed)
    if tp is bool:
        return False
    if tp in (int, float):
        return 0.0
    if origin in (list, cabc.Sequence, typing.Sequence):
        (item,) = typing.get_args(tp) or (str,)
        if depth >= _MAX_DEPTH:
            return []
        return [synth_value(item, field, token, ctx, f"{seed}/{i}", depth + 1) for i in range(_LIST_LENGTH)]
    if origin in (dict, cabc.Mapping, typing.Mapping):
        return {}
    if isinstance(tp, type) and ptypes.is_output_type(tp):
        if depth >= _MAX_DEPTH:
            return {}
        return synth_object(tp, token, ctx, seed, depth + 1)
    return None


def synth_object(cls: type, token: str, ctx: FixtureContext, seed: str, depth: int = 0) -> dict[str, Any]:
    """Every field of an ``@output_type`` class, by wire name."""
    import pulumi._types as ptypes

    return {
        name: synth_value(tp, name, token, ctx, seed, depth)
        for name, tp in ptypes.output_type_types(cls).items()
    }


def _echo(value: Any) -> Any:
    return value


def synthesize(token: str, args: Mapping[str, Any], ctx: FixtureContext) -> dict[str, Any] | None:
    """A well-shaped answer for ``token`` (arguments the call gave are echoed), or None if the SDK
    declares no result type for it."""
    cls = result_type(token)
    if cls is None:
        return None
    seed = "/".join(f"{k}={args[k]!r}" for k in sorted(args))
    out = synth_object(cls, token, ctx, seed)
    for key, value in args.items():
        if key in out and value is not None:
            out[key] = _echo(value)
    if "id" in out and isinstance(args.get("name"), str) and token.startswith("gcp:"):
        out["id"] = args["name"]
    return out


__all__ = ["FixtureContext", "fixtures", "result_type", "synth_object", "synth_value", "synthesize"]
