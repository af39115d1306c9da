"""No English word in the Chinese window: every preset at several steps with every dock
shown, each lab, practice mode (asking, hints, the answer) and each slide of the course
lesson; a live switch changes every text at once; the status line fits at 1024 px."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget

from bpviewer.core import presets
from bpviewer.qt import i18n
from tests.qt.english import english, shown_texts

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_no_english_in_the_chinese_window(make_window, current_lab, qtbot) -> None:
    i18n.install(i18n.CHINESE)
    try:
        window = make_window("mazur")
        window.resize(1024, 768)
        for dock in window.findChildren(QDockWidget):
            dock.show()
        found: dict[str, str] = {}

        def look(where: str) -> None:
            window.bridge.flush()
            found.update({word: where for word in english(window) if word not in found})

        for name in presets.names():
            window.edits.load_preset(name)
            look(name)
            for step in (0, 5, len(window.session.plan) - 1):
                window.session.goto(1, step)
                look(f"{name} step {step}")
        window.edits.load_preset("mazur")
        window.add_lab_tabs()
        for tab in range(1, window.tabs.count()):
            window.tabs.setCurrentIndex(tab)
            look(type(current_lab(window)).__name__)
        window.tabs.setCurrentIndex(0)
        window.commands["practice"].trigger()
        look("practice")
        for _ in range(2):
            window.practice.box.field.setText("1")
            window.practice.check()
            look("practice hint")
        window.practice.reveal()
        look("practice answer")
        window.commands["practice"].trigger()
        window.start_course_lesson()
        for k in range(len(window.lesson.lesson.slides)):
            look(f"lesson slide {k + 1}")
            window.lesson.next()
        assert found == {}
    finally:
        i18n.install(i18n.ENGLISH)


def test_switching_language_retranslates_everything_at_once(make_window, qtbot) -> None:
    window = make_window("mazur")
    window.resize(1024, 768)
    for dock in window.findChildren(QDockWidget):
        dock.show()
    window.start_course_lesson()
    for _ in range(4):
        window.lesson.next()
    window.commands["practice"].trigger()
    window.practice.box.field.setText("1")
    window.practice.check()  # a hint is shown
    window.bridge.flush()
    before = dict(shown_texts(window))
    english_status, notes = window.status.text(), window.lesson.notes.text()
    try:
        view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
        next(a for a in view_menu.actions() if a.objectName() == "lang_zh_CN").trigger()
        window.bridge.flush()
        assert english(window) == [], "\n".join(english(window))
        assert window.status.text() != english_status and "迭代" in window.status.text()
        assert window.lesson.notes.text() != notes and CJK.search(window.lesson.notes.text())
        assert CJK.search(window.practice.box.feedback.plain)
        assert CJK.search(window.chain.title.text() + window.chain.subtitle.text())
        assert window.tables.choice.itemText(0) != "Forward"
    finally:
        window.commands["lang_en"].trigger()
    window.bridge.flush()
    left = [f"{where}: {text}" for where, text in shown_texts(window) if CJK.search(text or "")]
    assert left == []
    assert dict(shown_texts(window)) == before


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_status_line_keeps_its_tail_beside_the_notice(make_window, language) -> None:
    """At 1024 px the longest status lines (a wide preset mid-batch, "· sample 1/300") fit
    whole, and the softmax notice shows whole too."""
    i18n.install(language)
    try:
        window = make_window("spiral")
        window.resize(1024, 768)
        for name in ("spiral", "phone-price-mini", "softmax-3class"):
            window.edits.load_preset(name)
            window.session.goto(2, 2)
            window.bridge.flush()
            QApplication.processEvents()
            status, notice = window.status, window.notice
            assert "1/" in status.text().rsplit("·", 1)[-1], status.text()  # the sample
            assert status.fontMetrics().horizontalAdvance(status.text()) <= status.contentsRect().width()
            assert notice.isVisible() and notice.text()
            assert notice.fontMetrics().horizontalAdvance(notice.text()) <= notice.contentsRect().width()
            assert window.width() <= 1024
    finally:
        i18n.install(i18n.ENGLISH)


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_a_large_network_says_what_a_neuron_at_a_time_costs_whole_at_1024(make_window, language) -> None:
    """phone-price steps a layer at a time; "· a neuron at a time would be ~74,261 steps" at
    the end of its status line needed 799 px of the 558 a 1024 px window leaves it."""
    i18n.install(language)
    try:
        window = make_window("phone-price")
        window.resize(1024, 768)
        window.session.goto(1, 2)
        window.bridge.flush()
        QApplication.processEvents()
        status, note, notice = window.status, window.granularity_note, window.notice
        assert status.fontMetrics().horizontalAdvance(status.text()) <= status.contentsRect().width()
        assert note.isVisible() and f"{window.session.neuron_steps:,}" in note.text()
        assert note.fontMetrics().horizontalAdvance(note.text()) <= note.contentsRect().width()
        assert notice.isVisible() and note.geometry().right() < notice.geometry().left()
        window.commands["neuron"].trigger()
        window.bridge.flush()
        assert note.text() == ""
    finally:
        i18n.install(i18n.ENGLISH)


def test_past_iteration_99_the_title_gives_way_not_the_sample(make_window) -> None:
    """circles at iteration 301, 1024 px: "… · step 10/246 · sample 1" had lost its "/20"."""
    window = make_window("circles")
    window.resize(1024, 768)
    window.session.goto(301, 9)
    window.bridge.flush()
    QApplication.processEvents()
    status = window.status
    whole, shown = window.session.status(), status.shown()
    assert status.text() == whole == status.toolTip()
    assert status.fontMetrics().horizontalAdvance(whole) > status.contentsRect().width()
    assert status.fontMetrics().horizontalAdvance(shown) <= status.contentsRect().width()
    assert shown.split(" · ")[-2:] == whole.split(" · ")[-2:]  # step i/n · sample j/n
    assert shown.split(" · ")[0] == whole.split(" · ")[0]  # the iteration
    assert "…" in shown
