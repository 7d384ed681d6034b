"""Team identities on GCP: a Google service account per team bound to its Kubernetes
ServiceAccount through Workload Identity, scoped to its prefix of the cold bucket.

Bucket access is one ``roles/storage.objectUser`` binding with an IAM condition: objects whose
name starts with ``projects/_/buckets/<bucket>/objects/teams/<team>/``, plus the bucket itself
(listing is a bucket-level permission; it shows object names, not contents). The hot tier
(Managed Lustre / Filestore) imports from the cold bucket, so the team's hot-tier directory is the
same prefix; file-system access is POSIX, not IAM.

No per-team Cloud Billing budget (see :class:`TeamIdentities`): team spend is GKE cost allocation
(``k8s-namespace`` in the BigQuery billing export; the cluster enables it) and OpenCost, whose
metrics a team's ``budget`` alert reads in managed Prometheus (components/observability/budgets.py).

Children: ``{name}-sa-<team>``, ``{name}-wi-<team>``, ``{name}-data-<team>``.
"""

from __future__ import annotations

import pulumi

from ..base import Component
from ..scheduling.spec import SchedulingSpec

TEAM_PREFIX = "teams/{team}/"
OBJECT_ROLE = "roles/storage.objectUser"
WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser"


def account_id(team: str) -> str:
    """A service account id for the team (6-30 characters, ``[a-z][a-z0-9-]*[a-z0-9]``)."""
    return f"team-{team}"[:30].rstrip("-")


def workload_identity_member(project: str, namespace: str, account: str) -> str:
    """The Kubernetes ServiceAccount as an IAM member of the cluster's workload pool."""
    return f"serviceAccount:{project}.svc.id.goog[{namespace}/{account}]"


def prefix_condition(bucket: str, team: str) -> dict[str, str]:
    """IAM condition: the bucket (for listing) and the objects under the team's prefix only."""
    return object_prefix_condition(bucket, TEAM_PREFIX.format(team=team), f"team-{team}-prefix")


def object_prefix_condition(bucket: str, prefix: str, title: str) -> dict[str, str]:
    """IAM condition titled ``title``: the bucket (for listing) and the objects under ``prefix`` only."""
    return {
        "title": title,
        "description": f"objects under gs://{bucket}/{prefix} and listing the bucket",
        "expression": (
            'resource.type == "storage.googleapis.com/Bucket" || '
            f'resource.name.startsWith("projects/_/buckets/{bucket}/objects/{prefix}")'
        ),
    }


class TeamIdentities(Component):
    """Per team: a Google service account, its Workload Identity binding and its bucket prefix.

    No Cloud Billing budget per team: budget label filters see resource labels, no node carries a team
    label (teams share nodes through Kueue), and GKE cost allocation's ``k8s-namespace`` /
    ``k8s-label/*`` labels appear only in the BigQuery detailed billing export (GKE docs,
    cost-allocations "Limitations"), not to budgets (docs/audit-and-cost.md).
    """

    emails: dict[str, pulumi.Output[str]]

    def __init__(
        self,
        name: str,
        spec: SchedulingSpec,
        *,
        platform: str,
        project: str,
        bucket_name: pulumi.Input[str] | None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:TeamIdentities", name, opts)
        import pulumi_gcp as gcp

        self.emails = {}
        for team in spec.teams:
            account = gcp.serviceaccount.Account(
                f"{name}-sa-{team.name}",
                project=project,
                account_id=account_id(team.name),
                display_name=f"Team {team.name} ({platform})",
                opts=self.child_opts(),
            )
            gcp.serviceaccount.IAMMember(
                f"{name}-wi-{team.name}",
                service_account_id=account.name,
                role=WORKLOAD_IDENTITY_ROLE,
                member=workload_identity_member(project, team.ns, team.name),
                opts=self.child_opts(),
            )
            if bucket_name is not None:
                gcp.storage.BucketIAMMember(
                    f"{name}-data-{team.name}",
                    bucket=bucket_name,
                    role=OBJECT_ROLE,
                    member=account.email.apply(lambda e: f"serviceAccount:{e}"),
                    condition=pulumi.Output.from_input(bucket_name).apply(
                        lambda b, t=team.name: prefix_condition(b, t)
                    ),
                    opts=self.child_opts(),
                )
            self.emails[team.name] = account.email
        self.register_outputs({"emails": self.emails})

    def annotations(self) -> dict[str, dict[str, pulumi.Output[str]]]:
        """ServiceAccount annotations binding each team's account to its Google service account."""
        return {team: {"iam.gke.io/gcp-service-account": email} for team, email in self.emails.items()}
