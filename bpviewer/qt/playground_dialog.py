"""File ▸ Import Playground Link…: paste a TensorFlow Playground address, get its network.

The dialog judges nothing itself: core.playground.import_link reads the link as it is
typed, its one-line reason is shown in red and OK stays off until the link is good.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core import data as data_mod
from ..core.errors import SpecError
from ..core.playground import import_link
from ..core.spec import NetworkSpec
from .network_editor import MIN_POINTS, error_label
from .theme import readable

EXAMPLE = ("https://playground.tensorflow.org/#activation=tanh&dataset=circle&noise=10"
           "&networkShape=4,2&percTrainData=50&x=true&y=true")


class PlaygroundDialog(QDialog):
    """`spec` holds the imported network while the link is good, else None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Playground link"))
        readable(self, MIN_POINTS)
        prompt = QLabel(self.tr("Paste the address of a TensorFlow Playground page (or just "
                                "the part after #). Its data set, noise, test ratio, features, "
                                "layers, activation, learning rate, L1/L2 and batch size carry "
                                "over; the output becomes sigmoid + cross-entropy (or identity + "
                                "MSE for regression)."))
        prompt.setWordWrap(True)
        self.link = QLineEdit()
        self.link.setPlaceholderText(EXAMPLE)
        self.error = error_label()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (prompt, self.link, self.summary, self.error, self.buttons):
            layout.addWidget(widget)
        self.spec: NetworkSpec | None = None
        self.link.textChanged.connect(self._check)
        self.setMinimumWidth(640)
        self._check()

    def _check(self) -> None:
        text = self.link.text()
        try:
            self.spec = import_link(text)
            data_mod.resolve(self.spec)
        except SpecError as err:
            self.spec = None
            self.summary.setText("")
            self.error.setText(err.line() if text.strip() else "")
        else:
            self.error.setText("")
            layers = "-".join(str(n) for n in self.spec.layers)
            self.summary.setText(self.tr("%1: layers %2, features %3").replace(
                "%1", self.spec.data["generator"]).replace("%2", layers).replace(
                "%3", ", ".join(self.spec.features or ("x1", "x2"))))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.spec is not None)
