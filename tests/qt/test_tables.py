"""Tables show the record's numbers, copy and export them at full precision, as the CLI does."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from bpviewer.core import export, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.formula import fmt
from bpviewer.core.params import display_name
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.table_models import RecordTableModel, forward_table, gradient_table, parameter_table
from bpviewer.qt.tables import TablesWidget

ADAM_CIRCLES = {"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "bce",
                "init": {"scheme": "xavier_uniform", "seed": 0}, "optimizer": {"name": "adam", "lr": 0.05},
                "data": {"generator": "circles", "n": 12, "noise": 0.1, "seed": 0}, "batch_size": 4}


def session_at(spec, iterations: int) -> Session:
    s = Session(spec)
    s.run(iterations)
    return s


def tables_on(qtbot, preset: str, iterations: int, width: int = 900) -> TablesWidget:
    """The Tables on a fresh session of `preset` trained `iterations`, on screen."""
    bridge = SessionBridge(Session(presets.load(preset)))
    w = TablesWidget(bridge)
    qtbot.addWidget(w)
    w.resize(width, 600)
    w.show()
    qtbot.waitExposed(w)
    bridge.session.run(iterations)
    bridge.flush()
    return w


@pytest.fixture
def tables(qtbot):
    return tables_on(qtbot, "mazur", 3)


# -- models, without views ---------------------------------------------------------------
@pytest.mark.parametrize("spec", [presets.load("mazur"), spec_mod.from_dict(ADAM_CIRCLES)],
                         ids=["mazur", "adam-batch"])
def test_forward_table_is_the_record(spec):
    s = session_at(spec, 3)
    s.goto(2)
    rec = s.record
    table = forward_table(s)
    assert table.rows == list(export.forward_rows(s, 2, 2))
    for row, name in zip(table.rows, table.row_names, strict=True):
        k, sample, layer, neuron, z, a = row
        slot = list(rec.indices).index(sample - 1)
        assert k == 2 and name == display_name(s.neuron_label(layer, neuron))
        assert a == rec.activations(layer)[slot, neuron - 1]
        assert z == (None if layer == 0 else rec.block("z", layer)[slot, neuron - 1])


@pytest.mark.parametrize("spec", [presets.load("mazur-frozen-bias"), spec_mod.from_dict(ADAM_CIRCLES)],
                         ids=["frozen-bias", "adam-batch"])
def test_gradient_table_is_the_export(spec):
    s = session_at(spec, 4)
    s.goto(3)
    table = gradient_table(s)
    assert table.columns == export.GRADIENT_COLUMNS
    assert table.rows == list(export.gradient_rows(s, 3, 3))
    trainable = [s.params.refs[i] for i in s.params.trainable]
    assert list(table.row_names) == [display_name(r.name) for r in trainable]  # b₂,₁: see below
    grad = [row[table.columns.index("grad")] for row in table.rows]
    assert grad == [s.record.grad[r.index] for r in trainable]


def test_parameter_table_has_values_grads_and_optimizer_state():
    s = session_at(spec_mod.from_dict(ADAM_CIRCLES), 3)
    s.goto(2)
    rec = s.record
    table = parameter_table(s)
    assert table.columns == ("iteration", "name", "value", "grad", "new_value",
                             "exp_avg", "exp_avg_sq", "lr")
    for p, (row, index) in enumerate(zip(table.rows, table.param_indices, strict=True)):
        assert s.params.trainable[p] == index  # every parameter is trainable here
        assert row == (2, s.params.refs[index].name, rec.before[index], rec.grad[index],
                       rec.after[index], rec.state("exp_avg")[p], rec.state("exp_avg_sq")[p], rec.lr)


def test_frozen_parameters_have_no_gradient_or_state():
    s = session_at(presets.load("mazur-frozen-bias"), 1)
    rows = {row[1]: row for row in parameter_table(s).rows}
    assert rows["b1_1"][2:] == (0.35, None, 0.35, 0.5)
    assert rows["w5"][3] == s.record.grad[s.params.ref("weight", 2, 1, 1).index]


def test_iteration_zero_shows_the_initial_parameters_only():
    s = Session(presets.load("mazur"))
    assert forward_table(s).rows == [] and gradient_table(s).rows == []
    values = [row[2] for row in parameter_table(s).rows]
    assert values == s.history.initial.tolist()


def test_cells_show_fmt_at_the_precision_and_tooltips_full_precision():
    s = session_at(presets.load("mazur"), 1)
    model = RecordTableModel(s, gradient_table)
    model.refresh()
    value = model.value(6, 6)
    index = model.index(6, 6)
    assert model.data(index) == fmt(value, 6)
    model.set_precision(3)
    assert model.data(index) == fmt(value, 3)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == repr(value)
    assert model.headerData(6, Qt.Orientation.Vertical) == "w5"


def test_names_are_written_as_on_the_graph_and_copied_as_in_the_csv():
    """One naming scheme (issue 11): b₂,₁ in every table, as the graph and the panel write
    it; a copy and the CSV keep the file format's b2_1."""
    s = session_at(presets.load("mazur"), 1)
    gradients = RecordTableModel(s, gradient_table)
    gradients.refresh()
    rows = [gradients.headerData(r, Qt.Orientation.Vertical) for r in range(gradients.rowCount())]
    assert rows == ["w1", "w2", "w3", "w4", "b₁,₁", "b₁,₂", "w5", "w6", "w7", "w8", "b₂,₁", "b₂,₂"]
    parameters = RecordTableModel(s, parameter_table)
    parameters.refresh()
    name = parameters.table.columns.index("name")
    index = parameters.index(5, name)
    assert parameters.data(index) == "b₁,₂"
    assert parameters.tsv([index]) == "b1_2\n"


