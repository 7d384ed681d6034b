"""A ConfigGroup whose YAML nests 5,000 sequences deep: PyYAML's composer recursed once per level and the
judge crashed with RecursionError (exit 1 with a traceback: the code for "violations")."""

import pulumi_kubernetes as k8s

k8s.yaml.v2.ConfigGroup("deep", yaml="[" * 5000 + "]" * 5000)
