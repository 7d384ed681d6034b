"""Equivalence classes of the AIP-AI rules (SageMaker, Bedrock, Vertex AI, Workbench, Colab).

Each rule gets a failing and a passing class (and an unknown class unless the rule documents an
unknown value as a reference that counts as set). Generators vary the spelling the rule documents as
equivalent (absent vs. the API default, booleans as strings in any case, keys as blank strings,
policy documents as JSON text or mappings, instance types in any case) together with properties
the rule must ignore (tags, names, sizes).
"""

from __future__ import annotations

import json
from typing import Any

from equivalences import EquivalenceClass
from hypothesis import strategies as st
from policy_fixtures import Spec

from aiinfra.engine.model import UNKNOWN

NB = "aws:sagemaker/notebookInstance:NotebookInstance"
DOMAIN = "aws:sagemaker/domain:Domain"
EPC = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
TJ = "aws:sagemaker/trainingJob:TrainingJob"
MODEL = "aws:sagemaker/model:Model"
FG = "aws:sagemaker/featureGroup:FeatureGroup"
ROLE = "aws:iam/role:Role"
RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
USER_POLICY = "aws:iam/userPolicy:UserPolicy"
GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
GUARDRAIL = "aws:bedrock/guardrail:Guardrail"
AGENT = "aws:bedrock/agentAgent:AgentAgent"
MEMORY = "aws:bedrock/agentcoreMemory:AgentcoreMemory"
DS = "aws:bedrock/agentDataSource:AgentDataSource"
CM = "aws:bedrock/customModel:CustomModel"
RUNTIME = "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime"
LOGGING = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"
WB = "gcp:workbench/instance:Instance"
VERTEX = (
    "gcp:vertex/aiDataset:AiDataset",
    "gcp:vertex/aiEndpoint:AiEndpoint",
    "gcp:vertex/aiFeatureStore:AiFeatureStore",
    "gcp:vertex/aiFeatureOnlineStore:AiFeatureOnlineStore",
    "gcp:vertex/aiIndex:AiIndex",
    "gcp:vertex/aiIndexEndpoint:AiIndexEndpoint",
    "gcp:vertex/aiMetadataStore:AiMetadataStore",
    "gcp:vertex/aiTensorboard:AiTensorboard",
)
ENDPOINT = "gcp:vertex/aiEndpoint:AiEndpoint"
INDEX_EP = "gcp:vertex/aiIndexEndpoint:AiIndexEndpoint"
TEMPLATE = "gcp:colab/runtimeTemplate:RuntimeTemplate"

ABSENT = object()
"""A generated value meaning 'leave the property out'."""

KEYS = st.sampled_from(
    [
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
        "arn:aws:kms:eu-west-1:444455556666:alias/ml",
        "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/k",
    ]
)
BLANK_KEYS = st.sampled_from([ABSENT, "", " ", "  \t"])
TRUE = st.sampled_from([True, "true", "TRUE", "True", " true "])
FALSE_OR_ABSENT = st.sampled_from([ABSENT, False, "false", "FALSE"])
NOISE = st.fixed_dictionaries(
    {},
    optional={
        "tags": st.dictionaries(
            st.sampled_from(["team", "env", "tier"]), st.text("abc", min_size=1, max_size=4)
        ),
        "description": st.text("xyz ", max_size=8),
    },
)


