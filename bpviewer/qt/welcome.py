"""The first thing a new teacher sees: the example networks with what each one shows,
the course lesson, and opening a file — plus "don't show this again".

It is the preset picker with three more ways out; `choice` says which one was taken.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QPushButton, QWidget

from ..core.presets import DEFAULT
from ..core.texts import tr as core_tr
from .preset_picker import PresetPicker

PRESET, LESSON, OPEN = "preset", "lesson", "open"


class WelcomeDialog(PresetPicker):
    def __init__(self, presets: list[tuple[str, str]], show_again: bool,
                 parent: QWidget | None = None, progress: dict[str, tuple[int, int]] | None = None) -> None:
        super().__init__(presets, DEFAULT, parent)
        self.setWindowTitle(self.tr("Welcome to bpviewer"))
        self.choice: str | None = None
        intro = QLabel(self.tr(
            "<b>Step through backpropagation one click at a time.</b> Pick an example "
            "network (the text on the right says what to show with it), start the lesson "
            "that follows the course, or open a network file. The clicker's forward key "
            "(→, Page Down or Space) computes the next step; F1 lists every key."))
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        if progress:
            self.progress.setText(self.tr("Your practice so far (right at the first try / asked): ")
                                  + " · ".join(f"{core_tr(name)} {score}/{asked}"
                                               for name, (score, asked) in progress.items()))
            self.layout().insertWidget(1, self.progress)
        buttons = self.findChild(QDialogButtonBox)
        load = buttons.button(QDialogButtonBox.Ok)
        load.setText(self.tr("Load this example"))
        load.setToolTip(self.tr("Open the example network selected on the left"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("Close"))
        buttons.button(QDialogButtonBox.Cancel).setToolTip(
            self.tr("Keep the network that is open"))
        self.lesson_button = QPushButton(self.tr("Start the course lesson"))
        self.lesson_button.setToolTip(self.tr(
            "Mazur forward, backward, update, 10,000 iterations, XOR, optimizers"))
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.setToolTip(self.tr("Open a bpviewer network file (.json)"))
        for button, choice in ((self.lesson_button, LESSON), (self.open_button, OPEN)):
            buttons.addButton(button, QDialogButtonBox.ActionRole)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        self.show_again = QCheckBox(self.tr("Show this window when bpviewer starts"))
        self.show_again.setToolTip(self.tr("Help ▸ Welcome… shows it at any time"))
        self.show_again.setChecked(show_again)
        self.layout().insertWidget(self.layout().count() - 1, self.show_again)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def accept(self) -> None:
        """Load, a double-click on a name, or one of the other two buttons."""
        if self.choice is None:
            self.choice = PRESET
        super().accept()
