"""The singleuser NetworkPolicy that the jupyterhub chart 4.4.0 renders from given values, and whether
it lets a notebook pod reach a destination.

A transcription of jupyterhub/zero-to-jupyterhub-k8s tag 4.4.0 (commit 5c5f5df751588a68a7781ead01d0f62e88e2e72f,
2026-06-10): ``jupyterhub/templates/singleuser/netpol.yaml`` (egress to hub 8081, proxy 8000,
autohttps 8080/8443, then ``jupyterhub.networkPolicy.renderEgressRules``) and
``jupyterhub/templates/_helpers-netpol.tpl`` (the egressAllowRules rules in template order, then
``egress`` verbatim), with the defaults of ``jupyterhub/values.yaml`` (``singleuser.cloudMetadata``,
``singleuser.networkPolicy``). Effective values follow Helm's merge: maps merge, lists and scalars
replace. This is a model of the template (no helm binary here), kept to the rules the template has.
"""

from __future__ import annotations

import copy
import ipaddress
from dataclasses import dataclass, field
from typing import Any

from aiinfra.components.payloads.helm_merge import helm_merge

PRIVATE = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
RELEASE_LABELS = {
    "app": "jupyterhub",
    "release": "jupyterhub",
}  # jupyterhub.matchLabels, release "jupyterhub"

SINGLEUSER_DEFAULTS: dict[str, Any] = {
    "cloudMetadata": {"blockWithIptables": True, "ip": "169.254.169.254"},
    "networkPolicy": {
        "enabled": True,
        "ingress": [],
        "egress": [],
        "egressAllowRules": {
            "cloudMetadataServer": False,
            "dnsPortsCloudMetadataServer": True,
            "dnsPortsKubeSystemNamespace": True,
            "dnsPortsPrivateIPs": True,
            "nonPrivateIPs": True,
            "privateIPs": False,
        },
        "interNamespaceAccessLabels": "ignore",
        "allowedIngressPorts": [],
    },
}


def effective_singleuser(values: dict[str, Any]) -> dict[str, Any]:
    """``singleuser`` (the keys modelled here) after merging ``values`` over the chart defaults."""
    return helm_merge(SINGLEUSER_DEFAULTS, values.get("singleuser", {}))


def _component(name: str) -> dict[str, Any]:
    return {"podSelector": {"matchLabels": {**RELEASE_LABELS, "component": name}}}


def render_egress(singleuser: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The egress rules of the rendered NetworkPolicy, or None when the chart renders none."""
    netpol, ip = singleuser["networkPolicy"], singleuser["cloudMetadata"]["ip"]
    if not netpol["enabled"]:
        return None
    allow = netpol["egressAllowRules"]
    rules: list[dict[str, Any]] = [
        {"to": [_component("hub")], "ports": [{"port": 8081}]},
        {"to": [_component("proxy")], "ports": [{"port": 8000}]},
        {"to": [_component("autohttps")], "ports": [{"port": 8080}, {"port": 8443}]},
    ]
    dns_to: list[dict[str, Any]] = []
    if allow["dnsPortsCloudMetadataServer"]:
        dns_to.append({"ipBlock": {"cidr": f"{ip}/32"}})
    if allow["dnsPortsKubeSystemNamespace"]:
        dns_to.append({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}})
    if allow["dnsPortsPrivateIPs"]:
        dns_to += [{"ipBlock": {"cidr": c}} for c in PRIVATE]
    if dns_to:
        rules.append(
            {"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}], "to": dns_to}
        )
    if allow["nonPrivateIPs"]:
        rules.append({"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": [*PRIVATE, f"{ip}/32"]}}]})
    if allow["privateIPs"]:
        rules.append({"to": [{"ipBlock": {"cidr": c}} for c in PRIVATE]})
    if allow["cloudMetadataServer"]:
        rules.append({"to": [{"ipBlock": {"cidr": f"{ip}/32"}}]})
    rules += copy.deepcopy(netpol["egress"])
    return rules


@dataclass(frozen=True)
class Peer:
    """A destination: an address and port, and the pod and namespace behind it (if a pod)."""

    ip: str
    port: int
    protocol: str = "TCP"
    namespace: str | None = None
    pod_labels: dict[str, str] = field(default_factory=dict)

    @property
    def namespace_labels(self) -> dict[str, str]:
        """The label every namespace carries (Kubernetes >= 1.22)."""
        return {"kubernetes.io/metadata.name": self.namespace} if self.namespace else {}


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for e in selector.get("matchExpressions", []):
        op, key, values = e["operator"], e["key"], e.get("values", [])
        ok = {
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
            "In": labels.get(key) in values,
            "NotIn": key not in labels or labels[key] not in values,
        }[op]
        if not ok:
            return False
    return True


def _peer_matches(to: dict[str, Any], peer: Peer, policy_namespace: str) -> bool:
    if "ipBlock" in to:
        address = ipaddress.ip_address(peer.ip)
        block = to["ipBlock"]
        net = ipaddress.ip_network(block["cidr"])
        if address.version != net.version or address not in net:
            return False
        return not any(
            address in ipaddress.ip_network(x)
            for x in block.get("except", [])
            if ipaddress.ip_network(x).version == address.version
        )
    if peer.namespace is None:
        return False  # selectors select pods only
    if "namespaceSelector" in to:
        if not _selects(to["namespaceSelector"], peer.namespace_labels):
            return False
    elif peer.namespace != policy_namespace:
        return False
    return _selects(to.get("podSelector", {}), peer.pod_labels)


def _port_matches(ports: list[dict[str, Any]], peer: Peer) -> bool:
    if not ports:
        return True
    return any(
        p.get("port") in (None, peer.port) and p.get("protocol", "TCP") == peer.protocol for p in ports
    )


def allows(rules: list[dict[str, Any]] | None, peer: Peer, policy_namespace: str) -> bool:
    """Whether the egress ``rules`` admit ``peer`` (None: no policy, everything is admitted)."""
    if rules is None:
        return True
    for rule in rules:
        if not _port_matches(rule.get("ports", []), peer):
            continue
        to = rule.get("to", [])
        if not to or any(_peer_matches(t, peer, policy_namespace) for t in to):
            return True
    return False
