"""Opening a lab never takes the keyboard from the window: no widget of a lab may flash
up as a window of its own (a parentless label shown before it is laid out did), and the
window's shortcuts act after every lab has been opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from bpviewer.qt.labs import LABS, OptimizerRaceLab


class WindowsShown(QObject):
    """Application event filter: every top-level widget shown, but `allowed`."""

    def __init__(self, allowed: QWidget) -> None:
        super().__init__()
        self.allowed = allowed
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow() and watched is not self.allowed):
            text = watched.text() if hasattr(watched, "text") else ""
            self.shown.append(f"{type(watched).__name__} {text[:40]!r}")
        return False


@pytest.fixture
def windows_shown(make_window):
    window = make_window()
    spy = WindowsShown(window)
    QApplication.instance().installEventFilter(spy)
    yield window, spy.shown
    QApplication.instance().removeEventFilter(spy)


def key(qtbot, window, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, k, modifier)


def open_lab(qtbot, window, number: int) -> QWidget:
    """Alt+number, then the lab once it is built (its first open prepares off the GUI thread)."""
    key(qtbot, window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
    lab = LABS[number - 1]
    qtbot.waitUntil(lambda: type(window.tabs.currentWidget()) is lab, timeout=60_000)
    return window.tabs.currentWidget()


def test_shortcuts_act_after_every_lab_was_opened(windows_shown, qtbot):
    window, shown = windows_shown
    for number in range(1, len(LABS) + 1):
        open_lab(qtbot, window, number)
        assert QApplication.activeWindow() is window
    assert shown == []
    race = open_lab(qtbot, window, 4)
    assert isinstance(race, OptimizerRaceLab)
    key(qtbot, window, Qt.Key.Key_Right)
    assert race.race.cursor == 1
    assert open_lab(qtbot, window, 5) is window.tabs.currentWidget()
    key(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 0 and window.chain.isVisible()
    key(qtbot, window, Qt.Key.Key_Right)
    window.bridge.flush()
    assert (window.session.iteration, window.session.step_index) == (1, 0)
    key(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.runner.running
    key(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not window.runner.running
    assert shown == []
