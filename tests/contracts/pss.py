"""The Kubernetes Pod Security Standards, baseline and restricted, as checks over a PodSpec (camelCase).

Source: the Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards/)
as implemented by the admission controller, kubernetes/pod-security-admission tag v0.33.13 (Kubernetes
1.33, commit 357c71d8de94, 2026-06-12), ``policy/check_*.go``: one function here per check there,
the policy version ``latest``. Restricted includes every baseline check. A field that is absent
is the Kubernetes default (not privileged, no host namespace, and so on), exactly as the admission
controller reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Pod = Mapping[str, Any]

LEVELS = ("privileged", "baseline", "restricted")
# check_capabilities_baseline.go capabilities_allowed_1_0
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
# check_sysctls.go (the safe set of the latest policy version)
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
    }
)
# check_restrictedVolumes.go: the volume types restricted allows
RESTRICTED_VOLUMES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)


def containers(pod: Pod) -> Iterator[Mapping[str, Any]]:
    """Every container, init container and ephemeral container of a pod."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        yield from pod.get(key) or ()


def _sc(c: Mapping[str, Any]) -> Mapping[str, Any]:
    return c.get("securityContext") or {}


def _pod_sc(pod: Pod) -> Mapping[str, Any]:
    return pod.get("securityContext") or {}


def host_namespaces(pod: Pod) -> list[str]:
    """check_hostNamespaces.go: hostNetwork, hostPID, hostIPC must be unset or false."""
    return [f"{k}=true" for k in ("hostNetwork", "hostPID", "hostIPC") if pod.get(k) is True]


def privileged(pod: Pod) -> list[str]:
    """check_privileged.go: no container may set securityContext.privileged true."""
    return [
        f"container {c.get('name')} privileged" for c in containers(pod) if _sc(c).get("privileged") is True
    ]


def capabilities_baseline(pod: Pod) -> list[str]:
    """check_capabilities_baseline.go: capabilities.add only from the baseline set."""
    out = []
    for c in containers(pod):
        extra = sorted(set((_sc(c).get("capabilities") or {}).get("add") or ()) - BASELINE_CAPABILITIES)
        if extra:
            out.append(f"container {c.get('name')} adds {', '.join(extra)}")
    return out


def host_path_volumes(pod: Pod) -> list[str]:
    """check_hostPathVolumes.go: no hostPath volume."""
    return [f"hostPath volume {v.get('name')}" for v in pod.get("volumes") or () if "hostPath" in v]


def host_ports(pod: Pod) -> list[str]:
    """check_hostPorts.go: no container port with a non-zero hostPort."""
    return [
        f"container {c.get('name')} hostPort {p['hostPort']}"
        for c in containers(pod)
        for p in c.get("ports") or ()
        if p.get("hostPort")
    ]


def seccomp_baseline(pod: Pod) -> list[str]:
    """check_seccompProfile_baseline.go: no seccomp profile of type Unconfined."""
    scs = [("pod", _pod_sc(pod))] + [(f"container {c.get('name')}", _sc(c)) for c in containers(pod)]
    return [
        f"{who} seccompProfile Unconfined"
        for who, sc in scs
        if (sc.get("seccompProfile") or {}).get("type") == "Unconfined"
    ]


def proc_mount(pod: Pod) -> list[str]:
    """check_procMount.go: procMount unset or Default."""
    return [
        f"container {c.get('name')} procMount {_sc(c)['procMount']}"
        for c in containers(pod)
        if _sc(c).get("procMount") not in (None, "Default")
    ]


def sysctls(pod: Pod) -> list[str]:
    """check_sysctls.go: only the safe sysctls."""
    return [
        f"sysctl {s.get('name')}"
        for s in _pod_sc(pod).get("sysctls") or ()
        if s.get("name") not in SAFE_SYSCTLS
    ]


