"""The reusable aiinfra library: cloud-neutral specs, the accelerator catalog and the per-cloud
components (``aiinfra.components.aws``, ``.gcp``, ``.onprem``).

Provider SDKs are imported only by the per-cloud subpackages, never here.
"""
