"""On-prem server classes for the catalog (placeholder: filled in by the on-prem catalog work)."""

MACHINES: tuple = ()
