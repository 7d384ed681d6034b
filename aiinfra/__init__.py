"""aiinfra: infrastructure as code for AI platforms on Pulumi.

The top-level package holds the offline engine and the CLI; ``aiinfra.components``,
``aiinfra.blueprints`` and ``aiinfra.policies`` are the reusable library, the compositions and the
policy pack.
"""

__version__ = "0.1.0"
