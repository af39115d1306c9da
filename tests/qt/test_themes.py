"""Both themes and the presenter look, switched as a teacher does (Ctrl+Shift+D, F5): every
toolbar icon stands out from the toolbar, and the graph and panel take the theme's colours."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from bpviewer.qt.actions import ACTIONS
from bpviewer.qt.theme import DARK, LIGHT

MIN_CONTRAST = 3.0  # WCAG's minimum for graphics that carry meaning
MIN_OUTLINE = 0.15  # the light theme's folder: a dark outline round a soft yellow fill


def luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def outlined(action, background: QColor) -> float:
    """The share of an icon's opaque pixels that stand out from `background`: its outline
    and strokes must, a fill may be soft (the light theme's yellow folder)."""
    image = action.icon().pixmap(24, 24).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    opaque = [p for p in pixels if p.alpha() > 200]
    assert opaque, action.objectName()
    return sum(contrast(p, background) >= MIN_CONTRAST for p in opaque) / len(opaque)


@pytest.mark.parametrize("keys", [(), ((Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                                        | Qt.KeyboardModifier.ShiftModifier),),
                                  ((Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),)])
def test_toolbar_icons_stand_out_in_every_theme(make_window, qtbot, keys):
    window = make_window()
    for key, modifier in keys:
        qtbot.keyClick(window, key, modifier)
    background = QApplication.palette().color(QPalette.ColorRole.Window)
    for spec in ACTIONS:
        if spec.icon is not None:
            assert outlined(window.commands[spec.id], background) >= MIN_OUTLINE, spec.id
    assert window.view.backgroundBrush().color() == QColor(window.theme.colors.background)


def test_a_dark_icon_keeps_its_shape(make_window, qtbot):
    """Ctrl+Shift+D: the floppy disk was one flat colour, a blank square; its label must
    still stand out from its body."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    image = window.commands["save"].icon().pixmap(24, 24).toImage()
    opaque = [image.pixelColor(x, y) for x in range(24) for y in range(24)
              if image.pixelColor(x, y).alpha() > 200]
    assert max(contrast(a, opaque[0]) for a in opaque) >= MIN_CONTRAST


def _ink_of(plot) -> QColor:
    return plot.getAxis("bottom").pen().color()


def test_plots_map_thumbnails_and_labs_follow_the_theme(make_window, qtbot, current_lab):
    """Ctrl+Shift+D as the teacher presses it: the training plots, the decision map (its
    pale colours fade to the dark background, the points' rims turn light), the neuron
    thumbnails and an open lab's plots all take the dark theme, and come back."""
    window = make_window("xor")
    window.session.run(20)
    window.bridge.flush()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    lab = current_lab(window)
    window.decision_map.refresh()
    themes = [LIGHT, DARK, LIGHT]
    labels = [p.getAxis("bottom").label.isVisible() for p in window.plots.plots]
    assert not all(labels)  # stacked plots share the bottom one's "iteration"
    for i, colors in enumerate(themes):
        if i:
            qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                           | Qt.KeyboardModifier.ShiftModifier)
        paper, ink = QColor(colors.background), QColor(colors.text)
        for figure in (window.plots.figure, window.decision_map.figure, lab.figure):
            assert figure.backgroundBrush().color() == paper
        for plot in (*window.plots.plots, window.decision_map.plot, lab.plot_f):
            assert _ink_of(plot) == ink
            assert plot.titleLabel.opts["color"] == colors.text
        assert [p.getAxis("bottom").label.isVisible() for p in window.plots.plots] == labels
        assert window.decision_map.points.opts["pen"].color() == ink
        window.decision_map.refresh()
        image = window.decision_map.image.image.reshape(-1, 3).astype(float)
        # the map is pale: every pixel nearer the background than the opposite theme's
        other = QColor((LIGHT if colors is DARK else DARK).background)
        near = np.abs(image - rgb(paper)).sum(axis=1)
        far = np.abs(image - rgb(other)).sum(axis=1)
        assert (near < far).mean() > 0.9
        thumb = next(iter(window.decision_map.neurons.thumbs.values()))
        assert tuple(window.decision_map.neurons._lut[128]) == pytest.approx(
            tuple(rgb(paper)), abs=2)
        assert thumb.rgb.size


def rgb(color: QColor) -> np.ndarray:
    return np.array([color.red(), color.green(), color.blue()], dtype=float)
