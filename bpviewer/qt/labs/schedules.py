"""LR schedules over 200 epochs, and exponentially weighted averages stepped day by day."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ...core.labs import schedules as core
from ...core.labs.parse import parse_numbers
from ..plots import restyle_plot
from .lab_base import (
    INK,
    Lab,
    TablePanel,
    add_plot,
    button,
    colored,
    double_spin,
    follow_style,
    ink,
    int_spin,
    message_label,
    pen,
    row,
    show_message,
)


class ScheduleLab(Lab):
    title = "LR schedules and averages"
    tab = "LR schedules"

    @classmethod
    def prepare(cls) -> None:
        super().prepare()
        for key in core.SCHEDULES:
            core.lr_curve(key)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        step, multi, expo = (core.SCHEDULES[k].kwargs for k in ("step", "multistep", "exponential"))
        self.lr = double_spin(core.BASE_LR, 1e-6, 10.0, 4, 0.01)
        self.epochs = int_spin(core.EPOCHS, 1, 2000)
        self.log_y = QCheckBox(self.tr("log lr axis"))
        self.log_y.setChecked(True)
        self.step_size = int_spin(step["step_size"], 1, 1000)
        self.step_gamma = double_spin(step["gamma"], 0.0, 1.0, 3, 0.05)
        self.milestones = QLineEdit(", ".join(map(str, multi["milestones"])))
        self.multi_gamma = double_spin(multi["gamma"], 0.0, 1.0, 3, 0.05)
        self.expo_gamma = double_spin(expo["gamma"], 0.0, 1.0, 3, 0.01)
        for box, tip in ((self.lr, self.tr("Initial learning rate of SGD")),
                         (self.epochs, self.tr("How many epochs to plot")),
                         (self.log_y, self.tr("Plot the learning rate on a logarithmic axis")),
                         (self.step_size, self.tr("StepLR: multiply lr by γ every step_size epochs")),
                         (self.step_gamma, self.tr("StepLR's factor γ")),
                         (self.multi_gamma, self.tr("MultiStepLR's factor γ at each milestone")),
                         (self.expo_gamma, self.tr("ExponentialLR: lr × γ every epoch"))):
            box.setToolTip(tip)
        self.body.addLayout(row("SGD lr", self.lr, f"momentum {core.MOMENTUM:g}   " + self.tr("epochs"),
                                self.epochs, self.log_y,
                                button(self.tr("Notes' settings"), self.notes_settings,
                                       self.tr("The notes' lr, epochs and scheduler settings"))))
        self.body.addLayout(row(colored("StepLR", 0), "step_size", self.step_size, "γ",
                                self.step_gamma, colored("ExponentialLR", 2), "γ",
                                self.expo_gamma))
        self.body.addLayout(row(colored("MultiStepLR", 1), "milestones", self.milestones, "γ",
                                self.multi_gamma))
        self.message = message_label(self)
        self.body.addWidget(self.message)

        # coloured titles instead of legends, which would cover the curves
        self.plot_lr = add_plot(self.figure, self.tr("lr per epoch: ") + ", ".join(
            colored(s.label, i) for i, s in enumerate(core.SCHEDULES.values())),
            self.tr("epoch"), "lr", 0, 0)
        self.lr_curves = {key: self.plot_lr.plot(pen=pen(i))
                          for i, key in enumerate(core.SCHEDULES)}
        self.plot_ewa = add_plot(self.figure, "", self.tr("day"), "°C", 0, 1)  # title: _ink
        self.points = self.plot_ewa.plot(pen=None, symbol="o", symbolSize=9,
                                         symbolBrush="#777777")
        self.averages = {beta: self.plot_ewa.plot(pen=pen(3 + i))
                         for i, beta in enumerate(core.BETAS)}
        self.day_line = pg.InfiniteLine(angle=90)
        follow_style(self, self._ink)
        self._ink()
        self.plot_ewa.addItem(self.day_line)
        self.figure.ci.layout.setColumnStretchFactor(0, 1)
        self.figure.ci.layout.setColumnStretchFactor(1, 1)
        self.body.addWidget(self.figure, 3)

        self.seed = int_spin(0, 0, 10_000)
        self.bias = QCheckBox(self.tr("bias correction v / (1 − βᵗ)"))
        self.seed.setToolTip(self.tr("Seed of the noisy 30-day temperature series"))
        self.bias.setToolTip(self.tr("Divide by 1 − βᵗ so the first days are not pulled towards 0"))
        self.body.addLayout(row(self.tr("temperature seed"), self.seed, self.bias))
        self.recurrence = QLabel()
        self.body.addWidget(self.recurrence)
        self.lr_table = TablePanel(self.tr("lr per epoch"))
        self.ewa_table = TablePanel(self.tr("Weighted averages"))
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

    def _ink(self) -> None:
        """The day marker and θ's name in the theme's text colour."""
        self.day_line.setPen(pg.mkPen(ink(), width=2))
        self.plot_ewa.setTitle(colored("θ", INK) + self.tr(" per day, ") + ", ".join(
            colored(f"v β = {beta:g}", 3 + i) for i, beta in enumerate(core.BETAS)))
        restyle_plot(self.plot_ewa)

    def notes_settings(self) -> None:
        """Back to the notes' demo: SGD lr 0.1, 200 epochs, the three schedulers as printed."""
        step, multi, expo = (core.SCHEDULES[k].kwargs for k in ("step", "multistep", "exponential"))
        for box, value in ((self.lr, core.BASE_LR), (self.epochs, core.EPOCHS),
                           (self.step_size, step["step_size"]), (self.step_gamma, step["gamma"]),
                           (self.multi_gamma, multi["gamma"]), (self.expo_gamma, expo["gamma"])):
            box.setValue(value)
        self.milestones.setText(", ".join(map(str, multi["milestones"])))

    def settings(self) -> dict[str, dict]:
        """Scheduler keyword arguments from the controls (ValueError on bad milestones)."""
        milestones = parse_numbers(self.milestones.text()).reshape(-1)
        if any(m != round(m) or m < 1 for m in milestones):
            raise ValueError(self.tr("milestones must be whole epochs ≥ 1"))
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
        self.recurrence.setText("<br>".join(f"{colored('■', 3 + i)} {line}"
                                            for i, line in enumerate(lines)))
        self.ewa_table.highlight(self.day - 1)

    def next_step(self) -> None:
        self.day = min(self.day + 1, len(self.series))
        self.show_day()

    def previous_step(self) -> None:
        self.day = max(self.day - 1, 1)
        self.show_day()
