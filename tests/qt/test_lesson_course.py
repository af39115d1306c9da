"""The shipped course lesson walked at 1024×768 and 1280×800, in English and Chinese, as a
teacher walks it (Ctrl+Shift+L, then the clicker): every slide shows what its notes talk
about (the dock the slide names and no other, the plot it names alone), the whole graph
without scrolling and its text at 11 px or more, the notes never cut off, the strip
keeps its height and the window its size; leaving gives the docks back as they were."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from bpviewer.core import lesson as lesson_mod
from bpviewer.qt import i18n
from bpviewer.qt.graph_report import labels_report
from bpviewer.qt.labs import OptimizerRaceLab
from bpviewer.qt.main_window import DOCK_SHARE

NUMBER = re.compile(r"[−-]?\d+\.\d+(?:e[−-]?\d+)?")
NOT_ON_SCREEN = {"1.2466"}  # the notes' own (wrong) figure, which the slide contrasts


def numbers(text: str) -> list[str]:
    return [n.replace("−", "-") for n in NUMBER.findall(text)]


def agrees(noted: str, shown: str) -> bool:
    """One is the other rounded to its own digits (the notes and the graph round alike)."""
    a, b = float(noted), float(shown)
    if a == b:
        return True
    digits = [len(n.split("e")[0].split(".")[1]) for n in (noted, shown)]
    coarse = min(digits)
    if "e" in noted or "e" in shown:
        return f"{a:.{coarse}e}" == f"{b:.{coarse}e}"
    return round(a, coarse) == round(b, coarse)


def graph_fits(window) -> None:
    """Every label of the graph in view, none under 11 px, no scroll bar."""
    view = window.view
    assert view.horizontalScrollBar().maximum() == view.verticalScrollBar().maximum() == 0
    labels = labels_report(window, view, 0)["labels"]
    assert all(label["visible"] for label in labels if label["text"])
    assert min(label["px"] for label in labels if label["text"]) >= 11


def shown_text(window) -> str:
    labels = window.view.label_texts().values()
    return "\n".join([window.status.text(), *window.chain.lines(), *labels])


@pytest.fixture
def language(request):
    i18n.install(request.param)
    yield request.param
    i18n.install(i18n.ENGLISH)


@pytest.mark.parametrize(("size", "language"), [((1024, 768), i18n.ENGLISH),
                                                ((1024, 768), i18n.CHINESE),
                                                ((1280, 800), i18n.CHINESE)],
                         indirect=["language"])
def test_the_course_lesson_shows_what_its_notes_say(make_window, qtbot, current_lab, size,
                                                    language):
    window = make_window()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget) if d is not window.lesson_dock}
    before = {name for name, dock in docks.items() if not dock.isHidden()}
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    slides = lesson_mod.shipped().slides
    strip = window.lesson.notes.height()
    for index, slide in enumerate(slides):
        if index:
            qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
        window.bridge.flush()
        QApplication.processEvents()
        assert f"{index + 1}" in window.lesson.position.text()
        assert str(len(slides)) in window.lesson.position.text()
        assert window.size().toTuple() == size, slide.title
        assert window.minimumSizeHint().width() <= size[0], slide.title
        notes = window.lesson.notes
        assert notes.height() == strip, slide.title
        assert notes.text() == slide.shown_notes
        assert window.lesson.notes_height(notes.text(), notes.width()) <= notes.height()
        named = slide.dock.replace(" ", "_") if slide.dock else None
        assert {name for name, dock in docks.items() if dock.isVisible()} == ({named} - {None})
        if named:  # the slide is about the dock: the graph beside it, the step's formula gone
            assert not docks[named].visibleRegion().isEmpty(), slide.title
            assert docks[named].width() >= DOCK_SHARE * size[0] - 2, slide.title
            assert not window.chain.isVisible()
        if slide.plot:
            plots = window.plots
            assert [p.isVisible() for p in plots.plots] == [True, False, False, False]
            assert plots.log_box.isChecked() and plots.loss_plot.height() > 0.6 * plots.height()
        if not slide.lab:
            qtbot.waitUntil(lambda: graph_fits(window) is None)
        if slide.lab or window.session.iteration == 0:  # iteration 0's inputs: the view's (issue 11)
            continue
        shown = numbers(shown_text(window))
        for noted in set(numbers(slide.notes)) - NOT_ON_SCREEN:
            assert any(agrees(noted, s) for s in shown), f"{slide.title}: {noted} not shown"
        if slide.title == "XOR":  # a band holds (0, 1) and (1, 0), the other corners lie outside
            p = window.session.predict(np.array([[0, 1], [1, 0], [0, 0], [1, 1], [0.5, 0.5]]))
            assert list(p[:, 0] > 0.5) == [True, True, False, False, True]
        if slide.title == "Softmax and cross-entropy":
            assert ("total",) in window.session.reveal()
    race = current_lab(window)
    assert isinstance(race, OptimizerRaceLab) and "x0² + x1²" in race.race.surface.label
    assert race.race.points(next(iter(race.race.racers)))[0].tolist() == [-3, 4]
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    assert {name for name, dock in docks.items() if not dock.isHidden()} == before
    assert [p.isVisible() for p in window.plots.plots] == [True] * 4
    window.show_lab(None)
    assert window.chain.isVisible()
