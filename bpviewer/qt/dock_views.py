"""What the docks' views share that needs no pyqtgraph: the tables use it, and the window
shows its tables dock without loading pyqtgraph (the plots and the map load it when shown)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core import atomic
from ..core.errors import SpecError

FONT_PT = 13


def ask_save_path(parent: QWidget, caption: str, name: str, pattern: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, name, pattern)
    return path


def wrote(parent: QWidget, path: str, write: Callable[[str], None], title: str = "") -> bool:
    """write(path); a refusal (a folder, a pipe, no permission) is its one line in a box
    (it raised out of the slot, or hung on a pipe)."""
    try:
        write(path)
    except SpecError as err:
        QMessageBox.warning(parent, title or QCoreApplication.translate("DockViews", "Cannot export table"),
                            err.line())
        return False
    return True


def saved(parent: QWidget, path: str, save: Callable[[str], bool], title: str = "") -> bool:
    """save(a file beside `path`), renamed over it: an image or drawing whole or not at all,
    never into a folder, a pipe or a device (QImage.save waited on a pipe: the window hung;
    a failed save said nothing); a refusal is its one line in a box."""
    def write(temporary: str) -> None:
        if not save(temporary):
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    return wrote(parent, path, lambda p: atomic.replace(p, write),
                 title or QCoreApplication.translate("DockViews", "Cannot export image"))


class VisibleRefresher(QObject):
    """Runs `refresh` now if the widget is on screen, else when it is next shown: hidden
    tabs and closed docks cost nothing while training runs."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._stale = False
        widget.installEventFilter(self)

    def request(self) -> None:
        if self._widget.isVisible():
            self._stale = False
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False
