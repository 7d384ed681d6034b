"""Programs using pulumi_eks register one remote component per cluster and node group; these look-alikes
register the same type tokens with the inputs (camelCase, as the SDK sends them) of pulumi-eks 4.4.0."""

import pulumi


class Cluster(pulumi.ComponentResource):
    """Look-alike of pulumi_eks.Cluster (``eks:index:Cluster``, remote)."""

    def __init__(self, name: str, props: dict) -> None:
        super().__init__("eks:index:Cluster", name, props, None, remote=True)


class ManagedNodeGroup(pulumi.ComponentResource):
    """Look-alike of pulumi_eks.ManagedNodeGroup (``eks:index:ManagedNodeGroup``, remote)."""

    def __init__(self, name: str, props: dict) -> None:
        super().__init__("eks:index:ManagedNodeGroup", name, props, None, remote=True)


config = pulumi.Config()
hardened = config.get_bool("hardened") or False
if hardened:
    Cluster(
        "ml",
        {
            "endpointPublicAccess": False,
            "endpointPrivateAccess": True,
            "enabledClusterLogTypes": ["api", "audit", "authenticator"],
            "encryptionConfigKeyArn": "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
    )
else:
    Cluster("ml", {"publicAccessCidrs": ["0.0.0.0/0"], "instanceType": "g6e.12xlarge"})
ManagedNodeGroup("gpu", {"instanceTypes": ["p5.48xlarge"], "remoteAccess": {"ec2SshKey": "ops"}})
