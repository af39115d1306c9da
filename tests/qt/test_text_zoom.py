"""Larger Text (Ctrl +) as a teacher presses it: the chain panel, the tables and the plots'
titles (with their curves' keys), ticks grow together with the graph, and Ctrl+0 brings every one of
them back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bpviewer.qt.tables import ROW_PAD

CTRL = Qt.KeyboardModifier.ControlModifier


def sizes(window) -> dict[str, float]:
    loss = window.plots.loss_plot
    return {
        "chain": window.chain.font().pointSizeF(),
        "table": window.tables.forward.font().pointSizeF(),
        "row": float(window.tables.forward.verticalHeader().defaultSectionSize() - ROW_PAD),
        "ticks": loss.getAxis("bottom").style["tickFont"].pointSizeF(),
        "title": float(loss.titleLabel.opts["size"].removesuffix("pt")),
        "key": float(window.plots.norm_plot.titleLabel.opts["size"].removesuffix("pt")),
    }


def test_ctrl_plus_enlarges_panel_tables_and_plots_and_ctrl_0_restores(make_window, qtbot):
    window = make_window()
    before = sizes(window)
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)

    def grown() -> None:  # the application font reaches widgets through posted events
        bigger = sizes(window)
        for name, size in before.items():
            assert bigger[name] > size * 1.2, name

    qtbot.waitUntil(grown)
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    qtbot.waitUntil(lambda: sizes(window) == before)
