"""The AIP rules, one module per domain; importing this package registers them all."""

from . import aud, data, enc, gov, gpu, iam, k8s, net, node

__all__ = ["aud", "data", "enc", "gov", "gpu", "iam", "k8s", "net", "node"]
