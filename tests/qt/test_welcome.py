"""The welcome window: first launch only, presets with descriptions, lesson, open file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from bpviewer import app
from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt.main_window import MainWindow
from bpviewer.qt.settings import Settings
from bpviewer.qt.welcome import WelcomeDialog


def test_a_window_never_shows_it_by_itself(make_window, qtbot):
    window = make_window()
    bare = MainWindow(Session(presets.load("mazur")))
    qtbot.addWidget(bare)
    bare.show()
    assert not window.findChildren(WelcomeDialog) and not bare.findChildren(WelcomeDialog)


def test_first_launch_shows_it_until_told_not_to(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "show_welcome", lambda self: shown.append(self))
    assert app.main(presets.load("mazur")) == 0
    assert len(shown) == 1
    qtbot.addWidget(shown[0])
    Settings().welcome = False
    app.main(presets.load("mazur"))
    assert len(shown) == 1


def test_load_an_example_and_remember_dont_show(make_window, qtbot):
    window = make_window()
    dialog = window.show_welcome()
    assert dialog.isVisible() and dialog.names.count() == len(presets.names())
    dialog.select("xor")
    assert "XOR" in dialog.description.text() or "xor" in dialog.description.text()
    dialog.show_again.setChecked(False)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    window.bridge.flush()
    assert window.session.spec.name == presets.load("xor").name
    assert window.settings.welcome is False


def test_start_the_lesson_from_the_welcome(make_window, qtbot):
    window = make_window("xor")
    window.commands["welcome"].trigger()
    dialog = window.findChild(WelcomeDialog)
    dialog.lesson_button.click()
    assert window.lesson.active
    assert window.session.spec.name == presets.load("mazur").name
    assert window.settings.welcome is True


def test_ctrl_g_then_typing_jumps_to_an_iteration(make_window, qtbot):
    """The README's keyboard map promises Ctrl+G."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key_G, Qt.ControlModifier)
    spin = window.controls.spin
    assert QApplication.focusWidget() is spin.lineEdit() or QApplication.focusWidget() is spin
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    window.bridge.flush()
    assert window.session.iteration == 4
