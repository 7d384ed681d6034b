"""Platform services: notebooks (JupyterHub), experiment tracking and model registry (MLflow), labeling
(Label Studio), with managed PostgreSQL and cold-tier identities per cloud (docs/services.md)."""

from ..lazy import lazy_exports

__getattr__ = lazy_exports(
    __name__,
    {
        "ServicesSpec": "spec",
        "PlatformServices": "platform",
        "JupyterHub": "notebooks",
        "MlflowServer": "mlflow",
        "LabelStudio": "labeling",
    },
)
