"""Reading a JSON file someone else wrote: every way it can be wrong becomes one SpecError.

The standard library's json.loads lets a file through with duplicate keys (the last one
silently wins), turns 100,000 brackets into a RecursionError and a 5,000-digit number into
a ValueError, and refuses the BOM Notepad writes. Here the BOM is accepted and the rest is
refused with the file's name; `check_tree` refuses what no bpviewer file holds (deep nesting,
text that cannot be written back as UTF-8) for dictionaries built in code too.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from pathlib import Path
from typing import Any

from .errors import SpecError
from .texts import tr

#: bpviewer's files nest 4 levels (file → data → inputs → row); lessons 3
MAX_DEPTH = 32
#: a network with 1,000,000 weights written at repr precision is about 25 MB
MAX_BYTES = 64 * 1024 * 1024
#: more digits than any float or seed needs, and what Python converts without a limit
MAX_DIGITS = 400


class LongNumber:
    """Stands in for an integer too long to be anything bpviewer reads; fields refuse it."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a {self.digits:,}-digit number"


def _parse_int(text: str) -> int | LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else LongNumber(digits)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise SpecError(key, tr("appears twice (which one is meant?)"))
        out[key] = value
    return out


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; a folder, a device, a pipe or a
    huge file is refused before anything is read (opening a pipe would wait for a writer).
    What is read is what was checked: the file opened is checked again (a pipe renamed into
    its place after the first check made the open wait forever), without waiting for a
    writer, and a file grown past `limit` since is refused (it was cut to limit + 1 bytes)."""
    source = str(path)
    try:
        _refuse_unless_fits(path.stat(), limit, source)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:  # checked before open() wraps it: open() refuses a folder itself, keeping the fd
            _refuse_unless_fits(os.fstat(fd), limit, source)
            with open(fd, "rb", closefd=False) as fh:
                data = fh.read(limit + 1)
            if len(data) > limit:
                _refuse_unless_fits(os.fstat(fd), limit, source, len(data))
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise SpecError("", tr("file not found"), source) from None
    except OSError as exc:
        raise SpecError("", tr("cannot read: {value}", value=exc.strerror or exc), source) from None
    except SpecError:
        raise
    except ValueError as exc:  # a NUL in the name
        raise SpecError("", tr("cannot read: {exc}", exc=exc), repr(source)) from None
    return data


def _refuse_unless_fits(info: os.stat_result, limit: int, source: str, bytes_read: int = 0) -> None:
    """A folder, anything but a regular file, or more than `limit` bytes (by its size, or by
    the bytes already read of it) is refused."""
    if stat.S_ISDIR(info.st_mode):
        raise SpecError("", tr("is a folder"), source)
    if not stat.S_ISREG(info.st_mode):
        raise SpecError("", tr("is not a regular file"), source)
    size = max(info.st_size, bytes_read)
    if size > limit:
        raise SpecError("", tr("{st_size:,} bytes; at most {limit:,}", st_size=size, limit=limit), source)


def decode(data: bytes, source: str) -> str:
    """UTF-8 with or without a BOM; other encodings are named, not guessed. Windows' "Unicode"
    (UTF-16, UTF-32) is told by its byte-order mark, or without one by a NUL byte among the
    first two (half of an ASCII character), which UTF-8 would pass on as text no JSON or CSV
    reader could name the fault of."""
    at = 0 if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else data.find(b"\0", 0, 2)
    if at >= 0:
        raise SpecError("", tr("UTF-16 or UTF-32 text (byte 0x{value:02x} at offset {start}); save it "
                               "as UTF-8", value=data[at], start=at), source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError("", tr("not UTF-8 text (byte 0x{value:02x} at offset {start}); save it as UTF-8",
                               value=data[exc.start], start=exc.start), source) from None


def loads(text: str, source: str) -> Any:
    """Strict JSON: duplicate keys, deep nesting and bad syntax are one SpecError each."""
    try:
        raw = json.loads(text, object_pairs_hook=_refuse_duplicates, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise SpecError("", tr("not valid JSON (line {lineno}, column {colno}: {msg})",
                               lineno=exc.lineno, colno=exc.colno, msg=exc.msg),
                        source) from None
    except RecursionError:
        raise SpecError("", tr("nested deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH),
                        source) from None
    except SpecError as exc:
        raise exc.with_source(source) from None
    check_tree(raw, source)
    return raw


def read(path: str | os.PathLike) -> Any:
    path = Path(path)
    return loads(decode(read_bytes(path), str(path)), str(path))


def check_tree(raw: Any, source: str | None = None) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text that cannot be encoded (a lone
    surrogate is valid JSON but cannot be saved), naming where it is."""
    stack: list[tuple[Any, str, int]] = [(raw, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            shown = where if len(where) <= 60 else where[:59] + "…"
            raise SpecError(shown, tr("nested deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH), source)
        if isinstance(value, str):
            _check_text(value, where, source)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(str(key), where, source)
                stack.append((item, f"{where}.{key}" if where else str(key), depth + 1))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))


def _check_text(text: str, where: str, source: str | None) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SpecError(where, tr("text with an unpaired surrogate {value} cannot be saved as UTF-8",
                                  value=repr(text[exc.start])), source) from None
