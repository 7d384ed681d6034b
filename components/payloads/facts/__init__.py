"""One module per recorded chart version or EKS add-on version; each defines ``FACTS``."""