def test_model_rebuilds_only_for_another_iteration_or_new_history():
    s = session_at(presets.load("mazur"), 2)
    model = RecordTableModel(s, forward_table)
    assert model.refresh()
    s.prev_step()  # same iteration, another step
    assert not model.refresh()
    model.invalidate()
    assert model.refresh()


# -- the widget ----------------------------------------------------------------------------
def test_another_iteration_keeps_the_columns_and_run_measures_them_once_it_stops(tables,
                                                                                 monkeypatch):
    """Same rows at another iteration: the cells change, not the layout (no reset: hidden,
    moved and sized columns stay); while Run trains the columns are not measured again
    (most of a refresh), and are when it stops."""
    view, session = tables.parameters, tables.bridge.session
    tables.show_table(view)
    resets, sized = [], []
    view.model().modelReset.connect(lambda: resets.append(1))
    fit = view.fit_columns
    monkeypatch.setattr(view, "fit_columns", lambda: (sized.append(1), fit()))
    order = [view.horizontalHeader().logicalIndex(v) for v in range(view.model().columnCount())]
    session.goto(2)
    tables.bridge.flush()
    assert not resets and len(sized) == 1
    tables.bridge.running = True
    for k in (1, 3):
        session.goto(k)
        tables.bridge.flush()
        tables.paced._run()
    assert not resets and len(sized) == 1
    assert view.model().data(view.model().index(0, 2)) == fmt(session.record.before[0], 6)
    tables.bridge.running = False
    assert not resets and len(sized) == 2
    assert order == [view.horizontalHeader().logicalIndex(v) for v in range(view.model().columnCount())]

@pytest.mark.parametrize("preset", ["mazur", "phone-price-mini"])
def test_columns_take_the_widths_qt_gives_their_rows_without_asking_each_cell(qtbot, preset,
                                                                              monkeypatch):
    """A click into another iteration asked ~50 rows' cells for their sizes through
    resizeColumnsToContents (3-16 ms) to set the same widths mostly. The columns are now as
    wide as their headers or widest texts: at the table's top, where Qt reads the same rows
    (those in view, then below), exactly the widths resizeColumnsToContents gives, which is
    not called."""
    tables = tables_on(qtbot, preset, 5, width=300)
    measured = []
    for view in tables.views:
        tables.show_table(view)
        resize = view.resizeColumnsToContents
        monkeypatch.setattr(view, "resizeColumnsToContents", lambda: measured.append(1))
        for k in (2, 3, 4, 5):
            tables.bridge.session.goto(k)
            tables.bridge.flush()
            widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
            resize()
            assert widths == [view.columnWidth(c) for c in range(view.model().columnCount())], (view.name, k)
        assert measured == []


def test_a_scrolled_table_s_columns_fit_the_cells_a_page_either_way(qtbot):
    """phone-price-mini's parameters (388 rows) scrolled to where a column's widest text of
    the next page either way is above the view: at the next click every cell in view and a
    page either way is as narrow as its column or narrower."""
    tables = tables_on(qtbot, "phone-price-mini", 3, width=300)
    view, model = tables.parameters, tables.parameters.model()
    tables.show_table(view)
    tables.bridge.session.goto(2)
    tables.bridge.flush()
    rows = view.verticalHeader()
    page = rows.visualIndexAt(view.viewport().height()) - rows.visualIndexAt(0)
    shown = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    metrics = QFontMetricsF(view.font())
    width = np.array([[metrics.horizontalAdvance(model.text(r, c)) for c in shown]
                      for r in range(model.rowCount())])
    top = next(t for t in range(page, model.rowCount() - 2 * page)
               if (width[t - page:t].max(axis=0) > width[t:t + 2 * page].max(axis=0)).any())
    view.verticalScrollBar().setValue(top)  # scrolled a row at a time
    assert rows.visualIndexAt(0) == top
    tables.bridge.session.goto(3)
    tables.bridge.flush()
    tables.bridge.session.goto(2)
    tables.bridge.flush()
    for c in shown:
        for r in range(top - page, top + 2 * page + 1):
            assert view.sizeHintForIndex(model.index(r, c)).width() <= view.columnWidth(c), (r, c)


