import os
import time

import pulumi
import pulumi_aws as aws

marker = pulumi.Config().get("marker") or os.devnull
first = os.fork()
if first == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3)
        with open(marker, "w") as out:
            out.write("escaped")
    os._exit(0)
os.waitpid(first, 0)
aws.s3.Bucket("data")
