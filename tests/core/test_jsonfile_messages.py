"""The exact one-line refusals of core/jsonfile, written out by hand: the field is empty for a
file-level problem, the source is the file's path, and the depth check reads nested lists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bpviewer.core import jsonfile
from bpviewer.core.errors import SpecError


def refusal(call) -> SpecError:
    with pytest.raises(SpecError) as info:
        call()
    return info.value


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.json"
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: file not found")


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who reads any file")
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: cannot read: Permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: is not a regular file")


def test_a_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(" " * 1500)
    err = refusal(lambda: jsonfile.read_bytes(path, limit=1000))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: 1,500 bytes; at most 1,000")


def _swapped_after_the_check(monkeypatch, path: Path, swap) -> None:
    """`swap()` runs right after the first stat of `path` returns: another program replacing
    the file between read_bytes' check and its read."""
    real_stat = os.stat
    pending = [swap]

    def stat(target, *args, **kwargs):
        info = real_stat(target, *args, **kwargs)
        if pending and os.fspath(target) == str(path):
            pending.pop()()
        return info

    monkeypatch.setattr(os, "stat", stat)


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_put_in_the_files_place_after_the_check_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The open waited for a writer that never came (the window or the command hung)."""
    path, pipe = tmp_path / "net.json", tmp_path / "pipe"
    path.write_text("{}")
    os.mkfifo(pipe)
    _swapped_after_the_check(monkeypatch, path, lambda: os.replace(pipe, path))
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: is not a regular file")


def test_a_file_grown_past_the_limit_after_the_check_is_refused(tmp_path: Path, monkeypatch) -> None:
    """It was read cut to limit + 1 bytes and passed on as the file."""
    path = tmp_path / "data.csv"
    path.write_text("a\n1\n")
    _swapped_after_the_check(monkeypatch, path, lambda: path.write_text("a\n" + "1\n" * 1000))
    err = refusal(lambda: jsonfile.read_bytes(path, limit=1000))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: 2,002 bytes; at most 1,000")


def test_a_file_shrunk_after_the_check_is_read_as_it_is_now(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a\n" + "1\n" * 100)
    _swapped_after_the_check(monkeypatch, path, lambda: path.write_text("b\n2\n"))
    assert jsonfile.read_bytes(path, limit=1000) == b"b\n2\n"


@pytest.mark.parametrize("depth", [33, 40])
def test_lists_nested_past_the_limit(depth: int) -> None:
    err = refusal(lambda: jsonfile.loads("[" * depth + "]" * depth, "deep.json"))
    assert str(err).startswith("deep.json: ") and err.source == "deep.json"
    assert str(err).endswith("nested deeper than 32 levels")


def test_lists_nested_to_the_limit_are_read() -> None:
    assert jsonfile.loads("[" * 32 + "]" * 32, "ok.json") is not None


def test_a_long_path_to_the_deep_value_is_cut_to_60_characters() -> None:
    key = "k" * 70
    err = refusal(lambda: jsonfile.loads('{"' + key + '": ' + "[" * 40 + "]" * 40 + "}", "deep.json"))
    assert err.field == "k" * 59 + "…"


def test_a_path_through_a_file_cannot_be_read(tmp_path: Path) -> None:
    """An OSError other than "not found" (here ENOTDIR, which root gets too) is named as such."""
    (tmp_path / "plain.txt").write_text("{}")
    path = tmp_path / "plain.txt" / "inner.json"
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: cannot read: Not a directory")


def test_a_duplicate_key_is_named() -> None:
    err = refusal(lambda: jsonfile.loads('{"lr": 0.1, "lr": 0.5}', "net.json"))
    assert str(err) == "net.json: lr: appears twice (which one is meant?)"


@pytest.mark.parametrize("sign", ["", "-"])
def test_integers_of_up_to_400_digits_are_read_longer_ones_are_named_by_length(sign: str) -> None:
    assert jsonfile.loads(sign + "7" * 400, "n.json") == int(sign + "7" * 400)
    assert repr(jsonfile.loads(f"[{sign}{'7' * 401}]", "n.json")[0]) == "a 401-digit number"


def test_bytes_that_are_not_utf8_are_named_with_their_offset() -> None:
    err = refusal(lambda: jsonfile.decode(b'{"a\xe9": 1}', "latin.json"))
    assert (err.field, err.source, str(err)) == (
        "", "latin.json", "latin.json: not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8")


@pytest.mark.parametrize(("codec", "byte", "offset"), [
    ("utf-16", 0xFF, 0), ("utf-16-be", 0x00, 0), ("utf-16-le", 0x00, 1), ("utf-32", 0xFF, 0),
    ("utf-32-be", 0x00, 0), ("utf-32-le", 0x00, 1),
])
def test_windows_unicode_text_is_named_as_utf16_or_utf32(codec: str, byte: int, offset: int) -> None:
    """Notepad's "Unicode" and PowerShell's Out-File write UTF-16; without its byte-order mark
    the ASCII of `{"a": 1}` decodes as UTF-8 with NULs, which JSON would call a syntax error."""
    err = refusal(lambda: jsonfile.decode('{"a": 1}'.encode(codec), "wide.json"))
    assert (err.field, err.source, str(err)) == (
        "", "wide.json", f"wide.json: UTF-16 or UTF-32 text (byte 0x{byte:02x} at offset {offset}); "
                         "save it as UTF-8")


def test_a_nul_after_the_first_character_is_left_to_the_reader() -> None:
    """A stray NUL inside a CSV cell is that cell's fault, named by the CSV reader."""
    assert jsonfile.decode(b"x1\x00,x2", "d.csv") == "x1\x00,x2"


@pytest.mark.parametrize(("text", "said"), [
    ('{"a": }', "not valid JSON (line 1, column 7: Expecting value)"),
    ('{\n  "a": 1\n  "b": 2}', "not valid JSON (line 3, column 3: Expecting ',' delimiter)"),
    ("[" * 100_000, "nested deeper than 32 levels"),
])
def test_text_that_is_not_json_is_one_line_with_the_place(text: str, said: str) -> None:
    err = refusal(lambda: jsonfile.loads(text, "bad.json"))
    assert (err.field, err.source, str(err)) == ("", "bad.json", f"bad.json: {said}")


def test_a_folder_put_in_the_files_place_after_the_check_is_refused(tmp_path: Path, monkeypatch) -> None:
    """A folder opens for reading on Linux: what was opened is checked, and closed (open()
    refused it as "cannot read: Is a directory" and left its descriptor open)."""
    path, folder = tmp_path / "net.json", tmp_path / "folder"
    path.write_text("{}")
    folder.mkdir()
    _swapped_after_the_check(monkeypatch, path, lambda: (path.unlink(), folder.rename(path)))
    fds = _open_descriptors()
    err = refusal(lambda: jsonfile.read(path))
    assert (err.field, err.source, str(err)) == ("", str(path), f"{path}: is a folder")
    assert _open_descriptors() == fds


def _open_descriptors() -> set[str] | None:
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None


def test_a_name_holding_a_nul_is_one_line() -> None:
    err = refusal(lambda: jsonfile.read("net\0.json"))
    assert str(err) == "'net\\x00.json': cannot read: embedded null byte"


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"1" * 1000)
    assert jsonfile.read_bytes(path, limit=1000) == b"1" * 1000
    path.write_bytes(b"1" * 1001)
    err = refusal(lambda: jsonfile.read_bytes(path, limit=1000))
    assert str(err) == f"{path}: 1,001 bytes; at most 1,000"
