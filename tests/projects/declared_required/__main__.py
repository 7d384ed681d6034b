import pulumi

pulumi.export("name", pulumi.Config().require("clusterName"))
