"""Compliance mappings: which controls of which framework each AIP rule supports — one table, one place.

Framework versions (current as of 2026-12) and where each control number was read:

- ``cis-aws``: CIS Amazon Web Services Foundations Benchmark v6.0.0 — section numbers and titles as
  published in turbot/steampipe-mod-aws-compliance ``cis_v600/`` (2025-11-03); v6 renumbered v5's
  sections (IAM is section 2, Storage 3, Logging 4, Networking 6). unverified against the CIS PDF.
- ``cis-eks``: CIS Amazon EKS Benchmark v1.8.0, ``cis-gke``: CIS GKE Benchmark v1.9.0,
  ``cis-kubernetes``: CIS Kubernetes Benchmark v1.12.0 — ids and titles from aquasecurity/kube-bench
  ``cfg/eks-1.8.0``, ``cfg/gke-1.9.0``, ``cfg/cis-1.12`` (2026-05-17); unverified against the CIS PDFs.
- ``nist-800-53``: NIST SP 800-53 Rev. 5 base controls and enhancements (release 5.2.0 of 2025-08:
  release number and date unverified; the control ids used are unchanged since 5.1).
- ``hipaa``: HIPAA Security Rule, 45 CFR Part 164 Subpart C (technical safeguards §164.312,
  administrative safeguards §164.308) as in force (the 2025 NPRM is not final).
- ``gdpr``: Regulation (EU) 2016/679, Art. 5(1)(f), 25 and 32.
- ``eu-ai-act``: Regulation (EU) 2024/1689, Art. 10 (data governance), 12 (record-keeping),
  15 (accuracy, robustness and cybersecurity).

The NIST, HIPAA, GDPR and EU AI Act entries are aiinfra's own judgment of which controls a rule
*supports* (a configuration check never satisfies a control on its own); each was chosen against the
control's text, and the regulatory ones only where the rule genuinely protects the data or records
the article is about. A mapping the table marks ``unverified`` could not be checked against the
framework's current text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .registry import Framework


@dataclass(frozen=True)
class FrameworkInfo:
    """One compliance framework: the key used on the command line, display name, version, source."""

    key: str
    name: str
    version: str
    source: str


FRAMEWORKS: dict[str, FrameworkInfo] = {
    f.key: f
    for f in (
        FrameworkInfo(
            "cis-aws",
            "CIS Amazon Web Services Foundations Benchmark",
            "6.0.0",
            "steampipe-mod-aws-compliance cis_v600",
        ),
        FrameworkInfo("cis-eks", "CIS Amazon EKS Benchmark", "1.8.0", "kube-bench cfg/eks-1.8.0"),
        FrameworkInfo(
            "cis-gke", "CIS Google Kubernetes Engine (GKE) Benchmark", "1.9.0", "kube-bench cfg/gke-1.9.0"
        ),
        FrameworkInfo("cis-kubernetes", "CIS Kubernetes Benchmark", "1.12.0", "kube-bench cfg/cis-1.12"),
        FrameworkInfo("nist-800-53", "NIST SP 800-53", "Rev. 5 (5.2.0)", "csrc.nist.gov SP 800-53r5"),
        FrameworkInfo(
            "hipaa", "HIPAA Security Rule (45 CFR Part 164 Subpart C)", "2013 omnibus", "ecfr.gov 45 CFR 164"
        ),
        FrameworkInfo("gdpr", "GDPR (Regulation (EU) 2016/679)", "2016/679", "eur-lex.europa.eu 32016R0679"),
        FrameworkInfo(
            "eu-ai-act", "EU AI Act (Regulation (EU) 2024/1689)", "2024/1689", "eur-lex.europa.eu 32024R1689"
        ),
    )
}

TITLES: dict[str, dict[str, str]] = {
    "cis-aws": {
        "2.15": 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
        "2.17": "Ensure IAM instance roles are used for AWS resource access from instances",
        "3.1.1": "Ensure S3 Bucket Policy is set to deny HTTP requests",
        "3.1.4": "Ensure that S3 is configured with 'Block Public Access' enabled",
        "3.2.1": "Ensure that encryption-at-rest is enabled for RDS instances",
        "3.2.3": "Ensure that RDS instances are not publicly accessible",
        "3.3.1": "Ensure that encryption is enabled for EFS file systems",
        "2.7": "Ensure IAM password policy requires minimum length of 14 or greater",
        "2.8": "Ensure IAM password policy prevents password reuse",
        "4.1": "Ensure CloudTrail is enabled in all regions",
        "4.2": "Ensure CloudTrail log file validation is enabled",
        "4.5": "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
        "4.6": "Ensure rotation for customer-created symmetric CMKs is enabled",
        "4.7": "Ensure VPC flow logging is enabled in all VPCs",
        "4.8": "Ensure that object-level logging for write events is enabled for S3 buckets",
        "4.9": "Ensure that object-level logging for read events is enabled for S3 buckets",
        "6.1.1": "Ensure EBS volume encryption is enabled in all regions",
        "6.3": "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
        "6.4": "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
        "6.7": "Ensure that the EC2 Metadata Service only allows IMDSv2",
    },
    "cis-eks": {
        "2.1.1": "Enable audit Logs",
        "4.1.1": "Ensure that the cluster-admin role is only used where required",
        "4.1.3": "Minimize wildcard use in Roles and ClusterRoles",
        "4.1.5": "Ensure that default service accounts are not actively used",
        "4.1.6": "Ensure that Service Account Tokens are only mounted where necessary",
        "4.2.1": "Minimize the admission of privileged containers",
        "4.2.2": "Minimize the admission of containers wishing to share the host process ID namespace",
        "4.2.3": "Minimize the admission of containers wishing to share the host IPC namespace",
        "4.2.4": "Minimize the admission of containers wishing to share the host network namespace",
        "4.2.5": "Minimize the admission of containers with allowPrivilegeEscalation",
        "4.4.2": "Consider external secret storage",
        "5.2.1": "Prefer using dedicated Amazon EKS Service Accounts",
        "5.3.1": "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
        "5.4.1": "Restrict Access to the Control Plane Endpoint",
        "5.4.2": "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        "5.4.3": "Ensure clusters are created with Private Nodes",
    },
    "cis-gke": {
        "4.1.1": "Ensure that the cluster-admin role is only used where required",
        "4.1.3": "Minimize wildcard use in Roles and ClusterRoles",
        "4.1.4": "Ensure that default service accounts are not actively used",
        "4.1.5": "Ensure that Service Account Tokens are only mounted where necessary",
        "4.1.8": "Avoid bindings to system:anonymous",
        "4.1.9": "Avoid non-default bindings to system:unauthenticated",
        "4.1.10": "Avoid non-default bindings to system:authenticated",
        "4.2.1": "Ensure that the cluster enforces Pod Security Standard Baseline profile or stricter for all namespaces",
        "4.3.1": "Ensure that the CNI in use supports Network Policies",
        "4.4.2": "Consider external secret storage",
        "5.1.4": "Ensure only trusted container images are used",
        "5.2.1": "Ensure GKE clusters are not running using the Compute Engine default service account",
        "5.2.2": "Prefer using dedicated GCP Service Accounts and Workload Identity",
        "4.6.2": "Ensure that the seccomp profile is set to RuntimeDefault in your pod definitions",
        "5.3.1": "Ensure Kubernetes Secrets are encrypted using keys managed in Cloud KMS",
        "5.4.1": "Ensure the GKE Metadata Server is Enabled",
        "5.5.1": "Ensure Container-Optimized OS (cos_containerd) is used for GKE node images",
        "5.5.2": "Ensure Node Auto-Repair is enabled for GKE nodes",
        "5.5.3": "Ensure Node Auto-Upgrade is enabled for GKE nodes",
        "5.5.4": "When creating New Clusters - Automate GKE version management using Release Channels",
        "5.5.5": "Ensure Shielded GKE Nodes are Enabled",
        "5.5.6": "Ensure Integrity Monitoring for Shielded GKE Nodes is Enabled",
        "5.5.7": "Ensure Secure Boot for Shielded GKE Nodes is Enabled",
        "5.6.1": "Enable VPC Flow Logs and Intranode Visibility",
        "5.6.3": "Ensure Control Plane Authorized Networks is Enabled",
        "5.6.4": "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        "5.6.5": "Ensure clusters are created with Private Nodes",
        "5.7.1": "Ensure Logging and Cloud Monitoring is Enabled",
        "5.8.1": "Ensure authentication using Client Certificates is Disabled",
        "5.8.3": "Ensure Legacy Authorization (ABAC) is Disabled",
        "5.9.2": "Enable Customer-Managed Encryption Keys (CMEK) for Boot Disks",
    },
    "cis-kubernetes": {
        "5.1.1": "Ensure that the cluster-admin role is only used where required",
        "5.1.3": "Minimize wildcard use in Roles and ClusterRoles",
        "5.1.5": "Ensure that default service accounts are not actively used",
        "5.1.6": "Ensure that Service Account Tokens are only mounted where necessary",
        "5.2.2": "Minimize the admission of privileged containers",
        "5.2.3": "Minimize the admission of containers wishing to share the host process ID namespace",
        "5.2.4": "Minimize the admission of containers wishing to share the host IPC namespace",
        "5.2.5": "Minimize the admission of containers wishing to share the host network namespace",
        "5.2.6": "Minimize the admission of containers with allowPrivilegeEscalation",
        "5.2.7": "Minimize the admission of root containers",
        "5.6.2": "Ensure that the seccomp profile is set to docker/default in your Pod definitions",
        "5.2.11": "Minimize the admission of HostPath volumes",
        "5.4.2": "Consider external secret storage",
    },
    "nist-800-53": {
        "AC-3": "Access Enforcement",
        "AC-4": "Information Flow Enforcement",
        "AC-6": "Least Privilege",
        "AC-6(1)": "Least Privilege | Authorize Access to Security Functions",
        "AC-6(5)": "Least Privilege | Privileged Accounts",
        "AC-6(10)": "Least Privilege | Prohibit Non-privileged Users from Executing Privileged Functions",
        "AC-17": "Remote Access",
        "AC-21": "Information Sharing",
        "AU-2": "Event Logging",
        "AU-3": "Content of Audit Records",
        "AU-6": "Audit Record Review, Analysis, and Reporting",
        "AU-9": "Protection of Audit Information",
        "AU-9(3)": "Protection of Audit Information | Cryptographic Protection",
        "AU-9(4)": "Protection of Audit Information | Access by Subset of Privileged Users",
        "AU-11": "Audit Record Retention",
        "AU-12": "Audit Record Generation",
        "CM-2": "Baseline Configuration",
        "CM-6": "Configuration Settings",
        "CM-7": "Least Functionality",
        "CM-8": "System Component Inventory",
        "CP-2(2)": "Contingency Plan | Capacity Planning",
        "CP-9": "System Backup",
        "CP-10": "System Recovery and Reconstitution",
        "IA-2": "Identification and Authentication (Organizational Users)",
        "IA-5": "Authenticator Management",
        "IA-5(1)": "Authenticator Management | Password-based Authentication",
        "IA-5(7)": "Authenticator Management | No Embedded Unencrypted Static Authenticators",
        "IA-9": "Service Identification and Authentication",
        "PM-3": "Information Security and Privacy Resources",
        "RA-5": "Vulnerability Monitoring and Scanning",
        "SA-22": "Unsupported System Components",
        "SC-5": "Denial-of-service Protection",
        "SC-7": "Boundary Protection",
        "SC-7(5)": "Boundary Protection | Deny by Default — Allow by Exception",
        "SC-8": "Transmission Confidentiality and Integrity",
        "SC-8(1)": "Transmission Confidentiality and Integrity | Cryptographic Protection",
        "SC-12": "Cryptographic Key Establishment and Management",
        "SC-12(1)": "Cryptographic Key Establishment and Management | Availability",
        "SC-28": "Protection of Information at Rest",
        "SC-28(1)": "Protection of Information at Rest | Cryptographic Protection",
        "SC-39": "Process Isolation",
        "SI-2": "Flaw Remediation",
        "SI-4": "System Monitoring",
        "SI-7": "Software, Firmware, and Information Integrity",
        "SI-12": "Information Management and Retention",
        "SR-11": "Component Authenticity",
    },
    "hipaa": {
        "164.308(a)(1)(ii)(D)": "Information system activity review",
        "164.308(a)(4)": "Information access management",
        "164.308(a)(5)(ii)(D)": "Password management",
        "164.308(a)(7)(ii)(A)": "Data backup plan",
        "164.312(a)(1)": "Access control",
        "164.312(a)(2)(iv)": "Encryption and decryption",
        "164.312(b)": "Audit controls",
        "164.312(c)(1)": "Integrity",
        "164.312(d)": "Person or entity authentication",
        "164.312(e)(1)": "Transmission security",
        "164.316(b)(2)(i)": "Documentation: time limit (retain six years)",
    },
    "gdpr": {
        "Art. 5(1)(f)": "Principles: integrity and confidentiality",
        "Art. 25": "Data protection by design and by default",
        "Art. 32": "Security of processing",
    },
    "eu-ai-act": {
        "Art. 10": "Data and data governance",
        "Art. 12": "Record-keeping",
        "Art. 15": "Accuracy, robustness and cybersecurity",
        "Art. 19": "Automatically generated logs",
    },
}

_N = "nist-800-53"
MAPPINGS: dict[str, dict[str, tuple[str, ...]]] = {
    # --- encryption ---
    "AIP-ENC-001": {
        _N: ("SC-28", "SC-28(1)", "SC-12"),
        "hipaa": ("164.312(a)(2)(iv)",),
        "gdpr": ("Art. 32",),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-ENC-002": {
        "cis-aws": ("6.1.1",),
        _N: ("SC-28", "SC-28(1)"),
        "hipaa": ("164.312(a)(2)(iv)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-ENC-003": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-ENC-004": {
        "cis-aws": ("3.3.1",),
        _N: ("SC-28", "SC-28(1)", "SC-12"),
        "hipaa": ("164.312(a)(2)(iv)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-ENC-005": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-ENC-006": {"cis-aws": ("4.6",), _N: ("SC-12",)},
    "AIP-ENC-007": {_N: ("SC-12", "SC-12(1)", "CP-9")},
    "AIP-ENC-008": {"cis-eks": ("5.3.1",), _N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",)},
    "AIP-ENC-009": {"cis-gke": ("5.3.1",), _N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",)},
    "AIP-ENC-010": {
        "cis-gke": ("5.9.2",),
        _N: ("SC-28(1)", "SC-12"),
        "hipaa": ("164.312(a)(2)(iv)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-ENC-011": {
        "cis-kubernetes": ("5.4.2",),
        "cis-eks": ("4.4.2",),
        "cis-gke": ("4.4.2",),
        _N: ("IA-5", "IA-5(7)"),
        "hipaa": ("164.312(d)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-ENC-012": {_N: ("IA-5", "IA-5(7)"), "hipaa": ("164.312(d)",), "gdpr": ("Art. 32",)},
    # --- network ---
    "AIP-NET-001": {"cis-eks": ("5.4.1", "5.4.2"), _N: ("SC-7", "AC-17"), "gdpr": ("Art. 32",)},
    "AIP-NET-002": {"cis-gke": ("5.6.3", "5.6.4", "5.6.5"), _N: ("SC-7", "AC-17"), "gdpr": ("Art. 32",)},
    "AIP-NET-003": {"cis-eks": ("5.4.3",), "cis-gke": ("5.6.5",), _N: ("SC-7",), "eu-ai-act": ("Art. 15",)},
    "AIP-NET-004": {
        "cis-aws": ("6.3", "6.4"),
        _N: ("SC-7", "SC-7(5)", "AC-4"),
        "hipaa": ("164.312(e)(1)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-NET-005": {_N: ("SC-7", "AC-4")},
    "AIP-NET-006": {_N: ("CM-6",)},
    "AIP-NET-007": {_N: ("CM-6",)},
    "AIP-NET-008": {_N: ("CM-6",)},
    "AIP-NET-009": {
        "cis-aws": ("4.7",),
        "cis-gke": ("5.6.1",),
        _N: ("AU-12", "SI-4"),
        "hipaa": ("164.312(b)",),
    },
    # Performance/fabric rules: capacity planning is the nearest control (the necessary processing
    # capacity exists); no CIS benchmark covers fabric wiring.
    "AIP-NET-090": {_N: ("CP-2(2)", "CM-6")},
    "AIP-PERF-001": {_N: ("CP-2(2)",)},
    "AIP-NET-010": {"cis-eks": ("5.4.3",), _N: ("SC-7",), "eu-ai-act": ("Art. 15",)},
    # --- node hardening ---
    "AIP-NODE-001": {"cis-aws": ("6.7",), _N: ("AC-3", "SC-7")},
    "AIP-NODE-002": {_N: ("AC-3", "SC-7", "SC-39")},
    "AIP-NODE-003": {_N: ("AC-17", "SC-7")},
    "AIP-NODE-004": {
        "cis-eks": ("2.1.1",),
        _N: ("AU-2", "AU-12"),
        "hipaa": ("164.312(b)",),
        "eu-ai-act": ("Art. 12",),
    },
    "AIP-NODE-005": {"cis-gke": ("5.5.4",), _N: ("SA-22", "SI-2")},
    "AIP-NODE-006": {"cis-gke": ("5.4.1", "5.2.2"), _N: ("AC-6", "IA-9")},
    "AIP-NODE-007": {"cis-gke": ("5.5.5", "5.5.6", "5.5.7"), _N: ("SI-7", "SR-11")},
    "AIP-NODE-008": {"cis-gke": ("5.5.2", "5.5.3"), _N: ("SI-2",)},
    "AIP-NODE-009": {"cis-gke": ("5.2.1", "5.2.2"), _N: ("AC-6",)},
    "AIP-NODE-010": {"cis-gke": ("5.5.1",), _N: ("CM-2", "CM-7")},
    "AIP-NODE-011": {_N: ("CM-6",)},
    "AIP-NODE-012": {"cis-eks": ("5.2.1",), "cis-aws": ("2.17",), _N: ("AC-6", "IA-9")},
    "AIP-NODE-013": {
        _N: ("AC-6", "IA-9")
    },  # CIS GCP Foundations 4.1/4.2 (no cis-gcp framework in this table)
    "AIP-NODE-014": {
        "cis-gke": ("5.8.1", "5.8.3", "4.3.1", "5.7.1"),
        _N: ("AC-3", "IA-2", "SC-7", "AU-12"),
        "hipaa": ("164.312(b)",),
    },
    # --- accelerators and cost ---
    "AIP-GPU-001": {_N: ("CM-7", "CM-8")},
    "AIP-GPU-002": {_N: ("CM-6", "SC-5")},
    "AIP-GPU-003": {_N: ("PM-3", "SC-5")},
    "AIP-GPU-004": {_N: ("CM-6", "CP-10")},
    "AIP-GPU-005": {_N: ("CM-8", "PM-3")},
    "AIP-GPU-006": {_N: ("CM-6",)},
    "AIP-GPU-007": {_N: ("CM-2", "SI-2")},
    "AIP-GPU-020": {_N: ("CM-2", "CM-6")},
    "AIP-GPU-021": {_N: ("CM-6", "CP-2(2)")},
    # --- data tiers ---
    "AIP-DATA-001": {
        "cis-aws": ("3.1.4",),
        _N: ("AC-3", "AC-21", "SC-7"),
        "hipaa": ("164.312(a)(1)",),
        "gdpr": ("Art. 32", "Art. 25"),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-DATA-002": {
        _N: ("CP-9", "SI-12"),
        "hipaa": ("164.308(a)(7)(ii)(A)",),
        "gdpr": ("Art. 32",),
        "eu-ai-act": ("Art. 10",),
    },
    "AIP-DATA-003": {_N: ("CP-9", "SI-12"), "hipaa": ("164.308(a)(7)(ii)(A)",)},
    "AIP-DATA-004": {_N: ("SI-7", "SI-12"), "hipaa": ("164.312(c)(1)",), "eu-ai-act": ("Art. 10", "Art. 15")},
    "AIP-DATA-005": {_N: ("SI-12",), "gdpr": ("Art. 5(1)(f)",)},
    "AIP-DATA-006": {_N: ("CP-9",), "hipaa": ("164.308(a)(7)(ii)(A)",)},
    "AIP-DATA-007": {_N: ("AU-2", "AU-12"), "hipaa": ("164.312(b)",), "eu-ai-act": ("Art. 12",)},
    "AIP-DATA-008": {_N: ("CP-9", "CP-10"), "hipaa": ("164.308(a)(7)(ii)(A)",)},
    "AIP-DATA-009": {_N: ("CP-9", "SI-12")},
    "AIP-DATA-010": {
        "cis-aws": ("3.2.1", "3.2.3"),
        _N: ("SC-28(1)", "SC-7", "CP-9"),
        "hipaa": ("164.312(a)(2)(iv)", "164.312(a)(1)"),
        "gdpr": ("Art. 32",),
    },
    # --- platform services ---
    "AIP-SVC-001": {_N: ("CP-9", "CP-10"), "hipaa": ("164.308(a)(7)(ii)(A)",)},
    "AIP-SVC-002": {_N: ("SC-7", "AC-17"), "gdpr": ("Art. 32",)},
    "AIP-SVC-003": {_N: ("SC-7", "CM-8")},
    "AIP-SVC-004": {_N: ("IA-2", "AC-3"), "hipaa": ("164.312(d)",)},
    # --- governance ---
    "AIP-GOV-001": {_N: ("CM-6", "PM-3")},
    # --- sustainability: no framework the pack maps covers energy or emissions (the rule cites the AWS
    # Well-Architected Sustainability Pillar and Google's region carbon data as references instead) ---
    "AIP-SUS-001": {},
    # --- IAM ---
    "AIP-IAM-001": {
        "cis-aws": ("2.15",),
        _N: ("AC-6", "AC-6(5)", "AC-3"),
        "hipaa": ("164.308(a)(4)", "164.312(a)(1)"),
        "gdpr": ("Art. 32", "Art. 25"),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-IAM-002": {_N: ("AC-6", "AC-6(1)", "AC-6(10)"), "hipaa": ("164.308(a)(4)",), "gdpr": ("Art. 32",)},
    "AIP-IAM-003": {
        _N: ("AC-3", "IA-9", "AC-6"),
        "hipaa": ("164.312(a)(1)", "164.312(d)"),
        "gdpr": ("Art. 32",),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-IAM-004": {
        _N: ("AC-3", "AC-21", "SC-7"),
        "hipaa": ("164.312(a)(1)",),
        "gdpr": ("Art. 32", "Art. 25"),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-IAM-005": {
        _N: ("AC-3", "AC-21"),
        "hipaa": ("164.312(a)(1)",),
        "gdpr": ("Art. 32", "Art. 25"),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-IAM-006": {_N: ("AC-6", "AC-6(5)"), "hipaa": ("164.308(a)(4)",), "gdpr": ("Art. 32",)},
    # --- Kubernetes ---
    "AIP-K8S-001": {
        "cis-kubernetes": ("5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.11"),
        "cis-eks": ("4.2.1", "4.2.2", "4.2.3", "4.2.4"),
        "cis-gke": ("4.2.1",),
        _N: ("AC-6", "SC-39", "CM-7"),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-K8S-002": {
        "cis-kubernetes": ("5.2.6", "5.2.7"),
        "cis-eks": ("4.2.5",),
        "cis-gke": ("4.2.1",),
        _N: ("AC-6", "AC-6(10)", "SC-39"),
    },
    "AIP-K8S-003": {
        "cis-kubernetes": ("5.1.5", "5.1.6"),
        "cis-eks": ("4.1.5", "4.1.6"),
        "cis-gke": ("4.1.4", "4.1.5"),
        _N: ("AC-6", "IA-9"),
    },
    "AIP-K8S-004": {
        "cis-kubernetes": ("5.1.1", "5.1.3"),
        "cis-eks": ("4.1.1", "4.1.3"),
        "cis-gke": ("4.1.1", "4.1.3", "4.1.8", "4.1.9", "4.1.10"),
        _N: ("AC-6", "AC-6(5)", "AC-3"),
        "hipaa": ("164.308(a)(4)",),
        "eu-ai-act": ("Art. 15",),
    },
    "AIP-K8S-005": {
        "cis-kubernetes": ("5.1.5",),
        "cis-eks": ("4.1.5",),
        "cis-gke": ("4.1.4",),
        _N: ("AC-6",),
    },
    # --- training and serving services ---
    "AIP-SVC-010": {_N: ("SC-7", "AC-4"), "eu-ai-act": ("Art. 15",)},
    "AIP-SVC-011": {_N: ("AC-6", "SI-7"), "eu-ai-act": ("Art. 15",)},
    "AIP-SVC-012": {"cis-kubernetes": ("5.2.2", "5.2.6"), _N: ("AC-6", "SC-39", "CM-7")},
    # --- on-prem object-store identities (Rook / Ceph RGW) ---
    "AIP-SVC-013": {_N: ("AC-6", "AC-6(5)"), "hipaa": ("164.308(a)(4)",)},
    "AIP-SVC-014": {_N: ("AC-3", "AC-6", "AC-21"), "gdpr": ("Art. 32",), "hipaa": ("164.312(a)(1)",)},
    "AIP-SVC-015": {_N: ("AC-6", "SI-7"), "eu-ai-act": ("Art. 15",)},
    "AIP-SVC-016": {_N: ("AC-3", "AC-6")},
    # --- audit ---
    "AIP-AUD-001": {
        "cis-aws": ("4.1", "4.2", "4.5"),
        _N: ("AU-2", "AU-9", "AU-9(3)", "AU-12"),
        "hipaa": ("164.312(b)", "164.308(a)(1)(ii)(D)"),
        "gdpr": ("Art. 32",),
        "eu-ai-act": ("Art. 12",),
    },
    "AIP-AUD-002": {
        "cis-aws": ("4.8", "4.9"),
        _N: ("AU-2", "AU-3", "AU-12"),
        "hipaa": ("164.312(b)",),
        "eu-ai-act": ("Art. 12",),
    },
    "AIP-AUD-003": {_N: ("AU-2", "AU-3", "AU-12"), "hipaa": ("164.312(b)",), "eu-ai-act": ("Art. 12",)},
    # --- observability ---
    "AIP-OBS-001": {_N: ("SC-28", "SC-12", "SI-4"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-002": {_N: ("SC-28", "SC-12", "SI-4"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-003": {_N: ("SC-28", "SC-12", "SI-4"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-004": {_N: ("SC-7", "AC-17"), "hipaa": ("164.312(e)(1)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-005": {_N: ("SC-28", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-006": {_N: ("AC-6", "AC-3"), "hipaa": ("164.312(a)(1)",), "gdpr": ("Art. 32",)},
    "AIP-OBS-007": {_N: ("AC-6", "AC-6(10)"), "hipaa": ("164.312(a)(1)",), "gdpr": ("Art. 32",)},
    "AIP-AUD-004": {
        _N: ("AU-9", "AU-9(4)"),
        "hipaa": ("164.312(b)", "164.312(c)(1)"),
        "gdpr": ("Art. 32",),
        "eu-ai-act": ("Art. 12",),
    },
    "AIP-AUD-005": {_N: ("AU-11",), "hipaa": ("164.316(b)(2)(i)",), "eu-ai-act": ("Art. 19",)},
    "AIP-AUD-006": {
        _N: ("AU-9", "AU-11"),
        "hipaa": ("164.312(b)", "164.316(b)(2)(i)"),
        "eu-ai-act": ("Art. 19",),
    },
    "AIP-AUD-007": {"cis-eks": ("2.1.1",), _N: ("AU-2", "AU-12"), "hipaa": ("164.312(b)",)},
    "AIP-AUD-008": {"cis-gke": ("5.7.1",), _N: ("AU-2", "AU-12")},
    # --- services around the platform (around_aws, around_aws_edge, around_gcp, around_k8s) ---
    "AIP-DATA-020": {_N: ("CP-9", "CP-10"), "hipaa": ("164.308(a)(7)(ii)(A)",)},
    "AIP-DATA-021": {_N: ("CP-9",)},
    "AIP-ENC-020": {_N: ("SC-28", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-ENC-021": {_N: ("SC-28", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-ENC-022": {_N: ("SC-28", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-ENC-023": {_N: ("SC-28",), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-NET-020": {_N: ("SC-8", "IA-2"), "hipaa": ("164.312(e)(1)", "164.312(d)"), "gdpr": ("Art. 32",)},
    "AIP-NET-021": {_N: ("SC-8", "SC-8(1)"), "hipaa": ("164.312(e)(1)",), "gdpr": ("Art. 32",)},
    "AIP-NET-022": {_N: ("SC-7", "AC-3"), "gdpr": ("Art. 32",)},
    "AIP-NET-023": {_N: ("SC-8", "SC-8(1)"), "hipaa": ("164.312(e)(1)",), "gdpr": ("Art. 32",)},
    "AIP-NET-024": {_N: ("IA-9",)},
    "AIP-NET-025": {_N: ("SC-8", "SC-8(1)"), "hipaa": ("164.312(e)(1)",), "gdpr": ("Art. 32",)},
    "AIP-IAM-020": {_N: ("AC-3", "SC-7"), "hipaa": ("164.312(a)(1)",), "gdpr": ("Art. 32",)},
    "AIP-IAM-021": {_N: ("AC-3", "IA-2"), "hipaa": ("164.312(a)(1)", "164.312(d)"), "gdpr": ("Art. 32",)},
    "AIP-IAM-022": {"cis-aws": ("2.7", "2.8"), _N: ("IA-5(1)",), "hipaa": ("164.308(a)(5)(ii)(D)",)},
    "AIP-IAM-023": {_N: ("IA-5(1)",)},
    "AIP-IAM-024": {_N: ("AC-3", "AC-6"), "hipaa": ("164.312(a)(1)",), "gdpr": ("Art. 32",)},
    "AIP-SVC-020": {_N: ("RA-5", "SI-7")},
    "AIP-OBS-020": {_N: ("AU-2", "AU-12")},
    "AIP-OBS-021": {_N: ("AU-2", "AU-12"), "hipaa": ("164.312(b)",)},
    "AIP-OBS-022": {_N: ("SI-4",)},
    "AIP-OBS-023": {_N: ("SI-4",)},
    "AIP-K8S-020": {"cis-gke": ("4.6.2",), "cis-kubernetes": ("5.6.2",), _N: ("CM-7", "SC-39")},
    "AIP-K8S-021": {_N: ("CM-7",)},
    # --- gaps Checkov found in the shipped stacks (issue 28) ---
    "AIP-NET-050": {_N: ("SC-7", "SC-7(5)", "AC-4"), "gdpr": ("Art. 32",)},
    # CIS GKE 5.6.1 asks for flow logs and intranode visibility: AIP-NET-009 checks the first,
    # AIP-NET-051 the second; the control is supported by the pair.
    "AIP-NET-051": {"cis-gke": ("5.6.1",), _N: ("AU-12", "SI-4", "SC-7")},
    "AIP-NODE-050": {"cis-gke": ("5.1.4",), _N: ("CM-7", "SI-7", "SR-11"), "eu-ai-act": ("Art. 15",)},
    "AIP-DATA-050": {_N: ("AU-2", "AU-3", "AU-12"), "hipaa": ("164.312(b)",)},
    "AIP-DATA-051": {_N: ("AU-2", "AU-12", "SI-4"), "hipaa": ("164.312(b)",)},
    "AIP-AUD-050": {_N: ("AU-6", "SI-4"), "hipaa": ("164.308(a)(1)(ii)(D)",)},
    "AIP-K8S-050": {_N: ("SC-5", "CP-10")},
    "AIP-K8S-051": {
        "cis-kubernetes": ("5.4.2",),
        "cis-eks": ("4.4.2",),
        "cis-gke": ("4.4.2",),
        _N: ("IA-5", "IA-5(7)"),
        "hipaa": ("164.312(d)",),
        "gdpr": ("Art. 32",),
    },
    "AIP-K8S-052": {_N: ("CM-2", "SI-7", "SR-11")},
    # --- managed AI services (SageMaker, Bedrock, Vertex AI, Workbench, Colab Enterprise) ---
    "AIP-AI-001": {_N: ("SC-7", "AC-4"), "gdpr": ("Art. 32",), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-002": {_N: ("AC-6", "AC-6(10)")},
    "AIP-AI-003": {_N: ("SC-28", "SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-004": {_N: ("AC-3", "SC-7")},
    "AIP-AI-005": {_N: ("SC-7", "AC-4"), "gdpr": ("Art. 32",), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-006": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-007": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-008": {_N: ("SC-7", "AC-4"), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-009": {_N: ("SC-7", "AC-4"), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-010": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-011": {_N: ("SC-8", "SC-8(1)"), "hipaa": ("164.312(e)(1)",)},
    "AIP-AI-012": {_N: ("SC-28(1)", "SC-12"), "gdpr": ("Art. 32",)},
    "AIP-AI-013": {_N: ("AC-6", "AC-6(5)"), "hipaa": ("164.308(a)(4)",)},
    "AIP-AI-020": {_N: ("AU-2", "AU-12"), "hipaa": ("164.312(b)",), "eu-ai-act": ("Art. 12",)},
    "AIP-AI-021": {_N: ("SC-12",)},
    "AIP-AI-022": {_N: ("SC-28(1)", "SC-12"), "gdpr": ("Art. 32",)},
    "AIP-AI-023": {_N: ("SC-28(1)", "SC-12")},
    "AIP-AI-024": {_N: ("SC-28(1)", "SC-12"), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-025": {_N: ("AC-6",)},
    "AIP-AI-026": {_N: ("SC-7",)},
    "AIP-AI-030": {_N: ("SC-7", "AC-4"), "gdpr": ("Art. 32",)},
    "AIP-AI-031": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-032": {_N: ("AC-6", "AC-6(10)")},
    "AIP-AI-033": {_N: ("SI-7",)},
    "AIP-AI-034": {_N: ("SC-28(1)", "SC-12"), "hipaa": ("164.312(a)(2)(iv)",), "gdpr": ("Art. 32",)},
    "AIP-AI-035": {_N: ("SC-7", "AC-4"), "eu-ai-act": ("Art. 15",)},
    "AIP-AI-036": {_N: ("SC-7", "AC-4"), "gdpr": ("Art. 32",)},
    "AIP-AI-037": {_N: ("SC-28(1)", "SC-12"), "gdpr": ("Art. 32",)},
}

UNVERIFIED: dict[tuple[str, str], str] = {
    (
        "AIP-DATA-002",
        "eu-ai-act",
    ): "Art. 10 asks for data governance of training data; versioning supports provenance (aiinfra's reading).",
    (
        "AIP-DATA-004",
        "eu-ai-act",
    ): "Art. 10/15: immutable model-registry tiers support provenance and tamper resistance (aiinfra's reading).",
    (
        "AIP-AUD-005",
        "hipaa",
    ): "164.316(b)(2)(i) sets six years for required documentation; applying it to audit logs is aiinfra's conservative reading.",
    (
        "AIP-AI-020",
        "eu-ai-act",
    ): "Art. 12 asks high-risk AI systems to log events automatically; model invocation logs support it (aiinfra's reading).",
    (
        "AIP-AI-024",
        "eu-ai-act",
    ): "Art. 15 cybersecurity: a customer-managed key on fine-tuned weights supports confidentiality of the model (aiinfra's reading).",
}
"""Mappings whose support for the control is an interpretation that could not be checked against
guidance from the framework's owner; listed in docs/policies.md."""


