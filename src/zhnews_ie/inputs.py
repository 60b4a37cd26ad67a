"""Reading and checking input documents: clear coded errors instead of tracebacks."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .errors import ZhNewsError
from .grammar.text import has_chinese

MAX_CHARS = 1_000_000
"""Default limit on characters per document (spaCy's default ``nlp.max_length``)."""

_BINARY_CONTROL_RATIO = 0.1
_BLOCK = 4096
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _is_utf16_32(data: bytes, encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


_TEXT_CHAR_RE = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
"""Characters of ordinary Chinese news text: ASCII, Latin-1, general punctuation, CJK punctuation, the common CJK
ideographs and full-width forms (a binary file read as UTF-16 gives mostly other code points)."""
_UNICODE_WIDTHS = (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2))


def _text_share(text: str) -> float:
    return len(_TEXT_CHAR_RE.findall(text)) / len(text) if text else 0.0


def guess_utf16_32(data: bytes, min_share: float = 0.9) -> str | None:
    """Guess the codec of UTF-16/UTF-32 text written without a byte-order mark, from the text itself.

    A codec is guessed when the NUL bytes of the first 4 KiB stand mostly at the positions where the codec puts
    the zero bytes of ASCII characters (the second of each pair in UTF-16-LE ...), and the first 4 KiB decoded
    with it are mostly ordinary text (ASCII, CJK ideographs and punctuation, full-width forms), more so than
    decoded as UTF-8. Binary files (NUL bytes anywhere, random code points) and UTF-8 text with a stray NUL get
    None.

    data (bytes): The raw bytes.
    min_share (float): Least share of ordinary text characters in the decoded head. Defaults to 0.9.
    RETURNS (str | None): ``utf-16-le``, ``utf-16-be``, ``utf-32-le`` or ``utf-32-be``, or None.
    """
    head = data[:_BLOCK]
    utf8_share = _text_share(head.decode("utf-8", errors="replace"))
    for codec, width in _UNICODE_WIDTHS:
        n = len(head) - len(head) % width
        if n < 2 * width:
            continue
        nuls = [i % width for i in range(n) if head[i] == 0]
        if nuls:  # ASCII's zero bytes: the high bytes of a unit (the last in little-endian, the first in big)
            high = range(1, width) if codec.endswith("-le") else range(0, width - 1)
            if sum(1 for r in nuls if r in high) < 0.9 * len(nuls):
                continue
        share = _text_share(head[:n].decode(codec, errors="replace"))
        if share >= min_share and share > utf8_share:
            return codec
    return None


def _bom_encoding(data: bytes) -> str | None:
    """The UTF-16/32 codec named by a byte-order mark at the start of ``data`` (the codec then removes it)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def check_encoding(encoding: str) -> str:
    """Check that a name is a text encoding Python knows.

    encoding (str): The name given (``utf-8``, ``gb18030``, ``big5`` ...).
    RETURNS (str): The name, unchanged.
    RAISES (ZhNewsError): E006 for an unknown name, or a codec that is not a text encoding (``rot13``,
        ``base64``, ``hex``, ``zlib`` transform bytes or strings, not bytes into text).
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise ZhNewsError("E006", f"unknown encoding {encoding!r}; use e.g. utf-8, gb18030, big5") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ZhNewsError("E006", f"{encoding!r} is not a text encoding (it transforms data); use e.g. utf-8, "
                                  "gb18030, big5")
    return encoding


def check_max_chars(max_chars: int) -> int:
    """Check a ``--max-chars`` value.

    max_chars (int): Largest accepted document, in characters.
    RETURNS (int): The value.
    RAISES (ZhNewsError): E014 unless it is a positive integer (``cli_message`` names ``--max-chars``).
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        why = f"must be a positive number of characters, got {max_chars!r}"
        raise ZhNewsError("E014", f"max_chars {why}", cli_message=f"--max-chars {why}")
    return max_chars


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
    RETURNS (ZhNewsError): The error (code E005) to raise; its message names the ``max_chars`` parameter, its
        ``cli_message`` the ``--max-chars`` option.
    """
    if n_chars is not None:
        size = f"{n_chars:,} characters"
    else:
        n_bytes = n_bytes or 0
        size = (f"at least {n_bytes // bytes_per_char:,} characters ({n_bytes:,} bytes, at most {bytes_per_char} "
                "bytes a character)")
    message = f"{name} has {size}; the limit is {max_chars:,} characters (split the document or raise "
    return ZhNewsError("E005", message + "max_chars)", cli_message=message + "--max-chars)")


def decode_bytes(data: bytes, encoding: str = "utf-8", name: str = "<input>", max_chars: int = MAX_CHARS) -> str:
    """Decode and check a document's bytes.

    data (bytes): The raw bytes.
    encoding (str): The text encoding, e.g. ``utf-8``, ``gb18030``. Defaults to "utf-8".
    name (str): Name used in messages. Defaults to "<input>".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS (1,000,000).
    RETURNS (str): The text; a leading byte-order mark is removed by decoding, and offsets index what follows.
    RAISES (ZhNewsError): E002 empty, E003 not decodable, E004 binary, E005 too large, E006 unknown encoding.
    """
    check_encoding(encoding)
    check_max_chars(max_chars)
    if len(data) > 4 * max_chars + 4:
        raise too_large(name, max_chars, n_bytes=len(data))
    bom_encoding = _bom_encoding(data)
    if bom_encoding is not None and codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32", bom_encoding):
        encoding = bom_encoding  # a UTF-16/32 byte-order mark decides the encoding
    if b"\x00" in data and not _is_utf16_32(data, encoding):
        guess = guess_utf16_32(data)
        nul = data.index(b"\x00")
        if guess is not None:
            raise ZhNewsError("E004", f"{name} has NUL bytes (the first at byte {nul:,}) but reads as {guess} text "
                                      f"without a byte-order mark: try --encoding {guess}")
        raise ZhNewsError("E004", f"{name} looks binary (a NUL byte at byte {nul:,}); give a UTF-8 text file")
    try:
        text = data.decode(encoding)
        if text.startswith("\ufeff"):  # a byte-order mark belongs to the encoding, not the text (as utf-8-sig)
            text = text[1:]
    except UnicodeDecodeError as err:
        guess = guess_utf16_32(data) if not _is_utf16_32(data, encoding) else None
        if guess is not None:
            hint = f" (it reads as {guess} text without a byte-order mark: try --encoding {guess})"
        elif encoding.lower().replace("-", "") == "utf8":
            hint = " (it may be GBK/GB18030: try --encoding gb18030)"
        else:
            hint = ""
        raise ZhNewsError("E003", f"{name} is not valid {encoding} at byte {err.start}{hint}") from None
    return check_text(text, name=name, max_chars=max_chars)


def check_text(text: str, name: str = "<input>", max_chars: int = MAX_CHARS) -> str:
    """Check a decoded document.

    text (str): The text.
    name (str): Name used in messages. Defaults to "<input>".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS.
    RETURNS (str): The text, unchanged (offsets index it as given).
    RAISES (ZhNewsError): E002 if empty or whitespace only, E003 if it holds unpaired surrogates, E004 if mostly
        control characters, E005 if too large, E014 if ``max_chars`` is not a positive integer.
    """
    check_max_chars(max_chars)
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
    for block_start in range(0, len(text), _BLOCK):  # every block, not only the first: binary may come late
        sample = text[block_start:block_start + _BLOCK]
        controls = len(_CONTROL_RE.findall(sample))
        if controls > _BINARY_CONTROL_RATIO * len(sample):
            raise ZhNewsError("E004", f"{name} looks binary ({controls} control characters in the "
                                      f"{len(sample):,} characters from character {block_start:,}); give a UTF-8 "
                                      "text file")
    return text


def read_document(path: str | Path, encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> str:
    """Read one document from disk.

    path (str | Path): The file.
    encoding (str): Its encoding. Defaults to "utf-8".
    max_chars (int): Largest accepted document, in characters. Defaults to MAX_CHARS.
    RETURNS (str): The text, exactly as decoded (offsets in the output index this string).
    RAISES (ZhNewsError): E001 missing path or a directory, plus the errors of ``decode_bytes``.
    """
    check_encoding(encoding)
    check_max_chars(max_chars)
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
