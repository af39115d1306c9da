"""Saving never harms what is there: through a symlink the real file changes, the mode and
the link survive, a folder or a device is never replaced, an interrupted save changes nothing."""

from __future__ import annotations

import os
import stat
from functools import partial

import pytest

from bpviewer.core import atomic, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError

MAZUR = presets.load("mazur")
XOR = presets.load("xor")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_saving_through_a_symlink_updates_the_real_file(tmp_path) -> None:
    real = tmp_path / "course" / "net.json"
    real.parent.mkdir()
    spec_mod.save(MAZUR, real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    spec_mod.save(XOR, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert spec_mod.load(real) == XOR
    assert sorted(p.name for p in real.parent.iterdir()) == ["net.json"]


@pytest.mark.parametrize("bits", [0o644, 0o640, 0o664, 0o600])
def test_the_file_keeps_its_mode(tmp_path, bits) -> None:
    path = tmp_path / "shared.json"
    spec_mod.save(MAZUR, path)
    os.chmod(path, bits)
    spec_mod.save(XOR, path)
    assert mode(path) == bits and spec_mod.load(path) == XOR


def test_a_new_file_gets_the_umask_s_mode_not_0600(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        spec_mod.save(MAZUR, tmp_path / "new.json")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.json") == 0o644


def test_a_folder_is_never_replaced(tmp_path) -> None:
    folder = tmp_path / "net.json"
    folder.mkdir()
    with pytest.raises(SpecError) as err:
        spec_mod.save(MAZUR, folder)
    assert err.value.line() == f"{folder}: is a folder; refusing to replace it"
    assert folder.is_dir()


def test_a_pipe_is_never_replaced(tmp_path) -> None:
    """A device node (as root) or a pipe: not a regular file, left exactly as it is."""
    pipe = tmp_path / "net.json"
    os.mkfifo(pipe)
    with pytest.raises(SpecError, match="not a regular file; refusing to replace it"):
        spec_mod.save(MAZUR, pipe)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_a_missing_folder_is_one_line(tmp_path) -> None:
    with pytest.raises(SpecError, match="cannot write: no folder"):
        spec_mod.save(MAZUR, tmp_path / "nowhere" / "net.json")


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, MemoryError, OSError])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, interrupt) -> None:
    path = tmp_path / "net.json"
    spec_mod.save(MAZUR, path)
    before = path.read_bytes()

    def half(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write('{"format": ')
        raise interrupt("stop")

    with pytest.raises(SpecError if interrupt is OSError else interrupt):
        atomic.replace(path, half)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(SpecError, match="an empty file name"):
        atomic.target("  ", "--out")


def test_a_name_that_cannot_be_encoded_is_refused_at_load(tmp_path) -> None:
    """Valid JSON ("\\ud800" escapes a lone surrogate), but no UTF-8 file can hold it."""
    path = tmp_path / "net.json"
    path.write_text(spec_mod.dumps(MAZUR).replace('"Mazur', '"\\ud800 Mazur'), encoding="utf-8")
    with pytest.raises(SpecError) as err:
        spec_mod.load(path)
    assert err.value.field == "name" and "surrogate" in err.value.problem


def refusal(call) -> str:
    with pytest.raises(SpecError) as err:
        call()
    return err.value.line()


@pytest.mark.parametrize(("error", "said"), [
    (OSError(28, "No space left on device"), "No space left on device"),
    (OSError("the disk went away"), "the disk went away")])
def test_a_failed_write_names_the_file_the_option_and_the_system_s_reason(tmp_path, error, said) -> None:
    """The reason is the system's message (strerror), or the error itself when it has none."""
    path = tmp_path / "net.json"

    def fail(tmp: str) -> None:
        raise error

    assert refusal(lambda: atomic.replace(path, fail, "--out")) == f"{path}: --out: cannot write: {said}"
    assert list(tmp_path.iterdir()) == []


def test_no_free_temporary_name_is_one_line(tmp_path) -> None:
    path = tmp_path / "net.json"
    for attempt in range(100):
        (tmp_path / f".net.json.{os.getpid()}.{attempt}.tmp").touch()
    assert refusal(lambda: atomic.replace_text(path, "{}")) == (
        f"{path}: cannot write: no free temporary name beside {path}")
    assert not path.exists()


def test_a_path_through_a_file_is_one_line(tmp_path) -> None:
    (tmp_path / "plain.txt").touch()
    path = tmp_path / "plain.txt" / "net.json"
    assert refusal(lambda: atomic.target(path, "--out")) == f"{path}: --out: cannot write: Not a directory"


def test_a_folder_without_write_permission_is_one_line(tmp_path, monkeypatch) -> None:
    """os.access stands in for the permission bits, which root would ignore: the folder exists
    and can be read, but not written."""
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: not mode & os.W_OK)
    path = tmp_path / "net.json"
    said = f"cannot write: the folder {str(tmp_path)!r} is not writable"
    assert refusal(lambda: atomic.target(path)) == f"{path}: {said}"
    assert refusal(lambda: atomic.target(path, "--out")) == f"{path}: --out: {said}"


