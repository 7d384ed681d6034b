"""Packaging shim: maps the repository's top-level folders onto the ``aiinfra`` package.

``aiinfra.components``, ``aiinfra.blueprints`` and ``aiinfra.policies`` live in the top-level
folders of the same names (see DESIGN.md); setuptools needs an explicit ``package_dir`` for that.
All metadata lives in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup

ROOTS = {
    "aiinfra": "aiinfra",
    "aiinfra.components": "components",
    "aiinfra.blueprints": "blueprints",
    "aiinfra.policies": "policies",
}


def _packages() -> list[str]:
    found = []
    for package, folder in ROOTS.items():
        for init in sorted(Path(folder).rglob("__init__.py")):
            relative = init.parent.relative_to(folder)
            found.append(".".join([package, *relative.parts]) if relative.parts else package)
    return found


setup(
    packages=_packages(),
    package_dir=ROOTS,
    package_data={
        "aiinfra.policies": ["PulumiPolicy.yaml", "checkov_skips.yaml", "requirements.txt", "*.json", "*.md"],
        "aiinfra.engine": ["js/*.js"],  # the Node.js program host (bootstrap.js)
        "aiinfra.components.catalog": ["*.json"],  # energy facts (scripts/vendor_energy.py)
        "aiinfra.export": ["data/*.json"],  # Terraform names from the providers' bridge metadata
    },
)
