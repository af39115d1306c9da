"""Activation explorer: f and f′ side by side, a draggable z, saturated and dead regions shaded."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.formula import fmt
from ...core.labs import activations_lab as core
from ...core.labs.parse import parse_numbers
from ...core.texts import tr as core_tr
from .lab_base import (
    FONT_PT,
    Lab,
    TablePanel,
    add_plot,
    combo,
    cycle,
    double_spin,
    follow_style,
    ink,
    message_label,
    numbers,
    pen,
    row,
    set_lab_font,
    show_message,
)

REGION_BRUSHES = {"dead": QColor(213, 94, 0, 70), "saturated": QColor(230, 159, 0, 60)}
MAX_REGIONS = 2  # sigmoid and tanh saturate on both sides; ReLU is dead on one


class ActivationLab(Lab):
    title = "Activation functions"
    tab = "Activations"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.function = combo([(core.LABELS[n], n) for n in core.NAMES])
        self.slope = double_spin(core.DEFAULT_SLOPE, 0.0, 1.0, 3, 0.01)
        self.z = double_spin(2.0, *core.Z_RANGE, 3, 0.1)
        self.body.addLayout(row(self.tr("function"), self.function, self.tr("leaky slope"), self.slope,
                                "z", self.z))
        self.function.setToolTip(self.tr("The activation function plotted with its derivative"))
        self.slope.setToolTip(self.tr("Leaky ReLU's slope for z < 0 (the notes use 0.1)"))
        self.z.setToolTip(self.tr("The point whose f(z) and f′(z) are read out below"))
        self.reading = QLabel()
        set_lab_font(self.reading, FONT_PT + 1, bold=True)
        self.formula = QLabel()
        self.body.addWidget(self.reading)
        self.body.addWidget(self.formula)

        self.plot_f = add_plot(self.figure, "f(z)", "z", "f(z)", 0, 0)
        self.plot_d = add_plot(self.figure, "f′(z)", "z", "f′(z)", 0, 1)
        self.plot_d.setXLink(self.plot_f)
        self.curves, self.markers, self.lines, self.regions = [], [], [], []
        for plot, color in ((self.plot_f, 0), (self.plot_d, 1)):
            self.curves.append(plot.plot(pen=pen(color)))
            self.markers.append(plot.plot(pen=None, symbol="o", symbolSize=12, symbolBrush=ink()))
            line = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(ink(), width=2))
            line.setHoverPen(pg.mkPen("#D55E00", width=3))
            line.sigPositionChanged.connect(self._line_moved)
            plot.addItem(line)
            self.lines.append(line)
            for _ in range(MAX_REGIONS):
                region = pg.LinearRegionItem(movable=False, pen=pg.mkPen(None))
                region.setZValue(-10)
                plot.addItem(region)
                self.regions.append(region)
        self.body.addWidget(self.figure, 3)
        follow_style(self, self._ink)

        legend = QLabel(self.tr("Shaded: amber = saturated (f′ < 1% of its max: vanishing gradient); "
                                "red = dead ReLU (f′ = 0, no gradient flows). Drag the black line."))
        legend.setWordWrap(True)
        self.body.addWidget(legend)

        self.readings = TablePanel(self.tr("All activations at z"))
        self.softmax_input = QLineEdit("2.0, 1.0, 0.1")
        self.softmax_message = message_label(self)
        self.softmax = TablePanel(self.tr("Softmax Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j)"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(row(self.tr("softmax of z ="), self.softmax_input, stretch=False))
        right_layout.addWidget(self.softmax_message)
        right_layout.addWidget(self.softmax, 1)
        tables = QHBoxLayout()
        tables.addWidget(self.readings, 1)
        tables.addWidget(right, 1)
        self.body.addLayout(tables, 2)

        self.function.currentIndexChanged.connect(self.refresh)
        self.slope.valueChanged.connect(self.refresh)
        self.z.valueChanged.connect(self.refresh_point)
        self.softmax_input.textChanged.connect(self.refresh_softmax)
        self.refresh()
        self.refresh_softmax()

    def _ink(self) -> None:
        """The draggable line and the read-out points in the theme's text colour."""
        for line, marker in zip(self.lines, self.markers, strict=True):
            line.setPen(pg.mkPen(ink(), width=2))
            marker.setSymbolBrush(ink())

    @property
    def name(self) -> str:
        return self.function.currentData()

    def refresh(self) -> None:
        self.slope.setEnabled(self.name == "leaky_relu")
        curve = core.curve(self.name, self.slope.value())
        self.curves[0].setData(curve.z, curve.f)
        self.curves[1].setData(curve.z, curve.fprime)
        for plot_index in range(2):
            pool = self.regions[plot_index * MAX_REGIONS:(plot_index + 1) * MAX_REGIONS]
            for k, region in enumerate(pool):
                visible = k < len(curve.regions)
                region.setVisible(visible)
                if visible:
                    r = curve.regions[k]
                    region.setRegion((r.lo, r.hi))
                    region.setBrush(REGION_BRUSHES[r.kind])
        f_text, d_text = core.FORMULAS[self.name]
        self.formula.setText(f"{f_text}        {d_text}")
        self.refresh_point()

    def refresh_point(self) -> None:
        z = self.z.value()
        r = core.reading(self.name, z, self.slope.value())
        for line in self.lines:
            line.blockSignals(True)
            line.setValue(z)
            line.blockSignals(False)
        self.markers[0].setData([z], [r.f])
        self.markers[1].setData([z], [r.fprime])
        self.reading.setText(f"{core_tr(core.LABELS[self.name])}:  z = {fmt(z)}    f(z) = {fmt(r.f)}    "
                             f"f′(z) = {fmt(r.fprime)}")
        self.readings.set_table(core.readings_table(z, self.slope.value()),
                                core.NAMES.index(self.name))

    def refresh_softmax(self) -> None:
        try:
            result = core.softmax_jacobian(parse_numbers(self.softmax_input.text()))
        except ValueError as exc:
            show_message(self.softmax_message, str(exc), error=True)
            return
        show_message(self.softmax_message, f"p = softmax(z) = {numbers(result.p)}")
        self.softmax.set_table(result.table())

    def _line_moved(self, line: pg.InfiniteLine) -> None:
        self.z.setValue(line.value())

    def next_step(self) -> None:
        cycle(self.function, 1)

    def previous_step(self) -> None:
        cycle(self.function, -1)
