"""Platform services on top of the accelerator pools: training operators and model serving.

One module per service (``training``, ``serving``), their specs (``training_spec``, ``serving_spec``),
the pinned serving runtimes (``runtimes``), what a pod asks of a pool's fabric (``pod_requests``) and
the per-cloud model-store identities (``model_identity``). ``build_training_and_serving`` is the one
call a blueprint makes (``wiring``).
"""
