"""Kubernetes pod confinement: seccomp and AppArmor profiles for every workload kind.

Profiles are read from the securityContext fields (``seccompProfile`` / ``appArmorProfile`` on the pod
and on each container, pulumi-kubernetes 4.34.2 ``core.v1`` input types) and from the annotation
spellings that predate them (``seccomp.security.alpha.kubernetes.io/pod``,
``container.seccomp.security.alpha.kubernetes.io/<container>``,
``container.apparmor.security.beta.kubernetes.io/<container>``). Checkov CKV_K8S_31 reads the seccomp
field and annotation (checkov 3.3.30 ``checkov/kubernetes/checks/resource/k8s/Seccomp.py``); checkov
3.3.30 has no AppArmor check (CKV_K8S_32 is the PodSecurityPolicy seccomp default), so the AppArmor
peer is Trivy AVD-KSV-0002 ("Default AppArmor profile not set"; its current text accepts an undefined
profile or runtime/default, i.e. it refuses what AIP-K8S-020 refuses; unverified against a Trivy tag).
Node agents in ``exemptWorkloads`` (AIP-K8S-001) are exempt: they run privileged, and a privileged
container is unconfined whatever its profile says.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..access import UnknownValueError, get
from ..registry import Res, RuleContext, rule
from .common import K8S_CONFIG_GROUPS
from .k8s import _EXEMPT_CONFIG, _WORKLOAD_KINDS, _WORKLOAD_TYPES, _containers, _exempt, _kind, _yaml_objects

SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
CONFINED_FIELD_TYPES = ("runtimedefault", "localhost")
"""seccompProfile.type / appArmorProfile.type values that confine (Pod Security Standards restricted:
RuntimeDefault or Localhost; Unconfined is refused)."""


def _annotation_confines(value: Any) -> bool | None:
    """True for runtime/default, docker/default and localhost/<profile>; False for unconfined;
    None for anything else (not a profile)."""
    text = str(value).strip().lower()
    if text in ("runtime/default", "docker/default") or text.startswith("localhost/"):
        return True
    if text == "unconfined":
        return False
    return None


def _field_confines(profile: Any) -> bool | None:
    """True for RuntimeDefault/Localhost, False for Unconfined, None when the profile is unset."""
    kind = get(profile, "type")
    if kind is None:
        return None
    return str(kind).strip().lower() in CONFINED_FIELD_TYPES


def pod_templates(res: Res) -> list[tuple[str, str, str, Any, Any]]:
    """(kind, namespace, name, pod-template annotations, pod spec) of a workload resource or of each
    workload in a ConfigGroup."""
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
        namespace = str(get(obj, "metadata", "namespace") or "default")
        if kind == "Pod":
            meta, spec = get(obj, "metadata"), get(obj, "spec")
        elif kind == "PodTemplate":
            meta, spec = get(obj, "template", "metadata"), get(obj, "template", "spec")
        elif kind == "CronJob":
            tpl = get(obj, "spec", "jobTemplate", "spec", "template")
            meta, spec = get(tpl, "metadata"), get(tpl, "spec")
        else:
            meta, spec = get(obj, "spec", "template", "metadata"), get(obj, "spec", "template", "spec")
        notes = get(meta, "annotations")
        out.append(
            (kind, namespace, str(name or res.name), notes if isinstance(notes, Mapping) else {}, spec)
        )
    return out


def _judged(res: Res, ctx: RuleContext) -> Iterator[tuple[str, Mapping[str, Any], Any]]:
    for kind, ns, name, notes, spec in pod_templates(res):
        if spec is not None and not _exempt(kind, ns, name, ctx):
            yield f"{kind} {ns}/{name}", notes, spec


@rule(
    "AIP-K8S-020",
    "pod-seccomp",
    title="Pods run under a seccomp profile and are never AppArmor-unconfined",
    severity="medium",
    enforcement="mandatory",
    types=_WORKLOAD_TYPES,
    description="Every container of every workload kind (also in Helm-less YAML) runs under seccomp RuntimeDefault or Localhost, set on the pod or the container (securityContext.seccompProfile or the seccomp annotations), and no pod or container sets seccomp or AppArmor to Unconfined; node agents in exemptWorkloads are exempt.",
    rationale="Without a seccomp profile a container may make every system call, including the ones behind most container escapes; Pod Security Standards 'restricted' requires RuntimeDefault or Localhost and 'baseline' forbids Unconfined for both seccomp and AppArmor.",
    remediation="Set security_context={'seccomp_profile': {'type': 'RuntimeDefault'}} on the pod spec (and never 'Unconfined' for seccomp_profile or app_armor_profile).",
    unknown="An unknown pod spec or profile gives an unknown verdict.",
    peers=("Checkov CKV_K8S_31", "Trivy AVD-KSV-0002"),
    config=_EXEMPT_CONFIG,
    equivalents=(
        "securityContext.seccompProfile.type RuntimeDefault or Localhost (pod or container) and the annotations seccomp.security.alpha.kubernetes.io/pod or container.seccomp.security.alpha.kubernetes.io/<name> with runtime/default, docker/default or localhost/<profile> confine alike; the container setting wins over the pod's.",
        "Unconfined is refused in every spelling: seccompProfile.type or appArmorProfile.type Unconfined (any case) and the annotation value 'unconfined'.",
    ),
)
def k8s_020(res: Res, ctx: RuleContext) -> Iterator[str]:
    for where, notes, spec in _judged(res, ctx):
        pod_field = _field_confines(get(spec, "securityContext", "seccompProfile"))
        pod_note = notes.get(SECCOMP_POD_ANNOTATION) if SECCOMP_POD_ANNOTATION in notes else None
        pod_level = (
            pod_field
            if pod_field is not None
            else (_annotation_confines(pod_note) if pod_note is not None else None)
        )
        if pod_level is False:
            yield f"{where} sets seccomp Unconfined for the pod."
        if _field_confines(get(spec, "securityContext", "appArmorProfile")) is False:
            yield f"{where} sets AppArmor Unconfined for the pod."
        for cname, c in _containers(spec):
            own = _field_confines(get(c, "securityContext", "seccompProfile"))
            note_key = SECCOMP_CONTAINER_ANNOTATION + cname
            if own is None and note_key in notes:
                own = _annotation_confines(notes[note_key])
            effective = own if own is not None else pod_level
            if effective is False and own is False:
                yield f"{where} container {cname} sets seccomp Unconfined."
            elif effective is None:
                yield f"{where} container {cname} has no seccomp profile (RuntimeDefault or Localhost)."
            if _field_confines(get(c, "securityContext", "appArmorProfile")) is False or (
                _annotation_confines(notes.get(APPARMOR_CONTAINER_ANNOTATION + cname, "")) is False
            ):
                yield f"{where} container {cname} sets AppArmor Unconfined."


@rule(
    "AIP-K8S-021",
    "pod-apparmor",
    title="Pods name an AppArmor profile",
    severity="low",
    enforcement="advisory",
    types=_WORKLOAD_TYPES,
    description="Every container runs under AppArmor RuntimeDefault or Localhost, set on the pod or the container (securityContext.appArmorProfile) or through the container.apparmor.security.beta.kubernetes.io/<name> annotation; node agents in exemptWorkloads are exempt.",
    rationale="Advisory: container runtimes apply their default AppArmor profile on AppArmor nodes anyway, and Amazon Linux and Bottlerocket nodes (the EKS GPU AMIs) do not run AppArmor at all; naming the profile documents intent where nodes support it.",
    remediation="Set security_context={'app_armor_profile': {'type': 'RuntimeDefault'}} on the pod spec where the nodes run AppArmor (GKE COS, Ubuntu).",
    unknown="An unknown pod spec or profile gives an unknown verdict.",
    peers=("Trivy AVD-KSV-0002 (stricter: no Checkov check asks for an AppArmor profile)",),
    config=_EXEMPT_CONFIG,
    equivalents=(
        "securityContext.appArmorProfile.type RuntimeDefault or Localhost (pod or container) and the annotation container.apparmor.security.beta.kubernetes.io/<name> with runtime/default or localhost/<profile> are one setting; the container setting wins over the pod's.",
    ),
)
def k8s_021(res: Res, ctx: RuleContext) -> Iterator[str]:
    for where, notes, spec in _judged(res, ctx):
        pod_level = _field_confines(get(spec, "securityContext", "appArmorProfile"))
        for cname, c in _containers(spec):
            own = _field_confines(get(c, "securityContext", "appArmorProfile"))
            note_key = APPARMOR_CONTAINER_ANNOTATION + cname
            if own is None and note_key in notes:
                own = _annotation_confines(notes[note_key])
            effective = own if own is not None else pod_level
            if effective is False:
                yield f"{where} container {cname} runs AppArmor Unconfined."
            elif effective is None:
                yield f"{where} container {cname} names no AppArmor profile (RuntimeDefault or Localhost)."
