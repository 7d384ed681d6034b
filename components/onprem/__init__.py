"""On-prem realisation: GPU pools, scheduling, fabric, storage and encryption on an existing cluster.

Specs live in :mod:`.spec` (no provider SDK); components import pulumi_kubernetes only.
"""
