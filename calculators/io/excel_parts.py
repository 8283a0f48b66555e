"""A workbook's zip file, each part unpacked in pieces and counted against its budget.

A sheet may unpack to MAX_SHEET bytes (Excel's 1,048,576 empty formatted rows are about 85 MB), of
which MAX_PART are parsed once empty rows and cells are dropped; other parts MAX_PART; MAX_UNPACKED
in all. So a small file that unpacks to gigabytes is refused after reading MAX_PART of it. A document
type declaration (the way to an "entity expansion" bomb) is refused.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from .limits import FileProblem

MAX_PART = 64 * 1024 * 1024  # bytes of XML parsed from one part (a 2,000-row team is under 1 MB)
MAX_SHEET = 128 * 1024 * 1024  # bytes of a sheet unpacked, empty rows included (Excel's 1,048,576: about 85 MB)
MAX_UNPACKED = 160 * 1024 * 1024  # bytes of XML unpacked from one workbook in all
DAMAGED = "The workbook could not be opened: it is damaged ({}). Open it in Excel, save it again, and import it"
# An empty row (with its number) or cell, written as one self-closing tag: it holds no data.
_EMPTY = re.compile(rb'<(?:\w+:)?row\s[^<>]*?\br="[0-9]+"[^<>]*/>|<(?:\w+:)?c\s[^<>]*?\br="[A-Z]+[0-9]+"[^<>]*/>')


class Book:
    """The workbook's zip file, each part read through the unpacked-size budget."""

    def __init__(self, z: zipfile.ZipFile):
        self.zip = z
        self.names = {i.filename.lstrip("/"): i for i in z.infolist()}
        self.unpacked = 0

    def parse(
        self,
        name: str,
        start: Callable[..., Any],
        end: Callable[..., Any] | None = None,
        text: Callable[..., Any] | None = None,
        skip_empty: bool = False,
    ) -> None:
        """Stream one part through expat: `start(tag, attrs)`, `end(tag)`, `text(data)` with tags
        without their prefix (x:row is row); the part's size is counted as it is unpacked.
        `skip_empty` (for a sheet) drops empty rows and cells (<row r="9" ht="15"/>, <c r="A9" s="1"/>)
        before they are parsed: a sheet formatted down to Excel's last row has a million, and parsing
        each would take seconds. A sheet's handlers take tags as written (see SheetReader.start)."""
        info = self.names[name.lstrip("/")]
        parser = expat.ParserCreate()  # names as written: a part's meaning is in its elements' names
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        raw = skip_empty  # a sheet's handlers are called once for each of up to 60,000 cells: no wrapper
        parser.StartElementHandler = start if raw else lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
        if end:
            parser.EndElementHandler = end if raw else lambda tag: end(tag.rpartition(":")[2])
        if text:
            parser.CharacterDataHandler = text
        size, parsed, carry = 0, 0, b""
        with self.zip.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                size += len(chunk)
                self.unpacked += len(chunk)
                if skip_empty:  # up to the last whole tag; the rest waits for the next piece
                    cut = chunk.rfind(b">") + 1
                    chunk, carry = _drop_empty(carry + chunk[:cut]), chunk[cut:]
                parsed += len(chunk)
                _check_size(name, size, parsed, self.unpacked, MAX_SHEET if skip_empty else MAX_PART)
                parser.Parse(chunk, False)
        parser.Parse(carry, True)

    def rels(self, part: str) -> dict[str, str]:
        """A part's relationships: id -> the target's path inside the zip."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, str] = {}
        if name not in self.names:
            return found

        def start(tag: str, a: dict[str, str]) -> None:
            if tag == "Relationship" and a.get("TargetMode") != "External":
                target = a.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[a.get("Id", "")] = posixpath.normpath(path)
                found["type:" + a.get("Type", "").rsplit("/", 1)[-1]] = found[a.get("Id", "")]

        self.parse(name, start)
        return found


def _drop_empty(xml: bytes) -> bytes:
    """XML without its empty rows and cells. A piece that is nothing but empty rows (as below the
    data of a sheet formatted to its last row) is dropped whole, found by counting, which is many
    times quicker than the regular expression (seconds in the browser for a million rows)."""
    tags = xml.count(b"<")
    if tags and tags == xml.count(b"<row ") == xml.count(b"/>") == xml.count(b' r="'):
        return b""
    return _EMPTY.sub(b"", xml)


def _check_size(name: str, size: int, parsed: int, unpacked: int, most: int) -> None:
    """Refuse a part as soon as it unpacks past its limit, or the workbook past MAX_UNPACKED."""
    limit = next((limit for n, limit in ((size, most), (parsed, MAX_PART), (unpacked, MAX_UNPACKED)) if n > limit), 0)
    if limit:
        raise FileProblem(
            "file",
            f"The workbook unpacks to more than {limit // 1024 // 1024:,} MB of data (its part {name}); a team's "
            "workbook is far smaller. Delete the empty rows and columns beyond your data, or save the sheet as "
            "CSV UTF-8, and import again",
        )


def _refuse_doctype(*_: Any) -> None:
    raise FileProblem("file", DAMAGED.format("it declares its own XML entities, which Excel never writes"))
