"""CrossGuard entry point: ``pulumi preview --policy-pack policies`` runs this file (see crossguard.py)."""

from aiinfra.policies.crossguard import build_pack

build_pack()
