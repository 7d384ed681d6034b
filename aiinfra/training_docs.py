"""docs/training-and-serving.md, generated: the pins, the fabric requests and one example TrainJob per
platform, shaped from the shipped stacks' pools (``python -m aiinfra.docsgen`` writes it; a test keeps
it in sync)."""

from __future__ import annotations

from pathlib import Path

import yaml

DOC_FILE = Path("docs/training-and-serving.md")
EXAMPLES = (
    ("AWS (EKS, EFA)", "aws-training", "h100-train"),
    ("GCP GPU (GKE, GPUDirect RDMA)", "gcp-training", "h200-train"),
    ("GCP TPU (GKE, multi-host v5p slice)", "gcp-training", "v5p-slice"),
    ("On-prem (InfiniBand rails, NVIDIA Network Operator)", "onprem", "h100-train"),
)

INTRO = """# Training operators and model serving

Two optional platform services, configured under `services` in a stack file's `aiinfra:platform`
object (the same schema on the aws, gcp, onprem and hybrid blueprints; a hybrid platform runs them on
its on-prem side, `onprem.services`, and burst jobs reach the cloud through MultiKueue):

```yaml
services:
  training: {}                 # Kubeflow Trainer v2 (runtimes: torch, mpi by default; add jax for TPUs)
  serving:                     # KServe; aws and gcp
    models:
      - {name: chat-8b, runtime: vllm, pool: l40s-infer, accelerators_per_replica: 1, max_replicas: 8}
```

Every field is in [config-reference.md](config-reference.md) (`ServicesSpec`, `TrainingSpec`,
`ServingSpec`, `ModelSpec`).

## Distributed training: Kubeflow Trainer v2

**Why Trainer v2, not the training-operator (v1).** Kubeflow Trainer v2 (`TrainJob` plus
`ClusterTrainingRuntime`) is the current upstream line; the v1 Training Operator (`PyTorchJob`,
`TFJob`, `MPIJob`) is maintained on a release branch with patch releases only, and the upstream
migration guide maps every v1 kind onto a TrainJob with a runtime.

**MPI without the mpi-operator.** Trainer v2 ships an MPI runtime (`mlPolicy.mpi`: an OpenMPI
launcher and nodes over SSH, the `deepspeed-distributed` runtime) that takes over the mpi-operator's
MPIJob; no separate mpi-operator is installed. Select it with `runtimes: [mpi]` (on by default).

**Through Kueue.** Training needs the `scheduling` section (without it the stack is refused, exit 2):
a TrainJob carries its team's LocalQueue in the label `kueue.x-k8s.io/queue-name` (and optionally a
`kueue.x-k8s.io/priority-class`), and Kueue admits it against the team's quota. Kueue's
`trainer.kubeflow.org/trainjob` integration is enabled in the Kueue configuration the platform
installs (`integrations.frameworks`); an on-prem cluster's own Kueue must list it too (Kueue's
default configuration does).

**What a job asks of its pool.** Pods of a TrainJob land on a pool through its `aiinfra.io/pool`
node label and tolerate its taints; each node's pod requests all of the node's accelerators and
fabric devices:
"""

SERVING = """
## Serving: KServe in RawDeployment (Standard) mode

- **KServe without Knative.** KServe runs in its raw Deployment mode (named `Standard` since KServe
  0.20, formerly `RawDeployment`): Deployments, Services and HorizontalPodAutoscalers, no Knative and
  no Istio. Its webhook certificates come from **cert-manager**, installed with its CRDs. KServe
  creates no Ingress (`disableIngressCreation`), and every InferenceService carries
  `networking.kserve.io/visibility: cluster-local`.
- **Runtimes.** Namespaced ServingRuntimes `vllm` (OpenAI-compatible server, Hugging Face model
  directories) and `triton` (Triton model repositories, HTTP and gRPC v2), pinned to released images,
  non-root, no privilege escalation, all capabilities dropped.
- **Placement.** Each model's replicas run on its pool (the pool label and tolerations of its taints)
  and request `accelerators_per_replica` accelerators each.
- **Model store.** Models are read from the cold tier at `<bucket>/models/<model>/` by KServe's
  storage initializer running as the `model-reader` ServiceAccount, whose cloud identity can only
  list and read that prefix (AWS: an IRSA role with `s3:GetObject` on `models/*` and the cold key for
  decryption through S3; GCP: a Workload Identity service account with `roles/storage.objectViewer`
  conditioned on the prefix; on-prem with a Ceph RGW cold tier: a Rook `CephObjectStoreUser`
  `aiinfra-model-reader` in the serving namespace with op mask `read`, limited by the cold bucket's
  policy to `s3:GetObject` under `models/`; KServe reads its keys from Rook's Secret
  `rook-ceph-object-user-<store>-aiinfra-model-reader`, listed on the ServiceAccount, with the key
  names and RGW endpoint set in `kserve.storage.s3`; an `external_s3` cold tier uses the Secret
  `model-reader-s3-credentials` you provide and scope). Upload models with your own (team or CI)
  identity.
- **Autoscaling bounds are checked against the pool.** `max_replicas x accelerators_per_replica` must
  fit the pool at `max_nodes` (`max_nodes x accelerators per node`), and one replica must fit one
  node; otherwise the stack is refused with exit 2 naming the field, for example
  `services.serving.models[0].max_replicas: 20 replicas x 1 accelerators = 20, above what pool
  l40s-infer holds (4 nodes x 4 = 16)`. A model on a pool that does not exist, or on a TPU pool (the
  pinned images are the CUDA builds), is refused the same way. Serving is available on the aws, gcp
  and onprem blueprints (on-prem pools hold `nodes x GPUs per node`; a hybrid platform serves from
  its on-prem side, `onprem.services.serving`).

**How a data scientist reaches a model:** from inside the cluster network (a notebook, a job, a
service in a peered network), at the predictor's Service,
`http://<model>-predictor.<namespace>.svc.cluster.local` (vLLM: the OpenAI API under `/v1/`;
Triton: the v2 inference protocol under `/v2/`). `aiinfra plan` lists every endpoint in its services
section.

## Policy rules

AIP-SVC-010 (InferenceServices are cluster-local), AIP-SVC-011 (the serving identity cannot write to
the model store) and AIP-SVC-012 (training and serving pod templates run no privileged or host-access
container) judge these objects; on-prem AIP-SVC-013..016 judge the RGW users, the bucket policy and
the object store (see [services.md](services.md)); see [policies.md](policies.md).
"""


