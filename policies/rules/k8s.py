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
from .common import K8S_BINDINGS, K8S_CONFIG_GROUPS, K8S_ROLES, K8S_WORKLOAD_PATCHES, K8S_WORKLOADS

PUBLIC_GROUPS = ("system:anonymous", "system:unauthenticated", "system:authenticated")
"""Kubernetes groups that cover every (or every authenticated) caller: never "system" subjects
(CIS GKE 1.9.0 4.1.8-4.1.10)."""

EXEMPT_WORKLOADS = [
    # GPUDirect TCPX/TCPXO/RDMA on GKE (components/gcp/gpudirect.py): NCCL plugin installers and the
    # NRI device injector need hostPath, hostNetwork and privilege, as Google's manifests do. The
    # component names them ``nccl-<fabric>-installer-<pool>`` and ``device-injector-<pool>``.
    "DaemonSet:kube-system/nccl-tcpx-installer-*",
    "DaemonSet:kube-system/nccl-tcpxo-installer-*",
    "DaemonSet:kube-system/nccl-rdma-installer-*",
    "DaemonSet:kube-system/device-injector-*",
    # GKE's GPU driver installer (GoogleCloudPlatform/container-engine-accelerators
    # nvidia-driver-installer/*/daemonset*.yaml) and GKE's managed device plugin (names unverified).
    "DaemonSet:kube-system/nvidia-driver-installer",
    "DaemonSet:kube-system/nvidia-gpu-device-plugin-*",
    # NVIDIA GPU Operator v26.3.3 (components/onprem/gpu.py, namespace gpu-operator): the DaemonSets
    # its state manifests create, read from github.com/NVIDIA/gpu-operator assets/*/..._daemonset.yaml
    # at tag v26.3.3 (commit b0a49c0e, 2026-06-23). The driver DaemonSet of the NVIDIADriver CRD is
    # ``nvidia-<driverType>-driver-<osTag>-<hash>`` with driverType gpu, vgpu or vgpu-host-manager
    # (internal/state/driver.go, api/nvidia/v1alpha1/nvidiadriver_types.go); the NFD worker is the
    # node-feature-discovery subchart's ``<release>-node-feature-discovery-worker`` (release gpu-operator).
    *(
        f"DaemonSet:gpu-operator/{name}"
        for name in (
            "gpu-feature-discovery",
            "nvidia-cc-manager",
            "nvidia-container-toolkit-daemonset",
            "nvidia-dcgm-exporter",
            "nvidia-device-plugin-daemonset",
            "nvidia-device-plugin-mps-control-daemon",
            "nvidia-driver-daemonset",
            "nvidia-gpu-driver-*",
            "nvidia-vgpu-driver-*",
            "nvidia-vgpu-host-manager-driver-*",
            "nvidia-kata-manager",
            "nvidia-kata-sandbox-device-plugin-daemonset",
            "nvidia-mig-manager",
            "nvidia-node-status-exporter",
            "nvidia-operator-validator",
            "nvidia-sandbox-device-plugin-daemonset",
            "nvidia-sandbox-validator",
            "nvidia-vfio-manager",
            "nvidia-vgpu-device-manager",
            "nvidia-vgpu-manager-daemonset",
            "gpu-operator-node-feature-discovery-worker",
        )
    ),
    # NVIDIA Network Operator v26.4.1 (components/onprem/fabric.py, namespace nvidia-network-operator):
    # DaemonSets of manifests/state-*/ at github.com/Mellanox/network-operator tag v26.4.1 (commit
    # 85afd6d9, 2026-07-24); MOFED is ``mofed-<os><ver>-<kernelhash><suffix>-ds``, the device plugins
    # carry a name suffix of the NicClusterPolicy.
    *(
        f"DaemonSet:nvidia-network-operator/{name}"
        for name in (
            "cni-plugins-ds",
            "doca-telemetry-service",
            "kube-ipoib-cni-ds",
            "kube-multus-ds",
            "nic-configuration-daemon",
            "nic-feature-discovery-ds",
            "nv-ipam-node",
            "mofed-*-ds",
            "rdma-shared-dp-ds*",
            "network-operator-sriov-device-plugin*",
            "spectrum-x-flowcontroller",
        )
    ),
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
    """The Kubernetes kind of a type token; a ``*Patch`` resource (server-side apply) patches its kind."""
    return res_type.rsplit(":", 1)[-1].removesuffix("Patch")


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
_HOST_ACCESS_TYPES = _WORKLOAD_TYPES + K8S_WORKLOAD_PATCHES
"""A patch changes only the fields it names, so only rules that look for a dangerous field (not for a
missing safe one) judge ``*Patch`` resources."""


@rule(
    "AIP-K8S-001",
    "pod-host-access",
    title="Pods get no privilege or host access",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_K8S_16", "Checkov CKV_K8S_17", "Checkov CKV_K8S_18", "Checkov CKV_K8S_19"),
    types=_HOST_ACCESS_TYPES,
    description="Pods of every workload kind (in Helm-less YAML and in server-side-apply *Patch resources too) run no privileged container, add no SYS_ADMIN or ALL capability and use no hostPath volume, hostNetwork, hostPID or hostIPC, except the documented node agents in exemptWorkloads.",
    rationale="A privileged or host-namespace container on a GPU node owns the node: its GPUs, its fabric devices, the kubelet credentials and every other tenant's training data on local NVMe.",
    remediation="Remove privileged, added SYS_ADMIN/ALL capabilities, hostPath, hostNetwork, hostPID and hostIPC from the pod spec (mount data through PersistentVolumeClaims, reach GPUs through the device plugin); a genuine node agent DaemonSet goes into exemptWorkloads with a comment saying why.",
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
    equivalents=(
        "A workload kind and its server-side-apply patch are one workload: DeploymentPatch, StatefulSetPatch, DaemonSetPatch, ReplicaSetPatch, JobPatch, CronJobPatch, PodPatch, PodTemplatePatch and ReplicationControllerPatch are judged like the kinds they patch.",
        "privileged: true and the string 'true' are one setting; capabilities SYS_ADMIN and ALL are privilege in any case and with or without the CAP_ prefix (cap_sys_admin, CAP_SYS_ADMIN, all).",
        "Exemptions name the real DaemonSets of the pinned charts in their real namespaces: a look-alike name (nvidia-driver-daemonset-evil, nvidia-driver-installerx), another namespace, or any other DaemonSet in gpu-operator is not exempt.",
    ),
)
def k8s_001(res: Res, ctx: RuleContext) -> Iterator[str]:
    for kind, ns, name, spec in workloads(res):
        if spec is None or _exempt(kind, ns, name, ctx):
            continue
        yield from host_access_messages(_label(kind, ns, name), spec)


DANGEROUS_CAPABILITIES = ("SYS_ADMIN", "ALL")
"""Capabilities that amount to a privileged container: CAP_SYS_ADMIN (mount, BPF, namespaces) and
ALL. Compared case-insensitively with any ``CAP_`` prefix removed, as container runtimes accept both
(Pod Security Standards baseline allows only a short list of added capabilities)."""


def capability_name(value: object) -> str:
    """``cap_sys_admin``, ``SYS_ADMIN`` and `` Sys_Admin`` all as ``SYS_ADMIN``."""
    return str(value).strip().upper().removeprefix("CAP_")


def host_access_messages(where: str, spec: Any) -> Iterator[str]:
    """Host namespaces, hostPath volumes, privileged containers and SYS_ADMIN/ALL capabilities of one pod spec."""
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if is_true(get(spec, field)):
            yield f"{where} sets {field}: true."
    for v in as_list(get(spec, "volumes")):
        if get(v, "hostPath") is not None:
            yield f"{where} mounts hostPath {get(v, 'hostPath', 'path') or ''} (volume {get(v, 'name')})."
    for cname, c in _containers(spec):
        if is_true(get(c, "securityContext", "privileged")):
            yield f"{where} container {cname} is privileged."
        added = {capability_name(a) for a in strings(get(c, "securityContext", "capabilities", "add"))}
        for cap in DANGEROUS_CAPABILITIES:
            if cap in added:
                yield f"{where} container {cname} adds capability {cap}."


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
    peers=("Checkov CKV_K8S_20", "Checkov CKV_K8S_23", "Checkov CKV_K8S_40"),
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
    peers=("Checkov CKV_K8S_38", "Checkov CKV_K8S_41"),
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


SERVICE_ACCOUNT_GROUPS = ("system:serviceaccounts", "system:serviceaccounts:")
SERVICE_ACCOUNT_USER = "system:serviceaccount:"
"""Every service account (``system:serviceaccounts``), every one of a namespace
(``system:serviceaccounts:<ns>``) and one service account spelt as a user
(``system:serviceaccount:<ns>:<name>``): workload identities, never Kubernetes system components
(kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects)."""


def is_system_subject(name: str) -> bool:
    """A Kubernetes system identity (``system:kube-scheduler``, ``system:nodes``): a ``system:`` name that
    is neither a public group nor a service-account user or group."""
    n = name.strip()
    if n in PUBLIC_GROUPS or n == SERVICE_ACCOUNT_GROUPS[0]:
        return False
    if n.startswith(SERVICE_ACCOUNT_GROUPS[1]) or n.startswith(SERVICE_ACCOUNT_USER):
        return False
    return n.startswith("system:")


def _wildcard_rules(role: Res) -> list[str]:
    out = []
    for i, r in enumerate(as_list(get(role.props, "rules"))):
        verbs, resources = strings(get(r, "verbs")), strings(get(r, "resources"))
        if "*" in verbs or "*" in resources:
            out.append(f"rules[{i}] ({', '.join(verbs)} on {', '.join(resources) or 'nonResourceURLs'})")
    return out


BOOTSTRAP_LABEL = {"kubernetes.io/bootstrapping": "rbac-defaults"}
BUILTIN_CLUSTER_ROLES: dict[str, dict[str, str]] = {
    "cluster-admin": dict(BOOTSTRAP_LABEL),
    "admin": dict(BOOTSTRAP_LABEL),
    "edit": {**BOOTSTRAP_LABEL, "rbac.authorization.k8s.io/aggregate-to-admin": "true"},
    "system:aggregate-to-admin": {**BOOTSTRAP_LABEL, "rbac.authorization.k8s.io/aggregate-to-admin": "true"},
    "system:aggregate-to-edit": {**BOOTSTRAP_LABEL, "rbac.authorization.k8s.io/aggregate-to-edit": "true"},
}
"""Built-in ClusterRoles that grant admin or escalation rights, with their labels (Kubernetes
bootstrap policy, plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: every default role
carries ``kubernetes.io/bootstrapping=rbac-defaults``; ``edit`` aggregates into ``admin``;
``system:aggregate-to-edit`` grants secrets and service-account impersonation to ``edit``). Read
from a vendored copy of policy.go, not at a Kubernetes tag: unverified for the cluster's version.
``admin`` may create Roles and RoleBindings in its namespace; ``edit`` may read Secrets and run pods
as any service account of the namespace, which gains that account's rights
(kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles, read 2026-12)."""


def _labels(role: Res) -> dict[str, str]:
    labels = get(role.props, "metadata", "labels")
    if not isinstance(labels, Mapping):
        return {}
    return {str(k): str(labels[k]) for k in labels}


def selector_matches(selector: Any, labels: Mapping[str, str]) -> bool:
    """A Kubernetes label selector (matchLabels and matchExpressions) against ``labels``; an empty
    selector matches everything."""
    for k, v in dict(get(selector, "matchLabels") or {}).items():
        if labels.get(str(k)) != str(v):
            return False
    for expr in as_list(get(selector, "matchExpressions")):
        key, op = str(get(expr, "key") or ""), str(get(expr, "operator") or "")
        values = strings(get(expr, "values"))
        present = key in labels
        if op == "In" and not (present and labels[key] in values):
            return False
        if op == "NotIn" and present and labels[key] in values:
            return False
        if op == "Exists" and not present:
            return False
        if op == "DoesNotExist" and present:
            return False
    return True


def _aggregated(role: Res, cluster_roles: list[tuple[str, Res]]) -> list[str]:
    """What an aggregated ClusterRole pulls in: privileged built-in roles its selectors match, and
    program ClusterRoles with wildcard rules whose labels match."""
    rule = get(role.props, "aggregationRule")
    if rule is None:
        return []
    selectors = as_list(get(rule, "clusterRoleSelectors"))
    out = []
    for name, labels in BUILTIN_CLUSTER_ROLES.items():
        if any(selector_matches(sel, labels) for sel in selectors):
            out.append(f"aggregates the built-in {name}")
    for name, other in cluster_roles:
        if other is role:
            continue
        if any(selector_matches(sel, _labels(other)) for sel in selectors):
            wild = _wildcard_rules(other)
            if wild:
                out.append(f"aggregates ClusterRole {name} with wildcard {'; '.join(wild)}")
    return out


def _meta(res: Res, key: str) -> str | None:
    """``metadata.<key>`` of a resource, None when unknown at preview."""
    try:
        value = get(res.props, "metadata", key)
    except UnknownValueError:
        return None
    return str(value) if value else ""


@rule(
    "AIP-K8S-004",
    "rbac-least-privilege",
    title="No cluster-admin or wildcard roles for workloads and users",
    severity="critical",
    enforcement="mandatory",
    peers=("Checkov CKV_K8S_49",),
    types=K8S_BINDINGS,
    stack=True,
    description="ClusterRoleBindings and RoleBindings do not bind cluster-admin, the built-in admin or edit ClusterRoles, a role of the program with wildcard verbs or resources, or an aggregated ClusterRole that pulls in any of these, to subjects other than Kubernetes system identities; system:anonymous, system:unauthenticated, system:authenticated and the service-account subjects system:serviceaccounts, system:serviceaccounts:<ns> and system:serviceaccount:<ns>:<name> always count as non-system.",
    rationale="A notebook or pipeline service account with cluster-admin can read every secret (cloud credentials, registry tokens, kubeconfigs of other clusters) and schedule privileged pods on every GPU node; admin and edit give the same within a namespace (secrets, pods as any service account).",
    remediation="Bind a Role or ClusterRole listing the verbs and resources the subject needs (see the MultiKueue worker role for a scoped example); keep cluster-admin for break-glass groups managed outside the workload's program.",
    unknown="A RoleBinding's Role is joined by namespace and name (metadata.namespace, 'default' when absent), a ClusterRole by name; a role whose namespace is unknown at preview is joined by name in any namespace. An unknown roleRef or subject list gives an unknown verdict. Roles defined outside the program are judged by name only (adminRoles: cluster-admin, admin, edit).",
    references=("CKV_K8S_49", "AVD-KSV-0044", "AVD-KSV-0046", "AVD-KSV-0111"),
    config={
        "adminRoles": string_list(
            ["cluster-admin", "admin", "edit"], "Built-in ClusterRole names always treated as admin."
        )
    },
    equivalents=(
        "Service-account subjects are workloads in every spelling: ServiceAccount ns/name, User system:serviceaccount:<ns>:<name>, Group system:serviceaccounts:<ns> and Group system:serviceaccounts; only other system: names are Kubernetes system identities.",
        "cluster-admin, admin and edit are admin roles by name (compared case-insensitively); an aggregated ClusterRole is what it aggregates: a selector matching a built-in admin role (empty selector, kubernetes.io/bootstrapping=rbac-defaults, aggregate-to-admin, aggregate-to-edit) or a program ClusterRole with wildcard rules.",
        "A RoleBinding's Role is the Role of the same name in the binding's namespace (metadata.namespace, 'default' when absent): a same-named Role elsewhere neither hides nor stands in for it.",
    ),
)
def k8s_004(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    roles: dict[tuple[str, str | None, str], list[Res]] = {}
    cluster_roles: list[tuple[str, Res]] = []
    for role in stack.of(*K8S_ROLES):
        kind = _kind(role.type)
        name = _meta(role, "name") or role.name
        namespace = None if kind == "ClusterRole" else _meta(role, "namespace")
        if namespace == "":
            namespace = "default"
        roles.setdefault((kind, "" if kind == "ClusterRole" else namespace, name), []).append(role)
        if kind == "ClusterRole":
            cluster_roles.append((name, role))
    admin = ctx.words("adminRoles")
    for binding in stack.of(*K8S_BINDINGS):
        ref_kind = str(get(binding.props, "roleRef", "kind") or "ClusterRole")
        ref_name = str(get(binding.props, "roleRef", "name") or "")
        if ref_kind == "ClusterRole":
            candidates = roles.get(("ClusterRole", "", ref_name), [])
        else:
            ns = _meta(binding, "namespace")
            ns = "default" if ns == "" else ns
            if ns is None:  # unknown namespace: any same-named Role may be the one
                candidates = [
                    r for (k, _n, nm), rs in roles.items() if k == "Role" and nm == ref_name for r in rs
                ]
            else:
                candidates = roles.get(("Role", ns, ref_name), []) + roles.get(("Role", None, ref_name), [])
        why = ""
        if ref_kind == "ClusterRole" and ref_name.lower() in admin:
            why = ref_name
        else:
            for role in candidates:
                reasons = [f"wildcard {w}" for w in _wildcard_rules(role)]
                if ref_kind == "ClusterRole":
                    reasons += _aggregated(role, cluster_roles)
                if reasons:
                    why = f"{ref_kind} {ref_name} with {'; '.join(reasons)}"
                    break
        if not why:
            continue
        for kind, ns, name in _subjects(binding):
            if is_system_subject(name):
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
    description="RoleBindings and ClusterRoleBindings do not bind any role to a namespace's 'default' service account, whether it is named as a ServiceAccount, as the user system:serviceaccount:<ns>:default, or included in the group system:serviceaccounts:<ns> or system:serviceaccounts.",
    rationale="Every pod without an explicit service account runs as 'default': a permission bound to it is silently granted to every such pod in the namespace.",
    remediation="Bind the role to a dedicated kubernetes.core.v1.ServiceAccount and set service_account_name on the pods that need it.",
    unknown="An unknown subject list gives an unknown verdict.",
    references=(),  # peer check ids unverified, omitted
    equivalents=(
        "The default service account of a namespace in every spelling: ServiceAccount default (namespace ns), User system:serviceaccount:<ns>:default, and the groups that contain it, system:serviceaccounts:<ns> (every account of the namespace) and system:serviceaccounts (every account of the cluster).",
    ),
)
def k8s_005(res: Res, ctx: RuleContext) -> Iterator[str]:
    role = get(res.props, "roleRef", "name") or "a role"
    for kind, ns, name in _subjects(res):
        where = default_account_scope(kind, ns, name)
        if where:
            yield f"binds {role} to {where}."


def default_account_scope(kind: str, namespace: str, name: str) -> str | None:
    """Which default service accounts a subject is or includes, in words; None when none."""
    n = name.strip()
    if kind == "ServiceAccount" and n == "default":
        return f"the default service account of namespace {namespace or 'default'}"
    if kind == "User" and n.startswith(SERVICE_ACCOUNT_USER) and n.endswith(":default") and n.count(":") == 3:
        return f"the default service account of namespace {n.split(':')[2]} (as user {n})"
    if kind == "Group" and n == SERVICE_ACCOUNT_GROUPS[0]:
        return f"every service account of the cluster, default ones included (group {n})"
    if kind == "Group" and n.startswith(SERVICE_ACCOUNT_GROUPS[1]):
        return f"every service account of namespace {n[len(SERVICE_ACCOUNT_GROUPS[1]) :]}, default included (group {n})"
    return None
