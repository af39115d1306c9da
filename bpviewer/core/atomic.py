"""Replacing a file without harming what is there: whole or not at all, same file, same mode.

Writing goes to a temporary file beside the target, renamed over it at the end, so an
error or Ctrl+C leaves the old file intact. A symlink is followed (the file it points to
is updated, the link stays a link); the replaced file keeps its permission bits and, where
allowed, its group (a course file in a shared folder stays readable to the group); a folder,
a device or a pipe is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import SpecError
from .texts import tr


def target(path: str | os.PathLike, field: str = "") -> Path:
    """The real file a write to `path` changes; SpecError if it cannot be a regular file
    in an existing, writable folder. Checking this first lets a command refuse before
    it spends time computing what it would write."""
    if not str(path).strip():
        raise SpecError(field, tr("an empty file name"))
    try:
        real = Path(os.path.realpath(path))
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise SpecError(field, tr("cannot write: {value}", value=exc.strerror or exc), str(path)) from None
    except ValueError:  # a NUL, or a surrogate the file system cannot encode
        raise SpecError(field, tr("not a usable file name"), repr(str(path))) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = tr("is a folder") if stat.S_ISDIR(mode) else tr("is not a regular file")
        raise SpecError(field, tr("{kind}; refusing to replace it", kind=kind), str(path))
    folder = real.parent
    if not folder.is_dir():
        raise SpecError(field, tr("cannot write: no folder {folder}", folder=repr(str(folder))), str(path))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SpecError(field, tr("cannot write: the folder {folder} is not writable",
                                  folder=repr(str(folder))), str(path))
    return real


def folder(path: str | os.PathLike, field: str = "") -> Path:
    """`path` as a folder a command can write into, existing or to be made (its nearest
    existing ancestor a writable folder); SpecError naming what is in the way. Checked
    before the work, so a file where a folder goes costs nothing (it failed after training,
    as "File exists")."""
    path = Path(path)
    if not str(path).strip():
        raise SpecError(field, tr("an empty file name"))
    try:
        existing = next(p for p in (path, *path.parents) if os.path.lexists(p))
        is_dir = existing.is_dir()
    except (OSError, ValueError):  # a NUL, or a name the file system cannot encode
        raise SpecError(field, tr("not a usable file name"), repr(str(path))) from None
    if not is_dir:
        raise SpecError(field, tr("is not a folder"), str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SpecError(field, tr("cannot write: the folder {folder} is not writable",
                                  folder=repr(str(existing))), str(path))
    return path


def replace(path: str | os.PathLike, write: Callable[[str], None], field: str = "") -> Path:
    """Call `write(temporary_path)`, then rename the result over the real target of `path`.
    `write` signals failure by raising (an OSError becomes a SpecError naming `path`); the
    temporary file never outlives this call."""
    real = target(path, field)
    try:
        old = real.stat()
    except FileNotFoundError:
        old = None
    tmp = ""
    try:
        fd, tmp = _create_beside(real)
        os.close(fd)
        write(tmp)
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            with contextlib.suppress(OSError):  # only the owner may change the group
                os.chown(tmp, -1, old.st_gid)
        os.replace(tmp, real)
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise SpecError(field, tr("cannot write: {value}", value=exc.strerror or exc),
                            str(path)) from None
        raise
    return real


def replace_text(path: str | os.PathLike, text: str, field: str = "") -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    return replace(path, write, field)


def _create_beside(real: Path) -> tuple[int, str]:
    """A new file next to `real`, created with mode 0666 so the umask decides (as for any
    new file) instead of mkstemp's 0600."""
    for attempt in range(100):
        tmp = str(real.parent / f".{real.name}.{os.getpid()}.{attempt}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {real}")
