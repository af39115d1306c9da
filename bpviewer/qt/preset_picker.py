"""Pick a shipped example network: names on the left, what to show with it on the right.

Each preset's description tells the teacher what to demonstrate, so it is shown in full,
large and wrapped, rather than squeezed into a tooltip.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from .theme import readable


class PresetPicker(QDialog):
    def __init__(self, presets: list[tuple[str, str]], current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose an example network"))
        readable(self, 14)
        self._descriptions = dict(presets)
        self.names = QListWidget(self)  # parented first, so it measures in the large font
        self.names.addItems(list(self._descriptions))
        self.names.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.names.setFixedWidth(self.names.sizeHintForColumn(0) + 40)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.description.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Load"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.names)
        row.addWidget(self.description, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.names.currentTextChanged.connect(self._describe)
        self.names.itemDoubleClicked.connect(self.accept)
        self.select(current if current in self._descriptions else next(iter(self._descriptions)))
        self.resize(900, 480)

    def _describe(self, name: str) -> None:
        text = escape(self._descriptions.get(name, ""))
        self.description.setText(f"<h2>{escape(name)}</h2><p>{text}</p>")

    def select(self, name: str) -> None:
        self.names.setCurrentRow(list(self._descriptions).index(name))

    def chosen(self) -> str:
        return self.names.currentItem().text()
