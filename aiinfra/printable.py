"""Text from a judged program made safe to print: no control characters in a line, none XML forbids.

Resource names, types and property values come from the program; a report line quoting them must stay one
line, drive no terminal and keep an XML report well formed.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(line: str) -> str:
    """``line`` with every control character escaped (a newline becomes ``\\n``, ESC ``\\x1b``)."""
    return _CONTROL.sub(_escaped, line)


def xml_safe(document: str) -> str:
    """``document`` with the characters XML 1.0 forbids escaped as text (ElementTree writes them raw)."""
    return _XML_FORBIDDEN.sub(_escaped, document)
