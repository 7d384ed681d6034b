"""The Pod Security Standards checks of tests/contracts/pss.py: pass, fail, unknown (field absent:
the Kubernetes default) and equivalent-spelling fixtures per level, as the admission controller
(kubernetes/pod-security-admission v0.33.13 policy/check_*.go) judges them."""

from __future__ import annotations

from typing import Any

import pytest

from . import pss

RESTRICTED_OK: dict[str, Any] = {
    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
    "containers": [
        {
            "name": "c",
            "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
        }
    ],
}


def _with(container_sc: dict[str, Any] | None = None, **pod: Any) -> dict[str, Any]:
    return {**pod, "containers": [{"name": "c", "securityContext": container_sc or {}}]}


@pytest.mark.parametrize(
    ("pod", "level", "expected"),
    [
        # pass
        (_with({"capabilities": {"add": ["NET_BIND_SERVICE", "CHOWN"]}}), "baseline", []),
        (RESTRICTED_OK, "restricted", []),
        # unknown value: every field absent is the Kubernetes default, admitted by baseline ...
        ({"containers": [{"name": "c"}]}, "baseline", []),
        # ... but restricted requires explicit settings
        (
            {"containers": [{"name": "c"}]},
            "restricted",
            [
                "container c allowPrivilegeEscalation != false",
                "container c runAsNonRoot != true",
                "container c seccompProfile not RuntimeDefault/Localhost",
                "container c does not drop ALL",
            ],
        ),
        # fail
        (_with({"privileged": True}), "baseline", ["container c privileged"]),
        (_with(hostNetwork=True), "baseline", ["hostNetwork=true"]),
        (
            {"volumes": [{"name": "h", "hostPath": {"path": "/"}}], "containers": [{"name": "c"}]},
            "baseline",
            ["hostPath volume h"],
        ),
        (_with({"capabilities": {"add": ["NET_ADMIN"]}}), "baseline", ["container c adds NET_ADMIN"]),
        (
            {"containers": [{"name": "c", "ports": [{"containerPort": 80, "hostPort": 80}]}]},
            "baseline",
            ["container c hostPort 80"],
        ),
        (
            _with({"seccompProfile": {"type": "Unconfined"}}),
            "baseline",
            ["container c seccompProfile Unconfined"],
        ),
        (
            {**RESTRICTED_OK, "volumes": [{"name": "n", "nfs": {"server": "x", "path": "/"}}]},
            "restricted",
            ["volume n of type nfs"],
        ),
        # equivalent spelling: the CAP_ prefix is not the allowed name, so it is refused as written;
        # privileged on an init container counts like on a container
        (_with({"capabilities": {"add": ["CAP_CHOWN"]}}), "baseline", ["container c adds CAP_CHOWN"]),
        (
            {
                "initContainers": [{"name": "i", "securityContext": {"privileged": True}}],
                "containers": [{"name": "c"}],
            },
            "baseline",
            ["container i privileged"],
        ),
        # privileged admits anything
        (_with({"privileged": True}, hostPID=True), "privileged", []),
    ],
)
def test_levels(pod: dict[str, Any], level: str, expected: list[str]) -> None:
    assert pss.violations(pod, level) == expected


def test_pod_level_run_as_non_root_covers_containers_unless_one_overrides_it() -> None:
    pod = {
        **RESTRICTED_OK,
        "containers": [*RESTRICTED_OK["containers"], {**RESTRICTED_OK["containers"][0], "name": "d"}],
    }
    assert pss.violations(pod, "restricted") == []
    pod["containers"][1] = {
        "name": "d",
        "securityContext": {**pod["containers"][1]["securityContext"], "runAsNonRoot": False},
    }
    assert pss.violations(pod, "restricted") == ["container d runAsNonRoot != true"]


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="pod-security level 'strict'"):
        pss.violations({}, "strict")