def put(inputs: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """``inputs`` with ``value`` at the nested ``path`` (left out when ``value`` is ABSENT)."""
    out = json.loads(json.dumps(inputs))
    node = out
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if value is not ABSENT:
        node[path[-1]] = value
    return out


def one(
    type_: str, base: dict[str, Any], path: tuple[str, ...], values: st.SearchStrategy
) -> st.SearchStrategy:
    """Programs of one resource of ``type_``: ``base`` plus noise, ``values`` at ``path``."""
    return st.tuples(values, NOISE).map(lambda t: [Spec(type_, "r", {**put(base, path, t[0]), **t[1]})])


def classes(
    rule: str,
    type_: str,
    base: dict[str, Any],
    path: tuple[str, ...],
    *,
    fail: st.SearchStrategy,
    ok: st.SearchStrategy,
    unknown: str = "unknown",
) -> list[EquivalenceClass]:
    """The failing, passing and unknown classes of a one-property rule; ``unknown`` is the verdict of
    an unknown value at ``path`` ("pass" for key references)."""
    return [
        EquivalenceClass(rule, "fail-spellings", "fail", (), one(type_, base, path, fail)),
        EquivalenceClass(rule, "pass-spellings", "pass", (), one(type_, base, path, ok)),
        EquivalenceClass(rule, "computed-value", unknown, ([Spec(type_, "r", put(base, path, UNKNOWN))],)),
    ]


def policy_doc(statement: dict[str, Any], as_text: bool) -> Any:
    doc = {"Version": "2012-10-17", "Statement": [statement]}
    return json.dumps(doc) if as_text else doc


INVOKE_ALL = st.tuples(
    st.sampled_from(
        [
            "bedrock:InvokeModel",
            "bedrock:Invoke*",
            "bedrock:*",
            "BEDROCK:invokemodel",
            ["bedrock:InvokeModelWithResponseStream"],
        ]
    ),
    st.sampled_from(["*", ["*"], "arn:aws:bedrock:*::foundation-model/*", "arn:*"]),
    st.booleans(),
    st.sampled_from([USER_POLICY, GROUP_POLICY]),
).map(
    lambda t: [
        Spec(t[3], "p", {"policy": policy_doc({"Effect": "Allow", "Action": t[0], "Resource": t[1]}, t[2])})
    ]
)
INVOKE_NAMED = st.tuples(
    st.sampled_from(["bedrock:InvokeModel", "bedrock:Invoke*"]),
    st.sampled_from(
        [
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            ["arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.meta.llama3-2-1b-instruct-v1:0"],
        ]
    ),
    st.booleans(),
).map(
    lambda t: [
        Spec(
            USER_POLICY,
            "p",
            {"policy": policy_doc({"Effect": "Allow", "Action": t[0], "Resource": t[1]}, t[2])},
        )
    ]
)

FULL_ACCESS = st.tuples(
    st.sampled_from(["aws", "aws-us-gov", "aws-cn"]),
    st.sampled_from([RPA, ROLE]),
    st.sampled_from(["AmazonSageMakerFullAccess", "AmazonBedrockFullAccess"]),
).map(
    lambda t: [
        Spec(t[1], "a", {"role": "r", "policyArn": f"arn:{t[0]}:iam::aws:policy/{t[2]}"})
        if t[1] == RPA
        else Spec(t[1], "a", {"managedPolicyArns": [f"arn:{t[0]}:iam::aws:policy/{t[2]}"]})
    ]
)

WB_DISK = st.tuples(st.sampled_from(["CMEK", "cmek", "Cmek"]), KEYS)

AI_CLASSES: list[EquivalenceClass] = [
    *classes(
        "AIP-AI-001",
        NB,
        {"instanceType": "ml.t3.medium"},
        ("directInternetAccess",),
        fail=st.sampled_from([ABSENT, "Enabled"]),
        ok=st.just("Disabled"),
    ),
    *classes(
        "AIP-AI-002",
        NB,
        {"instanceType": "ml.t3.medium"},
        ("rootAccess",),
        fail=st.sampled_from([ABSENT, "Enabled"]),
        ok=st.just("Disabled"),
    ),
    *classes(
        "AIP-AI-003",
        NB,
        {"instanceType": "ml.t3.medium"},
        ("kmsKeyId",),
        fail=BLANK_KEYS,
        ok=KEYS,
        unknown="pass",
    ),
    *classes(
        "AIP-AI-004",
        NB,
        {"instanceType": "ml.t3.medium"},
        ("instanceMetadataServiceConfiguration", "minimumInstanceMetadataServiceVersion"),
        fail=st.sampled_from([ABSENT, "1", 1.0]),
        ok=st.sampled_from(["2", 2.0, 2]),
    ),
    *classes(
        "AIP-AI-005",
        DOMAIN,
        {"authMode": "IAM"},
        ("appNetworkAccessType",),
        fail=st.sampled_from([ABSENT, "PublicInternetOnly"]),
        ok=st.just("VpcOnly"),
    ),
    *classes(
        "AIP-AI-006", DOMAIN, {"authMode": "IAM"}, ("kmsKeyId",), fail=BLANK_KEYS, ok=KEYS, unknown="pass"
    ),
    EquivalenceClass(
        "AIP-AI-007",
        "no-key-on-ebs-instances",
        "fail",
        (),
        st.tuples(st.sampled_from(["ml.m5.xlarge", "ML.C5.2XLARGE", "ml.inf2.xlarge"]), BLANK_KEYS).map(
            lambda t: [
                Spec(EPC, "c", put({"productionVariants": [{"instanceType": t[0]}]}, ("kmsKeyArn",), t[1]))
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-007",
        "instance-store-or-key",
        "pass",
        (),
        st.one_of(
            st.sampled_from(["ml.g5.2xlarge", "ML.G5.12XLARGE", "ml.p4d.24xlarge", "ml.g6e.xlarge"]).map(
                lambda t: [Spec(EPC, "c", {"productionVariants": [{"instanceType": t}]})]
            ),
            KEYS.map(
                lambda k: [
                    Spec(EPC, "c", {"kmsKeyArn": k, "productionVariants": [{"instanceType": "ml.m5.xlarge"}]})
                ]
            ),
        ),
    ),
    EquivalenceClass(
        "AIP-AI-007", "unknown-variants", "unknown", ([Spec(EPC, "c", {"productionVariants": UNKNOWN})],)
    ),
    *classes(
        "AIP-AI-008",
        MODEL,
        {"primaryContainer": {"image": "x"}},
        ("enableNetworkIsolation",),
        fail=FALSE_OR_ABSENT,
        ok=TRUE,
    ),
    *classes("AIP-AI-009", TJ, {"roleArn": "r"}, ("enableNetworkIsolation",), fail=FALSE_OR_ABSENT, ok=TRUE),
    EquivalenceClass(
        "AIP-AI-010",
        "no-output-key",
        "fail",
        (),
        BLANK_KEYS.map(
            lambda k: [
                Spec(
                    TJ,
                    "t",
                    put(
                        {"resourceConfig": {"instanceType": "ml.p5.48xlarge"}},
                        ("outputDataConfig", "kmsKeyId"),
                        k,
                    ),
                )
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-010",
        "keys-or-instance-store",
        "pass",
        (),
        st.tuples(KEYS, st.sampled_from(["ml.p4d.24xlarge", "ML.G5.2XLARGE", "ml.trn1.32xlarge"])).map(
            lambda t: [
                Spec(
                    TJ,
                    "t",
                    {"outputDataConfig": {"kmsKeyId": t[0]}, "resourceConfig": {"instanceType": t[1]}},
                )
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-010",
        "unknown-resources",
        "unknown",
        ([Spec(TJ, "t", {"outputDataConfig": {"kmsKeyId": "k"}, "resourceConfig": UNKNOWN})],),
    ),
    *classes(
        "AIP-AI-011",
        TJ,
        {"resourceConfig": {"instanceCount": 4}},
        ("enableInterContainerTrafficEncryption",),
        fail=FALSE_OR_ABSENT,
        ok=TRUE,
    ),
    EquivalenceClass(
        "AIP-AI-012",
        "online-store-without-key",
        "fail",
        (),
        st.tuples(TRUE, BLANK_KEYS).map(
            lambda t: [
                Spec(
                    FG,
                    "f",
                    put(
                        {"onlineStoreConfig": {"enableOnlineStore": t[0]}},
                        ("onlineStoreConfig", "securityConfig", "kmsKeyId"),
                        t[1],
                    ),
                )
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-012",
        "keyed-or-no-store",
        "pass",
        (),
        st.one_of(
            FALSE_OR_ABSENT.map(
                lambda v: [
                    Spec(
                        FG, "f", put({"onlineStoreConfig": {}}, ("onlineStoreConfig", "enableOnlineStore"), v)
                    )
                ]
            ),
            st.tuples(TRUE, KEYS).map(
                lambda t: [
                    Spec(
                        FG,
                        "f",
                        {
                            "onlineStoreConfig": {
                                "enableOnlineStore": t[0],
                                "securityConfig": {"kmsKeyId": t[1]},
                            }
                        },
                    )
                ]
            ),
        ),
    ),
    EquivalenceClass(
        "AIP-AI-012", "unknown-store", "unknown", ([Spec(FG, "f", {"onlineStoreConfig": UNKNOWN})],)
    ),
    EquivalenceClass("AIP-AI-013", "full-access-any-partition", "fail", (), FULL_ACCESS),
    EquivalenceClass(
        "AIP-AI-013",
        "narrower-policies",
        "pass",
        (),
        st.sampled_from(
            [
                "AmazonSageMakerReadOnly",
                "AmazonSageMakerCanvasFullAccess",
                "AmazonSageMakerFeatureStoreAccess",
            ]
        ).map(lambda n: [Spec(RPA, "a", {"role": "r", "policyArn": f"arn:aws:iam::aws:policy/{n}"})]),
    ),
    EquivalenceClass(
        "AIP-AI-013", "computed-arn", "unknown", ([Spec(RPA, "a", {"role": "r", "policyArn": UNKNOWN})],)
    ),
    EquivalenceClass(
        "AIP-AI-020",
        "bedrock-without-logging",
        "fail",
        (),
        st.sampled_from(
            [
                (GUARDRAIL, {}),
                (AGENT, {"agentName": "a"}),
                (CM, {}),
                ("aws:bedrockmodel/invocationJob:InvocationJob", {}),
            ]
        ).map(lambda t: [Spec(t[0], "b", t[1])]),
    ),
    EquivalenceClass(
        "AIP-AI-020",
        "s3-or-cloudwatch",
        "pass",
        (),
        st.sampled_from(
            [
                {"s3Config": {"bucketName": "logs"}},
                {"cloudwatchConfig": {"logGroupName": "/bedrock", "roleArn": "r"}},
            ]
        ).map(lambda c: [Spec(GUARDRAIL, "g", {}), Spec(LOGGING, "l", {"loggingConfig": c})]),
    ),
    EquivalenceClass(
        "AIP-AI-020",
        "computed-config",
        "unknown",
        ([Spec(GUARDRAIL, "g", {}), Spec(LOGGING, "l", {"loggingConfig": UNKNOWN})],),
    ),
    *classes(
        "AIP-AI-021", GUARDRAIL, {"name": "g"}, ("kmsKeyArn",), fail=BLANK_KEYS, ok=KEYS, unknown="pass"
    ),
    *classes(
        "AIP-AI-022",
        AGENT,
        {"agentName": "a"},
        ("customerEncryptionKeyArn",),
        fail=BLANK_KEYS,
        ok=KEYS,
        unknown="pass",
    ),
    *classes(
        "AIP-AI-023",
        DS,
        {"knowledgeBaseId": "kb"},
        ("serverSideEncryptionConfiguration", "kmsKeyArn"),
        fail=BLANK_KEYS,
        ok=KEYS,
        unknown="pass",
    ),
    *classes(
        "AIP-AI-024",
        CM,
        {"customModelName": "m"},
        ("customModelKmsKeyId",),
        fail=BLANK_KEYS,
        ok=KEYS,
        unknown="pass",
    ),
    EquivalenceClass("AIP-AI-025", "invoke-every-model", "fail", (), INVOKE_ALL),
    EquivalenceClass("AIP-AI-025", "invoke-named-models", "pass", (), INVOKE_NAMED),
    EquivalenceClass(
        "AIP-AI-025", "computed-policy", "unknown", ([Spec(USER_POLICY, "p", {"policy": UNKNOWN})],)
    ),
    *classes(
        "AIP-AI-026",
        RUNTIME,
        {"agentRuntimeName": "a"},
        ("networkConfiguration", "networkMode"),
        fail=st.sampled_from(["PUBLIC", "public", ABSENT]),
        ok=st.sampled_from(["VPC", "vpc"]),
    ),
    *classes(
        "AIP-AI-030",
        WB,
        {"location": "us-central1-a"},
        ("gceSetup", "disablePublicIp"),
        fail=FALSE_OR_ABSENT,
        ok=TRUE,
    ),
    EquivalenceClass(
        "AIP-AI-031",
        "gmek-or-keyless",
        "fail",
        (),
        st.tuples(st.sampled_from([ABSENT, "GMEK", "CMEK"]), BLANK_KEYS).map(
            lambda t: [
                Spec(
                    WB,
                    "w",
                    {"gceSetup": {"bootDisk": put(put({}, ("diskEncryption",), t[0]), ("kmsKey",), t[1])}},
                )
            ]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-031",
        "cmek-any-case",
        "pass",
        (),
        WB_DISK.map(
            lambda t: [Spec(WB, "w", {"gceSetup": {"bootDisk": {"diskEncryption": t[0], "kmsKey": t[1]}}})]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-031",
        "computed-mode",
        "unknown",
        ([Spec(WB, "w", {"gceSetup": {"bootDisk": {"diskEncryption": UNKNOWN, "kmsKey": "k"}}})],),
    ),
    *classes(
        "AIP-AI-032",
        WB,
        {"location": "l"},
        ("gceSetup", "metadata", "notebook-disable-root"),
        fail=st.sampled_from([ABSENT, "false", "no"]),
        ok=TRUE,
    ),
    *classes(
        "AIP-AI-033",
        WB,
        {"location": "l"},
        ("gceSetup", "shieldedInstanceConfig", "enableIntegrityMonitoring"),
        fail=st.sampled_from([False, "false", "FALSE"]),
        ok=st.sampled_from([ABSENT, True, "true"]),
    ),
    EquivalenceClass(
        "AIP-AI-034",
        "no-key-any-type",
        "fail",
        (),
        st.tuples(st.sampled_from(VERTEX), BLANK_KEYS).map(
            lambda t: [Spec(t[0], "v", put({"displayName": "v"}, ("encryptionSpec", "kmsKeyName"), t[1]))]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-034",
        "key-any-type",
        "pass",
        (),
        st.tuples(st.sampled_from(VERTEX), KEYS).map(
            lambda t: [Spec(t[0], "v", {"encryptionSpec": {"kmsKeyName": t[1]}})]
        ),
    ),
    EquivalenceClass(
        "AIP-AI-034",
        "computed-key",
        "pass",
        ([Spec(VERTEX[0], "v", {"encryptionSpec": {"kmsKeyName": UNKNOWN}})],),
    ),
    EquivalenceClass(
        "AIP-AI-035",
        "public-endpoints",
        "fail",
        (),
        st.one_of(
            st.sampled_from([ABSENT, "", " "]).map(
                lambda n: [Spec(ENDPOINT, "e", put({"displayName": "e"}, ("network",), n))]
            ),
            TRUE.map(lambda v: [Spec(INDEX_EP, "i", {"publicEndpointEnabled": v})]),
        ),
    ),
    EquivalenceClass(
        "AIP-AI-035",
        "private-endpoints",
        "pass",
        (),
        st.one_of(
            TRUE.map(
                lambda v: [
                    Spec(ENDPOINT, "e", {"privateServiceConnectConfig": {"enablePrivateServiceConnect": v}})
                ]
            ),
            st.just([Spec(ENDPOINT, "e", {"network": "projects/1/global/networks/ml"})]),
            FALSE_OR_ABSENT.map(
                lambda v: [Spec(INDEX_EP, "i", put({"displayName": "i"}, ("publicEndpointEnabled",), v))]
            ),
        ),
    ),
    EquivalenceClass(
        "AIP-AI-035", "computed-network", "unknown", ([Spec(ENDPOINT, "e", {"network": UNKNOWN})],)
    ),
    *classes(
        "AIP-AI-036",
        TEMPLATE,
        {"networkSpec": {"network": "projects/p/global/networks/ml"}},
        ("networkSpec", "enableInternetAccess"),
        fail=TRUE,
        ok=FALSE_OR_ABSENT,
    ),
    *classes(
        "AIP-AI-037",
        TEMPLATE,
        {"displayName": "t"},
        ("encryptionSpec", "kmsKeyName"),
        fail=BLANK_KEYS,
        ok=KEYS,
        unknown="pass",
    ),
]
"""Every AIP-AI equivalence class (appended to ``equivalences.CLASSES``)."""

UNKNOWN_IS_REFERENCE = frozenset(
    {
        "AIP-AI-003",
        "AIP-AI-006",
        "AIP-AI-021",
        "AIP-AI-022",
        "AIP-AI-023",
        "AIP-AI-024",
        "AIP-AI-034",
        "AIP-AI-037",
    }
)
"""Rules whose unknown value is a key computed in the program: counted as set (no unknown class)."""
