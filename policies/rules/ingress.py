"""Ingress grants of a program, gathered per target and judged by what they open together.

One security group can be opened inline (``ingress=[...]``), by ``aws.vpc.SecurityGroupIngressRule``
and by ``aws.ec2.SecurityGroupRule`` resources; one GCP network by several firewalls; one firewall
policy by several rules. A source range split over entries or resources (``0.0.0.0/1`` in one,
``128.0.0.0/1`` in another) opens the same ports to the same internet as ``0.0.0.0/0``. This
module turns every such grant into :class:`Grant` entries keyed by the target they open (the
security group, the network and its target tags, the firewall policy) and finds the protocol and
port ranges whose sources, united over all grants of a target, cover the internet
(:func:`..cidrs.covers_internet`).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..access import UnknownValueError, as_float, as_list, get, is_true, strings
from ..cidrs import covers_internet
from ..registry import Res, StackView
from .common import GCP_FIREWALL, GCP_FIREWALL_POLICY_RULES, SECURITY_GROUP, SG_INGRESS_RULE, SG_RULE

ALL_PORTS = (0, 65535)
GCP_DEFAULT_SOURCE = "0.0.0.0/0"
"""An ingress firewall without source ranges, tags or service accounts applies to 0.0.0.0/0
(cloud.google.com/firewall/docs/firewalls#sources-for-rules, read 2026-12)."""

_PROTOCOL_NAMES = {"-1": "all", "all": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
"""IANA protocol numbers AWS and GCP accept for the named protocols, and the 'all' spellings."""


@dataclass(frozen=True)
class Grant:
    """One ingress grant: sources allowed to reach ``protocol`` ports ``ports`` of ``target``."""

    target: str
    protocol: str
    ports: tuple[int, int]
    cidrs: tuple[str, ...]
    res: Res
    where: str
    implicit_source: bool = False


def protocol_name(value: object) -> str:
    """A protocol spelling (``-1``, ``ALL``, ``6``, ``Tcp``) in one form (``all``, ``tcp``)."""
    text = str(value if value is not None else "all").strip().lower()
    text = text.removeprefix("+")
    with contextlib.suppress(ValueError):
        text = str(int(float(text)))
    return _PROTOCOL_NAMES.get(text, text)


def _aws_ports(protocol: str, node: object) -> tuple[int, int]:
    if protocol not in ("tcp", "udp"):
        return ALL_PORTS  # all protocols, or ICMP type/code: the whole protocol is open
    lo, hi = as_float(get(node, "fromPort")), as_float(get(node, "toPort"))
    if lo is None or hi is None or lo < 0:
        return ALL_PORTS
    return (int(lo), int(hi))


def _gcp_ports(values: object) -> list[tuple[int, int]]:
    out = []
    for p in strings(values):
        lo, _, hi = p.strip().partition("-")
        try:
            out.append((int(lo), int(hi or lo)))
        except ValueError:
            out.append(ALL_PORTS)
    return out or [ALL_PORTS]


def _target_of(res: Res, prop: str, group_urns: set[str]) -> str:
    """The URN of the security group ``prop`` refers to (property dependency), else its literal id."""
    dep = next((u for u in res.deps_of(prop) if u in group_urns), None)
    if dep:
        return dep
    try:
        value = get(res.props, prop)
    except UnknownValueError:
        value = None
    return f"sg:{value}" if isinstance(value, str) and value else f"own:{res.urn}"


def _ref(res: Res, prop: str) -> str:
    dep = res.deps_of(prop)
    if dep:
        return dep[0]
    try:
        value = get(res.props, prop)
    except UnknownValueError:
        value = None
    return str(value or "")


def grants_of(stack: StackView, unknown: list[UnknownValueError]) -> list[Grant]:
    """Every ingress grant of the program; a resource with an unknown value is left out and its
    error appended to ``unknown`` (the rule judges the rest, then reports the unknown)."""
    out: list[Grant] = []
    groups = {sg.urn for sg in stack.of(SECURITY_GROUP)}
    networks: dict[str, set[tuple[str, ...]]] = {}
    for fw in stack.of(GCP_FIREWALL):
        try:
            if _firewall_applies(fw):
                networks.setdefault(_ref(fw, "network"), set()).add(_targets(fw))
        except UnknownValueError as err:
            unknown.append(err)
    jobs = [(_sg_grants, r) for r in stack.of(SECURITY_GROUP)]
    jobs += [(_ingress_rule_grants, r) for r in stack.of(SG_INGRESS_RULE)]
    jobs += [(_sg_rule_grants, r) for r in stack.of(SG_RULE)]
    jobs += [(_firewall_grants, r) for r in stack.of(GCP_FIREWALL)]
    jobs += [(_policy_rule_grants, r) for r in stack.of(*GCP_FIREWALL_POLICY_RULES)]
    for fn, res in jobs:
        try:
            out.extend(list(fn(res, groups, networks)))  # all or nothing per resource
        except UnknownValueError as err:
            unknown.append(err)
    return out


def _sg_grants(sg: Res, groups: set[str], networks: dict) -> Iterator[Grant]:
    for i, entry in enumerate(as_list(get(sg.props, "ingress"))):
        proto = protocol_name(get(entry, "protocol"))
        cidrs = strings(get(entry, "cidrBlocks")) + strings(get(entry, "ipv6CidrBlocks"))
        yield Grant(sg.urn, proto, _aws_ports(proto, entry), tuple(cidrs), sg, f"ingress[{i}]")


def _ingress_rule_grants(r: Res, groups: set[str], networks: dict) -> Iterator[Grant]:
    proto = protocol_name(get(r.props, "ipProtocol"))
    cidrs = [c for c in (get(r.props, "cidrIpv4"), get(r.props, "cidrIpv6")) if isinstance(c, str)]
    target = _target_of(r, "securityGroupId", groups)
    yield Grant(target, proto, _aws_ports(proto, r.props), tuple(cidrs), r, "the ingress rule")


def _sg_rule_grants(r: Res, groups: set[str], networks: dict) -> Iterator[Grant]:
    if str(get(r.props, "type") or "").strip().lower() == "ingress":
        proto = protocol_name(get(r.props, "protocol"))
        cidrs = strings(get(r.props, "cidrBlocks")) + strings(get(r.props, "ipv6CidrBlocks"))
        target = _target_of(r, "securityGroupId", groups)
        yield Grant(target, proto, _aws_ports(proto, r.props), tuple(cidrs), r, "the ingress rule")


def _targets(res: Res) -> tuple[str, ...]:
    return tuple(
        sorted(strings(get(res.props, "targetTags")) + strings(get(res.props, "targetServiceAccounts")))
    )


def _firewall_applies(fw: Res) -> bool:
    direction = str(get(fw.props, "direction") or "INGRESS").upper()
    return (
        direction == "INGRESS"
        and bool(as_list(get(fw.props, "allows")))
        and not is_true(get(fw.props, "disabled"))
    )


def _firewall_grants(fw: Res, groups: set[str], networks: dict) -> Iterator[Grant]:
    if _firewall_applies(fw):
        network, targets = _ref(fw, "network"), _targets(fw)
        ranges = strings(get(fw.props, "sourceRanges"))
        implicit = (
            not ranges
            and not as_list(get(fw.props, "sourceTags"))
            and not as_list(get(fw.props, "sourceServiceAccounts"))
        )
        cidrs = (GCP_DEFAULT_SOURCE,) if implicit else tuple(ranges)
        # a firewall without targets applies to every instance of the network: to each target group
        keys = sorted(networks.get(network, {()})) if not targets else [targets]
        for key in keys:
            for allow in as_list(get(fw.props, "allows")):
                proto = protocol_name(get(allow, "protocol"))
                for ports in _gcp_ports(get(allow, "ports")) if proto in ("tcp", "udp") else [ALL_PORTS]:
                    yield Grant(
                        f"fw:{network}:{','.join(key)}", proto, ports, cidrs, fw, "the firewall", implicit
                    )


def _policy_rule_grants(r: Res, groups: set[str], networks: dict) -> Iterator[Grant]:
    if (
        str(get(r.props, "direction") or "INGRESS").upper() == "INGRESS"
        and str(get(r.props, "action") or "").lower() == "allow"
        and not is_true(get(r.props, "disabled"))
    ):
        cidrs = tuple(strings(get(r.props, "match", "srcIpRanges")))
        target = f"fwp:{_ref(r, 'firewallPolicy')}:{','.join(_targets(r))}"
        layer4 = as_list(get(r.props, "match", "layer4Configs")) or [{"ipProtocol": "all"}]
        for cfg in layer4:
            proto = protocol_name(get(cfg, "ipProtocol"))
            for ports in _gcp_ports(get(cfg, "ports")) if proto in ("tcp", "udp") else [ALL_PORTS]:
                yield Grant(target, proto, ports, cidrs, r, "the firewall policy rule")


def _port_text(protocol: str, lo: int, hi: int) -> str:
    if protocol == "all":
        return "all traffic"
    if (lo, hi) == ALL_PORTS:
        return f"all {protocol}"
    return f"{protocol} {lo}" if lo == hi else f"{protocol} {lo}-{hi}"


def world_open(grants: Sequence[Grant]) -> Iterator[tuple[str, list[Grant]]]:
    """(what is open, the grants that together open it) for every protocol and port range of one
    target whose united sources cover the internet. Grants of protocol ``all`` count for every protocol."""
    protocols = sorted({g.protocol for g in grants})
    for proto in protocols:
        relevant = (
            [g for g in grants if g.protocol in (proto, "all")]
            if proto != "all"
            else [g for g in grants if g.protocol == "all"]
        )
        cuts = sorted({g.ports[0] for g in relevant} | {g.ports[1] + 1 for g in relevant})
        seen: set[tuple[int, ...]] = set()
        for lo, nxt in itertools.pairwise(cuts):
            covering = [g for g in relevant if g.ports[0] <= lo and nxt - 1 <= g.ports[1]]
            key = tuple(id(g) for g in covering)
            if not covering or key in seen:
                continue
            if covers_internet(c for g in covering for c in g.cidrs):
                seen.add(key)
                yield _port_text(proto, lo, nxt - 1), covering