def windows_host_process(pod: Pod) -> list[str]:
    """check_windowsHostProcess.go: no windowsOptions.hostProcess true."""
    scs = [_pod_sc(pod)] + [_sc(c) for c in containers(pod)]
    return (
        ["windowsOptions.hostProcess"]
        if any((sc.get("windowsOptions") or {}).get("hostProcess") for sc in scs)
        else []
    )


def restricted_volumes(pod: Pod) -> list[str]:
    """check_restrictedVolumes.go: only the restricted volume types."""
    out = []
    for v in pod.get("volumes") or ():
        kinds = [k for k in v if k != "name"]
        if kinds and not set(kinds) <= RESTRICTED_VOLUMES:
            out.append(f"volume {v.get('name')} of type {', '.join(sorted(set(kinds) - RESTRICTED_VOLUMES))}")
    return out


def allow_privilege_escalation(pod: Pod) -> list[str]:
    """check_allowPrivilegeEscalation.go: every container sets allowPrivilegeEscalation false."""
    return [
        f"container {c.get('name')} allowPrivilegeEscalation != false"
        for c in containers(pod)
        if _sc(c).get("allowPrivilegeEscalation") is not False
    ]


def run_as_non_root(pod: Pod) -> list[str]:
    """check_runAsNonRoot.go: runAsNonRoot true on the pod or on every container, never false."""
    pod_value = _pod_sc(pod).get("runAsNonRoot")
    out = []
    for c in containers(pod):
        value = _sc(c).get("runAsNonRoot", pod_value)
        if value is not True:
            out.append(f"container {c.get('name')} runAsNonRoot != true")
    return out


def run_as_user(pod: Pod) -> list[str]:
    """check_runAsUser.go: runAsUser never 0."""
    scs = [("pod", _pod_sc(pod))] + [(f"container {c.get('name')}", _sc(c)) for c in containers(pod)]
    return [f"{who} runAsUser 0" for who, sc in scs if sc.get("runAsUser") == 0]


def seccomp_restricted(pod: Pod) -> list[str]:
    """check_seccompProfile_restricted.go: RuntimeDefault or Localhost on the pod or every container."""
    ok = {"RuntimeDefault", "Localhost"}
    pod_type = (_pod_sc(pod).get("seccompProfile") or {}).get("type")
    return [
        f"container {c.get('name')} seccompProfile not RuntimeDefault/Localhost"
        for c in containers(pod)
        if ((_sc(c).get("seccompProfile") or {}).get("type") or pod_type) not in ok
    ]


def capabilities_restricted(pod: Pod) -> list[str]:
    """check_capabilities_restricted.go: drop ALL, add at most NET_BIND_SERVICE."""
    out = []
    for c in containers(pod):
        caps = _sc(c).get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or ()):
            out.append(f"container {c.get('name')} does not drop ALL")
        extra = sorted(set(caps.get("add") or ()) - {"NET_BIND_SERVICE"})
        if extra:
            out.append(f"container {c.get('name')} adds {', '.join(extra)}")
    return out


BASELINE: tuple[Callable[[Pod], list[str]], ...] = (
    host_namespaces,
    privileged,
    capabilities_baseline,
    host_path_volumes,
    host_ports,
    seccomp_baseline,
    proc_mount,
    sysctls,
    windows_host_process,
)
RESTRICTED = (
    host_namespaces,
    privileged,
    host_path_volumes,
    host_ports,
    seccomp_baseline,
    proc_mount,
    sysctls,
    windows_host_process,
    restricted_volumes,
    allow_privilege_escalation,
    run_as_non_root,
    run_as_user,
    seccomp_restricted,
    capabilities_restricted,
)


def violations(pod: Pod, level: str) -> list[str]:
    """Why ``pod`` is refused at Pod Security ``level`` (empty: admitted)."""
    if level not in LEVELS:
        raise ValueError(f"pod-security level {level!r}: one of {', '.join(LEVELS)}")
    checks = {"privileged": (), "baseline": BASELINE, "restricted": RESTRICTED}[level]
    return [v for check in checks for v in check(pod)]
