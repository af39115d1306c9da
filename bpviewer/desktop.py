"""`bpviewer --install-desktop-entry` / `--uninstall-desktop-entry`: the app in a Linux
desktop's launcher, with its icon, for the user who runs it (no root, no package manager).

Files go where the freedesktop specifications say, under $XDG_DATA_HOME (default
~/.local/share): applications/bpviewer.desktop and icons/hicolor/<N>x<N>/apps/bpviewer.png
(plus scalable/apps/bpviewer.svg). The launcher runs the same bpviewer that installed it:
the bundle's executable, or this Python with `-m bpviewer`, so a venv or pipx install
works without being on PATH.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from . import icons

#: characters that make the Desktop Entry spec's Exec key need an argument quoted
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    configured = os.environ.get("XDG_DATA_HOME", "")
    # the spec: a relative or empty value is invalid and must be ignored
    return Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "share"


def command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "bpviewer"]


def exec_argument(arg: str) -> str:
    """One argument as the Exec key wants it: quoted if it must be, `%` doubled, then
    backslashes doubled again because the key's value is itself an escaped string."""
    arg = arg.replace("%", "%%")
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg.replace("\\", "\\\\")


def entry_text() -> str:
    exec_line = " ".join(exec_argument(a) for a in command()) + " %f"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=bpviewer",
        "GenericName=Backpropagation Viewer",
        "Comment=Step through backpropagation one click at a time",
        f"Exec={exec_line}",
        f"Icon={icons.NAME}",
        "Terminal=false",
        "Categories=Education;Science;ArtificialIntelligence;",
        "Keywords=neural;network;backpropagation;gradient;PyTorch;",
        f"StartupWMClass={icons.NAME}",
        "",
    ])


def paths(root: Path) -> dict[Path, Path | None]:
    """Every file installed under `root`, with the file it copies (None: the entry)."""
    hicolor = root / "icons" / "hicolor"
    files: dict[Path, Path | None] = {root / "applications" / f"{icons.NAME}.desktop": None}
    for size in icons.SIZES:
        files[hicolor / f"{size}x{size}" / "apps" / f"{icons.NAME}.png"] = icons.png(size)
    files[hicolor / "scalable" / "apps" / f"{icons.NAME}.svg"] = icons.svg()
    return files


def install() -> list[Path]:
    written = []
    for target, source in paths(data_home()).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(entry_text(), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def uninstall() -> list[Path]:
    removed = []
    for target in paths(data_home()):
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed
