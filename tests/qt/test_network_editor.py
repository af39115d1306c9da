"""The network builder: what it builds is exactly a valid spec, and bad values keep OK off."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QWidget

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.core.spec import from_dict
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.editing import EditController
from bpviewer.qt.network_editor import NetworkEditor


@pytest.fixture
def session():
    return Session(presets.load("mazur"))


@pytest.fixture
def editor(qtbot, session):
    dialog = NetworkEditor(session.current_spec(), session.spec.init)
    qtbot.addWidget(dialog)
    return dialog


def ok_enabled(dialog: NetworkEditor) -> bool:
    return dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()


def make_2_3_1(dialog: NetworkEditor) -> None:
    """2-3-1 tanh/sigmoid, BCE, Adam (lr 0.01), Xavier init, XOR targets typed in."""
    dialog.name.setText("XOR 2-3-1")
    dialog.description.setText("built in the dialog")
    hidden, output = dialog.layers.rows
    hidden.neurons.setValue(3)
    hidden.activation.setCurrentText("tanh")
    output.neurons.setValue(1)
    dialog.training.loss.setCurrentText("bce")
    dialog.training.optimizer.combo.setCurrentText("adam")
    dialog.training.optimizer.field("lr").setText("0.01")
    dialog.weights.scheme.setCurrentText("xavier_uniform")
    dialog.weights.init_seed.setValue(7)
    table = dialog.data.inline.table
    dialog.data.inline.add_row()
    for r, row in enumerate([["0", "1", "1"], ["1", "1", "0"]]):
        for c, text in enumerate(row):
            table.item(r, c).setText(text)


EXPECTED_2_3_1 = {
    "name": "XOR 2-3-1", "description": "built in the dialog",
    "layers": [2, 3, 1], "activations": ["tanh", "sigmoid"],
    "loss": "bce", "init": {"scheme": "xavier_uniform", "seed": 7},
    "optimizer": {"name": "adam", "lr": 0.01},
    "data": {"inputs": [[0.0, 1.0], [1.0, 1.0]], "targets": [[1.0], [0.0]]},
}


@pytest.mark.parametrize("name", presets.names())
def test_untouched_dialog_gives_back_the_current_network(qtbot, name):
    session = Session(presets.load(name))
    editor = NetworkEditor(session.current_spec(), session.spec.init)
    qtbot.addWidget(editor)
    assert ok_enabled(editor)
    assert editor.result_spec.to_dict() == session.current_spec().to_dict()


def test_builds_a_2_3_1_network_that_round_trips(editor):
    make_2_3_1(editor)
    assert editor.error.text() == ""
    assert editor.result_spec == from_dict(EXPECTED_2_3_1)


def test_ok_loads_the_built_network_as_one_undoable_command(qtbot, monkeypatch):
    window = QWidget()
    qtbot.addWidget(window)
    bridge = SessionBridge(Session(presets.load("mazur")))
    edits = EditController(bridge, QUndoStack(window), window)
    edits.session.run(2)
    before = edits.session.current_spec()

    def build_and_accept(dialog):
        make_2_3_1(dialog)
        return QDialog.Accepted

    monkeypatch.setattr(NetworkEditor, "exec", build_and_accept)
    edits.open_editor()
    assert edits.session.spec == from_dict(EXPECTED_2_3_1)
    assert edits.undo_stack.count() == 1
    edits.undo_stack.undo()
    assert edits.session.current_spec() == before


@pytest.mark.parametrize(("text", "reason"), [("-1", "optimizer.lr: learning rate must be"),
                                              ("abc", "optimizer.lr: 'abc' is not a number")])
def test_bad_value_is_refused_inline_with_ok_disabled(editor, text, reason):
    lr = editor.training.optimizer.field("lr")
    lr.setText(text)
    assert editor.error.text().startswith(reason)
    assert not ok_enabled(editor) and editor.result_spec is None
    lr.setText("0.25")
    assert editor.error.text() == "" and ok_enabled(editor)
    assert editor.result_spec.optimizer == {"name": "sgd", "lr": 0.25}


def test_changed_layer_sizes_need_an_init_scheme(editor):
    editor.layers.rows[0].neurons.setValue(4)
    assert editor.error.text().startswith("weights:")
    editor.weights.scheme.setCurrentText("zeros")
    assert ok_enabled(editor) and editor.result_spec.layers == (2, 4, 2)


def test_hidden_layers_can_be_added_and_removed_with_dropout_and_freezing(editor):
    editor.layers.add_hidden()
    assert [r.title.text() for r in editor.layers.rows] == ["1 · hidden", "2 · hidden",
                                                            "3 · output"]
    editor.weights.scheme.setCurrentText("torch_default")
    editor.layers.rows[1].dropout.setText("0.5")
    editor.layers.rows[0].frozen.setChecked(True)
    spec = editor.result_spec
    assert spec.layers == (2, 2, 2, 2) and spec.dropout == (0.0, 0.5)
    assert spec.frozen_layers == (1,)
    editor.layers.rows[1].dropout.setText("1.5")
    assert editor.error.text().startswith("dropout[1]:")
    editor.layers.remove_hidden()
    assert editor.result_spec.layers == (2, 2, 2) and editor.result_spec.dropout is None


def test_data_table_columns_follow_the_layer_widths(editor):
    editor.layers.inputs.setValue(3)
    table = editor.data.inline.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["x1", "x2", "x3", "t1", "t2"]
    assert table.item(0, 0).text() == "0.05" and table.item(0, 2).text() == "0"


def test_scheduler_and_generator_forms(editor):
    editor.training.scheduler.combo.setCurrentText("step")
    editor.data.source.setCurrentText("generator")
    editor.data.generator.combo.setCurrentText("circles")
    spec = editor.result_spec
    assert spec.scheduler == {"name": "step", "step_size": 10}  # gamma: torch's default
    assert spec.data == {"generator": "circles"}
    editor.training.scheduler.field("step_size").setText("2.5")
    assert editor.error.text() == "scheduler.step_size: '2.5' is not an integer"


def test_csv_import_through_the_file_dialog(editor, tmp_path, monkeypatch):
    csv_path = tmp_path / "points.csv"
    csv_path.write_text("a,b,y1,y2\n0.1,0.2,0,1\n0.3,0.4,1,0\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_path), ""))
    editor.data.source.setCurrentText("CSV file")
    editor.data.csv.browse()
    assert "a, b, y1, y2" in editor.data.csv.columns.text()
    assert editor.error.text() and not ok_enabled(editor)  # no target columns named yet
    editor.data.csv.targets.setText("y1, y2")
    data = editor.result_spec.data
    assert data["targets"] == ["y1", "y2"]
    assert (Path(editor.result_spec.base_dir) / data["csv"]).resolve() == csv_path.resolve()


@pytest.fixture
def circles_editor(qtbot):
    session = Session(presets.load("circles"))
    dialog = NetworkEditor(session.current_spec(), session.spec.init)
    qtbot.addWidget(dialog)
    return dialog


def test_features_are_the_input_neurons(circles_editor):
    editor = circles_editor
    editor.weights.scheme.setCurrentText("xavier_uniform")
    for name in ("x1", "x2", "x1^2", "x1*x2", "sin_x2"):
        editor.data.features_box.boxes[name].setChecked(True)
    spec = editor.result_spec
    assert spec.features == ("x1", "x2", "x1^2", "x1*x2", "sin_x2")
    assert spec.layers == (5, 8, 8, 1) and not editor.layers.inputs.isEnabled()
    session = Session(spec)
    assert [session.neuron_label(0, j) for j in range(1, 6)] == ["x1", "x2", "x1²", "x1·x2", "sin x2"]
    for box in editor.data.features_box.boxes.values():
        box.setChecked(False)
    assert editor.result_spec.features is None and editor.result_spec.layers == (2, 8, 8, 1)
    assert editor.layers.inputs.isEnabled()


def test_playground_data_controls(circles_editor):
    editor = circles_editor
    data = editor.data.generator
    data.combo.setCurrentText("moons")
    data.n.setValue(500)
    data.noise.setText("0.25")
    data.test.setValue(30)
    data.seed.setValue(4)
    editor.training.batch.setValue(10)
    editor.training.l1.setText("0.001")
    editor.training.l2.setText("0.003")
    spec = editor.result_spec
    assert spec.data == {"generator": "moons", "n": 500, "noise": 0.25, "seed": 4,
                         "test_fraction": 0.3}
    assert spec.batch_size == 10 and spec.l1 == 0.001
    assert spec.optimizer == {"name": "adam", "lr": 0.03, "weight_decay": 0.003}
    assert len(Session(spec).dataset.test_inputs) == 150


@pytest.mark.parametrize(("field", "text", "reason"), [
    ("noise", "-0.1", "data.noise: must be ≥ 0"),
    ("noise", "lots", "data.noise: 'lots' is not a number"),
    ("l2", "-1", "optimizer.weight_decay: must be ≥ 0"),
])
def test_bad_data_values_are_refused_inline(circles_editor, field, text, reason):
    widget = circles_editor.data.generator.noise if field == "noise" else circles_editor.training.l2
    widget.setText(text)
    assert circles_editor.error.text().startswith(reason) and not ok_enabled(circles_editor)


def test_regression_or_classification_follows_the_data_set(circles_editor):
    editor = circles_editor
    editor.data.generator.combo.setCurrentText("plane")
    assert editor.data.generator.regression
    assert "regression" in editor.data.generator.problem.text()
    spec = editor.result_spec
    assert spec.loss == "mse" and spec.activations[-1] == "identity" and spec.layers[-1] == 1
    editor.data.generator.combo.setCurrentText("spiral")
    spec = editor.result_spec
    assert spec.loss == "bce" and spec.activations[-1] == "sigmoid"
    assert "classification" in editor.data.generator.problem.text()


def test_a_data_edit_is_one_undoable_command(qtbot, monkeypatch):
    window = QWidget()
    qtbot.addWidget(window)
    bridge = SessionBridge(Session(presets.load("circles")))
    edits = EditController(bridge, QUndoStack(window), window)
    before = edits.session.current_spec()

    def noisier(dialog):
        dialog.data.generator.noise.setText("0.3")
        dialog.data.generator.test.setValue(50)
        return QDialog.Accepted

    monkeypatch.setattr(NetworkEditor, "exec", noisier)
    edits.open_editor()
    assert edits.session.spec.data["noise"] == 0.3 and edits.session.dataset.has_test
    assert edits.undo_stack.count() == 1
    edits.undo_stack.undo()
    assert edits.session.current_spec() == before and not edits.session.dataset.has_test


@pytest.mark.timeout(30)
def test_the_csv_columns_preview_reads_only_a_regular_file(editor, tmp_path):
    """The preview opens the name at every keystroke: a pipe there waited for a writer (the
    window hung), a header cell past csv's limit raised csv.Error out of the slot; now no
    columns are listed for either, nor for a folder or Latin-1, and a good file's are."""
    import os

    good = tmp_path / "points.csv"
    good.write_text(" a ,b,y\n0.1,0.2,1\n", encoding="utf-8")
    (tmp_path / "long.csv").write_text("a," + "b" * 200_000 + ",y\n1,2,3\n", encoding="utf-8")
    (tmp_path / "latin.csv").write_bytes("\u00e9,b,y\n1,2,3\n".encode("latin-1"))
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    editor.data.source.setCurrentText("CSV file")
    csv_form = editor.data.csv
    for name in ["pipe.csv", "long.csv", "latin.csv", "folder.csv"]:
        csv_form.set_path(str(good))
        assert csv_form.columns.text().endswith("a, b, y"), name
        csv_form.set_path(str(tmp_path / name))
        assert csv_form.columns.text() == "", name
    (tmp_path / "blank.csv").write_text("\n\nx,y\n1,2\n", encoding="utf-8")  # as training reads it
    csv_form.set_path(str(tmp_path / "blank.csv"))
    assert csv_form.columns.text().endswith("x, y")
