"""What the application says it is: name, icon, version, licence and the libraries in use.

Qt picks the icon size each place needs (title bar, task bar, Alt+Tab) from the PNGs.
torch's version comes from its installed metadata: importing torch here would cost the
window a second or more at start and break the rule that qt never imports torch.
"""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication, QIcon

from .. import __version__, icons
from .settings import APPLICATION, ORGANISATION

LICENCE = "MIT"


def app_icon() -> QIcon:
    icon = QIcon()
    for size in icons.SIZES:
        icon.addFile(str(icons.png(size)))
    return icon


def identify(app: QGuiApplication) -> None:
    """Names (which also choose where QSettings stores preferences), version, icon, and
    the .desktop file Wayland compositors match the window to."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(icons.NAME)


def distribution_version(name: str) -> str:
    from importlib import metadata  # for the About box only: not at start-up

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> list[tuple[str, str]]:
    """(library, version) for the About box and bug reports."""
    return [("bpviewer", __version__), ("PyTorch", distribution_version("torch")),
            ("Qt", qVersion()), ("PySide6", PySide6.__version__),
            ("Python", platform.python_version())]
