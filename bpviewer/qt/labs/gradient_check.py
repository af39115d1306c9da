"""Gradient check: central differences against backprop, and the sweep over h."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QFontMetricsF, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from ...core.formula import fmt
from ...core.labs import gradient_check as core
from ...core.texts import tr as core_tr
from ..bridge import SessionBridge
from .lab_base import (
    COLORS,
    FONT_PT,
    PLOT_FONT_PT,
    Lab,
    TablePanel,
    add_plot,
    combo,
    follow,
    follow_style,
    ink,
    lab_font,
    message_label,
    pen,
    read_float,
    row,
    set_lab_font,
    show_message,
)

TICKS = 4  # parameter names on the axis, at most
TICK_GAP = 1.5  # a name's room on the axis, in its widest name's widths
MIN_DECADES = 2
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_ticks(lo: int, hi: int) -> list[tuple[float, str]]:
    """10ⁿ labels only: pyqtgraph's minor labels on a short log axis overlap."""
    return [(float(d), "10" + str(d).translate(SUPERSCRIPT)) for d in range(lo, hi + 1)]
FLOOR = 1e-17  # relative errors of exactly 0 are drawn here on the log axis
SESSION = "session"  # the network list's entry for the window's own network


class GradientCheckLab(Lab):
    title = "Gradient check"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = combo([(n.label, n) for n in core.PRESETS])
        self.h = combo([(f"{h:g}", h) for h in core.SWEEP_HS], editable=True)
        self.h.setCurrentText(f"{core.DEFAULT_H:g}")
        self.body.addLayout(row(self.tr("network"), self.network, "h", self.h))
        self.network.setToolTip(self.tr("The network whose backprop gradient is checked"))
        self.h.setToolTip(self.tr("Step h of the central difference (type any number)"))
        explain = message_label(self)
        show_message(explain, self.tr("numeric ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h;   relative error "
                                      "= |backprop − numeric| / max(|backprop|, |numeric|)"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # its verdict ran past a 1024×768 window's lab, cut
        set_lab_font(self.summary, FONT_PT + 1, bold=True)
        self.message = message_label(self)
        for label in (explain, self.summary, self.message):
            self.body.addWidget(label)

        self.plot_sweep = add_plot(self.figure, self.tr("max relative error against h"), "h",
                                   self.tr("max relative error"), 0, 0)
        self.plot_sweep.setLogMode(x=True, y=True)
        self.plot_sweep.getAxis("left").setWidth(90)
        self.sweep_curve = self.plot_sweep.plot(pen=pen(0), symbol="o", symbolSize=9,
                                                symbolBrush=COLORS[0])
        self.sweep_marker = self.plot_sweep.plot(pen=None, symbol="o", symbolSize=18,
                                                 symbolBrush=None,
                                                 symbolPen=pg.mkPen(COLORS[1], width=3))
        # three lines each: on two, the notes met in the middle of a 1024×768 window's plot
        # ("round-off ∝ ε/htruncation ∝ h²")
        self.too_small = pg.TextItem(self.tr("h too small:\nround-off\n∝ ε/h"), anchor=(0, 1))
        self.too_large = pg.TextItem(self.tr("h too large:\ntruncation\n∝ h²"), anchor=(1, 1))
        for text in (self.too_small, self.too_large):
            self.plot_sweep.addItem(text)
        self._style_notes()
        follow_style(self, self._style_notes)
        self.plot_params = add_plot(self.figure, self.tr("relative error per parameter"),
                                    self.tr("parameter"), self.tr("relative error"), 0, 1)
        self.plot_params.setLogMode(y=True)
        self.param_points = self.plot_params.plot(pen=None, symbol="s", symbolSize=10,
                                                  symbolBrush=COLORS[2])
        self._names: list[str] = []  # the parameters on the axis, in order
        self.plot_params.vb.sigResized.connect(self._name_ticks)
        self.figure.ci.layout.setColumnStretchFactor(0, 1)
        self.figure.ci.layout.setColumnStretchFactor(1, 1)
        self.body.addWidget(self.figure, 3)
        self.table = TablePanel(self.tr("Backprop against numeric"), precision=12,
                                 column_precision={"relative error": 3})
        self.body.addWidget(self.table, 2)

        self.network.currentIndexChanged.connect(self.refresh_network)
        self.h.currentTextChanged.connect(self.refresh_check)
        #: checked when attached to the window's network or first shown, not before: the
        #: built-in network's check on a first open was GUI time thrown away by attach
        self.net: core.Network | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.net is None:
            self.refresh_network()

    def _style_notes(self) -> None:
        """The notes inside the sweep plot in the theme's text colour, at the text zoom."""
        for text in (self.too_small, self.too_large):
            text.setColor(ink())
            text.setFont(lab_font(PLOT_FONT_PT))

    def set_network(self, net: core.Network) -> None:
        """Check another network: added to the list and chosen."""
        self.network.addItem(core_tr(net.label), net)
        self.network.setCurrentIndex(self.network.count() - 1)

    def attach(self, bridge: SessionBridge) -> None:
        """Check the window's network first, and again whenever it is edited or stepped."""
        self.bridge = bridge
        with QSignalBlocker(self.network):  # the shifted index is the same network: no recheck
            self.network.insertItem(0, self.tr("current network"), SESSION)
        self.network.setCurrentIndex(0)
        follow(self, bridge, self._session_changed)

    def _session_changed(self) -> None:
        if self.network.currentData() == SESSION:
            self.refresh_network()

    def current_network(self) -> core.Network:
        data = self.network.currentData()
        if data != SESSION:
            return data
        net = core.session_network(self.bridge.session)
        self.network.setItemText(0, net.label)
        return net

    def refresh_network(self) -> None:
        net = self.net = self.current_network()
        errors = core.sweep(net)
        self.sweep_curve.setData(np.array(core.SWEEP_HS), np.maximum(errors, FLOOR))
        self.sweep_errors = errors
        bottom = float(np.log10(max(errors.min(), FLOOR)))
        self.too_small.setPos(np.log10(min(core.SWEEP_HS)), bottom)
        self.too_large.setPos(np.log10(max(core.SWEEP_HS)), bottom)
        self.refresh_check()

    def refresh_check(self) -> None:
        if self.net is None:
            return
        try:
            h = read_float(self.h)
            result = core.check(self.net, h)
        except ValueError as exc:
            show_message(self.message, f"h: {exc}", error=True)
            return
        show_message(self.message, "")
        self.result = result
        worst = result.max_rel_error
        self.summary.setText(f"L = {fmt(result.loss, 9)}   h = {h:g}   " + self.tr("max relative error = ")
                             + f"{fmt(worst, 3)}  ({core_tr(core.verdict(worst))})")
        self.sweep_marker.setData([h], [max(worst, FLOOR)])
        rel = np.array([p.rel_error for p in result.params])
        shown = np.maximum(rel, FLOOR)
        self.param_points.setData(np.arange(1, len(rel) + 1, dtype=float), shown)
        top = int(np.ceil(np.log10(shown.max())))
        bottom = min(int(np.floor(np.log10(shown.min()))), top - MIN_DECADES)
        self.plot_params.setYRange(bottom, top)
        self.plot_params.getAxis("left").setTicks([decade_ticks(bottom, top)])
        self._names = [p.name for p in result.params]
        self._name_ticks()
        self.table.set_table(result.table())

    def _name_ticks(self) -> None:
        """TICKS parameter names at most on the axis, fewer where its width does not hold
        them apart (in Chinese at 1024×768 four touched: "w2_1_4w2_4_7w2_8_2")."""
        names = self._names
        if not names:
            return
        axis = self.plot_params.getAxis("bottom")
        wide = QFontMetricsF(axis.style["tickFont"] or axis.font()).horizontalAdvance(max(names, key=len))
        room = self.plot_params.vb.width() * (len(names) - 1) / max(len(names), 2)
        count = max(1, min(TICKS, int(room // (TICK_GAP * wide))))
        every = max(1, -(-len(names) // count))
        axis.setTicks([[(float(i + 1), names[i]) for i in range(0, len(names), every)]])

    def _move_h(self, offset: int) -> None:
        try:
            h = read_float(self.h)
        except ValueError:
            h = core.DEFAULT_H
        hs = np.array(core.SWEEP_HS)
        nearest = int(np.argmin(np.abs(np.log10(hs) - np.log10(h))))
        self.h.setCurrentText(f"{hs[min(max(nearest + offset, 0), len(hs) - 1)]:g}")

    def next_step(self) -> None:
        """A smaller h: walk down the sweep from truncation error into round-off."""
        self._move_h(1)

    def previous_step(self) -> None:
        self._move_h(-1)
