"""Edits of the open network, each one undoable: what the window's actions call.

The controller holds no state of its own: it turns a request into an undo command, applies
it once (a SpecError refuses it with the reason and nothing changes), then pushes it.
What undo restores is described in undo_commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core import presets
from ..core.errors import SpecError
from ..core.session import Session
from ..core.spec import NetworkSpec
from .bridge import SessionBridge
from .network_editor import MIN_POINTS, NetworkEditor, error_label, parse_number
from .playground_dialog import PlaygroundDialog
from .preset_picker import PresetPicker
from .theme import readable
from .undo_commands import LoadCommand, ParamCommand, SessionCommand, SpecCommand


class ParamDialog(QDialog):
    """Asks for one weight or bias; anything but a finite number is refused inline."""

    def __init__(self, name: str, iteration: int, value: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setWindowTitle(self.tr("Edit %1").replace("%1", name))
        readable(self, MIN_POINTS)
        when = (self.tr("<b>%1</b> at the start is %2.") if iteration == 0 else
                self.tr("<b>%1</b> after iteration %3 is %2.").replace("%3", str(iteration)))
        prompt = QLabel(when.replace("%1", name).replace("%2", repr(value)) + "<br>"
                        + self.tr("Later iterations are dropped and recomputed from the new value."))
        prompt.setWordWrap(True)
        self.edit = QLineEdit(repr(value))
        self.edit.selectAll()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (prompt, QLabel(self.tr("New value:")), self.edit, self.error, self.buttons):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self._check)
        self.setMinimumWidth(480)

    def value(self) -> float | None:
        """The typed number, or None while the text is not a finite number."""
        return self._parsed()[0]

    def _parsed(self) -> tuple[float | None, str]:
        try:
            return parse_number(self.edit.text(), self._name), ""
        except SpecError as err:
            return None, err.line()

    def _check(self) -> None:
        value, reason = self._parsed()
        self.error.setText(reason)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(value is not None)


class EditController(QObject):
    """Undoable edits: one weight, some fields, a whole new network, or a preset."""

    #: the one-line reason an edit was refused (also shown in a message box)
    refused = Signal(str)
    #: a preset replaced the network: it no longer comes from the file that was open
    presetLoaded = Signal(str)

    def __init__(self, bridge: SessionBridge, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.undo_stack = undo_stack
        self._window = parent

    @property
    def session(self) -> Session:
        return self.bridge.session

    def edit_param(self, index: int) -> None:
        session = self.session
        value = float(session.history.params_at(session.iteration)[index])
        dialog = ParamDialog(session.params.refs[index].name, session.iteration, value,
                             self._window)
        if dialog.exec() == QDialog.Accepted and dialog.value() is not None:
            self.set_param(index, dialog.value())

    def set_param(self, index: int, value: float) -> bool:
        return self._push(ParamCommand(self.session, index, float(value)))

    def apply_changes(self, **changes: Any) -> bool:
        return self._push(SpecCommand(self.session, changes))

    def load_spec(self, spec: NetworkSpec, text: str) -> bool:
        return self._push(LoadCommand(self.session, spec, text))

    def open_editor(self) -> None:
        current = self.session.current_spec()
        dialog = NetworkEditor(current, self.session.spec.init, self._window)
        if dialog.exec() == QDialog.Accepted and dialog.result_spec not in (None, current):
            self.load_spec(dialog.result_spec, "Edit network")

    def import_playground(self) -> bool:
        """The network of a pasted TensorFlow Playground link, as one undoable command."""
        dialog = PlaygroundDialog(self._window)
        if dialog.exec() != QDialog.Accepted or dialog.spec is None:
            return False
        return self.load_spec(dialog.spec, "Import Playground link")

    def choose_preset(self) -> None:
        dialog = PresetPicker(presets.describe(), None, self._window)
        if dialog.exec() == QDialog.Accepted:
            self.load_preset(dialog.chosen())

    def load_preset(self, name: str) -> bool:
        try:
            spec = presets.load(name)
        except SpecError as err:
            self._refuse(err.line())
            return False
        if not self.load_spec(spec, f"Load preset {name}"):
            return False
        self.presetLoaded.emit(name)
        return True

    def _push(self, command: SessionCommand) -> bool:
        try:
            command.apply()
        except SpecError as err:
            self._refuse(err.line())
            return False
        self.undo_stack.push(command)
        return True

    def _refuse(self, text: str) -> None:
        self.refused.emit(text)
        QMessageBox.warning(self._window, self.tr("Edit refused"), text)
