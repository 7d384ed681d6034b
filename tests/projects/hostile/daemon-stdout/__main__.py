import os
import threading
import time

import pulumi_aws as aws


def _noise() -> None:
    while True:
        os.write(1, b'{"not": "the report"}\n')
        time.sleep(0.001)


threading.Thread(target=_noise, daemon=True).start()
for i in range(20):
    aws.s3.Bucket(f"bucket-{i}")
    time.sleep(0.005)
