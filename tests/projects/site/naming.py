"""A sibling module, imported as the language host allows (project directory first on sys.path)."""


def bucket_name(site: str, stack: str) -> str:
    return f"{site}-{stack}-content"
