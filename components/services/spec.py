"""``ServicesSpec``: the typed, optional platform services of a blueprint (each off unless given)."""

from __future__ import annotations

from pydantic import Field

from ..spec import Spec
from .serving_spec import ServingSpec
from .training_spec import TrainingSpec


class ServicesSpec(Spec):
    """Platform services on top of the pools; a service is off unless its section is given."""

    training: TrainingSpec | None = Field(
        default=None, description="Kubeflow Trainer v2 (TrainJob, torch/MPI/JAX runtimes) through Kueue"
    )
    serving: ServingSpec | None = Field(
        default=None, description="KServe (RawDeployment) with vLLM/Triton runtimes on inference pools"
    )
