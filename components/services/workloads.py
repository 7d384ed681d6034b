"""The one call a blueprint makes for training and serving: validate the ``services`` spec against
the platform's pools and sections, then register the services on the platform's cluster.

Blueprint configs call :func:`check_workloads` from their validator (errors name the field, so the
CLI exits 2 and nothing is registered) and :func:`build_training_and_serving` at the end of
``compose``. Cloud differences (identity for the model store) live in :mod:`.model_identity`.
"""

from __future__ import annotations

from typing import Any

import pulumi

from .pod_requests import PoolPlacement, placements

SERVING_CLOUDS = ("aws", "gcp", "onprem")
"""Blueprints whose own config may enable serving (a hybrid's services live on its on-prem side)."""


def _services(config: Any) -> Any:
    return getattr(config, "services", None)


def check_workloads(config: Any) -> None:
    """Raise ValueError naming the field when ``config.services`` does not fit the platform."""
    services = _services(config)
    if services is None:
        return
    if services.training is not None and getattr(config, "scheduling", None) is None:
        raise ValueError(
            "services.training: needs the scheduling section (TrainJobs are admitted through the teams' "
            "Kueue LocalQueues); add scheduling.teams or drop services.training"
        )
    if services.serving is not None:
        check_serving(config, services.serving)


def check_serving(config: Any, spec: Any) -> None:
    """Serving: a platform with a cold tier; every model on a GPU pool that holds its autoscaling bound."""
    if config.blueprint not in SERVING_CLOUDS:
        raise ValueError(
            f"services.serving: not available on the {config.blueprint} blueprint (allowed: "
            f"{', '.join(SERVING_CLOUDS)}); a hybrid platform serves from its on-prem side (onprem.services)"
        )
    if config.storage.cold is None:
        raise ValueError("services.serving: needs the cold tier (storage.cold) to read models from")
    pools = placements(config)
    for i, model in enumerate(spec.models):
        where = f"services.serving.models[{i}]"
        pool = pools.get(model.pool)
        if pool is None:
            raise ValueError(
                f"{where}.pool: {model.pool!r} is not a pool of this stack (pools: {', '.join(pools)})"
            )
        check_capacity(where, model, pool)


def check_capacity(where: str, model: Any, pool: PoolPlacement) -> None:
    """A replica fits one node; ``max_replicas`` replicas fit the pool at ``max_nodes``."""
    if pool.accelerator_kind != "gpu":
        raise ValueError(
            f"{where}.pool: {pool.pool!r} is a {pool.accelerator_kind.upper()} pool; the pinned {model.runtime} "
            "image is the CUDA build (allowed: GPU pools)"
        )
    per_node = pool.accelerators_per_node
    if model.accelerators_per_replica > per_node:
        raise ValueError(
            f"{where}.accelerators_per_replica: {model.accelerators_per_replica} exceeds the {per_node} "
            f"accelerators of one {pool.pool} node (a replica is one pod on one node)"
        )
    needed = model.max_replicas * model.accelerators_per_replica
    if needed > pool.capacity:
        raise ValueError(
            f"{where}.max_replicas: {model.max_replicas} replicas x {model.accelerators_per_replica} "
            f"accelerators = {needed}, above what pool {pool.pool} holds ({pool.nodes} nodes x {per_node} = "
            f"{pool.capacity}); lower max_replicas to at most {pool.capacity // model.accelerators_per_replica}"
        )


def build_training_and_serving(config: Any, platform: Any) -> list[Any]:
    """Register the enabled services on ``platform`` (what the blueprint's ``compose`` returned)."""
    services = _services(config)
    if services is None:
        return []
    from .training import TrainingOperators

    k8s_provider = platform.kubernetes_provider if config.blueprint != "onprem" else platform.provider
    waits = [platform.scheduling] if platform.scheduling is not None else []
    opts = pulumi.ResourceOptions(providers={"kubernetes": k8s_provider}, depends_on=waits)
    out: list[Any] = []
    if services.training is not None:
        jobset = config.blueprint != "onprem" and config.scheduling.install
        out.append(
            TrainingOperators(
                f"{config.name}-training", services.training, jobset_installed=jobset, opts=opts
            )
        )
    if services.serving is not None:
        out.append(_serving(config, platform, services.serving, opts))
    return out


