"""The AIP rules, one module per domain; importing this package registers them all."""

from . import data, enc, fabric, gov, gpu, net, node, perf

__all__ = ["data", "enc", "fabric", "gov", "gpu", "net", "node", "perf"]
