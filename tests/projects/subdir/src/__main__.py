import pulumi
from helpers import shout

pulumi.export("greeting", shout(pulumi.Config().require("greeting")))
