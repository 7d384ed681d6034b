import pulumi
import pulumi_aws as aws
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.settings import get_monitor


def register(name: str) -> str:
    request = resource_pb2.RegisterResourceRequest(type="pulumi:pulumi:Stack", name=name)
    return get_monitor().RegisterResource(request).urn


register("before")  # synchronously, before the SDK's own root stack registration runs
pulumi.export("endpoint", "https://example.invalid")
bucket = aws.s3.Bucket("data")
bucket.urn.apply(lambda _: register("after"))  # once the bucket, and so the root stack, is registered
