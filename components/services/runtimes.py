"""KServe ServingRuntimes for vLLM and Triton, pinned to released images.

Pins (read 2026-12-01):
- vLLM 0.33.0: the newest vllm release on PyPI (``pip index versions vllm``); the OpenAI-compatible
  server image is ``vllm/vllm-openai:v<version>`` (vLLM's release pipeline pushes one per release;
  the tag itself was not pulled from Docker Hub here: unverified).
- Triton Inference Server 2.73.0: the newest tritonclient release on PyPI; NGC tags the server
  container ``<YY.MM>-py3`` and 2.73.0 maps to 26.08 by Triton's monthly numbering (2.55.0 = 25.02):
  unverified against the NGC catalogue.

Both run as a non-root user (uid 1000; Triton's image user per KServe's kserve-runtime-configs chart
at v0.20.0) without privilege escalation and with every capability dropped; models are mounted by
KServe's storage initializer at ``/mnt/models``. The vLLM image's default user is root; that it
serves as uid 1000 with its caches under /tmp (``HF_HOME``) is unverified.
"""

from __future__ import annotations

from typing import Any

from .serving_spec import ServingRuntimeName

API_VERSION = "serving.kserve.io/v1alpha1"
VLLM_IMAGE = "vllm/vllm-openai:v0.33.0"
TRITON_IMAGE = "nvcr.io/nvidia/tritonserver:26.08-py3"
MODEL_DIR = "/mnt/models"
HTTP_PORT = 8080
GRPC_PORT = 9000
CONTAINER_SECURITY: dict[str, Any] = {
    "runAsNonRoot": True,
    "runAsUser": 1000,
    "privileged": False,
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}


def _container(image: str, args: list[str], ports: list[dict[str, Any]], env: list[dict[str, str]]) -> dict:
    return {
        "name": "kserve-container",
        "image": image,
        "args": args,
        "env": env,
        "ports": ports,
        "securityContext": dict(CONTAINER_SECURITY),
    }


def vllm_runtime_spec() -> dict[str, Any]:
    """``ServingRuntime.spec`` of vLLM's OpenAI-compatible server (Hugging Face model directories)."""
    return {
        "supportedModelFormats": [{"name": "huggingface", "version": "1", "autoSelect": True}],
        "protocolVersions": ["v2"],
        "containers": [
            _container(
                VLLM_IMAGE,
                [f"--model={MODEL_DIR}", f"--port={HTTP_PORT}", "--served-model-name={{.Name}}"],
                [{"containerPort": HTTP_PORT, "protocol": "TCP"}],
                [{"name": "HF_HOME", "value": "/tmp/hf"}, {"name": "HF_HUB_OFFLINE", "value": "1"}],
            )
        ],
    }


def triton_runtime_spec() -> dict[str, Any]:
    """``ServingRuntime.spec`` of Triton (a Triton model repository; HTTP and gRPC v2 protocols)."""
    return {
        "supportedModelFormats": [
            {"name": "triton", "version": "2", "autoSelect": True},
            {"name": "onnx", "version": "1", "autoSelect": True},
            {"name": "tensorrt", "version": "8", "autoSelect": True},
        ],
        "protocolVersions": ["v2", "grpc-v2"],
        "containers": [
            _container(
                TRITON_IMAGE,
                [
                    "tritonserver",
                    f"--model-store={MODEL_DIR}",
                    f"--http-port={HTTP_PORT}",
                    f"--grpc-port={GRPC_PORT}",
                    "--allow-grpc=true",
                ],
                [
                    {"containerPort": HTTP_PORT, "protocol": "TCP"},
                    {"containerPort": GRPC_PORT, "protocol": "TCP"},
                ],
                [],
            )
        ],
    }


RUNTIME_SPECS = {"vllm": vllm_runtime_spec, "triton": triton_runtime_spec}
MODEL_FORMATS: dict[ServingRuntimeName, str] = {"vllm": "huggingface", "triton": "triton"}


def runtime_spec(runtime: ServingRuntimeName) -> dict[str, Any]:
    """The pinned ServingRuntime spec of ``runtime``."""
    return RUNTIME_SPECS[runtime]()
