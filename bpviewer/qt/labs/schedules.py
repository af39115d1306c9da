"""LR schedules over 200 epochs, and exponentially weighted averages stepped day by day."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...core.labs import schedules as core
from ...core.labs.parse import parse_numbers
from .lab_base import (
    COLORS,
    Lab,
    TablePanel,
    add_legend,
    add_plot,
    message_label,
    pen,
    row,
    show_message,
)


def _double(value: float, lo: float, hi: float, decimals: int, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    return box


def _int(value: int, lo: int, hi: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    return box


class ScheduleLab(Lab):
    title = "LR schedules and averages"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        step, multi, expo = (core.SCHEDULES[k].kwargs for k in ("step", "multistep", "exponential"))
        self.lr = _double(core.BASE_LR, 1e-6, 10.0, 4, 0.01)
        self.epochs = _int(core.EPOCHS, 1, 2000)
        self.log_y = QCheckBox("log lr axis")
        self.log_y.setChecked(True)
        self.step_size = _int(step["step_size"], 1, 1000)
        self.step_gamma = _double(step["gamma"], 0.0, 1.0, 3, 0.05)
        self.milestones = QLineEdit(", ".join(map(str, multi["milestones"])))
        self.multi_gamma = _double(multi["gamma"], 0.0, 1.0, 3, 0.05)
        self.expo_gamma = _double(expo["gamma"], 0.0, 1.0, 3, 0.01)
        for box, tip in ((self.lr, "Initial learning rate of SGD"),
                         (self.epochs, "How many epochs to plot"),
                         (self.log_y, "Plot the learning rate on a logarithmic axis"),
                         (self.step_size, "StepLR: multiply lr by γ every step_size epochs"),
                         (self.step_gamma, "StepLR's factor γ"),
                         (self.multi_gamma, "MultiStepLR's factor γ at each milestone"),
                         (self.expo_gamma, "ExponentialLR: lr × γ every epoch")):
            box.setToolTip(tip)
        self.body.addLayout(row("SGD lr", self.lr, f"momentum {core.MOMENTUM:g}   epochs",
                                self.epochs, self.log_y))
        self.body.addLayout(row("StepLR step_size", self.step_size, "γ", self.step_gamma,
                                "MultiStepLR milestones", self.milestones, "γ", self.multi_gamma,
                                "ExponentialLR γ", self.expo_gamma))
        self.message = message_label()
        self.body.addWidget(self.message)

        self.plot_lr = add_plot(self.figure, "lr used in each epoch (torch.optim.lr_scheduler)",
                                "epoch", "lr", 0, 0)
        add_legend(self.plot_lr).setOffset((10, -10))
        self.lr_curves = {key: self.plot_lr.plot(pen=pen(i), name=s.label)
                          for i, (key, s) in enumerate(core.SCHEDULES.items())}
        self.plot_ewa = add_plot(self.figure, "exponentially weighted average, 30 days",
                                 "day", "°C", 0, 1)
        add_legend(self.plot_ewa).setOffset((-10, -10))
        self.points = self.plot_ewa.plot(pen=None, symbol="o", symbolSize=9,
                                         symbolBrush="#777777", name="θ (daily temperature)")
        self.averages = {beta: self.plot_ewa.plot(pen=pen(3 + i), name=f"v, β = {beta:g}")
                         for i, beta in enumerate(core.BETAS)}
        self.day_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("k", width=2))
        self.plot_ewa.addItem(self.day_line)
        self.figure.ci.layout.setColumnStretchFactor(0, 1)
        self.figure.ci.layout.setColumnStretchFactor(1, 1)
        self.body.addWidget(self.figure, 3)

        self.seed = _int(0, 0, 10_000)
        self.bias = QCheckBox("bias correction v / (1 − βᵗ)")
        self.seed.setToolTip("Seed of the noisy 30-day temperature series")
        self.bias.setToolTip("Divide by 1 − βᵗ so the first days are not pulled towards 0")
        self.body.addLayout(row("temperature seed", self.seed, self.bias))
        self.recurrence = QLabel()
        self.body.addWidget(self.recurrence)
        self.lr_table = TablePanel("lr per epoch")
        self.ewa_table = TablePanel("Weighted averages")
        tables = QHBoxLayout()
        tables.addWidget(self.lr_table)
        tables.addWidget(self.ewa_table)
        self.body.addLayout(tables, 2)

        self.day = 1
        for box in (self.lr, self.epochs, self.step_size, self.step_gamma, self.multi_gamma,
                    self.expo_gamma):
            box.valueChanged.connect(self.refresh_lr)
        self.milestones.textChanged.connect(self.refresh_lr)
        self.log_y.toggled.connect(self.refresh_lr)
        self.seed.valueChanged.connect(self.refresh_ewa)
        self.bias.toggled.connect(self.refresh_ewa)
        self.refresh_lr()
        self.refresh_ewa()

    def settings(self) -> dict[str, dict]:
        """Scheduler keyword arguments from the controls (ValueError on bad milestones)."""
        milestones = parse_numbers(self.milestones.text()).reshape(-1)
        if any(m != round(m) or m < 1 for m in milestones):
            raise ValueError("milestones must be whole epochs ≥ 1")
        return {"step": {"step_size": self.step_size.value(), "gamma": self.step_gamma.value()},
                "multistep": {"milestones": sorted(int(m) for m in milestones),
                              "gamma": self.multi_gamma.value()},
                "exponential": {"gamma": self.expo_gamma.value()}}

    def refresh_lr(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            show_message(self.message, f"MultiStepLR: {exc}", error=True)
            return
        show_message(self.message, "")
        epochs = self.epochs.value()
        curves = {key: core.lr_curve(key, epochs, self.lr.value(), **kwargs)
                  for key, kwargs in settings.items()}
        log = self.log_y.isChecked() and all((c > 0).all() for c in curves.values())
        self.plot_lr.setLogMode(y=log)
        x = list(range(1, epochs + 1))
        for key, curve in curves.items():
            self.lr_curves[key].setData(x, curve)
        self.lr_table.set_table(core.curves_table(curves))

    def refresh_ewa(self) -> None:
        self.series = core.temperatures(seed=self.seed.value())
        days = list(range(1, len(self.series) + 1))
        self.points.setData(days, self.series)
        corrected = self.bias.isChecked()
        averages = {beta: core.weighted_average(self.series, beta, corrected)
                    for beta in core.BETAS}
        for beta, curve in self.averages.items():
            curve.setData(days, averages[beta])
        self.ewa_table.set_table(core.averages_table(self.series, averages))
        self.show_day()

    def show_day(self) -> None:
        self.day_line.setValue(self.day)
        lines = [core.recurrence_text(self.series, beta, self.day, self.bias.isChecked())
                 for beta in core.BETAS]
        self.recurrence.setText(f"<span style='color:{COLORS[3]}'>■</span> {lines[0]}<br>"
                                f"<span style='color:{COLORS[4]}'>■</span> {lines[1]}")
        self.ewa_table.highlight(self.day - 1)

    def next_step(self) -> None:
        self.day = min(self.day + 1, len(self.series))
        self.show_day()

    def previous_step(self) -> None:
        self.day = max(self.day - 1, 1)
        self.show_day()