def test_a_stale_temporary_from_an_earlier_crash_does_not_block_saving(tmp_path) -> None:
    path = tmp_path / "net.json"
    stale = tmp_path / f".net.json.{os.getpid()}.0.tmp"
    stale.write_text("left by a crash")
    atomic.replace_text(path, "{}")
    assert path.read_text() == "{}" and stale.read_text() == "left by a crash"


@pytest.mark.parametrize(("make", "problem"), [
    (lambda tmp: tmp / "a\0b.json", "not a usable file name"),
    (lambda tmp: tmp, "is a folder; refusing to replace it"),
    (lambda tmp: tmp / "nowhere" / "net.json", "cannot write: no folder {folder!r}"),
], ids=["NUL", "folder", "no folder"])
def test_every_refusal_names_the_file_and_the_option(tmp_path, make, problem) -> None:
    """target, replace and replace_text alike: `<file>: <option>: <problem>`; the file is the
    name as given (repr'd when it holds a NUL); no option, no option's part."""
    path = make(tmp_path)
    source = repr(str(path)) if "\0" in str(path) else str(path)
    said = problem.format(folder=str(path.parent))
    for call in (lambda field: atomic.target(path, field),
                 lambda field: atomic.replace(path, lambda tmp: None, field),
                 lambda field: atomic.replace_text(path, "{}", field)):
        assert refusal(partial(call, "--out")) == f"{source}: --out: {said}"
        assert refusal(partial(call, "")) == f"{source}: {said}"
    assert refusal(lambda: atomic.replace(path, lambda tmp: None)) == f"{source}: {said}"


def test_an_empty_name_names_the_option() -> None:
    assert refusal(lambda: atomic.target(" ", "--out")) == "--out: an empty file name"


def test_the_replaced_file_keeps_its_owner_and_group(tmp_path) -> None:
    path = tmp_path / "net.json"
    path.write_text("old")
    if os.geteuid() == 0:
        os.chown(path, 0, 1)  # root: a group other than the creator's, as in a shared course folder
    before = os.stat(path)
    atomic.replace_text(path, "new")
    after = os.stat(path)
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid) and path.read_text() == "new"


def test_a_group_the_user_cannot_set_does_not_stop_the_save(tmp_path, monkeypatch) -> None:
    """Only the owner may change a file's group: a save by anyone else keeps the new file's."""
    def refuse(*args) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "chown", refuse)
    path = tmp_path / "net.json"
    path.write_text("old")
    atomic.replace_text(path, "new")
    assert path.read_text() == "new"


def test_a_write_that_fails_after_removing_its_temporary_gives_its_own_error(tmp_path) -> None:
    def fail(tmp: str) -> None:
        os.remove(tmp)
        raise OSError("gone")

    path = tmp_path / "net.json"
    assert refusal(lambda: atomic.replace(path, fail)) == f"{path}: cannot write: gone"


def test_text_is_saved_as_utf8_whatever_the_locale(tmp_path) -> None:
    """A locale whose encoding is not UTF-8 (here ASCII, as Windows' cp1252 would be) does not
    change what a saved file holds."""
    import locale

    path = tmp_path / "net.json"
    old = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C")
        atomic.replace_text(path, '{"name": "异或 σ"}')
    finally:
        locale.setlocale(locale.LC_CTYPE, old)
    assert path.read_bytes() == '{"name": "异或 σ"}'.encode()
