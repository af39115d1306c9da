"""Lesson mode driven by the clicker: slides, presets, labs, leaving with Esc."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from bpviewer.core import presets


def press(qtbot, window, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
    window.bridge.flush()


def test_the_course_lesson_follows_the_clicker(make_window, qtbot):
    window = make_window("xor")
    window.commands["course_lesson"].trigger()
    assert window.lesson_dock.isVisible()
    assert window.session.spec.name == presets.load("mazur").name
    assert window.lesson.position.text() == "slide 1 of 11"
    assert "predict outₒ₁" in window.lesson.notes.text()
    press(qtbot, window, Qt.Key_Right, 4)
    assert window.lesson.position.text() == "slide 5 of 11"
    assert window.session.step.title == "∂E/∂w5"
    assert "0.082167" in window.lesson.notes.text()
    press(qtbot, window, Qt.Key_PageUp)
    assert window.lesson.position.text() == "slide 4 of 11"
    assert window.session.step.phase == "loss"
    press(qtbot, window, Qt.Key_Escape)
    assert not window.lesson.active and not window.lesson_dock.isVisible()
    press(qtbot, window, Qt.Key_Right)  # stepping freely again
    assert window.session.iteration == 1 and window.session.step_index == 7


def test_a_lesson_file_loads_presets_and_labs(make_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "short.json"
    path.write_text(json.dumps({"format": "bpviewer-lesson/1", "title": "Short", "slides": [
        {"preset": "mazur", "goto": [1, 2], "notes": "one"},
        {"preset": "softmax-3class", "run": 3, "notes": "two"},
        {"lab": "Gradient check", "notes": "three"}]}), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window = make_window()
    window.commands["open_lesson"].trigger()
    assert (window.session.iteration, window.session.step_index) == (1, 2)
    press(qtbot, window, Qt.Key_Space)
    assert window.session.spec.name == presets.load("softmax-3class").name
    assert window.session.iteration == 3 and window.lesson.notes.text() == "two"
    window.commands["undo"].trigger()  # the preset came through the undo stack
    window.bridge.flush()
    assert window.session.spec.name == presets.load("mazur").name
    window.commands["redo"].trigger()
    press(qtbot, window, Qt.Key_PageDown)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Gradient check"
    press(qtbot, window, Qt.Key_PageDown)  # the last slide stays
    assert window.lesson.position.text() == "slide 3 of 3"
    press(qtbot, window, Qt.Key_Left)
    assert window.tabs.currentIndex() == 0
    window.commands["leave_lesson"].trigger()
    assert not window.lesson.active


def test_a_bad_lesson_file_is_one_line_and_changes_nothing(make_window, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "bpviewer-lesson/1",
                                "slides": [{"preset": "nope", "notes": ""}]}), encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = make_window("xor")
    window.session.goto(2)
    assert not window.open_lesson_path(str(path))
    assert len(warnings) == 1 and "slides[0].preset" in warnings[0] and "\n" not in warnings[0]
    assert window.session.spec.name == presets.load("xor").name and window.session.iteration == 2
    assert not window.lesson.active and not window.lesson_dock.isVisible()
