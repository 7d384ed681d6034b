"""Audit trails: CloudTrail (AWS), Cloud Audit Logs with a locked log bucket (GCP), the Kubernetes
audit policy artefact (on-prem); typed retention checked against each framework's minimum.

The spec (:mod:`.spec`) and the retention table (:mod:`.retention`) import no provider SDK; the
per-cloud components (:mod:`.aws_trail`, :mod:`.gcp_audit`) import theirs when they are built.
"""