@pytest.mark.parametrize(("tab", "name"), [(0, "forward"), (1, "gradients")])
def test_csv_export_is_the_cli_files_iteration(tables, tmp_path, tab, name):
    """Byte for byte the header and iteration 3's lines of `bpviewer export`'s file (the CLI
    writes its four files in its own pass, not through the tables)."""
    from bpviewer.cli import main

    tables.show_table(tables.views[tab])
    tables.export_csv(tmp_path / "table.csv")
    assert main(["export", "--preset", "mazur", "--iterations", "3", "--out", str(tmp_path / "cli")]) == 0
    header, *lines = (tmp_path / "cli" / f"{name}.csv").read_bytes().splitlines(keepends=True)
    assert (tmp_path / "table.csv").read_bytes() == header + b"".join(
        line for line in lines if line.startswith(b"3,"))


def test_parameters_csv_has_repr_numbers(tables, tmp_path):
    tables.show_table(tables.parameters)
    tables.export_csv(tmp_path / "p.csv")
    lines = (tmp_path / "p.csv").read_text().splitlines()
    rec = tables.bridge.session.record
    assert lines[0] == "iteration,name,value,grad,new_value,lr"
    numbers = ",".join(repr(float(v[6])) for v in (rec.before, rec.grad, rec.after))
    assert lines[7] == f"3,w5,{numbers},0.5"


