"""Names built from the organization, as pulumi/training's exercises do."""

import pulumi

pulumi.export("base_name", f"{pulumi.get_organization()}-{pulumi.get_stack()}".lower())
