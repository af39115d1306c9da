"""Qt test fixtures: settings in a temporary folder, and a ready window on a preset."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QMessageBox, QWidget

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt import i18n
from bpviewer.qt.main_window import LabPlaceholder, MainWindow
from bpviewer.qt.settings import Settings
from bpviewer.qt.theme import LIGHT, look
from bpviewer.qt.zoom import text_zoom


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path):
    """No test reads or writes the user's real preferences."""
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def normal_text_zoom():
    """The text zoom and the plots' colours are process-wide: a test that zooms or darkens
    leaves neither behind for views built alone."""
    yield
    text_zoom().set(1.0)
    look().set(LIGHT)


@pytest.fixture(scope="session")
def first_app_look(qapp) -> tuple[QFont, QPalette, str]:
    """The platform's font and palette, and the style. Not the application's when the first
    Qt test of a process asks: a test of tests/cli before it in the same -n 2 worker
    (`shot` builds a window) has left the theme's 12 pt font, which every Qt test of that
    worker then started with (test_fitted_label failed at 12 pt in one -n 2 run only)."""
    return (QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont), qapp.style().standardPalette(),
            qapp.style().name())


@pytest.fixture(autouse=True)
def app_look_as_started(qapp, first_app_look):
    """Every test starts with the application's first font, palette and style: a window
    sets the theme's on the whole application and leaves them there, and a view built
    alone takes the application's, so its layout (and its pixels) depended on whether a
    window came before it in the same process (a test passing alone failed after others,
    or the reverse)."""
    font, palette, style = first_app_look
    qapp.setFont(font)
    qapp.setPalette(palette)
    if qapp.style().name() != style:
        qapp.setStyle(style)


def _qt_state(qapp) -> dict[str, object]:
    return {"translators": len(qapp.findChildren(QTranslator)), "locale": QLocale().name(),
            "layout direction": qapp.layoutDirection(), "style sheet": qapp.styleSheet()}


@pytest.fixture(autouse=True)
def qt_state_as_found(qapp):
    """What a test must undo itself (a language installed, a locale, a direction, a style
    sheet) fails the test that left it, not a later one that lays out differently."""
    before = _qt_state(qapp)
    yield
    after = _qt_state(qapp)
    if after["translators"] != before["translators"]:
        i18n.install(i18n.ENGLISH)  # the next tests in this process start in English
    assert after == before, f"the test left the application changed: {before} → {after}"


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:
    """The texts of the warning boxes the code under test would show."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(text) or QMessageBox.Ok)
    return shown


@pytest.fixture
def make_window(qtbot, monkeypatch) -> Callable[..., MainWindow]:
    """make_window("mazur") → a shown, active MainWindow on that preset's fresh Session.
    Closing it at teardown discards unsaved edits instead of waiting on the prompt."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Discard)

    def make(preset: str = "mazur") -> MainWindow:
        window = MainWindow(Session(presets.load(preset)), Settings())
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture
def current_lab(qtbot) -> Callable[[MainWindow], QWidget]:
    """current_lab(window) → the lab on the current tab, once built: a lab's first open
    is prepared in a worker thread while a placeholder stands in for it."""

    def wait(window: MainWindow) -> QWidget:
        # a lab asked for while torch is still being imported is shown once it is: until
        # then the network's tab, no placeholder, is the current one
        qtbot.waitUntil(lambda: window.tabs.currentIndex() > 0 and not isinstance(
            window.tabs.currentWidget(), LabPlaceholder), timeout=60_000)
        return window.tabs.currentWidget()

    return wait
