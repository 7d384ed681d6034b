"""The team's naming helper (a library beside the project, not inside it)."""


def bucket_name(description: str) -> str:
    """The bucket name from the image description's 'team/name' part."""
    team, name = description.split("/")
    return f"{team}-{name}"
