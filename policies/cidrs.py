"""Does a set of CIDR blocks, taken together, admit the whole internet?

Rules judge address ranges by what they cover, not by how they are spelt: ``0.0.0.0/0``,
``0.0.0.0/1`` + ``128.0.0.0/1``, ``1.2.3.4/0`` (host bits set), a list of every public /8, and ``::/0``
or ``::/1`` + ``8000::/1`` are one and the same grant. Coverage is computed with the standard
library's :mod:`ipaddress` (networks collapsed, then compared with the address space).

A set *covers the internet* when its union, together with the address blocks that are never the
source of internet traffic (private, shared, loopback, link-local, documentation, multicast and
reserved space, per the IANA special-purpose registries, RFC 6890), covers every address of the
family: leaving out ``10.0.0.0/8`` does not make ``0.0.0.0/0`` private. For IPv6 the internet is
the global unicast block ``2000::/3`` (RFC 4291 section 2.4, IANA IPv6 address space registry),
so ``2000::/3`` is as open as ``::/0``. A set that misses any public block (even a /32) is not
reported: the rule judges equivalence, not size.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

IPv4Net = ipaddress.IPv4Network
IPv6Net = ipaddress.IPv6Network

NON_INTERNET_V4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network" (RFC 791)
        "10.0.0.0/8",  # private (RFC 1918)
        "100.64.0.0/10",  # shared address space (RFC 6598)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (RFC 3927)
        "172.16.0.0/12",  # private (RFC 1918)
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890)
        "192.0.2.0/24",  # TEST-NET-1 (RFC 5737)
        "192.168.0.0/16",  # private (RFC 1918)
        "198.18.0.0/15",  # benchmarking (RFC 2544)
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast: never a source address
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
    )
)
"""IPv4 blocks that are never an internet source (IANA IPv4 special-purpose registry, RFC 6890)."""

INTERNET_V6 = ipaddress.ip_network("2000::/3")
NON_INTERNET_V6 = (ipaddress.ip_network("2001:db8::/32"),)  # documentation (RFC 3849)
"""Within global unicast, the documentation block is never an internet source."""


def parse_cidr(value: object) -> IPv4Net | IPv6Net | None:
    """``value`` as a network (host bits allowed, as AWS and GCP normalise them), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _covers(cidrs: frozenset[str]) -> bool:
    nets = [n for n in (parse_cidr(c) for c in cidrs) if n is not None]
    v4 = [n for n in nets if isinstance(n, IPv4Net)]
    v6 = [n for n in nets if isinstance(n, IPv6Net)]
    if v4:
        merged = list(ipaddress.collapse_addresses([*v4, *NON_INTERNET_V4]))
        if merged == [ipaddress.ip_network("0.0.0.0/0")]:
            return True
    if v6:
        merged6 = list(ipaddress.collapse_addresses([*v6, *NON_INTERNET_V6]))
        if any(INTERNET_V6.subnet_of(n) for n in merged6):
            return True
    return False


def covers_internet(cidrs: Iterable[object]) -> bool:
    """True when the CIDR blocks together admit every internet address of IPv4 or of IPv6."""
    return _covers(frozenset(c.strip() for c in cidrs if isinstance(c, str)))


def is_open_cidr(cidr: object) -> bool:
    """True when one CIDR block alone admits the whole internet (``0.0.0.0/0``, ``::/0``, ``2000::/3``)."""
    return covers_internet([cidr])


def reaches_internet(cidr: object) -> bool:
    """True when the block holds at least one internet address (it is not all private/reserved)."""
    net = parse_cidr(cidr)
    if net is None:
        return False
    if isinstance(net, IPv4Net):
        return not any(net.subnet_of(n) for n in NON_INTERNET_V4)
    return net.overlaps(INTERNET_V6) and not any(net.subnet_of(n) for n in NON_INTERNET_V6)
