"""Where the application icon's files are (bpviewer/resources/icons, drawn by tools/icons.py).

Shared by the window (qt/identity.py) and the Linux desktop entry (desktop.py); imports
neither Qt nor torch.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

NAME = "bpviewer"  # the icon's theme name, the .desktop file's name and the window's class
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def folder() -> Path:
    return Path(str(resources.files("bpviewer").joinpath("resources", "icons")))


def png(size: int) -> Path:
    return folder() / f"{NAME}-{size}.png"


def svg() -> Path:
    return folder() / f"{NAME}.svg"