def test_ctrl_c_copies_the_selection_as_tsv(tables, qtbot):
    view = tables.gradients
    tables.show_table(view)
    model = view.model()
    grad, new = model.table.columns.index("grad"), model.table.columns.index("new_value")
    selection = view.selectionModel()
    for row in (6, 7):
        for col in (grad, new):
            selection.select(model.index(row, col), selection.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    expected = "".join(f"{model.value(r, grad)!r}\t{model.value(r, new)!r}\n" for r in (6, 7))
    assert QApplication.clipboard().text() == expected


def test_double_click_on_a_value_asks_to_edit_that_parameter(tables, qtbot):
    view = tables.parameters
    tables.show_table(view)
    model = view.model()
    w5 = tables.bridge.session.params.ref("weight", 2, 1, 1).index
    row = model.table.param_indices.index(w5)

    def double_click(column: str) -> None:
        rect = view.visualRect(model.index(row, model.table.columns.index(column)))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    with qtbot.waitSignal(tables.editParamRequested) as signal:
        double_click("value")
    assert signal.args == [w5]
    with qtbot.assertNotEmitted(tables.editParamRequested):
        double_click("grad")


def test_only_the_visible_table_follows_the_cursor(tables):
    s = tables.bridge.session
    tables.show_table(tables.gradients)
    assert tables.gradients.model().table.rows[0][0] == 3
    tables.show_table(tables.forward)
    s.goto(1)
    tables.bridge.flush()
    assert tables.forward.model().table.rows[0][0] == 1
    assert tables.gradients.model().table.rows[0][0] == 3  # hidden: not rebuilt yet
    tables.show_table(tables.gradients)
    assert tables.gradients.model().table.rows == list(export.gradient_rows(s, 1, 1))


def test_an_edit_at_the_cursor_reaches_the_visible_table(tables):
    s = tables.bridge.session
    tables.show_table(tables.parameters)
    s.goto(0)
    s.set_param(0, 0.5)
    tables.bridge.flush()
    assert tables.parameters.model().table.rows[0][2] == 0.5
    assert np.isclose(s.history.initial[0], 0.5)


def test_an_empty_table_says_why_in_its_place(tables):
    """At iteration 0 the Forward and Gradients tables have no rows: a hint is painted in the
    grid instead of a blank one, and goes once the cursor reaches a computed iteration."""
    s = tables.bridge.session
    s.goto(0)
    tables.bridge.flush()
    tables.forward.refresh()
    tables.parameters.refresh()
    assert tables.forward.hint() and not tables.parameters.hint()
    image = tables.forward.viewport().grab().toImage()
    top = [image.pixelColor(x, y).name() for y in range(0, 80) for x in range(0, image.width(), 3)]
    assert len(set(top)) > 2, "no hint painted"
    s.goto(1)
    tables.bridge.flush()
    tables.forward.refresh()
    assert tables.forward.hint() == ""


def test_a_batchs_samples_are_bands_of_rows(qtbot):
    """A batch repeats i1, h1, … per sample, the sample's "#" right of z and a, off a narrow
    dock: each sample's rows share one background, alternating sample by sample."""
    bridge = SessionBridge(session_at(spec_mod.from_dict(ADAM_CIRCLES), 2))
    w = TablesWidget(bridge)
    qtbot.addWidget(w)
    w.show()
    w.forward.refresh()
    model, view = w.forward.model(), w.forward
    per_sample = sum(ADAM_CIRCLES["layers"])
    samples = model.table.columns.index("sample")
    background = [model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole) is not None
                  for r in range(model.rowCount())]
    by_sample = [model.value(r, samples) for r in range(model.rowCount())]
    assert model.rowCount() == ADAM_CIRCLES["batch_size"] * per_sample
    for r in range(model.rowCount()):  # shaded exactly on every other sample
        first = by_sample.index(by_sample[r])
        assert background[r] == (first // per_sample % 2 == 1)
    assert any(background) and not all(background) and not view.alternatingRowColors()
    mazur = SessionBridge(session_at(presets.load("mazur"), 1))
    single = TablesWidget(mazur)
    qtbot.addWidget(single)
    single.forward.refresh()
    assert single.forward.alternatingRowColors()  # one sample: rows alternate as usual
    plain = single.forward.model()
    assert all(plain.data(plain.index(r, 0), Qt.ItemDataRole.BackgroundRole) is None
               for r in range(plain.rowCount()))


def test_the_gradients_table_makes_only_the_numeric_gradients_it_shows(qtbot, monkeypatch):
    """spiral (371 trainable parameters, 300 samples a batch): a click into the next
    iteration made every parameter's numeric gradient for the Gradients table, ~150 ms, where
    it shows ~25 rows; they are made a block of rows at a time as the view reads them."""
    from bpviewer.core import numeric

    w = tables_on(qtbot, "spiral", 2, width=500)
    bridge, s = w.bridge, w.bridge.session
    w.show_table(w.gradients)
    perturbed, central = [], numeric._central
    monkeypatch.setattr(numeric, "_central",
                        lambda *a: (perturbed.append(a[-1] - a[-2]), central(*a))[1])
    s.goto(1)
    bridge.flush()
    qtbot.waitUntil(lambda: w.gradients.model().table.rows[0][0] == 1)
    QApplication.processEvents()
    trainable = len(s.params.trainable)
    assert 0 < sum(perturbed) < trainable / 2
    shown = w.gradients.model()
    column = shown.table.columns.index("numeric_grad")
    first = list(export.gradient_rows(s, 1, 1))[:3]
    assert [shown.value(r, column) for r in range(3)] == [row[column] for row in first]


def test_row_names_are_made_once_a_network(monkeypatch):
    """phone-price's Parameters table named its 36,740 rows again at each click into another
    iteration (~60 ms): the names are the network's, made once."""
    from bpviewer.core import params as params_mod
    from bpviewer.qt import table_models

    s = session_at(presets.load("phone-price-mini"), 2)
    first = parameter_table(s).row_names, gradient_table(s).row_names

    def unexpected(text):
        raise AssertionError(f"named again: {text}")

    monkeypatch.setattr(params_mod, "display_name", unexpected)
    monkeypatch.setattr(table_models, "display_name", unexpected)
    s.goto(1)
    assert (parameter_table(s).row_names, gradient_table(s).row_names) == first
    assert first[0][0] == "w1" and first[0][-1] == f"b₃,{chr(0x2080 + s.spec.layers[-1])}"


@pytest.mark.timeout(30)
def test_export_table_refuses_a_folder_or_a_pipe_with_one_line(tables, tmp_path, monkeypatch):
    """Export table wrote with open(): a folder raised IsADirectoryError out of the slot, a
    pipe waited for a reader (the window hung). Now one line in a box, nothing replaced; a
    file is written whole and keeps its mode."""
    import os
    import stat

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    chosen = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen[-1]), ""))
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    for name, words in [("folder.csv", "is a folder"), ("pipe.csv", "is not a regular file")]:
        chosen.append(tmp_path / name)
        tables.current().ask_csv()
        assert shown == [f"{tmp_path / name}: {words}; refusing to replace it"], name
        shown.clear()
    assert stat.S_ISFIFO((tmp_path / "pipe.csv").stat().st_mode) and (tmp_path / "folder.csv").is_dir()
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o640)
    chosen.append(kept)
    tables.current().ask_csv()
    assert shown == [] and kept.read_text().startswith("iteration,") and kept.stat().st_mode & 0o777 == 0o640
