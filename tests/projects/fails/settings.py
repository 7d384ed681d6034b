import os


def region() -> str:
    return os.environ["LOOKALIKE_REQUIRED_VARIABLE"]
