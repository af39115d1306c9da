"""EditController: every edit reaches the Session, is undoable, and bad values change nothing."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.editing import EditController, ParamDialog
from bpviewer.qt.preset_picker import PresetPicker


@pytest.fixture
def edits(qtbot, warnings_shown):
    window = QWidget()
    qtbot.addWidget(window)
    bridge = SessionBridge(Session(presets.load("mazur")))
    return EditController(bridge, QUndoStack(window), window)


def w5(edits: EditController) -> int:
    return edits.session.params.ref("weight", 2, 1, 1).index


def value_at(edits: EditController, iteration: int, index: int) -> float:
    return edits.session.history.params_at(iteration)[index]


def test_edit_weight_then_undo_restores_it_exactly_and_redo_reapplies(edits):
    s = edits.session
    s.run(3)
    index, old = w5(edits), value_at(edits, 3, w5(edits))
    assert edits.set_param(index, 1.25)
    edits.bridge.flush()
    assert value_at(edits, 3, index) == 1.25
    assert len(s.history) == 3
    edits.undo_stack.undo()
    assert value_at(edits, 3, index) == old
    edits.undo_stack.redo()
    assert value_at(edits, 3, index) == 1.25


def test_undo_returns_to_the_edited_iteration_and_history_recomputes_identically(edits):
    s = edits.session
    s.run(5)
    losses = s.losses().copy()
    s.goto(2)
    edits.set_param(w5(edits), -3.0)
    s.run(4)
    edits.undo_stack.undo()
    assert s.iteration == 2
    s.goto(5)
    assert (s.losses() == losses).all()


def test_edit_param_dialog_sets_the_typed_value(edits, monkeypatch):
    def type_and_accept(dialog):
        dialog.edit.setText("0.125")
        return QDialog.Accepted

    monkeypatch.setattr(ParamDialog, "exec", type_and_accept)
    edits.edit_param(w5(edits))
    assert value_at(edits, 0, w5(edits)) == 0.125


@pytest.mark.parametrize("text", ["abc", "inf", "nan", ""])
def test_param_dialog_refuses_anything_but_a_finite_number(qtbot, text):
    dialog = ParamDialog("w5", 0, 0.4)
    qtbot.addWidget(dialog)
    dialog.edit.setText(text)
    assert dialog.value() is None
    assert dialog.error.text().startswith("w5: ")
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dialog.edit.setText("0.5")
    assert dialog.value() == 0.5 and dialog.error.text() == ""


def test_non_finite_value_is_refused_and_nothing_changes(edits, warnings_shown, monkeypatch):
    before = edits.session.current_spec()
    assert not edits.set_param(w5(edits), math.inf)
    assert "w5" in warnings_shown[0]
    assert edits.session.current_spec() == before
    assert edits.undo_stack.count() == 0

    def accept_garbage(dialog):
        dialog.edit.setText("twelve")
        return QDialog.Accepted

    monkeypatch.setattr(ParamDialog, "exec", accept_garbage)
    edits.edit_param(w5(edits))
    assert edits.session.current_spec() == before


def test_negative_lr_is_refused_with_a_message_naming_lr(edits, warnings_shown):
    before = edits.session.spec
    refused = []
    edits.refused.connect(refused.append)
    assert not edits.apply_changes(optimizer={"name": "sgd", "lr": -0.5})
    assert "lr" in warnings_shown[0] and refused == warnings_shown
    assert edits.session.spec == before
    assert edits.undo_stack.count() == 0


def test_optimizer_change_keeps_history_and_undo_restores_the_old_settings(edits):
    s = edits.session
    s.run(3)
    assert edits.apply_changes(optimizer={"name": "sgd", "lr": 0.1})
    assert s.spec.optimizer["lr"] == 0.1 and len(s.history) == 3
    s.run(2)
    edits.undo_stack.undo()
    assert s.spec.optimizer == {"name": "sgd", "lr": 0.5}
    assert (s.iteration, len(s.history)) == (3, 3)


def test_undo_of_a_restarting_change_restores_network_and_weights(edits):
    s = edits.session
    s.run(2)
    before = s.current_spec()
    assert edits.apply_changes(loss="mse")
    assert s.iteration == 0 and s.spec.loss == "mse"
    edits.undo_stack.undo()
    assert s.current_spec() == before


def test_preset_loads_undoably_and_announces_itself(edits, warnings_shown, monkeypatch):
    before = edits.session.current_spec()
    loaded = []
    edits.presetLoaded.connect(loaded.append)

    def pick_xor(dialog):
        dialog.select("xor")
        return QDialog.Accepted

    monkeypatch.setattr(PresetPicker, "exec", pick_xor)
    edits.choose_preset()
    assert loaded == ["xor"]
    assert edits.session.spec.name == presets.load("xor").name
    edits.undo_stack.undo()
    assert edits.session.current_spec() == before
    assert not edits.load_preset("no-such-preset")
    assert "no-such-preset" in warnings_shown[0]
