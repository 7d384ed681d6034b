"""Hands an alias bomb to the kubernetes:yaml:decode data source (what ConfigFile/ConfigGroup v1 call):
the judge answered it by expanding 387 million values onto the wire and never finished."""

from pathlib import Path

import pulumi

text = (Path(__file__).parent / "manifests.yaml").read_text()
pulumi.runtime.invoke("kubernetes:yaml:decode", {"text": text})
