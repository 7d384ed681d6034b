"""A kubeconfig built from a service-account-token Secret, as MultiKueue and CI-deployer programs do."""

import base64

import pulumi
import pulumi_kubernetes as k8s

sa = k8s.core.v1.ServiceAccount("deployer", metadata={"name": "deployer", "namespace": "ci"})
token = k8s.core.v1.Secret(
    "deployer-token",
    type="kubernetes.io/service-account-token",
    metadata={
        "name": "deployer-token",
        "namespace": "ci",
        "annotations": {"kubernetes.io/service-account.name": "deployer"},
    },
)
ca = token.data.apply(lambda data: base64.b64decode(data["ca.crt"]).decode())
kubeconfig = pulumi.Output.all(ca, token.data).apply(
    lambda args: (
        f"certificate-authority-data: {base64.b64encode(args[0].encode()).decode()}\ntoken: {args[1]['token']}"
    )
)
k8s.core.v1.Secret("remote-kubeconfig", metadata={"namespace": "ci"}, string_data={"kubeconfig": kubeconfig})
pulumi.export("ca_lines", ca.apply(lambda text: len(text.splitlines())))
