"""The AIP rules, one module per domain; importing this package registers them all."""

from . import (
    aud,
    data,
    enc,
    fabric,
    gov,
    gpu,
    iam,
    k8s,
    net,
    node,
    obs,
    perf,
    rack,
    svc,
    svc_objectstore,
    svc_workloads,
)

__all__ = [
    "aud",
    "data",
    "enc",
    "fabric",
    "gov",
    "gpu",
    "iam",
    "k8s",
    "net",
    "node",
    "obs",
    "perf",
    "rack",
    "svc",
    "svc_objectstore",
    "svc_workloads",
]
