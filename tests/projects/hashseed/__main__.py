import pulumi
import pulumi_aws as aws

TEAMS = {"research", "platform", "inference", "training", "data", "security", "finance", "ops"}

bucket = aws.s3.Bucket(
    "datasets",
    tags={f"team-{team}": "yes" for team in TEAMS},
    lifecycle_rules=[{"enabled": True, "id": team, "prefix": f"{team}/"} for team in sorted(TEAMS)],
)
pulumi.export("teams", {team: len(team) for team in TEAMS})