def framework_keys() -> list[str]:
    """The keys accepted by ``aiinfra check --framework``."""
    return list(FRAMEWORKS)


def controls_of(rule_id: str, key: str) -> tuple[str, ...]:
    """Controls of framework ``key`` that rule ``rule_id`` supports."""
    return MAPPINGS.get(rule_id, {}).get(key, ())


@cache
def frameworks_of(rule_id: str) -> tuple[Framework, ...]:
    """Every control rule ``rule_id`` supports, as :class:`Framework` entries in framework order."""
    out = []
    mapping: Mapping[str, tuple[str, ...]] = MAPPINGS.get(rule_id, {})
    for key, info in FRAMEWORKS.items():
        for control in mapping.get(key, ()):
            out.append(Framework(info.name, info.version, control, TITLES.get(key, {}).get(control, ""), key))
    return tuple(out)


def all_controls(key: str) -> dict[str, list[str]]:
    """Control -> ids of the rules supporting it, for framework ``key`` (every registered rule)."""
    out: dict[str, list[str]] = {}
    for rule_id in sorted(MAPPINGS):
        for control in MAPPINGS[rule_id].get(key, ()):
            out.setdefault(control, []).append(rule_id)
    return dict(sorted(out.items(), key=lambda kv: _control_sort(kv[0])))


def _control_sort(control: str) -> tuple:
    import re

    parts = re.split(r"[.\-() ]+", control)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)
