"""Bytes to text: the browser's base64 payload to bytes, and a file's bytes to text.

Text is UTF-8 (with or without a byte-order mark) or UTF-16 with its mark (Excel's "Unicode text");
anything else is read as Windows-1252, which covers Latin-1's printable letters, and a notice says
so, so "José" stays "José" and never becomes "Jos\ufffd". An old .xls workbook and a
password-protected one (both compound files) are told apart and named.
"""

from __future__ import annotations

import base64
import binascii
import codecs
from typing import Any

from .limits import MAX_BYTES, FileProblem, too_big


def decode_payload(payload: Any, filename: Any) -> list[tuple[str, bytes]]:
    """The browser's files: base64 text (or a list of them) and a filename (or a list)."""
    payloads = payload if isinstance(payload, list) else [payload]
    names = filename if isinstance(filename, list) else [filename] * len(payloads)
    files = []
    for n, item in enumerate(payloads):
        name = str(names[n] if n < len(names) else "file") or "file"
        if not isinstance(item, str):
            raise FileProblem("file", f"{name}: the file did not arrive as base64 text")
        if len(item) > (MAX_BYTES + 2) * 4 // 3 + 4:
            raise too_big(len(item) * 3 // 4)
        try:
            files.append((name, base64.b64decode(item, validate=True)))
        except (binascii.Error, ValueError):
            raise FileProblem("file", f"{name}: the file did not arrive as base64 text") from None
    return files


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .xls, or an encrypted workbook


def ole_message(data: bytes) -> str:
    """Excel saves a workbook with a password to open as a compound file holding an "EncryptionInfo"
    stream (its directory names are UTF-16); any other compound file is an old .xls workbook."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            "This workbook is protected by a password (it is encrypted), so it cannot be read. Open it in Excel "
            "with its password, remove the password (File, Info, Protect Workbook, Encrypt with Password, "
            "delete it), save, and import it again; or save the sheet as CSV UTF-8"
        )
    return (
        "This is an older Excel workbook (.xls), which this calculator cannot read. In Excel, use Save As and "
        "choose Excel Workbook (.xlsx) or CSV UTF-8, then import that file"
    )


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """A file's text, and a notice when it was read as Windows-1252 because it is not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise FileProblem("file", "The file says it is UTF-16 text but is not. Save it as CSV UTF-8") from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            "file",
            "The file is not readable text (it is neither UTF-8 nor Windows-1252). "
            "Save it from your spreadsheet as CSV UTF-8",
        ) from None
    return text, [
        f"{name} is not UTF-8, so it was read as Windows-1252 (Western European) text. "
        "Check that letters such as é and £ look right; saving as CSV UTF-8 avoids this"
    ]
