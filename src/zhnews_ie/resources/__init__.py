"""Data files of zhnews_ie (lexicons, division lists, rules), read with :func:`read_lines`."""

from __future__ import annotations

from importlib.resources import files


def read_lines(resource: str) -> list[str]:
    """The non-empty, non-comment lines of a data file in this package, stripped.

    resource (str): The file name, e.g. "org_suffixes.txt".
    RETURNS (list[str]): Its lines, without those starting with ``#``.
    RAISES (FileNotFoundError): If the file is missing from the installed package.
    """
    text = files(__name__).joinpath(resource).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
