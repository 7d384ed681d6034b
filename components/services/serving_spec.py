"""The ``services.serving`` spec: KServe (Standard/RawDeployment mode) and the models it serves."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ..spec import Spec
from ..spec.base import ResourceName

ServingRuntimeName = Literal["vllm", "triton"]
MODEL_PREFIX = "models/{model}/"


class ModelSpec(Spec):
    """One InferenceService: a model read from the cold tier, served by a pinned runtime on a pool."""

    name: ResourceName = Field(description="InferenceService name; the model is read from models/<name>/")
    runtime: ServingRuntimeName = Field(description="serving runtime: vllm or triton")
    pool: ResourceName = Field(description="the inference pool (or TPU slice) its replicas run on")
    accelerators_per_replica: int = Field(
        default=1, ge=1, le=64, description="accelerators (GPUs or TPU chips) each replica requests"
    )
    min_replicas: int = Field(default=1, ge=0, le=1000, description="lower autoscaling bound")
    max_replicas: int = Field(
        default=1, ge=1, le=1000, description="upper autoscaling bound; checked against the pool's capacity"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.min_replicas > self.max_replicas:
            raise ValueError(f"min_replicas: {self.min_replicas} is above max_replicas ({self.max_replicas})")
        return self

    @property
    def prefix(self) -> str:
        """The model's prefix in the cold bucket."""
        return MODEL_PREFIX.format(model=self.name)


class ServingSpec(Spec):
    """KServe with cert-manager; every model cluster-local and read through a read-only identity."""

    namespace: ResourceName = Field(default="serving", description="namespace of the InferenceServices")
    models: tuple[ModelSpec, ...] = Field(min_length=1, max_length=100, description="models to serve")

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [m.name for m in self.models]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"models: model names must be unique; repeated: {repeated}")
        return self
