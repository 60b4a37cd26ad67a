"""Reading and checking input documents: clear coded errors instead of tracebacks."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import ZhNewsError
from .grammar.text import has_chinese

MAX_CHARS = 1_000_000
"""Default limit on characters per document (spaCy's default ``nlp.max_length``)."""

_BINARY_CONTROL_RATIO = 0.1


def too_large(name: str, max_chars: int, n_chars: int | None = None, n_bytes: int | None = None,
              bytes_per_char: int = 4) -> ZhNewsError:
    """The E005 error for a document over the limit. The limit and the size are both stated in characters (what
    ``--max-chars`` counts); a byte size checked before decoding is turned into the fewest characters it can
    hold and the bytes are named as such.

    name (str): Name of the document in the message.
    max_chars (int): The limit, in characters.
    n_chars (int | None): The document's length in characters, when decoded. Defaults to None.
    n_bytes (int | None): Its size in bytes, when refused before decoding. Defaults to None.
    bytes_per_char (int): Most bytes one character can take: 4 in UTF-8 and GB18030, 6 in a JSON string
        (``\\uXXXX``). Defaults to 4.
    RETURNS (ZhNewsError): The error (code E005) to raise.
    """
    if n_chars is not None:
        size = f"{n_chars:,} characters"
    else:
        n_bytes = n_bytes or 0
        size = (f"at least {n_bytes // bytes_per_char:,} characters ({n_bytes:,} bytes, at most {bytes_per_char} "
                "bytes a character)")
    return ZhNewsError("E005", f"{name} has {size}; the limit is {max_chars:,} characters "
                               "(split the document or raise --max-chars)")


def decode_bytes(data: bytes, encoding: str = "utf-8", name: str = "<input>", max_chars: int = MAX_CHARS) -> str:
    """Decode and check a document's bytes.

    data (bytes): The raw bytes.
    encoding (str): The text encoding, e.g. ``utf-8``, ``gb18030``. Defaults to "utf-8".
    name (str): Name used in messages. Defaults to "<input>".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS (1,000,000).
    RETURNS (str): The text; a leading byte-order mark is removed by decoding, and offsets index what follows.
    RAISES (ZhNewsError): E002 empty, E003 not decodable, E004 binary, E005 too large, E006 unknown encoding.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ZhNewsError("E006", f"unknown encoding {encoding!r}; use e.g. utf-8, gb18030, big5") from None
    if len(data) > 4 * max_chars + 4:
        raise too_large(name, max_chars, n_bytes=len(data))
    if b"\x00" in data[:65536]:
        raise ZhNewsError("E004", f"{name} looks binary (NUL bytes); give a UTF-8 text file")
    try:
        text = data.decode(encoding)
        if text.startswith("\ufeff"):  # a byte-order mark belongs to the encoding, not the text (as utf-8-sig)
            text = text[1:]
    except UnicodeDecodeError as err:
        hint = " (it may be GBK/GB18030: try --encoding gb18030)" if encoding.lower().replace("-", "") == "utf8" else ""
        raise ZhNewsError("E003", f"{name} is not valid {encoding} at byte {err.start}{hint}") from None
    return check_text(text, name=name, max_chars=max_chars)


def check_text(text: str, name: str = "<input>", max_chars: int = MAX_CHARS) -> str:
    """Check a decoded document.

    text (str): The text.
    name (str): Name used in messages. Defaults to "<input>".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS.
    RETURNS (str): The text, unchanged (offsets index it as given).
    RAISES (ZhNewsError): E002 if empty or whitespace only, E003 if it holds unpaired surrogates, E004 if mostly
        control characters, E005 if too large.
    """
    if not isinstance(text, str):
        raise ZhNewsError("E002", f"{name}: the text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ZhNewsError("E002", f"{name} is empty (no text to extract from)")
    if len(text) > max_chars:
        raise too_large(name, max_chars, n_chars=len(text))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ZhNewsError("E003", f"{name} contains an unpaired surrogate at character {err.start} "
                                  "(not valid Unicode text)") from None
    sample = text[:4096]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or 0x7F <= ord(ch) < 0xA0
                   or ch == "\ufffd")
    if controls > _BINARY_CONTROL_RATIO * len(sample):
        raise ZhNewsError("E004", f"{name} looks binary ({controls} control characters in the first "
                                  f"{len(sample)}); give a UTF-8 text file")
    return text


def read_document(path: str | Path, encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> str:
    """Read one document from disk.

    path (str | Path): The file.
    encoding (str): Its encoding. Defaults to "utf-8".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS.
    RETURNS (str): The text, exactly as decoded (offsets in the output index this string).
    RAISES (ZhNewsError): E001 missing path or a directory, plus the errors of ``decode_bytes``.
    """
    p = Path(path)
    if not p.exists():
        raise ZhNewsError("E001", f"no such file: {p}")
    if not p.is_file():
        raise ZhNewsError("E001", f"{p} is not a file")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ZhNewsError("E001", f"cannot read {p}: {err.strerror}") from None
    return decode_bytes(data, encoding=encoding, name=str(p), max_chars=max_chars)


def language_warnings(text: str) -> list[str]:
    """Warnings about the language of a text.

    text (str): The text.
    RETURNS (list[str]): ``["W001: ..."]`` when the text has no Chinese characters, else ``[]``.
    """
    if not has_chinese(text):
        return ["W001: the text contains no Chinese characters; the extraction is empty"]
    return []
