"""Managed PostgreSQL per cloud: RDS (aws), Cloud SQL with private IP (gcp), CloudNativePG (onprem)."""
