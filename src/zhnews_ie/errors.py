"""Error codes. Every error a user can cause carries a code and names what is allowed."""

from __future__ import annotations


class ZhNewsError(Exception):
    """A user-facing error with a stable code (``E001`` …); the message says what to do.

    code (str): The error code.
    message (str): One line for the user of the Python API (it names parameters: ``max_chars``).
    cli_message (str | None): The same line for the command line, when it names options instead
        (``--max-chars``); None is ``message``. Defaults to None.
    """

    def __init__(self, code: str, message: str, cli_message: str | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.cli_message = message if cli_message is None else cli_message


# Codes (documented in README.md):
# E001 input path missing or not a file      E002 empty input (no text after decoding)
# E003 not decodable in the given encoding  E004 binary input (NUL bytes / control characters)
# E005 input too large                       E006 unknown encoding name
# E007 unknown format, clashing options    E008 gold file unreadable or malformed (docs/annotation.md)
# E009 malformed JSONL record                E010 duplicate document id in a batch
# E011 the pipeline failed on a document     E012 invalid SPARQL
# E013 graph store missing or locked         E014 bad --n-process / --batch-size
# E015 Dask scheduler unreachable          E016 taxonomy file missing or malformed
# E017 bad training option (--limit, --iterations, --max-steps below the minimum, --augment outside 0..1)
# E018 a training run would replace a model it should not (a trial run without --output, or --output not a model,
#      or train categories with no GOLD when ../shared/corpus/dev is missing)
# E019 out folder locked by another batch   E020 an output path cannot be written
# W001 no Chinese characters: empty extraction
