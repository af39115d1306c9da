"""Loss explorer: each term, the total from torch, each element's derivative from autograd."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.formula import fmt
from ...core.labs import losses_lab as core
from ...core.texts import tr as core_tr
from ..plots import style_plot
from .lab_base import (
    COLORS,
    FONT_PT,
    Lab,
    TablePanel,
    add_plot,
    colored,
    combo,
    cycle,
    message_label,
    row,
    set_lab_font,
    show_message,
)

TORCH_PICK, NOTES_PICK = 0, 1  # palette indices
OTHER = "#B0B0B0"


class LossLab(Lab):
    title = "Loss functions"
    tab = "Losses"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.example = combo([(e.label, e) for e in core.EXAMPLES])
        self.loss = combo([(core.LABELS[n], n) for n in core.NAMES])
        self.y_true = QLineEdit()
        self.y_pred = QLineEdit()
        self.pred_label = QLabel("y_pred")
        self.body.addLayout(row(self.tr("example"), self.example, self.tr("loss"), self.loss))
        self.example.setToolTip(self.tr("A worked example from the notes"))
        self.loss.setToolTip(self.tr("The loss function computed term by term"))
        inputs = row("y_true", self.y_true, self.pred_label, self.y_pred, stretch=False)
        self.body.addLayout(inputs)
        self.formula = QLabel()
        self.derivative = QLabel()
        self.total = QLabel()
        set_lab_font(self.total, FONT_PT + 1, bold=True)
        self.notes = message_label(self)
        self.message = message_label(self)
        for label in (self.formula, self.derivative, self.total, self.notes, self.message):
            self.body.addWidget(label)

        self.plot_terms = add_plot(self.figure, "terms ℓ", "element", "ℓ", 0, 0)
        self.plot_grads = add_plot(self.figure, "∂L/∂ŷ (autograd)", "element", "∂L/∂ŷ", 0, 1)
        self.bars_terms = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.7)
        self.bars_grads = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.7,
                                          brush=pg.mkBrush(COLORS[2]))
        self.plot_terms.addItem(self.bars_terms)
        self.plot_grads.addItem(self.bars_grads)
        self.figure.ci.layout.setColumnStretchFactor(0, 1)
        self.figure.ci.layout.setColumnStretchFactor(1, 1)
        self.body.addWidget(self.figure, 3)
        self.legend = QLabel()
        self.body.addWidget(self.legend)
        self.table = TablePanel(self.tr("Terms and derivatives"))
        self.body.addWidget(self.table, 2)

        self.notes_value: float | None = None
        self.result: core.Breakdown | None = None
        self.example.currentIndexChanged.connect(self._load_example)
        self.loss.currentIndexChanged.connect(self.refresh)
        self.y_true.textChanged.connect(self.refresh)
        self.y_pred.textChanged.connect(self.refresh)
        self._load_example()

    def _load_example(self) -> None:
        example: core.Example = self.example.currentData()
        for widget in (self.loss, self.y_true, self.y_pred):
            widget.blockSignals(True)
        self.loss.setCurrentIndex(core.NAMES.index(example.loss))
        self.y_true.setText(example.y_true)
        self.y_pred.setText(example.y_pred)
        for widget in (self.loss, self.y_true, self.y_pred):
            widget.blockSignals(False)
        self.notes_value = example.notes_value
        self.refresh()

    def refresh(self) -> None:
        name = self.loss.currentData()
        example: core.Example = self.example.currentData()
        if (example.loss, example.y_true, example.y_pred) != (
                name, self.y_true.text(), self.y_pred.text()):
            self.notes_value = None
        self.pred_label.setText(self.tr("logits z") if name == "cross_entropy" else "y_pred")
        term, derivative = core.FORMULAS[name]
        self.formula.setText(core_tr(term))
        self.derivative.setText(f"{derivative}   " + self.tr("(values below from torch autograd)"))
        try:
            result = core.breakdown_text(name, self.y_true.text(), self.y_pred.text())
        except ValueError as exc:
            show_message(self.message, str(exc), error=True)
            show_message(self.notes, "")
            return
        show_message(self.message, "")
        self.result = result
        self.total.setText(f"{core.LABELS[name]} = {fmt(result.total, 6)}   " + self.tr("(torch, float64)"))
        notes = (core.compare_with_notes(result, self.notes_value)
                 if self.notes_value is not None else "")
        show_message(self.notes, notes, error=bool(notes) and core_tr(core.WRONG) in notes)
        self.table.set_table(result.table())
        self._draw(result)

    def _draw(self, result: core.Breakdown) -> None:
        if result.probs is None:
            n = len(result.terms)
            x = np.arange(n, dtype=float)
            ticks = [(float(i), str(i + 1)) for i in range(n)]
            self.bars_terms.setOpts(x=x, height=result.terms, brushes=[pg.mkBrush(COLORS[0])] * n)
            self.bars_grads.setOpts(x=x, height=result.grads)
            labels = (self.tr("terms ℓᵢ"), "ℓᵢ", "∂L/∂ŷᵢ (autograd)", "∂L/∂ŷᵢ", self.tr("element i"))
            self.legend.hide()
        else:
            rows, classes = result.probs.shape
            x = np.array([r * (classes + 1) + c for r in range(rows) for c in range(classes)],
                         dtype=float)
            notes_picks = (core.picks_matching(result.probs, self.notes_value)
                           if self.notes_value is not None else [])
            notes_pick = notes_picks[0] if notes_picks else ()
            brushes = []
            for r in range(rows):
                for c in range(classes):
                    color = (COLORS[TORCH_PICK] if result.targets[r, c] > 0
                             else COLORS[NOTES_PICK] if notes_pick and notes_pick[r] == c
                             else OTHER)
                    brushes.append(pg.mkBrush(color))
            ticks = [(float(xi), f"{r},{c}") for xi, (r, c) in
                     zip(x, np.ndindex(rows, classes), strict=True)]
            self.bars_terms.setOpts(x=x, height=result.probs.reshape(-1), brushes=brushes)
            self.bars_grads.setOpts(x=x, height=result.grads.reshape(-1))
            labels = ("p = softmax(z)", "p", "∂L/∂z = (p − t)/N (autograd)", "∂L/∂z",
                      self.tr("row,class"))
            self.legend.show()
            self.legend.setText(f"{colored('■', TORCH_PICK)} " + self.tr("torch's target probability")
                                + (f"   {colored('■', NOTES_PICK)} " + self.tr("the notes' pick")
                                   if notes_pick else ""))
        title_terms, y_terms, title_grads, y_grads, x_label = labels
        for plot, title, y_label in ((self.plot_terms, title_terms, y_terms),
                                     (self.plot_grads, title_grads, y_grads)):
            style_plot(plot, title, x_label, y_label)
            plot.getAxis("bottom").setTicks([ticks])
            plot.enableAutoRange()

    def next_step(self) -> None:
        cycle(self.example, 1)

    def previous_step(self) -> None:
        cycle(self.example, -1)
