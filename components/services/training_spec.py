"""The ``services.training`` spec: Kubeflow Trainer v2 and the training runtimes it installs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..spec import Spec

RuntimeName = Literal["torch", "mpi", "jax"]


class TrainingSpec(Spec):
    """Kubeflow Trainer (v2: TrainJob + ClusterTrainingRuntimes) admitted through the teams' Kueue queues.

    ``mpi`` is Trainer's MPI runtime (OpenMPI launcher + nodes, the ``deepspeed-distributed``
    ClusterTrainingRuntime): it replaces the separate mpi-operator's MPIJob (see docs/training-and-serving.md).
    """

    runtimes: tuple[RuntimeName, ...] = Field(
        default=("torch", "mpi"),
        min_length=1,
        description="ClusterTrainingRuntimes the chart installs: torch (torch-distributed), mpi "
        "(deepspeed-distributed, OpenMPI) and/or jax (jax-distributed, e.g. for TPU slices)",
    )
