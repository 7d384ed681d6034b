"""Facts about the JSON/YAML payloads a stack sends inside strings and Helm ``values``.

Nothing here creates resources. :mod:`.keypaths` derives and checks key paths, :mod:`.registry`
holds the recorded facts per (Helm chart, version) and per EKS add-on version, :mod:`.derive` turns a
chart's ``values.yaml`` at a tag into a facts module (see ``docs/payloads.md``).
"""