def _serving(config: Any, platform: Any, spec: Any, opts: pulumi.ResourceOptions) -> Any:
    from aiinfra.components.scheduling.flavors import kubernetes_labels

    from .model_identity import AwsModelReader, GcpModelReader, reader_label
    from .serving import READER_ACCOUNT, KServeServing

    name, storage = config.name, platform.storage
    if config.blueprint == "onprem":
        return _onprem_serving(config, spec, opts)
    if config.blueprint == "aws":
        reader: Any = AwsModelReader(
            f"{name}-model-reader",
            namespace=spec.namespace,
            account=READER_ACCOUNT,
            region=config.region,
            oidc_provider_arn=platform.cluster.oidc_provider_arn,
            oidc_issuer=platform.cluster.oidc_issuer,
            bucket_arn=storage.bucket.arn,
            cold_key_arn=platform.keys.arn("cold"),
            tags=config.platform_tags(),
            opts=pulumi.ResourceOptions(providers={"aws": platform.provider}),
        )
        root = pulumi.Output.concat("s3://", storage.bucket_name)
    else:
        reader = GcpModelReader(
            f"{name}-model-reader",
            project=config.project,
            namespace=spec.namespace,
            account=READER_ACCOUNT,
            bucket_name=storage.bucket_name,
            opts=pulumi.ResourceOptions(providers={"gcp": platform.provider}),
        )
        root = pulumi.Output.concat("gs://", storage.bucket_name)
    return KServeServing(
        f"{name}-serving",
        spec,
        placements(config),
        storage_root=root,
        identity=reader.annotations(),
        identity_label=reader_label(config),
        labels=kubernetes_labels(config.tags, config.environment, name),
        opts=opts,
    )


def _onprem_serving(config: Any, spec: Any, opts: pulumi.ResourceOptions) -> Any:
    """KServe on-prem: the reader is an RGW user read-only on ``models/`` (or, for an external S3
    store, the operator's Secret); KServe reads the keys with Rook's key names."""
    from aiinfra.components.onprem.storage import cold_endpoint

    from .model_identity import reader_label
    from .rgw import grant_of, object_user, s3_keys, service_grants
    from .serving import READER_ACCOUNT, KServeServing, kserve_s3_values

    cold, facts = config.storage.cold, config.service_facts()
    keys = s3_keys(facts.rgw_store, READER_ACCOUNT)
    user = None
    if facts.rgw_store is not None:
        grant = grant_of(service_grants(config.services), "serving")
        user = object_user(
            grant,
            store=facts.rgw_store,
            rook_namespace=config.storage.rook.namespace,
            labels=dict(facts.labels),
        )
    endpoint = cold_endpoint(config.storage)
    assert endpoint is not None and cold is not None
    return KServeServing(
        f"{config.name}-serving",
        spec,
        placements(config),
        storage_root=f"s3://{cold.bucket}",
        identity={},
        identity_label=reader_label(config),
        labels=dict(facts.labels),
        object_user=user,
        key_secrets=(keys.secret,),
        s3=kserve_s3_values(endpoint, keys.access_key, keys.secret_key),
        opts=opts,
    )


def workload_namespaces(config: Any) -> list[str]:
    """Namespaces the enabled services create (for a blueprint's ``namespaces`` output)."""
    services = _services(config)
    if services is None:
        return []
    from .serving import CERT_MANAGER_NAMESPACE, KSERVE_NAMESPACE
    from .training import NAMESPACE

    out = [NAMESPACE] if services.training is not None else []
    if services.serving is not None:
        out += [CERT_MANAGER_NAMESPACE, KSERVE_NAMESPACE, services.serving.namespace]
    return out


def workload_rows(config: Any) -> list[dict[str, Any]]:
    """Plan rows of the enabled training and serving services of one blueprint config (plain values
    from the spec), in the shape of the services section: service, what, endpoint, stores, identity."""
    from .serving import serving_rows
    from .training import training_rows

    services = _services(config)
    if services is None:
        return []
    rows = training_rows(services.training) if services.training is not None else []
    if services.serving is not None:
        from .model_identity import reader_label

        rows += serving_rows(services.serving, reader_label(config))
    return rows
