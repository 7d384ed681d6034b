"""AIP-K8S: RBAC and pod security for every workload kind, including objects in Helm-less YAML.

Workloads are read from typed resources (``kubernetes:apps/v1:Deployment`` ...) and from the
``yaml``/``objs`` inputs of ``kubernetes:yaml/v2:ConfigGroup`` (a multi-language component whose
children a policy never sees). Helm releases are opaque to any Pulumi policy: their charts are
judged by their own values (docs/policies.md, "Kubernetes").

Node agents that need host access — the GPUDirect/NCCL installers and NRI device injector this
project ships, the GKE GPU driver installer, the NVIDIA GPU and Network Operator components — are
exempt from the host-access and root checks through the documented ``exemptWorkloads`` list
(``DaemonSet`` in ``namespace/name`` glob form); nothing else is, and the exemption never covers RBAC
or service-account rules.


Cross-reference ids (Checkov ``CKV_*``, Trivy ``AVD-*``) name the peer checks of the same family;
they are unverified against the scanners' current catalogues (ids that did not match were dropped).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from typing import Any

from ..access import UnknownValueError, as_list, get, is_false, is_true, strings
from ..documents import PolicyParseError
from ..registry import Res, RuleContext, StackView, rule, string_list
from ..yamlfile import YamlInputError, load_manifests
from .common import K8S_BINDINGS, K8S_CONFIG_GROUPS, K8S_ROLES, K8S_WORKLOADS

PUBLIC_GROUPS = ("system:anonymous", "system:unauthenticated", "system:authenticated")
"""Kubernetes groups that cover every (or every authenticated) caller: never "system" subjects
(CIS GKE 1.9.0 4.1.8-4.1.10)."""

EXEMPT_WORKLOADS = [
    # GPUDirect TCPX/TCPXO/RDMA on GKE (components/gcp/gpudirect.py): NCCL plugin installers and the
    # NRI device injector need hostPath, hostNetwork and privilege, as Google's manifests do.
    "DaemonSet:kube-system/nccl-tcpx-installer-*",
    "DaemonSet:kube-system/nccl-tcpxo-installer-*",
    "DaemonSet:kube-system/nccl-rdma-installer-*",
    "DaemonSet:kube-system/device-injector-*",
    # GKE's own GPU driver installer and device plugin.
    "DaemonSet:kube-system/nvidia-driver-installer*",
    "DaemonSet:kube-system/nvidia-gpu-device-plugin*",
    # NVIDIA GPU Operator and Network Operator node agents (driver, toolkit, device plugin, MOFED, ...).
    "DaemonSet:gpu-operator/*",
    "DaemonSet:nvidia-gpu-operator/*",
    "DaemonSet:nvidia-network-operator/*",
    # AWS Neuron monitor (components/observability/neuron.py): privileged to read the Neuron devices,
    # as AWS's own k8s-neuron-monitor-daemonset.yml runs it.
    "DaemonSet:aiinfra-monitoring/neuron-monitor",
]
"""Node agents allowed host access and root: ``Kind:namespace/name-glob`` (DaemonSets only)."""

_EXEMPT_CONFIG = {
    "exemptWorkloads": string_list(
        EXEMPT_WORKLOADS,
        "Node agents exempt from host-access and root checks, as 'Kind:namespace/name-glob'.",
    )
}


def _kind(res_type: str) -> str:
    return res_type.rsplit(":", 1)[-1]


def _pod_spec(kind: str, obj: Mapping[str, Any]) -> Any:
    if kind == "Pod":
        return get(obj, "spec")
    if kind == "PodTemplate":
        return get(obj, "template", "spec")
    if kind == "CronJob":
        return get(obj, "spec", "jobTemplate", "spec", "template", "spec")
    return get(obj, "spec", "template", "spec")


_WORKLOAD_KINDS = {_kind(t) for t in K8S_WORKLOADS}


def _yaml_objects(res: Res) -> list[Mapping[str, Any]]:
    """Objects of a yaml/v2 ConfigGroup (``objs`` and ``yaml`` inputs)."""
    out: list[Mapping[str, Any]] = [o for o in as_list(get(res.props, "objs")) if isinstance(o, Mapping)]
    for text in as_list(get(res.props, "yaml")):
        if isinstance(text, str):
            try:  # the judged program's text: bounded (depth, aliases) like every YAML aiinfra reads
                docs = load_manifests(text, "yaml")
            except YamlInputError as exc:
                raise PolicyParseError(str(exc)) from None
            out.extend(d for d in docs if isinstance(d, Mapping))
    return out


def workloads(res: Res) -> list[tuple[str, str, str, Any]]:
    """(kind, namespace, name, pod spec) of a workload resource or of each workload in a ConfigGroup."""
    if res.type in K8S_CONFIG_GROUPS:
        objs = [(str(get(o, "kind") or ""), o) for o in _yaml_objects(res)]
    else:
        objs = [(_kind(res.type), res.props)]
    out = []
    for kind, obj in objs:
        if kind not in _WORKLOAD_KINDS:
            continue
        try:
            name = get(obj, "metadata", "name")
        except UnknownValueError:
            name = None
        namespace = get(obj, "metadata", "namespace") or "default"
        out.append((kind, str(namespace), str(name or res.name), _pod_spec(kind, obj)))
    return out


def _exempt(kind: str, namespace: str, name: str, ctx: RuleContext) -> bool:
    key = f"{kind}:{namespace}/{name}"
    return kind == "DaemonSet" and any(
        fnmatch.fnmatchcase(key, str(p)) for p in ctx.config.get("exemptWorkloads", ())
    )


def _containers(spec: Any) -> list[tuple[str, Any]]:
    out = []
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in as_list(get(spec, field)):
            out.append((str(get(c, "name") or field), c))
    return out


def _label(kind: str, namespace: str, name: str) -> str:
    return f"{kind} {namespace}/{name}"


_WORKLOAD_TYPES = K8S_WORKLOADS + K8S_CONFIG_GROUPS


@rule(
    "AIP-K8S-001",
    "pod-host-access",
    title="Pods get no privilege or host access",
    severity="critical",
    enforcement="mandatory",
    types=_WORKLOAD_TYPES,
    description="Pods of every workload kind (and in Helm-less YAML) run no privileged container and use no hostPath volume, hostNetwork, hostPID or hostIPC, except the documented node agents in exemptWorkloads.",
    rationale="A privileged or host-namespace container on a GPU node owns the node: its GPUs, its fabric devices, the kubelet credentials and every other tenant's training data on local NVMe.",
    remediation="Remove privileged, hostPath, hostNetwork, hostPID and hostIPC from the pod spec (mount data through PersistentVolumeClaims, reach GPUs through the device plugin); a genuine node agent DaemonSet goes into exemptWorkloads with a comment saying why.",
    unknown="An unknown pod spec gives an unknown verdict; an unknown metadata.name is judged under the resource name.",
    references=(
        "CKV_K8S_16",
        "CKV_K8S_17",
        "CKV_K8S_18",
        "CKV_K8S_19",
        "AVD-KSV-0017",
        "AVD-KSV-0023",
        "PSS baseline",
    ),
    config=_EXEMPT_CONFIG,
)
def k8s_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None or _exempt(kind, ns, name, ctx):
            continue
        yield from host_access_messages(_label(kind, ns, name), spec)


def host_access_messages(where: str, spec: Any) -> Iterator[str]:
    """Host namespaces, hostPath volumes and privileged containers of one pod spec."""
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if is_true(get(spec, field)):
            yield f"{where} sets {field}: true."
    for v in as_list(get(spec, "volumes")):
        if get(v, "hostPath") is not None:
            yield f"{where} mounts hostPath {get(v, 'hostPath', 'path') or ''} (volume {get(v, 'name')})."
    for cname, c in _containers(spec):
        if is_true(get(c, "securityContext", "privileged")):
            yield f"{where} container {cname} is privileged."


def root_messages(where: str, spec: Any) -> Iterator[str]:
    """Privilege escalation and root of each container of one pod spec."""
    pod_ctx = get(spec, "securityContext")
    pod_non_root = is_true(get(pod_ctx, "runAsNonRoot"))
    pod_uid = get(pod_ctx, "runAsUser")
    for cname, c in _containers(spec):
        sc = get(c, "securityContext")
        if not is_false(get(sc, "allowPrivilegeEscalation")):
            yield f"{where} container {cname} does not set allowPrivilegeEscalation: false."
        uid = get(sc, "runAsUser", default=pod_uid)
        non_root = is_true(get(sc, "runAsNonRoot")) or (
            pod_non_root and not is_false(get(sc, "runAsNonRoot"))
        )
        if isinstance(uid, (int, float)) and not isinstance(uid, bool):
            if uid == 0:
                yield f"{where} container {cname} runs as UID 0."
        elif not non_root:
            yield f"{where} container {cname} may run as root (no runAsNonRoot: true or non-zero runAsUser)."


@rule(
    "AIP-K8S-002",
    "pod-non-root",
    title="Containers run as non-root without privilege escalation",
    severity="high",
    enforcement="mandatory",
    types=_WORKLOAD_TYPES,
    description="Every container sets allowPrivilegeEscalation: false and runs as non-root (runAsNonRoot: true or a non-zero runAsUser, on the container or the pod), except the documented node agents in exemptWorkloads.",
    rationale="Root plus privilege escalation turns any exploitable bug in a model server, notebook or data loader into root on the node (Pod Security Standards 'restricted').",
    remediation="Set securityContext={'allowPrivilegeEscalation': False, 'runAsNonRoot': True, 'runAsUser': 1000} on each container (or runAsNonRoot/runAsUser on the pod) and build images that run as a non-root user.",
    unknown="An unknown securityContext gives an unknown verdict.",
    references=("CKV_K8S_20", "CKV_K8S_23", "CKV_K8S_40", "AVD-KSV-0001", "AVD-KSV-0012", "PSS restricted"),
    config=_EXEMPT_CONFIG,
)
def k8s_002(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None or _exempt(kind, ns, name, ctx):
            continue
        yield from root_messages(_label(kind, ns, name), spec)


@rule(
    "AIP-K8S-003",
    "workload-service-account",
    title="Workloads use their own service account",
    severity="medium",
    enforcement="mandatory",
    types=_WORKLOAD_TYPES,
    description="Every workload names a service account other than 'default', or does not mount a service-account token (automountServiceAccountToken: false).",
    rationale="Pods on the namespace's default service account share its token and every permission anyone ever bound to it; a dedicated account per workload keeps RBAC and cloud identity (IRSA, Workload Identity) least-privilege.",
    remediation="Create a kubernetes.core.v1.ServiceAccount per workload and set service_account_name in the pod spec, or set automount_service_account_token=False for pods that never call the API.",
    unknown="An unknown service account name gives an unknown verdict.",
    references=("CKV_K8S_38", "CKV_K8S_41"),
)
def k8s_003(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None or is_false(get(spec, "automountServiceAccountToken")):
            continue
        account = get(spec, "serviceAccountName") or get(spec, "serviceAccount")
        if not account or account == "default":
            yield f"{_label(kind, ns, name)} runs on the default service account with its token mounted."


def _subjects(binding: Res) -> list[tuple[str, str, str]]:
    return [
        (str(get(s, "kind") or ""), str(get(s, "namespace") or ""), str(get(s, "name") or ""))
        for s in as_list(get(binding.props, "subjects"))
    ]


def _is_system(kind: str, name: str) -> bool:
    return name.startswith("system:") and name not in PUBLIC_GROUPS


def _wildcard_rules(role: Res) -> list[str]:
    out = []
    for i, r in enumerate(as_list(get(role.props, "rules"))):
        verbs, resources = strings(get(r, "verbs")), strings(get(r, "resources"))
        if "*" in verbs or "*" in resources:
            out.append(f"rules[{i}] ({', '.join(verbs)} on {', '.join(resources) or 'nonResourceURLs'})")
    return out


@rule(
    "AIP-K8S-004",
    "rbac-least-privilege",
    title="No cluster-admin or wildcard roles for workloads and users",
    severity="critical",
    enforcement="mandatory",
    types=K8S_BINDINGS,
    stack=True,
    description="ClusterRoleBindings and RoleBindings do not bind cluster-admin, or a role of the program with wildcard verbs or resources, to subjects other than Kubernetes system identities; system:anonymous, system:unauthenticated and system:authenticated always count as non-system.",
    rationale="A notebook or pipeline service account with cluster-admin can read every secret (cloud credentials, registry tokens, kubeconfigs of other clusters) and schedule privileged pods on every GPU node.",
    remediation="Bind a Role or ClusterRole listing the verbs and resources the subject needs (see the MultiKueue worker role for a scoped example); keep cluster-admin for break-glass groups managed outside the workload's program.",
    unknown="Roles are joined by name (roleRef.name) within the program; an unknown roleRef or subject list gives an unknown verdict. Roles defined outside the program are judged by name only (cluster-admin, admin, edit).",
    references=("CKV_K8S_49", "AVD-KSV-0044", "AVD-KSV-0046", "AVD-KSV-0111"),
    config={"adminRoles": string_list(["cluster-admin"], "Built-in role names always treated as admin.")},
)
def k8s_004(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    roles: dict[tuple[str, str], Res] = {}
    for role in stack.of(*K8S_ROLES):
        try:
            name = get(role.props, "metadata", "name")
        except UnknownValueError:
            name = None
        roles[(_kind(role.type), str(name or role.name))] = role
    admin = ctx.words("adminRoles")
    for binding in stack.of(*K8S_BINDINGS):
        ref_kind = str(get(binding.props, "roleRef", "kind") or "ClusterRole")
        ref_name = str(get(binding.props, "roleRef", "name") or "")
        why = ""
        if ref_name.lower() in admin:
            why = ref_name
        elif (ref_kind, ref_name) in roles:
            wild = _wildcard_rules(roles[(ref_kind, ref_name)])
            if wild:
                why = f"{ref_kind} {ref_name} with wildcard {'; '.join(wild)}"
        if not why:
            continue
        for kind, ns, name in _subjects(binding):
            if _is_system(kind, name):
                continue
            subject = f"{kind} {ns + '/' if ns else ''}{name}"
            yield binding.urn, f"binding '{binding.name}' grants {why} to {subject}."


@rule(
    "AIP-K8S-005",
    "rbac-no-default-service-account",
    title="No role bindings to default service accounts",
    severity="high",
    enforcement="mandatory",
    types=K8S_BINDINGS,
    description="RoleBindings and ClusterRoleBindings do not bind any role to a namespace's 'default' service account.",
    rationale="Every pod without an explicit service account runs as 'default': a permission bound to it is silently granted to every such pod in the namespace.",
    remediation="Bind the role to a dedicated kubernetes.core.v1.ServiceAccount and set service_account_name on the pods that need it.",
    unknown="An unknown subject list gives an unknown verdict.",
    references=(),  # peer check ids unverified, omitted
)
def k8s_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name in _subjects(res):
        if kind == "ServiceAccount" and name == "default":
            yield f"binds {get(res.props, 'roleRef', 'name') or 'a role'} to the default service account of namespace {ns or 'default'}."
