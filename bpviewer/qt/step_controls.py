"""Jump to any iteration (slider + spin box) and choose the run speed.

The buttons (next/previous step, run, granularity, …) come from the action registry;
these are the controls that hold a value.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QSpinBox, QWidget

from .bridge import SessionBridge
from .pacing import STATUS_INTERVAL_S, Paced
from .runner import Runner

MAX_JUMP = 1_000_000  # typing an iteration beyond the history trains up to it
SPEEDS: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("StepControls", "1 / frame"), 1),
    (QT_TRANSLATE_NOOP("StepControls", "10 / frame"), 10),
    (QT_TRANSLATE_NOOP("StepControls", "100 / frame"), 100),
    (QT_TRANSLATE_NOOP("StepControls", "1000 / frame"), 1000),
    (QT_TRANSLATE_NOOP("StepControls", "full speed"), None))


class StepControls(QWidget):
    def __init__(self, bridge: SessionBridge, runner: Runner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = bridge.session
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setMinimumWidth(50)
        self.slider.setToolTip(self.tr("Drag to revisit any computed iteration"))
        self.spin = QSpinBox()
        self.spin.setRange(0, MAX_JUMP)
        self.spin.setPrefix(self.tr("iteration "))
        self.spin.setKeyboardTracking(False)  # jump on Enter, not on every digit
        self.spin.setToolTip(self.tr("Type an iteration and press Enter (later ones are trained)"))
        self.count = QLabel()
        self.speed = QComboBox()
        for text, value in SPEEDS:
            self.speed.addItem(self.tr(text), value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.setToolTip(self.tr("Run speed: iterations trained per screen frame"))
        self.speed.setFocusPolicy(Qt.NoFocus)  # leave the arrow keys to the clicker
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        for widget in (self.spin, self.slider, self.count, self.speed):
            layout.addWidget(widget)
        self.slider.valueChanged.connect(self._jump)
        self.spin.valueChanged.connect(self._jump)
        self.speed.currentIndexChanged.connect(
            lambda i: runner.set_speed(self.speed.itemData(i)))
        runner.set_speed(self.speed.currentData())
        # a flush that changes the history changes the cursor too
        self._paced = Paced(bridge, self._follow, self, every=STATUS_INTERVAL_S)
        bridge.cursorChanged.connect(self._paced)
        self._follow()

    def _jump(self, iteration: int) -> None:
        if iteration != self.session.iteration:
            self.session.goto(iteration)

    def retranslate(self) -> None:
        """After a language switch: the texts built from numbers ("of 12")."""
        self._history_changed()

    def _follow(self) -> None:
        """The history's length and the cursor (while Run trains, 10 times a second)."""
        self._history_changed()
        self._cursor_changed()

    def _history_changed(self) -> None:
        n = len(self.session.history)
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, n)
        self.count.setText(self.tr("of %1").replace("%1", str(n)))

    def _cursor_changed(self) -> None:
        for widget in (self.slider, self.spin):
            with QSignalBlocker(widget):
                widget.setValue(self.session.iteration)
