"""Cloud-neutral GPU/TPU scheduling on Kueue: the ``scheduling`` spec every blueprint takes, the flavors
derived from the pools, the quota checks, the Kueue objects and the team self-service bundle.

Provider SDKs are imported lazily: validating or planning a spec needs none of them.
"""

from ..lazy import lazy_exports

__getattr__ = lazy_exports(
    __name__,
    {
        "SchedulingSpec": "spec",
        "TeamSpec": "spec",
        "CohortSpec": "spec",
        "PriorityClassSpec": "spec",
        "FlavorSource": "flavors",
        "SchedulingPlan": "flavors",
        "check_plan": "check",
        "KueueScheduling": "component",
        "KueueInstall": "install",
        "scheduling_summary": "summary",
    },
)
