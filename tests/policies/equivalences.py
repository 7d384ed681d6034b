"""Equivalence classes of spellings, per rule: one place, data-driven, grown with every miss.

A class is a set of programs that must get the same verdict from one rule because they mean the
same thing to the cloud (``0.0.0.0/0`` and ``0.0.0.0/1`` + ``128.0.0.0/1``; ``Resource: "*"`` and
``"arn:*"``; a privileged Deployment and a privileged DeploymentPatch). Each class lists fixed
spellings (``examples``, run as plain fixtures) and a Hypothesis strategy that *generates* further
spellings (``generate``, run by the property test); both are recorded resources in engine shape,
exactly what the engine hands the rules. ``expect`` is the verdict of the whole class.

The classes also cover the safe neighbours of each spelling (a split that misses one public block,
two halves on different ports or groups, a narrowing condition), so a rule cannot pass the
property test by flagging everything.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st
from policy_fixtures import Spec

from aiinfra.engine.model import UNKNOWN

SG = "aws:ec2/securityGroup:SecurityGroup"
SGI = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SGR = "aws:ec2/securityGroupRule:SecurityGroupRule"
FW = "gcp:compute/firewall:Firewall"
NET = "gcp:compute/network:Network"
EKS = "aws:eks/cluster:Cluster"
GKE = "gcp:container/cluster:Cluster"
POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE = "aws:iam/role:Role"
BPOL = "aws:s3/bucketPolicy:BucketPolicy"
BUCKET_ACL = "gcp:storage/bucketACL:BucketACL"
DEFAULT_OBJECT_ACL = "gcp:storage/defaultObjectACL:DefaultObjectACL"
OBJECT_ACL = "gcp:storage/objectACL:ObjectACL"
BUCKET_AC = "gcp:storage/bucketAccessControl:BucketAccessControl"
GCS_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
IAM_TYPES = {
    scope: (
        f"gcp:{scope}/iAMMember:IAMMember",
        f"gcp:{scope}/iAMBinding:IAMBinding",
        f"gcp:{scope}/iAMPolicy:IAMPolicy",
    )
    for scope in ("projects", "folder", "organizations")
}
CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
CR = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
ROLE_K8S = "kubernetes:rbac.authorization.k8s.io/v1:Role"
SMV = "aws:secretsmanager/secretVersion:SecretVersion"
GSV = "gcp:secretmanager/secretVersion:SecretVersion"

Program = list[Spec]


@dataclass(frozen=True)
class EquivalenceClass:
    """Programs one rule must judge alike."""

    rule: str
    name: str
    expect: str  # pass | fail | unknown
    examples: tuple[Program, ...]
    generate: st.SearchStrategy[Program] | None = None
    note: str = field(default="")


# ---------------------------------------------------------------- address splits
def split(draw: Callable, network: str, steps: int, keep_going: float = 0.6) -> list[str]:
    """A random partition of ``network`` into subnets (each step halves one block)."""
    nets = [ipaddress.ip_network(network)]
    for _ in range(steps):
        i = draw(st.integers(0, len(nets) - 1))
        net = nets[i]
        if net.prefixlen >= net.max_prefixlen - 1 or net.prefixlen >= 12:
            continue
        nets[i : i + 1] = list(net.subnets(prefixlen_diff=1))
    return [str(n) for n in nets]


def respell(draw: Callable, cidr: str) -> str:
    """The same block with host bits set and/or surrounding blanks (AWS and GCP normalise both)."""
    net = ipaddress.ip_network(cidr)
    text = cidr
    if draw(st.booleans()) and net.num_addresses > 2:
        text = f"{net.network_address + draw(st.integers(1, 2))}/{net.prefixlen}"
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


TCP = st.sampled_from(["tcp", "TCP", "6", "Tcp"])
ALL = st.sampled_from(["-1", "all", "ALL"])


@st.composite
def aws_world(draw, base: str = "0.0.0.0/0", steps: int = 6) -> Program:
    """One security group opened to ``base`` through any mix of inline entries, VPC ingress rules
    and security-group rules, the sources split at random."""
    cidrs = [respell(draw, c) for c in split(draw, base, draw(st.integers(0, steps)))]
    v6 = ":" in base
    all_traffic = draw(st.booleans())
    proto = draw(ALL if all_traffic else TCP)
    ports = {} if all_traffic else {"fromPort": 22.0, "toPort": 22.0}
    inline: list[dict] = []
    specs: list[Spec] = []
    for i, cidr in enumerate(cidrs):
        carrier = draw(st.sampled_from(["inline", "vpc-rule", "sg-rule"]))
        if carrier == "inline":
            key = "ipv6CidrBlocks" if v6 else "cidrBlocks"
            inline.append({"protocol": proto, **ports, key: [cidr]})
        elif carrier == "vpc-rule":
            key = "cidrIpv6" if v6 else "cidrIpv4"
            specs.append(
                Spec(
                    SGI,
                    f"in-{i}",
                    {"securityGroupId": UNKNOWN, "ipProtocol": proto, **ports, key: cidr},
                    deps={"securityGroupId": ["sg"]},
                )
            )
        else:
            key = "ipv6CidrBlocks" if v6 else "cidrBlocks"
            specs.append(
                Spec(
                    SGR,
                    f"rule-{i}",
                    {"type": "ingress", "securityGroupId": UNKNOWN, "protocol": proto, **ports, key: [cidr]},
                    deps={"securityGroupId": ["sg"]},
                )
            )
    return [Spec(SG, "sg", {"vpcId": "vpc-1", "ingress": inline}), *specs]


@st.composite
def gcp_world(draw, base: str = "0.0.0.0/0", steps: int = 6) -> Program:
    """Ingress firewalls of one network whose source ranges, split at random, cover ``base``."""
    cidrs = [respell(draw, c) for c in split(draw, base, draw(st.integers(0, steps)))]
    n = draw(st.integers(1, min(3, len(cidrs))))
    groups = [cidrs[i::n] for i in range(n)]
    proto = draw(st.sampled_from(["tcp", "6", "TCP"]))
    ports = draw(st.sampled_from([["22"], ["20-30"], ["22", "443"], []]))
    allow = {"protocol": proto, **({"ports": ports} if ports else {})}
    specs = [Spec(NET, "vpc", {"name": "vpc"})]
    for i, group in enumerate(groups):
        specs.append(
            Spec(
                FW,
                f"fw-{i}",
                {
                    "network": UNKNOWN,
                    "direction": draw(st.sampled_from(["INGRESS", "ingress", None])),
                    "allows": [allow],
                    "sourceRanges": group,
                },
                deps={"network": ["vpc"]},
            )
        )
    for s in specs:
        if s.inputs.get("direction") is None:
            s.inputs.pop("direction", None)
    return specs


def halves_on(
    carriers: tuple[str, str], ports: tuple[float, float] = (22.0, 22.0), groups=("sg", "sg")
) -> Program:
    """``0.0.0.0/1`` and ``128.0.0.0/1`` on two carriers (inline / vpc-rule / sg-rule)."""
    inline: dict[str, list[dict]] = {g: [] for g in groups}
    specs: list[Spec] = []
    for i, (carrier, cidr, port, group) in enumerate(
        zip(carriers, ("0.0.0.0/1", "128.0.0.0/1"), ports, groups, strict=True)
    ):
        if carrier == "inline":
            inline[group].append({"protocol": "tcp", "fromPort": port, "toPort": port, "cidrBlocks": [cidr]})
        elif carrier == "vpc-rule":
            specs.append(
                Spec(
                    SGI,
                    f"in-{i}",
                    {
                        "securityGroupId": UNKNOWN,
                        "ipProtocol": "tcp",
                        "fromPort": port,
                        "toPort": port,
                        "cidrIpv4": cidr,
                    },
                    deps={"securityGroupId": [group]},
                )
            )
        else:
            specs.append(
                Spec(
                    SGR,
                    f"rule-{i}",
                    {
                        "type": "ingress",
                        "securityGroupId": UNKNOWN,
                        "protocol": "tcp",
                        "fromPort": port,
                        "toPort": port,
                        "cidrBlocks": [cidr],
                    },
                    deps={"securityGroupId": [group]},
                )
            )
    return [*(Spec(SG, g, {"vpcId": "vpc-1", "ingress": inline[g]}) for g in dict.fromkeys(groups)), *specs]


PUBLIC_SLASH8 = [str(n) for n in ipaddress.ip_network("0.0.0.0/0").subnets(new_prefix=8)]

NET_004 = [
    EquivalenceClass(
        "AIP-NET-004",
        "ipv4-world-split",
        "fail",
        (
            halves_on(("inline", "inline")),
            halves_on(("inline", "vpc-rule")),
            halves_on(("vpc-rule", "sg-rule")),
            [Spec(SGI, "in", {"ipProtocol": "-1", "cidrIpv4": "1.2.3.4/0"})],
            [
                Spec(
                    SG,
                    "sg",
                    {
                        "ingress": [
                            {
                                "protocol": "tcp",
                                "fromPort": 22.0,
                                "toPort": 22.0,
                                "cidrBlocks": [c for c in PUBLIC_SLASH8 if c != "10.0.0.0/8"],
                            }
                        ]
                    },
                )
            ],
        ),
        aws_world(),
        "0.0.0.0/0 in one block, in halves, in /8s without the private ones, across carriers",
    ),
    EquivalenceClass(
        "AIP-NET-004",
        "ipv6-world-split",
        "fail",
        (
            [
                Spec(
                    SGI, "in", {"ipProtocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "cidrIpv6": "2000::/3"}
                )
            ],
            [Spec(SG, "sg", {"ingress": [{"protocol": "-1", "ipv6CidrBlocks": ["::/1", "8000::/1"]}]})],
        ),
        st.one_of(aws_world("::/0"), aws_world("2000::/3")),
    ),
    EquivalenceClass(
        "AIP-NET-004",
        "gcp-firewalls-world-split",
        "fail",
        (
            [
                Spec(NET, "vpc", {}),
                Spec(
                    FW,
                    "a",
                    {
                        "network": "vpc",
                        "allows": [{"protocol": "tcp", "ports": ["22"]}],
                        "sourceRanges": ["0.0.0.0/1"],
                    },
                ),
                Spec(
                    FW,
                    "b",
                    {
                        "network": "vpc",
                        "allows": [{"protocol": "tcp", "ports": ["22"]}],
                        "sourceRanges": ["128.0.0.0/1"],
                    },
                ),
            ],
        ),
        st.one_of(gcp_world(), gcp_world("::/0")),
    ),
    EquivalenceClass(
        "AIP-NET-004",
        "not-the-whole-internet",
        "pass",
        (
            halves_on(("inline", "vpc-rule"), ports=(22.0, 443.0)),
            halves_on(("vpc-rule", "sg-rule"), groups=("a", "b")),
            [
                Spec(
                    SG,
                    "sg",
                    {
                        "ingress": [
                            {
                                "protocol": "tcp",
                                "fromPort": 22.0,
                                "toPort": 22.0,
                                "cidrBlocks": [c for c in PUBLIC_SLASH8 if c != "8.0.0.0/8"],
                            }
                        ]
                    },
                )
            ],
            [
                Spec(
                    SGI,
                    "in",
                    {"ipProtocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "cidrIpv4": "0.0.0.0/1"},
                )
            ],
            [
                Spec(NET, "vpc", {}),
                Spec(
                    FW,
                    "a",
                    {
                        "network": "vpc",
                        "targetTags": ["x"],
                        "allows": [{"protocol": "tcp"}],
                        "sourceRanges": ["0.0.0.0/1"],
                    },
                ),
                Spec(
                    FW,
                    "b",
                    {
                        "network": "vpc",
                        "targetTags": ["y"],
                        "allows": [{"protocol": "tcp"}],
                        "sourceRanges": ["128.0.0.0/1"],
                    },
                ),
            ],
        ),
        aws_world("10.0.0.0/8"),
        "half the internet, two halves on different ports, groups or targets, private space only",
    ),
    EquivalenceClass(
        "AIP-NET-004",
        "split-with-an-unknown-part",
        "unknown",
        (
            [
                Spec(
                    SG,
                    "sg",
                    {
                        "ingress": [
                            {"protocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "cidrBlocks": ["0.0.0.0/1"]}
                        ]
                    },
                ),
                Spec(
                    SGI,
                    "in",
                    {
                        "securityGroupId": UNKNOWN,
                        "ipProtocol": "tcp",
                        "fromPort": 22.0,
                        "toPort": 22.0,
                        "cidrIpv4": UNKNOWN,
                    },
                    deps={"securityGroupId": ["sg"]},
                ),
            ],
        ),
    ),
]


def _eks(cidrs) -> Program:
    return [Spec(EKS, "eks", {"vpcConfig": {"endpointPublicAccess": True, "publicAccessCidrs": cidrs}})]


def _gke(cidrs) -> Program:
    return [
        Spec(
            GKE,
            "gke",
            {
                "privateClusterConfig": {"enablePrivateNodes": True},
                "masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": c} for c in cidrs]},
            },
        )
    ]


@st.composite
def _world_list(draw, base="0.0.0.0/0") -> list[str]:
    return [respell(draw, c) for c in split(draw, base, draw(st.integers(0, 6)))]


ENDPOINTS = [
    EquivalenceClass(
        "AIP-NET-001",
        "endpoint-world-split",
        "fail",
        (_eks(["0.0.0.0/1", "128.0.0.0/1"]), _eks(["::/0"]), _eks(["0.0.0.0/0"])),
        st.one_of(_world_list(), _world_list("::/0")).map(_eks),
    ),
    EquivalenceClass(
        "AIP-NET-001",
        "endpoint-narrow",
        "pass",
        (_eks(["0.0.0.0/1"]), _eks(["203.0.113.0/24"])),
        _world_list("10.0.0.0/8").map(_eks),
    ),
    EquivalenceClass("AIP-NET-001", "endpoint-unknown", "unknown", (_eks(UNKNOWN),)),
    EquivalenceClass(
        "AIP-NET-002",
        "authorized-networks-world-split",
        "fail",
        (_gke(["0.0.0.0/1", "128.0.0.0/1"]), _gke(["0.0.0.0/0"])),
        _world_list().map(_gke),
    ),
    EquivalenceClass(
        "AIP-NET-002", "authorized-networks-narrow", "pass", (_gke(["10.0.0.0/8"]), _gke(["0.0.0.0/1"]))
    ),
    EquivalenceClass(
        "AIP-NET-002",
        "authorized-networks-unknown",
        "unknown",
        ([Spec(GKE, "gke", {"privateClusterConfig": {"enablePrivateNodes": UNKNOWN}})],),
    ),
]


# ---------------------------------------------------------------- IAM documents
def _shape(draw, statement: dict) -> object:
    """One statement as a policy value: JSON text, a mapping, single or listed values, any key case,
    or the get_policy_document argument shape."""
    form = draw(st.sampled_from(["json", "mapping", "lower-keys", "single-statement", "data-source"]))
    if form == "data-source":
        out: dict = {"effect": statement.get("Effect", "Allow")}
        if "Action" in statement:
            out["actions"] = _listed(statement["Action"])
        if "Resource" in statement:
            out["resources"] = _listed(statement["Resource"])
        if "Principal" in statement:
            p = statement["Principal"]
            out["principals"] = (
                [{"type": "*", "identifiers": ["*"]}]
                if p == "*"
                else [{"type": k, "identifiers": _listed(v)} for k, v in p.items()]
            )
        if "Condition" in statement:
            out["conditions"] = [
                {"test": op, "variable": k, "values": _listed(v)}
                for op, block in statement["Condition"].items()
                for k, v in block.items()
            ]
        return {"statements": [out]}
    st_ = {
        k: (_listed(v) if k in ("Action", "Resource") and draw(st.booleans()) else v)
        for k, v in statement.items()
    }
    if form == "lower-keys":
        st_ = {k.lower(): v for k, v in st_.items()}
    doc = {"Version": "2012-10-17", "Statement": st_ if form == "single-statement" else [st_]}
    return json.dumps(doc) if form == "json" else doc


def _listed(v) -> list:
    return list(v) if isinstance(v, (list, tuple)) else [v]


ADMIN_ACTIONS = ["*", "*:*", "?*", "**"]
EVERY_RESOURCE = [
    "*",
    "arn:*",
    "arn:aws:*:*:*:*",
    "arn:aws:*",
    "arn:*:*:*:*:*",
    "*:*",
    ["arn:aws:s3:::x", "arn:*"],
]


SERVICE_ADMIN = [
    ("s3:*", "arn:aws:s3:::*"),
    ("S3:**", "arn:aws:s3:::*"),
    ("iam:*", "arn:aws:iam::*:*"),
    ("ec2:*", "arn:aws:ec2:*:*:*"),
    ("kms:*", "arn:aws:kms:*:*:*"),
]


@st.composite
def service_admin_policy(draw) -> Program:
    action, resource = draw(st.sampled_from(SERVICE_ADMIN))
    return [
        Spec(
            POLICY, "p", {"policy": _shape(draw, {"Effect": "Allow", "Action": action, "Resource": resource})}
        )
    ]


@st.composite
def admin_policy(draw) -> Program:
    statement = {
        "Effect": "Allow",
        "Action": draw(st.sampled_from([*ADMIN_ACTIONS, "s3:*", "IAM:*", "ec2:**"])),
        "Resource": draw(st.sampled_from(EVERY_RESOURCE)),
    }
    value = _shape(draw, statement)
    kind = draw(st.sampled_from([POLICY, ROLE_POLICY, ROLE]))
    if kind == ROLE:
        return [
            Spec(ROLE, "r", {"assumeRolePolicy": "{}", "inlinePolicies": [{"name": "p", "policy": value}]})
        ]
    return [Spec(kind, "p", {"policy": value})]


@st.composite
def scoped_policy(draw) -> Program:
    statement = {
        "Effect": "Allow",
        "Action": draw(st.sampled_from(["s3:Get*", "s3:GetObject", "ec2:Describe*"])),
        "Resource": draw(st.sampled_from(EVERY_RESOURCE)),
    }
    if draw(st.booleans()):
        statement = {
            "Effect": "Allow",
            "Action": draw(st.sampled_from(ADMIN_ACTIONS)),
            "Resource": draw(st.sampled_from(["arn:aws:s3:::data/*", "arn:aws:iam::111122223333:role/x"])),
        }
    return [Spec(POLICY, "p", {"policy": _shape(draw, statement)})]


@st.composite
def escalation_policy(draw) -> Program:
    statement = {
        "Effect": "Allow",
        "Action": draw(
            st.sampled_from(["iam:PassRole", "IAM:passrole", "iam:Pass*", "iam:P?ssRole", "iam:Put*Policy"])
        ),
        "Resource": draw(st.sampled_from(EVERY_RESOURCE)),
    }
    return [Spec(POLICY, "p", {"policy": _shape(draw, statement)})]


WIDE_CONDITIONS = [
    {"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}},
    {"StringLike": {"aws:PrincipalOrgID": "*"}},
    {"StringLike": {"aws:PrincipalOrgID": "o-*"}},
    {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}},
    {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
    {"StringNotEquals": {"aws:SourceAccount": "111122223333"}},
    {"StringLike": {"aws:SourceAccount": "*"}},
    {"StringLike": {"AWS:SourceAccount": "1111*"}},
    {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
    {"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}},
    {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:*"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}},
    {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}},
    {"Null": {"aws:PrincipalOrgID": "false"}},
    {"Bool": {"aws:SecureTransport": "true"}},
]
NARROW_CONDITIONS = [
    {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
    {"StringEquals": {"aws:SourceAccount": "111122223333"}},
    {"stringequals": {"AWS:SourceAccount": ["111122223333", "444455556666"]}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:alerts"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket"}},
    {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-11111111/*"}},
]


@st.composite
def public_statement(draw, action: str, narrow: bool) -> dict:
    statement = {
        "Effect": "Allow",
        "Principal": draw(st.sampled_from(["*", {"AWS": "*"}, {"AWS": ["*"]}])),
        "Action": action,
        "Resource": "*",
    }
    cond = draw(st.sampled_from(NARROW_CONDITIONS if narrow else WIDE_CONDITIONS))
    if narrow and draw(st.booleans()):  # a wide condition next to a narrowing one is still narrow
        cond = {**draw(st.sampled_from(WIDE_CONDITIONS[:3])), **cond}
    statement["Condition"] = cond
    return statement


def _trust_program(draw, statement: dict) -> Program:
    return [Spec(ROLE, "r", {"assumeRolePolicy": _shape(draw, statement)})]


@st.composite
def as_trust(draw, statements: st.SearchStrategy[dict]) -> Program:
    """A role whose trust policy is one drawn statement, in a drawn document shape."""
    return _trust_program(draw, draw(statements))


@st.composite
def as_bucket_policy(draw, statements: st.SearchStrategy[dict]) -> Program:
    """A bucket policy of one drawn statement, in a drawn document shape."""
    return [Spec(BPOL, "bp", {"bucket": "data", "policy": _shape(draw, draw(statements))})]


def trust_doc(statement: dict) -> Program:
    return [Spec(ROLE, "r", {"assumeRolePolicy": json.dumps({"Statement": [statement]})})]


GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
EKS_OIDC = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
WIDE_SUBJECTS = [
    ("StringLike", "token.actions.githubusercontent.com:sub", "*"),
    ("StringLike", "token.actions.githubusercontent.com:sub", "repo:*"),
    ("StringLike", "token.actions.githubusercontent.com:sub", "repo:*/app:*"),
    ("StringLike", "token.actions.githubusercontent.com:sub", "repo:octo*"),
    ("StringEqualsIfExists", "token.actions.githubusercontent.com:sub", "repo:octo/app:ref:refs/heads/main"),
    ("StringNotEquals", "token.actions.githubusercontent.com:sub", "repo:evil/x:ref:refs/heads/main"),
    ("StringLike", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:*"),
    ("StringLike", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:*:trainer"),
]
NARROW_SUBJECTS = [
    ("StringEquals", "token.actions.githubusercontent.com:sub", "repo:octo/app:ref:refs/heads/main"),
    ("StringLike", "token.actions.githubusercontent.com:sub", "repo:octo/app:*"),
    ("StringLike", "token.actions.githubusercontent.com:sub", "repo:octo/*"),
    ("StringEquals", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:ml:trainer"),
    ("StringLike", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", "system:serviceaccount:ml:*"),
]


@st.composite
def web_identity_trust(draw, narrow: bool) -> Program:
    op, key, value = draw(st.sampled_from(NARROW_SUBJECTS if narrow else WIDE_SUBJECTS))
    provider = GITHUB if key.startswith("token.") else EKS_OIDC
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": provider},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {op: {key: value, key.rsplit(":", 1)[0] + ":aud": "sts.amazonaws.com"}},
    }
    return _trust_program(draw, statement)


IAM = [
    EquivalenceClass(
        "AIP-IAM-001",
        "admin-on-every-resource",
        "fail",
        (
            [
                Spec(
                    POLICY,
                    "p",
                    {
                        "policy": json.dumps(
                            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:*:*:*:*"}]}
                        )
                    },
                )
            ],
            [
                Spec(
                    POLICY,
                    "p",
                    {"policy": {"Statement": {"Effect": "Allow", "Action": "*:*", "Resource": "arn:*"}}},
                )
            ],
        ),
        st.one_of(admin_policy(), service_admin_policy()),
    ),
    EquivalenceClass(
        "AIP-IAM-001",
        "service-admin-on-every-resource-of-the-service",
        "fail",
        tuple(
            [
                Spec(
                    POLICY,
                    "p",
                    {"policy": json.dumps({"Statement": [{"Effect": "Allow", "Action": a, "Resource": r}]})},
                )
            ]
            for a, r in SERVICE_ADMIN
        ),
    ),
    EquivalenceClass(
        "AIP-IAM-001",
        "scoped",
        "pass",
        (
            [
                Spec(
                    POLICY,
                    "p",
                    {
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::data/*"}
                                ]
                            }
                        )
                    },
                )
            ],
        ),
        scoped_policy(),
    ),
    EquivalenceClass("AIP-IAM-001", "admin-unknown", "unknown", ([Spec(POLICY, "p", {"policy": UNKNOWN})],)),
    EquivalenceClass(
        "AIP-IAM-002",
        "escalation-on-every-resource",
        "fail",
        (
            [
                Spec(
                    POLICY,
                    "p",
                    {
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:*"}
                                ]
                            }
                        )
                    },
                )
            ],
        ),
        escalation_policy(),
    ),
    EquivalenceClass(
        "AIP-IAM-002",
        "escalation-scoped",
        "pass",
        (
            [
                Spec(
                    POLICY,
                    "p",
                    {
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Action": "iam:PassRole",
                                        "Resource": "arn:aws:iam::111122223333:role/train",
                                    }
                                ]
                            }
                        )
                    },
                )
            ],
        ),
    ),
    EquivalenceClass(
        "AIP-IAM-002", "escalation-unknown", "unknown", ([Spec(POLICY, "p", {"policy": UNKNOWN})],)
    ),
    EquivalenceClass(
        "AIP-IAM-003",
        "public-trust-wide-condition",
        "fail",
        tuple(
            trust_doc(
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": c}
            )
            for c in WIDE_CONDITIONS
        ),
        as_trust(public_statement("sts:AssumeRole", False)),
    ),
    EquivalenceClass(
        "AIP-IAM-003",
        "public-trust-narrow-condition",
        "pass",
        tuple(
            trust_doc({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": c})
            for c in NARROW_CONDITIONS
        ),
        as_trust(public_statement("sts:AssumeRole", True)),
    ),
    EquivalenceClass(
        "AIP-IAM-003",
        "web-identity-any-subject",
        "fail",
        tuple(
            trust_doc(
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": GITHUB},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {op: {key: value}},
                }
            )
            for op, key, value in WIDE_SUBJECTS
            if key.startswith("token.")
        ),
        web_identity_trust(False),
    ),
    EquivalenceClass(
        "AIP-IAM-003",
        "web-identity-named-subject",
        "pass",
        tuple(
            trust_doc(
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": GITHUB},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {op: {key: value}},
                }
            )
            for op, key, value in NARROW_SUBJECTS
            if key.startswith("token.")
        ),
        web_identity_trust(True),
    ),
    EquivalenceClass(
        "AIP-IAM-003", "trust-unknown", "unknown", ([Spec(ROLE, "r", {"assumeRolePolicy": UNKNOWN})],)
    ),
    EquivalenceClass(
        "AIP-IAM-004",
        "public-resource-policy-wide-condition",
        "fail",
        (
            [
                Spec(
                    BPOL,
                    "bp",
                    {
                        "bucket": "data",
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Principal": "*",
                                        "Action": "s3:GetObject",
                                        "Resource": "arn:aws:s3:::data/*",
                                        "Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}},
                                    }
                                ]
                            }
                        ),
                    },
                )
            ],
        ),
        as_bucket_policy(public_statement("s3:GetObject", False)),
    ),
    EquivalenceClass(
        "AIP-IAM-004",
        "public-resource-policy-narrow-condition",
        "pass",
        (
            [
                Spec(
                    BPOL,
                    "bp",
                    {
                        "bucket": "data",
                        "policy": json.dumps(
                            {
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Principal": "*",
                                        "Action": "s3:GetObject",
                                        "Resource": "arn:aws:s3:::data/*",
                                        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
                                    }
                                ]
                            }
                        ),
                    },
                )
            ],
        ),
        as_bucket_policy(public_statement("s3:GetObject", True)),
    ),
    EquivalenceClass(
        "AIP-IAM-004",
        "resource-policy-unknown",
        "unknown",
        ([Spec(BPOL, "bp", {"bucket": "data", "policy": UNKNOWN})],),
    ),
]

# ---------------------------------------------------------------- GCP IAM and ACLs
PUBLIC_MEMBERS = st.sampled_from(["allUsers", "allAuthenticatedUsers", " allUsers", "allusers"])


@st.composite
def public_acl(draw) -> Program:
    member = draw(PUBLIC_MEMBERS)
    role = draw(st.sampled_from(["READER", "WRITER", "OWNER"]))
    form = draw(
        st.sampled_from(
            ["bucket-acl", "default-object-acl", "object-acl", "predefined", "access-control", "iam-member"]
        )
    )
    if form == "bucket-acl":
        return [
            Spec(
                BUCKET_ACL,
                "acl",
                {"bucket": "data", "roleEntities": ["OWNER:project-owners-1", f"{role}:{member}"]},
            )
        ]
    if form == "default-object-acl":
        return [Spec(DEFAULT_OBJECT_ACL, "acl", {"bucket": "data", "roleEntities": [f"{role}:{member}"]})]
    if form == "object-acl":
        return [
            Spec(OBJECT_ACL, "acl", {"bucket": "data", "object": "o", "roleEntities": [f"{role}:{member}"]})
        ]
    if form == "predefined":
        kind = draw(st.sampled_from([BUCKET_ACL, OBJECT_ACL]))
        key = draw(st.sampled_from(["predefinedAcl"] + (["defaultAcl"] if kind == BUCKET_ACL else [])))
        return [
            Spec(
                kind,
                "acl",
                {
                    "bucket": "data",
                    key: draw(st.sampled_from(["publicRead", "publicReadWrite", "authenticatedRead"])),
                },
            )
        ]
    if form == "access-control":
        return [Spec(BUCKET_AC, "ac", {"bucket": "data", "role": role, "entity": member})]
    return [Spec(GCS_MEMBER, "m", {"bucket": "data", "role": "roles/storage.objectViewer", "member": member})]


@st.composite
def basic_role_grant(draw) -> Program:
    scope = draw(st.sampled_from(list(IAM_TYPES)))
    member_t, binding_t, policy_t = IAM_TYPES[scope]
    role = draw(
        st.sampled_from(["roles/owner", "roles/editor", "roles/viewer", "roles/Viewer", " roles/editor"])
    )
    target = {
        "projects": {"project": "p"},
        "folder": {"folder": "folders/1"},
        "organizations": {"orgId": "1"},
    }[scope]
    form = draw(st.sampled_from(["member", "binding", "policy"]))
    if form == "member":
        return [Spec(member_t, "g", {**target, "role": role, "member": "group:ml@example.com"})]
    if form == "binding":
        return [Spec(binding_t, "g", {**target, "role": role, "members": ["group:ml@example.com"]})]
    data = {"bindings": [{"role": role, "members": ["group:ml@example.com"]}]}
    return [Spec(policy_t, "g", {**target, "policyData": json.dumps(data) if draw(st.booleans()) else data})]


GCP = [
    EquivalenceClass(
        "AIP-IAM-005",
        "public-bucket-or-object",
        "fail",
        (
            [Spec(BUCKET_ACL, "acl", {"bucket": "data", "roleEntities": ["READER:allUsers"]})],
            [
                Spec(
                    DEFAULT_OBJECT_ACL,
                    "acl",
                    {"bucket": "data", "roleEntities": ["READER:allAuthenticatedUsers"]},
                )
            ],
            [Spec(OBJECT_ACL, "acl", {"bucket": "data", "object": "o", "predefinedAcl": "publicRead"})],
        ),
        public_acl(),
    ),
    EquivalenceClass(
        "AIP-IAM-005",
        "named-grantees",
        "pass",
        (
            [
                Spec(
                    BUCKET_ACL,
                    "acl",
                    {
                        "bucket": "data",
                        "roleEntities": ["READER:group-ml@example.com"],
                        "predefinedAcl": "projectPrivate",
                    },
                )
            ],
            [
                Spec(
                    OBJECT_ACL,
                    "acl",
                    {"bucket": "data", "object": "o", "roleEntities": ["OWNER:user-a@example.com"]},
                )
            ],
        ),
    ),
    EquivalenceClass(
        "AIP-IAM-005",
        "acl-unknown",
        "unknown",
        ([Spec(BUCKET_ACL, "acl", {"bucket": "data", "roleEntities": UNKNOWN})],),
    ),
    EquivalenceClass(
        "AIP-IAM-006",
        "basic-role-anywhere",
        "fail",
        (
            [
                Spec(
                    IAM_TYPES["organizations"][2],
                    "org",
                    {
                        "orgId": "1",
                        "policyData": json.dumps(
                            {"bindings": [{"role": "roles/owner", "members": ["user:a@example.com"]}]}
                        ),
                    },
                )
            ],
            [
                Spec(
                    IAM_TYPES["folder"][0],
                    "f",
                    {"folder": "folders/1", "role": "roles/viewer", "member": "group:ml@example.com"},
                )
            ],
        ),
        basic_role_grant(),
    ),
    EquivalenceClass(
        "AIP-IAM-006",
        "predefined-roles",
        "pass",
        (
            [
                Spec(
                    IAM_TYPES["folder"][1],
                    "f",
                    {
                        "folder": "folders/1",
                        "role": "roles/storage.objectViewer",
                        "members": ["group:ml@example.com"],
                    },
                )
            ],
        ),
    ),
    EquivalenceClass(
        "AIP-IAM-006",
        "basic-role-unknown",
        "unknown",
        (
            [
                Spec(
                    IAM_TYPES["organizations"][0],
                    "o",
                    {"orgId": "1", "role": UNKNOWN, "member": "user:a@example.com"},
                )
            ],
        ),
    ),
]

# ---------------------------------------------------------------- Kubernetes
SAFE_CONTAINER = {"name": "main", "image": "train:1", "securityContext": {"allowPrivilegeEscalation": False}}


def _workload(kind_type: str, name: str, namespace: str | None, container: dict, **spec_extra) -> Spec:
    pod = {"serviceAccountName": "trainer", "containers": [container], **spec_extra}
    meta = {"name": name, **({"namespace": namespace} if namespace else {})}
    kind = kind_type.rsplit(":", 1)[-1].removesuffix("Patch")
    if kind == "Pod":
        return Spec(kind_type, name, {"metadata": meta, "spec": pod})
    if kind == "CronJob":
        return Spec(
            kind_type,
            name,
            {
                "metadata": meta,
                "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": pod}}}},
            },
        )
    return Spec(kind_type, name, {"metadata": meta, "spec": {"template": {"spec": pod}}})


WORKLOAD_TYPES = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:DeploymentPatch",
    "kubernetes:apps/v1:StatefulSetPatch",
    "kubernetes:apps/v1:DaemonSetPatch",
    "kubernetes:apps/v1:ReplicaSetPatch",
    "kubernetes:core/v1:PodPatch",
    "kubernetes:batch/v1:JobPatch",
    "kubernetes:batch/v1:CronJobPatch",
    "kubernetes:core/v1:Pod",
]
DANGEROUS_CAPS = ["SYS_ADMIN", "sys_admin", "CAP_SYS_ADMIN", "cap_sys_admin", "ALL", "all", " Sys_Admin"]


@st.composite
def privileged_workload(draw) -> Program:
    kind_type = draw(st.sampled_from(WORKLOAD_TYPES))
    how = draw(st.sampled_from(["privileged", "privileged-text", "capability"]))
    sc: dict = {"allowPrivilegeEscalation": False}
    if how == "privileged":
        sc["privileged"] = True
    elif how == "privileged-text":
        sc["privileged"] = "true"
    else:
        sc["capabilities"] = {"add": ["NET_BIND_SERVICE", draw(st.sampled_from(DANGEROUS_CAPS))]}
    return [
        _workload(
            kind_type, "app", draw(st.sampled_from([None, "ml"])), {**SAFE_CONTAINER, "securityContext": sc}
        )
    ]


LOOKALIKE_DAEMONSETS = [
    ("gpu-operator", "evil"),
    ("gpu-operator", "nvidia-driver-daemonset-evil"),
    ("gpu-operator-x", "nvidia-driver-daemonset"),
    ("kube-system", "nvidia-driver-installer-evil"),
    ("kube-system", "nvidia-driver-installerx"),
    ("nvidia-network-operator", "kube-multus-ds-evil"),
    ("nvidia-gpu-operator", "nvidia-driver-daemonset"),
    ("default", "nccl-tcpx-installer-a"),
    ("ml", "device-injector-a"),
    ("aiinfra-monitoring", "neuron-monitor-evil"),
]
REAL_DAEMONSETS = [
    ("gpu-operator", "nvidia-driver-daemonset"),
    ("gpu-operator", "nvidia-container-toolkit-daemonset"),
    ("gpu-operator", "nvidia-gpu-driver-ubuntu22.04-7c9d8f"),
    ("nvidia-network-operator", "mofed-ubuntu22.04-abc123-ds"),
    ("nvidia-network-operator", "rdma-shared-dp-ds"),
    ("kube-system", "nccl-tcpxo-installer-a3mega"),
    ("kube-system", "device-injector-a3mega"),
    ("kube-system", "nvidia-driver-installer"),
]


def _daemonset(namespace: str, name: str) -> Program:
    sc = {"allowPrivilegeEscalation": False, "privileged": True}
    return [
        _workload(
            "kubernetes:apps/v1:DaemonSet",
            name,
            namespace,
            {**SAFE_CONTAINER, "securityContext": sc},
            hostNetwork=True,
        )
    ]


K8S_HOST = [
    EquivalenceClass(
        "AIP-K8S-001",
        "privileged-any-spelling",
        "fail",
        (
            [
                _workload(
                    "kubernetes:apps/v1:DeploymentPatch",
                    "app",
                    "ml",
                    {**SAFE_CONTAINER, "securityContext": {"privileged": True}},
                )
            ],
        ),
        privileged_workload(),
    ),
    EquivalenceClass(
        "AIP-K8S-001",
        "lookalike-of-an-exempt-agent",
        "fail",
        tuple(_daemonset(*x) for x in LOOKALIKE_DAEMONSETS),
        st.sampled_from(LOOKALIKE_DAEMONSETS).map(lambda x: _daemonset(*x)),
    ),
    EquivalenceClass(
        "AIP-K8S-001",
        "exempt-agent-or-harmless-capability",
        "pass",
        (
            *(_daemonset(*x) for x in REAL_DAEMONSETS),
            [
                _workload(
                    "kubernetes:apps/v1:DeploymentPatch",
                    "app",
                    "ml",
                    {
                        **SAFE_CONTAINER,
                        "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}},
                    },
                )
            ],
        ),
    ),
    EquivalenceClass(
        "AIP-K8S-001",
        "patch-unknown",
        "unknown",
        (
            [
                Spec(
                    "kubernetes:apps/v1:DeploymentPatch",
                    "app",
                    {"metadata": {"name": "app"}, "spec": {"template": {"spec": UNKNOWN}}},
                )
            ],
        ),
    ),
]


def _binding(
    kind: str, role_kind: str, role_name: str, subjects: list[dict], namespace: str | None = "ml", name="b"
) -> Spec:
    meta = {"name": name, **({"namespace": namespace} if namespace and kind == RB else {})}
    return Spec(
        kind,
        name,
        {
            "metadata": meta,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
            "subjects": subjects,
        },
    )


WORKLOAD_SUBJECTS = [
    {"kind": "Group", "name": "system:serviceaccounts"},
    {"kind": "Group", "name": "system:serviceaccounts:ml"},
    {"kind": "User", "name": "system:serviceaccount:ml:trainer"},
    {"kind": "ServiceAccount", "name": "trainer", "namespace": "ml"},
    {"kind": "Group", "name": "system:authenticated"},
    {"kind": "User", "name": "alice@example.com"},
]
WILD_RULE = {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}
NARROW_RULE = {"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["get"]}


@st.composite
def admin_grant(draw) -> Program:
    subject = draw(st.sampled_from(WORKLOAD_SUBJECTS))
    form = draw(
        st.sampled_from(
            ["builtin", "wildcard-role", "aggregated-builtin", "aggregated-program", "same-namespace-role"]
        )
    )
    kind = draw(st.sampled_from([CRB, RB]))
    if form == "builtin":
        return [
            _binding(
                kind,
                "ClusterRole",
                draw(st.sampled_from(["cluster-admin", "admin", "edit", "Cluster-Admin"])),
                [subject],
            )
        ]
    if form == "wildcard-role":
        return [
            Spec(CR, "wild", {"metadata": {"name": "wild"}, "rules": [WILD_RULE]}),
            _binding(kind, "ClusterRole", "wild", [subject]),
        ]
    if form == "aggregated-builtin":
        selector = draw(
            st.sampled_from(
                [
                    {},
                    {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-admin": "true"}},
                    {"matchLabels": {"kubernetes.io/bootstrapping": "rbac-defaults"}},
                    {"matchExpressions": [{"key": "kubernetes.io/bootstrapping", "operator": "Exists"}]},
                    {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}},
                ]
            )
        )
        return [
            Spec(
                CR,
                "agg",
                {
                    "metadata": {"name": "agg"},
                    "aggregationRule": {"clusterRoleSelectors": [selector]},
                    "rules": [],
                },
            ),
            _binding(kind, "ClusterRole", "agg", [subject]),
        ]
    if form == "aggregated-program":
        return [
            Spec(
                CR, "piece", {"metadata": {"name": "piece", "labels": {"team": "ml"}}, "rules": [WILD_RULE]}
            ),
            Spec(
                CR,
                "agg",
                {
                    "metadata": {"name": "agg"},
                    "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"team": "ml"}}]},
                },
            ),
            _binding(kind, "ClusterRole", "agg", [subject]),
        ]
    ns = draw(st.sampled_from(["ml", None]))
    return [
        Spec(
            ROLE_K8S,
            "wild",
            {"metadata": {"name": "wild", **({"namespace": ns} if ns else {})}, "rules": [WILD_RULE]},
        ),
        Spec(
            ROLE_K8S, "narrow", {"metadata": {"name": "wild", "namespace": "other"}, "rules": [NARROW_RULE]}
        ),
        _binding(RB, "Role", "wild", [subject], namespace=ns or "default"),
    ]


K8S_RBAC = [
    EquivalenceClass(
        "AIP-K8S-004",
        "admin-to-workloads",
        "fail",
        (
            [
                _binding(
                    CRB, "ClusterRole", "cluster-admin", [{"kind": "Group", "name": "system:serviceaccounts"}]
                )
            ],
            [
                _binding(
                    RB, "ClusterRole", "edit", [{"kind": "User", "name": "system:serviceaccount:ml:trainer"}]
                )
            ],
            [
                Spec(
                    ROLE_K8S, "wild", {"metadata": {"name": "wild", "namespace": "ml"}, "rules": [WILD_RULE]}
                ),
                Spec(
                    ROLE_K8S,
                    "wild-other",
                    {"metadata": {"name": "wild", "namespace": "other"}, "rules": [NARROW_RULE]},
                ),
                _binding(
                    RB, "Role", "wild", [{"kind": "ServiceAccount", "name": "trainer", "namespace": "ml"}]
                ),
            ],
        ),
        admin_grant(),
    ),
    EquivalenceClass(
        "AIP-K8S-004",
        "system-or-narrow",
        "pass",
        (
            [
                _binding(
                    CRB, "ClusterRole", "cluster-admin", [{"kind": "User", "name": "system:kube-scheduler"}]
                )
            ],
            [_binding(CRB, "ClusterRole", "view", [{"kind": "Group", "name": "system:serviceaccounts:ml"}])],
            [
                # registered last, the wildcard Role of another namespace used to win the name join
                Spec(
                    ROLE_K8S,
                    "narrow",
                    {"metadata": {"name": "wild", "namespace": "ml"}, "rules": [NARROW_RULE]},
                ),
                Spec(
                    ROLE_K8S,
                    "wild",
                    {"metadata": {"name": "wild", "namespace": "other"}, "rules": [WILD_RULE]},
                ),
                _binding(
                    RB, "Role", "wild", [{"kind": "ServiceAccount", "name": "trainer", "namespace": "ml"}]
                ),
            ],
            [
                Spec(
                    CR,
                    "agg",
                    {
                        "metadata": {"name": "agg"},
                        "aggregationRule": {
                            "clusterRoleSelectors": [
                                {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}
                            ]
                        },
                    },
                ),
                _binding(CRB, "ClusterRole", "agg", [{"kind": "Group", "name": "system:serviceaccounts"}]),
            ],
        ),
    ),
    EquivalenceClass(
        "AIP-K8S-004",
        "rbac-unknown",
        "unknown",
        ([_binding(CRB, "ClusterRole", UNKNOWN, [{"kind": "Group", "name": "system:serviceaccounts"}])],),
    ),
]

DEFAULT_ACCOUNT_SUBJECTS = [
    {"kind": "ServiceAccount", "name": "default", "namespace": "ml"},
    {"kind": "User", "name": "system:serviceaccount:ml:default"},
    {"kind": "Group", "name": "system:serviceaccounts:ml"},
    {"kind": "Group", "name": "system:serviceaccounts"},
]
NAMED_ACCOUNT_SUBJECTS = [
    {"kind": "ServiceAccount", "name": "trainer", "namespace": "ml"},
    {"kind": "User", "name": "system:serviceaccount:ml:trainer"},
    {"kind": "User", "name": "system:serviceaccount:default:trainer"},
    {"kind": "Group", "name": "ml-admins"},
]


@st.composite
def default_account_binding(draw, subjects: list[dict]) -> Program:
    kind = draw(st.sampled_from([CRB, RB]))
    extra = draw(st.lists(st.sampled_from(NAMED_ACCOUNT_SUBJECTS), max_size=2))
    return [
        _binding(
            kind,
            "ClusterRole",
            draw(st.sampled_from(["view", "jobs-reader"])),
            [*extra, draw(st.sampled_from(subjects))],
        )
    ]


K8S_DEFAULT_SA = [
    EquivalenceClass(
        "AIP-K8S-005",
        "default-account-any-spelling",
        "fail",
        tuple([_binding(RB, "ClusterRole", "view", [s])] for s in DEFAULT_ACCOUNT_SUBJECTS),
        default_account_binding(DEFAULT_ACCOUNT_SUBJECTS),
    ),
    EquivalenceClass(
        "AIP-K8S-005",
        "named-accounts",
        "pass",
        tuple([_binding(RB, "ClusterRole", "view", [s])] for s in NAMED_ACCOUNT_SUBJECTS),
        default_account_binding(NAMED_ACCOUNT_SUBJECTS),
    ),
    EquivalenceClass(
        "AIP-K8S-005",
        "subjects-unknown",
        "unknown",
        (
            [
                Spec(
                    RB,
                    "b",
                    {
                        "metadata": {"name": "b", "namespace": "ml"},
                        "roleRef": {"kind": "ClusterRole", "name": "view"},
                        "subjects": UNKNOWN,
                    },
                )
            ],
        ),
    ),
]

# ---------------------------------------------------------------- secrets
SECRETS = [
    EquivalenceClass(
        "AIP-ENC-012",
        "literal-secret-any-argument",
        "fail",
        (
            [Spec(SMV, "v", {"secretId": "s", "secretStringWo": "hunter2", "secretStringWoVersion": 1.0})],
            [Spec(GSV, "g", {"secret": "s", "secretDataWo": "token-123"})],
            [Spec(SMV, "v", {"secretId": "s", "secretString": "hunter2"})],
        ),
        st.tuples(
            st.sampled_from(
                [
                    (SMV, "secretString"),
                    (SMV, "secretStringWo"),
                    (SMV, "secretBinary"),
                    (GSV, "secretData"),
                    (GSV, "secretDataWo"),
                ]
            ),
            st.text("abcXYZ0129-_", min_size=1, max_size=20),
        ).map(lambda t: [Spec(t[0][0], "v", {"secret": "s", t[0][1]: t[1]})]),
    ),
    EquivalenceClass(
        "AIP-ENC-012",
        "computed-secret",
        "pass",
        (
            [Spec(SMV, "v", {"secretId": "s", "secretStringWo": UNKNOWN})],
            [Spec(GSV, "g", {"secret": "s", "secretDataWo": UNKNOWN})],
        ),
    ),
]

# ---------------------------------------------------------------- AIP-SUS-001 placement spellings
from fixtures_sus import RULE as SUS_RULE  # noqa: E402
from fixtures_sus import aws_pool, gcp_pool  # noqa: E402
from policy_fixtures import TAGS  # noqa: E402

SUS: list[EquivalenceClass] = [
    EquivalenceClass(
        SUS_RULE,
        "aws-zone-name-or-id",
        "fail",
        (aws_pool("eu-central-1a"), aws_pool("euc1-az2"), aws_pool("eu-central-1c")),
        st.sampled_from(["eu-central-1a", "eu-central-1b", "euc1-az1", "euc1-az3"]).map(aws_pool),
    ),
    EquivalenceClass(
        SUS_RULE,
        "gcp-region-or-zones",
        "fail",
        (
            gcp_pool(location="us-east5"),
            gcp_pool(location="us-east5-a"),
            gcp_pool(nodeLocations=["us-east5-b"]),
        ),
        st.sampled_from(["us-east5", "us-east5-a", "us-east5-b", "us-east5-c"]).map(
            lambda z: gcp_pool(location=z)
        ),
    ),
    EquivalenceClass(
        SUS_RULE,
        "bound-to-capacity",
        "pass",
        (
            aws_pool("eu-central-1a", capacityType="CAPACITY_BLOCK"),
            aws_pool("eu-central-1a", tags={**TAGS, "aiinfra:hybrid": "site"}),
            gcp_pool(
                location="us-east5",
                node_config={"reservationAffinity": {"consumeReservationType": "SPECIFIC_RESERVATION"}},
            ),
        ),
        st.sampled_from(["eu-north-1a", "eun1-az1", "eu-north-1c"]).map(aws_pool),
    ),
    EquivalenceClass(
        SUS_RULE,
        "zone-unknown-at-preview",
        "unknown",
        (aws_pool(UNKNOWN), gcp_pool(location=UNKNOWN)),
    ),
]

# ---------------------------------------------------------------- rack-scale pools (AIP-GPU-020/021)
_NG = "aws:eks/nodeGroup:NodeGroup"
_LT = "aws:ec2/launchTemplate:LaunchTemplate"
_POOL = "gcp:container/nodePool:NodePool"


def _gb200_group(ami: object, where: str, size: float = 36.0) -> Program:
    """A p6e-gb200 node group with the instance type on the node group or only in its launch template."""
    scaling = {"maxSize": size, "minSize": 0.0, "desiredSize": size}
    if where == "node-group":
        return [
            Spec(
                _NG,
                "gb200",
                {"instanceTypes": ["p6e-gb200.36xlarge"], "amiType": ami, "scalingConfig": scaling},
            )
        ]
    return [
        Spec(_LT, "cb-lt", {"instanceType": "p6e-gb200.36xlarge"}),
        Spec(_NG, "gb200", {"amiType": ami, "scalingConfig": scaling}, deps={"launchTemplate": ["cb-lt"]}),
    ]


def _a4x_pool(size: object, spelling: str) -> Program:
    """An A4X node pool placed by a workload policy, its size spelled one of four ways."""
    sizes = {
        "autoscaling-total": {"autoscaling": {"totalMinNodeCount": 0.0, "totalMaxNodeCount": size}},
        "autoscaling-zonal": {"autoscaling": {"minNodeCount": 0.0, "maxNodeCount": size}},
        "fixed": {"nodeCount": size},
        "initial": {"initialNodeCount": size},
    }[spelling]
    return [
        Spec(
            _POOL,
            "a4x",
            {
                "nodeConfig": {"machineType": "a4x-highgpu-4g"},
                "placementPolicy": {"type": "COMPACT", "policyName": "a4x-workload"},
                **sizes,
            },
        )
    ]


_WHERE = st.sampled_from(["node-group", "launch-template"])
_SPELLING = st.sampled_from(["autoscaling-total", "autoscaling-zonal", "fixed", "initial"])
RACK = [
    EquivalenceClass(
        "AIP-GPU-020",
        "grace-on-x86-ami",
        "fail",
        (
            _gb200_group("AL2023_x86_64_NVIDIA", "node-group"),
            _gb200_group("AL2023_x86_64_NVIDIA", "launch-template"),
            _gb200_group("BOTTLEROCKET_x86_64_NVIDIA", "launch-template"),
        ),
        st.builds(
            _gb200_group, st.sampled_from(["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"]), _WHERE
        ),
    ),
    EquivalenceClass(
        "AIP-GPU-020",
        "grace-on-arm-ami",
        "pass",
        (
            _gb200_group("AL2023_ARM_64_NVIDIA", "node-group"),
            _gb200_group("BOTTLEROCKET_ARM_64_NVIDIA", "launch-template"),
        ),
        st.builds(
            _gb200_group, st.sampled_from(["AL2023_ARM_64_NVIDIA", "BOTTLEROCKET_ARM_64_NVIDIA"]), _WHERE
        ),
    ),
    EquivalenceClass(
        "AIP-GPU-020",
        "unknown-ami",
        "unknown",
        (_gb200_group(UNKNOWN, "node-group"), _gb200_group(UNKNOWN, "launch-template")),
        st.builds(_gb200_group, st.just(UNKNOWN), _WHERE),
    ),
    EquivalenceClass(
        "AIP-GPU-021",
        "two-racks-in-one-node-pool",
        "fail",
        (_a4x_pool(36.0, "autoscaling-total"), _a4x_pool(36.0, "fixed")),
        st.builds(_a4x_pool, st.sampled_from([19.0, 36.0, 72.0]), _SPELLING),
    ),
    EquivalenceClass(
        "AIP-GPU-021",
        "one-rack-per-node-pool",
        "pass",
        (_a4x_pool(18.0, "autoscaling-zonal"), _a4x_pool(18.0, "initial")),
        st.builds(_a4x_pool, st.sampled_from([1.0, 9.0, 18.0]), _SPELLING),
    ),
    EquivalenceClass(
        "AIP-GPU-021",
        "unknown-size",
        "unknown",
        (_a4x_pool(UNKNOWN, "fixed"),),
        st.builds(_a4x_pool, st.just(UNKNOWN), _SPELLING),
    ),
]

CLASSES: list[EquivalenceClass] = [
    *NET_004,
    *ENDPOINTS,
    *IAM,
    *GCP,
    *K8S_HOST,
    *K8S_RBAC,
    *K8S_DEFAULT_SA,
    *SECRETS,
    *SUS,
    *RACK,
]
"""Every equivalence class; ``test_equivalences`` runs the examples and the generated spellings."""

from equivalences_around import RAW as _AROUND  # noqa: E402

CLASSES.extend(EquivalenceClass(r, n, v, tuple(p), st.sampled_from(p)) for r, n, v, p in _AROUND)
# The rules for the gaps Checkov found in the shipped stacks (AIP-*-050..052).
from equivalences_scanner_gaps import SCANNER_GAP_CLASSES  # noqa: E402

CLASSES += SCANNER_GAP_CLASSES
# The managed AI service rules (AIP-AI-*) keep their classes in their own module.
from equivalences_ai import AI_CLASSES, UNKNOWN_IS_REFERENCE  # noqa: E402

CLASSES.extend(AI_CLASSES)
UNKNOWN_MEANS_REFERENCE = frozenset({"AIP-ENC-012"}) | UNKNOWN_IS_REFERENCE
"""Rules that read an unknown value as a computed reference (pass): they have no unknown class."""
