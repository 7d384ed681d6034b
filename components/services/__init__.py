"""Platform services: notebooks (JupyterHub), experiment tracking and model registry (MLflow), labeling
(Label Studio), with managed PostgreSQL and cold-tier identities per cloud; distributed training
(Kubeflow Trainer) and model serving (KServe) on the pools (docs/services.md).

``wiring`` holds the per-cloud calls for the data services, ``workloads`` the one call for training
and serving; ``pod_requests`` is what a pod asks of a pool's fabric, ``model_identity`` the read-only
model-store identities."""

from ..lazy import lazy_exports

__getattr__ = lazy_exports(
    __name__,
    {
        "ServicesSpec": "spec",
        "PlatformServices": "platform",
        "JupyterHub": "notebooks",
        "MlflowServer": "mlflow",
        "LabelStudio": "labeling",
        "TrainingOperators": "training",
        "KServeServing": "serving",
    },
)
