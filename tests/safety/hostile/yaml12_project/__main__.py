"""Exports the config values exactly as the program reads them."""

import pulumi

config = pulumi.Config()
pulumi.export("team", config.require("team"))
pulumi.export("since", config.require("since"))
pulumi.export("window", config.require("window"))
