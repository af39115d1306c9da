"""The labs on a 1024×768 projector, driven by keys: the optimizer race readable (the
plot wider than its table, its title whole, no control squeezed), and every lab's text,
plot titles and ticks following Larger Text (Ctrl +) and Ctrl 0."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton
from test_lab_focus import key, open_lab

from bpviewer.qt.labs import LABS

CTRL = Qt.KeyboardModifier.ControlModifier


def test_optimizer_race_is_readable_at_1024(make_window, qtbot):
    window = make_window()
    window.resize(1024, 768)
    race = open_lab(qtbot, window, 4)
    for _ in range(12):
        key(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: race.table.view.rowCount() == 12)
    assert race.figure.width() > 1.3 * race.table.width()

    def plot_is_large() -> None:  # the scene lays itself out after the widget is resized
        view = race.plot.vb.sceneBoundingRect()
        assert min(view.width(), view.height()) >= 250

    qtbot.waitUntil(plot_is_large)
    title = race.plot.titleLabel
    assert title.item.boundingRect().width() <= title.boundingRect().width()
    for control in race.findChildren(QPushButton) + [race.surface, race.lr]:
        if control.isVisible():
            assert control.width() >= control.sizeHint().width(), control.text() if isinstance(
                control, QPushButton) else control.currentText()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_gradient_check_is_whole_at_1024(make_window, qtbot, language):
    """Beside the Tables dock at 1024×768: the verdict ("max relative error = 1.54e−07
    (suspicious)") ran 51 px past the lab, cut; the sweep's notes on two lines met in the
    middle of its plot ("round-off ∝ ε/htruncation ∝ h²"); in Chinese the parameters'
    names touched ("w2_1_4w2_4_7w2_8_2")."""
    from bpviewer.qt.i18n import install

    install(language)
    try:
        window = make_window("circles")
        window.resize(1024, 768)
        check = open_lab(qtbot, window, 3)
        qtbot.waitUntil(lambda: bool(check.summary.text()))

        def laid_out() -> None:
            assert check.minimumSizeHint().width() <= check.width()
            small, large = (note.sceneBoundingRect() for note in (check.too_small, check.too_large))
            assert small.width() > 0 and not small.intersects(large)
            axis, view = check.plot_params.getAxis("bottom"), check.plot_params.vb
            (ticks,) = axis._tickLevels  # the names set on the axis: (x, name)
            left, right = view.viewRange()[0]
            apart = (ticks[1][0] - ticks[0][0]) * view.width() / (right - left)  # px between names
            widest = max(QFontMetricsF(axis.style["tickFont"]).horizontalAdvance(name) for _, name in ticks)
            assert apart >= 1.25 * widest  # a quarter of a name between two, at least

        qtbot.waitUntil(laid_out)
    finally:
        install("en")


def test_regularization_is_whole_at_1024(make_window, qtbot):
    """Beside the Tables dock at 1024×768 (772 px): dropout's rule line ("…evaluation:
    every activation passes unchanged") made the lab 807 px wide, cut at "unchan"."""
    window = make_window("circles")
    window.resize(1024, 768)
    lab = open_lab(qtbot, window, 6)
    qtbot.waitUntil(lambda: lab.minimumSizeHint().width() <= lab.width())


def _sizes(lab) -> dict[str, float]:
    heading = next(w for w in lab.findChildren(QLabel) if w.text() == lab.title)
    figure = lab.plot_widget()
    plot = next(item for item in figure.ci.items)
    return {"heading": heading.font().pointSizeF(), "text": lab.font().pointSizeF(),
            "title": float(plot.titleLabel.opts["size"].removesuffix("pt")),
            "ticks": plot.getAxis("bottom").style["tickFont"].pointSizeF()}


def test_every_labs_text_follows_the_text_zoom(make_window, qtbot):
    window = make_window()
    for number in range(1, len(LABS) + 1):
        lab = open_lab(qtbot, window, number)
        before = _sizes(lab)
        for _ in range(2):
            key(qtbot, window, Qt.Key.Key_Plus, CTRL)
        after = _sizes(lab)
        for name, size in before.items():
            assert after[name] > 1.25 * size, (lab.title, name)
        if isinstance(getattr(lab, "surface", None), QComboBox):  # a combo box inherits the lab's font
            assert lab.surface.font().pointSizeF() == after["text"]
        key(qtbot, window, Qt.Key.Key_0, CTRL)
        assert _sizes(lab) == before, lab.title