def _pins() -> list[str]:
    from aiinfra.components.services.runtimes import TRITON_IMAGE, VLLM_IMAGE
    from aiinfra.components.services.serving import CERT_MANAGER_CHART, KSERVE_CHART, KSERVE_CRD_CHART
    from aiinfra.components.services.training import TRAINER_CHART

    rows = [
        ("Kubeflow Trainer chart", TRAINER_CHART.chart, TRAINER_CHART.version),
        ("KServe CRDs chart", KSERVE_CRD_CHART.chart, KSERVE_CRD_CHART.version),
        ("KServe chart", KSERVE_CHART.chart, KSERVE_CHART.version),
        (
            "cert-manager chart",
            f"{CERT_MANAGER_CHART.repo} {CERT_MANAGER_CHART.chart}",
            CERT_MANAGER_CHART.version,
        ),
        ("vLLM image", VLLM_IMAGE.rsplit(":", 1)[0], VLLM_IMAGE.rsplit(":", 1)[1]),
        ("Triton image", TRITON_IMAGE.rsplit(":", 1)[0], TRITON_IMAGE.rsplit(":", 1)[1]),
    ]
    out = ["## Pinned versions", "", "| What | Chart / image | Version |", "|---|---|---|"]
    out += [f"| {what} | `{ref}` | `{version}` |" for what, ref, version in rows]
    return out


def _fabric_table() -> list[str]:
    from aiinfra.components.services.pod_requests import (
        EFA_RESOURCE,
        MULTUS_NETWORKS,
        TPU_ACCELERATOR_LABEL,
        TPU_TOPOLOGY_LABEL,
    )

    return [
        "| Platform | Accelerators | Fabric |",
        "|---|---|---|",
        f"| AWS EFA pools | `nvidia.com/gpu` (or the Neuron device) per node | `{EFA_RESOURCE}`: every EFA interface of the node |",
        "| GCP GPUDirect pools (TCPX, TCPXO, RDMA) | `nvidia.com/gpu` per node | annotations "
        "`networking.gke.io/default-interface` and `networking.gke.io/interfaces` naming each pool network |",
        f"| GCP TPU slices | `google.com/tpu` chips per host | node selectors `{TPU_ACCELERATOR_LABEL}`, `{TPU_TOPOLOGY_LABEL}` |",
        f"| On-prem InfiniBand / RoCE pools | `nvidia.com/gpu` (or MIG / shared resources) | `rdma/<rail>`: 1 per rail and `{MULTUS_NETWORKS}` listing each rail network |",
    ]


def _examples() -> list[str]:
    from aiinfra.components.services.examples import example_job
    from aiinfra.plan import validated_config
    from aiinfra.stacks import load_stack

    out = [
        "",
        "## Example TrainJobs (generated from the shipped stacks' pools)",
        "",
        "Submit with `kubectl create -f job.yaml` as a member of the team; replace the runtime's default",
        "image and command with your own through `spec.trainer.image` / `command`.",
    ]
    for title, stack, pool in EXAMPLES:
        job = example_job(validated_config(load_stack(stack)), pool)
        out += [
            "",
            f"### {title}",
            "",
            f"Stack `{stack}`, pool `{pool}`:",
            "",
            "```yaml",
            yaml.safe_dump(job, sort_keys=False, width=200).rstrip("\n"),
            "```",
        ]
    return out


def doc_text() -> str:
    """The page's full text."""
    lines = [INTRO.rstrip("\n"), "", *_fabric_table(), *_examples(), SERVING.rstrip("\n"), "", *_pins()]
    return "\n".join(lines) + "\n"


def example_jobs() -> list[tuple[str, str, dict]]:
    """(stack, pool, TrainJob) of every example on the page."""
    from aiinfra.components.services.examples import example_job
    from aiinfra.plan import validated_config
    from aiinfra.stacks import load_stack

    return [
        (stack, pool, example_job(validated_config(load_stack(stack)), pool)) for _, stack, pool in EXAMPLES
    ]
