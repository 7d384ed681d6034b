"""An app deployed from a local kustomize directory, as GitOps-minded programs do."""

import pulumi_kubernetes as k8s

k8s.kustomize.Directory("app", directory="app")
