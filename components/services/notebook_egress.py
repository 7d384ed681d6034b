"""Where notebook servers may connect: the platform's own services, named by selectors.

The Zero to JupyterHub chart 4.4.0 (jupyterhub/zero-to-jupyterhub-k8s tag 4.4.0, commit 5c5f5df75158,
2026-06-10; ``templates/singleuser/netpol.yaml`` and ``templates/_helpers-netpol.tpl``, read
2026-12-07) renders the singleuser NetworkPolicy's egress as: the hub (8081), proxy (8000) and
autohttps (8080, 8443) pods of the release; then, from ``singleuser.networkPolicy.egressAllowRules``
(values.yaml defaults): DNS ports 53 to the metadata IP/32, to ``kube-system`` and to the private
ranges (``dnsPorts*``, all true); ``nonPrivateIPs`` (true) ``0.0.0.0/0`` except 10/8, 172.16/12,
192.168/16 and ``<cloudMetadata.ip>/32``; ``privateIPs`` (false) the three private ranges;
``cloudMetadataServer`` (false) the metadata IP; then ``singleuser.networkPolicy.egress`` verbatim.

So with the defaults kept, the metadata server (169.254.169.254, AWS and GCP alike) is reachable on
port 53 only, and no rule names an IPv6 block, so AWS's IPv6 endpoint ``fd00:ec2::254`` is not
reachable at all: the NetworkPolicy blocks metadata without the chart's privileged iptables init
container (``cloudMetadata.blockWithIptables``), which Pod Security ``baseline`` refuses. In-cluster
services sit on private pod IPs, which ``privateIPs: false`` refuses; instead of opening every
private address, :func:`egress_rules` adds one rule per platform service: its namespace (by the
``kubernetes.io/metadata.name`` label every namespace carries), its server pods and its pod port.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

NAMESPACE_NAME = "kubernetes.io/metadata.name"
METADATA_IP = "169.254.169.254"
"""The link-local metadata server on AWS (IMDS IPv4) and GCP, the chart's ``cloudMetadata.ip``."""
AWS_METADATA_IPV6 = "fd00:ec2::254"


class Destination(BaseModel):
    """One in-cluster service notebooks reach: pods selected in a namespace, on its TCP ports."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str = Field(description="the platform service (mlflow, labeling, serving)")
    namespace: str = Field(description="namespace of the server pods")
    match_labels: dict[str, str] = Field(default_factory=dict, description="labels the server pods carry")
    label_exists: str | None = Field(default=None, description="a label key every server pod carries")
    ports: tuple[int, ...] = Field(
        min_length=1, description="the pod's ports (NetworkPolicy sees the pod, not the Service)"
    )


def egress_rule(dest: Destination) -> dict[str, Any]:
    """The NetworkPolicy egress rule admitting ``dest`` only."""
    pods: dict[str, Any] = {}
    if dest.match_labels:
        pods["matchLabels"] = dict(dest.match_labels)
    if dest.label_exists:
        pods["matchExpressions"] = [{"key": dest.label_exists, "operator": "Exists"}]
    return {
        "to": [{"namespaceSelector": {"matchLabels": {NAMESPACE_NAME: dest.namespace}}, "podSelector": pods}],
        "ports": [{"port": p, "protocol": "TCP"} for p in dest.ports],
    }


def egress_rules(destinations: tuple[Destination, ...]) -> list[dict[str, Any]]:
    """``singleuser.networkPolicy.egress``: one rule per destination, in order."""
    return [egress_rule(d) for d in destinations]


def singleuser_network_policy(destinations: tuple[Destination, ...]) -> dict[str, Any]:
    """``singleuser.networkPolicy``: on, the chart's allow rules with the metadata server and the
    private ranges refused (spelled out, not inherited), plus the platform services."""
    return {
        "enabled": True,
        "egressAllowRules": {"cloudMetadataServer": False, "privateIPs": False},
        "egress": egress_rules(destinations),
    }


def platform_destinations(services: Any) -> tuple[Destination, ...]:
    """The destinations of the services enabled in ``services`` (a ServicesSpec): MLflow, Label
    Studio and the KServe model servers."""
    from . import labeling, mlflow

    out: list[Destination] = []
    if services is None:
        return ()
    if services.mlflow is not None:
        out.append(
            Destination(
                service="mlflow",
                namespace=mlflow.NAMESPACE,
                match_labels={"app.kubernetes.io/name": "mlflow"},
                ports=(mlflow.PORT,),
            )
        )
    if services.labeling is not None:
        out.append(
            Destination(
                service="labeling",
                namespace=labeling.NAMESPACE,
                match_labels=dict(labeling.APP_POD_LABELS),
                ports=(labeling.APP_POD_PORT,),
            )
        )
    if services.serving is not None:
        from .runtimes import GRPC_PORT, HTTP_PORT
        from .serving import ISVC_POD_LABEL

        out.append(
            Destination(
                service="serving",
                namespace=services.serving.namespace,
                label_exists=ISVC_POD_LABEL,
                ports=(HTTP_PORT, GRPC_PORT),  # vLLM serves HTTP; Triton HTTP and gRPC
            )
        )
    return tuple(out)
