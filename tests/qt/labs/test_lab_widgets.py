"""Every lab builds, steps with the clicker, exports CSV and PNG, and shows torch's numbers."""

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from bpviewer.qt.labs import (
    LABS,
    ActivationLab,
    GradientCheckLab,
    LossLab,
    OptimizerRaceLab,
    RegularizationLab,
    ScheduleLab,
)
from bpviewer.qt.labs.lab_base import FONT_PT, TablePanel


@pytest.fixture
def make_lab(qtbot):
    def make(cls):
        lab = cls()
        qtbot.addWidget(lab)
        lab.resize(1280, 800)
        lab.show()
        qtbot.waitExposed(lab)
        return lab
    return make


def num(text):
    return float(text.replace("−", "-"))


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_labs_in_teaching_order():
    assert [ActivationLab, LossLab, GradientCheckLab, OptimizerRaceLab, ScheduleLab,
                    RegularizationLab] == LABS
    assert all(issubclass(cls, QWidget) and cls.title for cls in LABS)


@pytest.mark.parametrize("cls", LABS, ids=lambda c: c.__name__)
def test_each_lab_steps_and_exports(make_lab, qtbot, tmp_path, monkeypatch, cls):
    lab = make_lab(cls)
    assert lab.font().pointSize() >= 12
    lab.next_step()
    lab.next_step()
    lab.previous_step()
    png = tmp_path / "plot.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), ""))
    with qtbot.waitSignal(lab.png_exported):
        qtbot.mouseClick(lab.png_button, Qt.MouseButton.LeftButton)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    panel = lab.findChildren(TablePanel)[0]
    path = tmp_path / "table.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(panel.exported):
        qtbot.mouseClick(panel.csv_button, Qt.MouseButton.LeftButton)
    rows = _read_csv(path)
    assert tuple(rows[0]) == panel.table_data.columns and len(rows) == len(panel.table_data.rows) + 1


def test_activation_line_drag_moves_the_reading(make_lab):
    lab = make_lab(ActivationLab)
    lab.lines[1].setValue(0.0)
    assert lab.z.value() == 0.0
    assert "f(z) = 0.5" in lab.reading.text() and "f′(z) = 0.25" in lab.reading.text()
    lab.next_step()
    lab.next_step()  # ReLU: dead region shaded in red
    assert lab.name == "relu"
    assert lab.regions[0].isVisible() and not lab.regions[1].isVisible()


def test_activation_softmax_typed_vector(make_lab, qtbot):
    lab = make_lab(ActivationLab)
    lab.softmax_input.clear()
    qtbot.keyClicks(lab.softmax_input, "0, 0")
    assert num(lab.softmax.cell_text(0, 3)) == 0.25  # p(1 − p) with p = ½
    assert num(lab.softmax.cell_text(0, 4)) == -0.25
    lab.softmax_input.setText("1, x")
    assert "cannot read" in lab.softmax_message.text()


def test_loss_lab_shows_the_notes_cross_entropy_mistake(make_lab):
    lab = make_lab(LossLab)
    assert "0.666667" in lab.total.text() and "agree" in lab.notes.text()
    for _ in range(4):
        lab.next_step()
    assert "0.896559" in lab.total.text()
    assert "p[0,1] = 0.3199, p[1,2] = 0.2584" in lab.notes.text()
    assert num(lab.table.cell_text(0, 3)) == pytest.approx(0.390694, abs=1e-6)


def test_loss_lab_typing_errors_do_not_crash(make_lab, qtbot):
    lab = make_lab(LossLab)
    lab.y_pred.clear()
    qtbot.keyClicks(lab.y_pred, "1, 2")
    assert "y_pred has 2" in lab.message.text()
    assert lab.notes.text() == ""  # no longer the notes' example


def test_optimizer_race_steps_match_the_notes(make_lab, qtbot):
    lab = make_lab(OptimizerRaceLab)
    lab.surface.setCurrentIndex(list(lab.race.racers).index("sgd") + 1)  # half bowl
    lab.lr.setCurrentText("0.01")
    step = [b for b in lab.findChildren(type(lab.png_button)) if b.text() == "Step ▶"][0]
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    column = lab.table.table_data.columns.index("new w0")
    assert num(lab.table.cell_text(1, column)) == pytest.approx(0.9801, abs=1e-6)
    lab.follow.setCurrentIndex(list(lab.race.racers).index("rmsprop"))
    column = lab.table.table_data.columns.index("new w0")
    assert num(lab.table.cell_text(1, column)) == pytest.approx(0.945788, abs=1e-6)
    lab.previous_step()
    assert lab.race.cursor == 1 and lab.table.view.rowCount() == 1


def test_optimizer_race_rings_the_common_start(make_lab, qtbot):
    """At step 0 (the course lesson's last slide) seven racers' dots lay on one another,
    a grey speck at (−3, 4): a ring shows where they start, on every surface."""
    lab = make_lab(OptimizerRaceLab)
    assert lab.start.opts["symbolSize"] >= 14
    for index in (0, 1):
        lab.surface.setCurrentIndex(index)
        start = [lab.race.points(k)[0].tolist() for k in lab.race.racers]
        assert start == [start[0]] * len(start)  # one point for all
        assert [float(v[0]) for v in lab.start.getData()] == start[0]
    step = [b for b in lab.findChildren(type(lab.png_button)) if b.text() == "Step ▶"][0]
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    assert [float(v[0]) for v in lab.start.getData()] == start[0]


def test_optimizer_race_runs_and_reports_divergence(make_lab, qtbot):
    lab = make_lab(OptimizerRaceLab)
    lab.lr.setCurrentText("10")
    qtbot.mouseClick(lab.run_button, Qt.MouseButton.LeftButton)
    lab.timer.setInterval(0)
    qtbot.waitUntil(lambda: "SGD diverged" in lab.message.text(), timeout=60_000)
    lab.pause()
    assert lab.run_button.text() == "Run"
    assert lab.race.racers["sgd"].stopped and lab.race.cursor > len(lab.race.racers["sgd"].records)


def test_schedule_lab_day_by_day_and_bad_milestones(make_lab):
    lab = make_lab(ScheduleLab)
    assert num(lab.lr_table.cell_text(20, 1)) == pytest.approx(0.01)  # StepLR after 20 epochs
    lab.next_step()
    assert "v_2" in lab.recurrence.text()
    lab.bias.setChecked(True)
    assert "(1 − 0.9^2)" in lab.recurrence.text()
    lab.milestones.setText("50, abc")
    assert "MultiStepLR" in lab.message.text()
    lab.milestones.setText("10")
    assert num(lab.lr_table.cell_text(10, 2)) == pytest.approx(0.01)


def test_gradient_check_lab_walks_h(make_lab):
    lab = make_lab(GradientCheckLab)
    assert lab.h.currentText() == "0.0001"
    assert lab.table.view.rowCount() == 12 and "agrees" in lab.summary.text()
    lab.next_step()
    assert lab.h.currentText() == "1e-05"
    for _ in range(12):
        lab.next_step()
    assert lab.h.currentText() == "1e-12" and "wrong" in lab.summary.text()
    lab.h.setCurrentText("abc")
    assert "h:" in lab.message.text()


def test_regularization_pages_step(make_lab):
    lab = make_lab(RegularizationLab)
    lab.next_step()
    assert lab.dropout.draw == 1
    lab.pages.setCurrentIndex(2)
    for _ in range(20):
        lab.next_step()
    assert lab.batchnorm.step == 9
    assert lab.batchnorm.table.view.rowCount() == len(lab.batchnorm.result.table().rows)
    assert lab.plot_widget() is lab.batchnorm.figure
    lab.pages.setCurrentIndex(1)
    lab.previous_step()
    assert lab.penalties.epoch.value() == 190


def test_table_panel_reuses_unchanged_rows(qtbot):
    from bpviewer.core.labs.table import table
    panel = TablePanel("t")
    qtbot.addWidget(panel)
    panel.set_table(table(("a",), [(1.0,), (2.0,)]))
    first = panel.view.item(0, 0)
    panel.set_table(table(("a",), [(1.0,), (2.0,), (3.0,)]))
    assert panel.view.item(0, 0) is first and num(panel.cell_text(2, 0)) == 3.0
    panel.set_table(table(("a",), [(1.0,), (5.0,), (3.0,)]))
    assert panel.view.item(0, 0) is first and num(panel.cell_text(1, 0)) == 5.0
    assert panel.title.font().pointSize() >= FONT_PT


def test_loss_lab_clicks_through_the_notes_figures(make_lab):
    """MAE 0.6667, MSE 0.8333, SmoothL1 0.375, BCE 0.9608, CE 0.8966 (the notes print 1.2466)."""
    lab = make_lab(LossLab)
    shown = []
    for _ in range(5):
        shown.append(round(num(lab.total.text().split("=")[1].split()[0]), 4))
        lab.next_step()
    assert shown == [0.6667, 0.8333, 0.375, 0.9608, 0.8966]
    lab.previous_step()
    assert "1.2466" in lab.notes.text() and lab.legend.isVisible()


def test_schedule_lab_notes_settings_button(make_lab, qtbot):
    lab = make_lab(ScheduleLab)
    lab.step_size.setValue(7)
    lab.milestones.setText("3")
    lab.epochs.setValue(50)
    notes = [b for b in lab.findChildren(type(lab.png_button)) if b.text() == "Notes' settings"][0]
    qtbot.mouseClick(notes, Qt.MouseButton.LeftButton)
    data = lab.lr_table.table_data
    assert len(data.rows) == 200
    by_epoch = {row[0]: row for row in data.rows}
    assert by_epoch[21][1] == pytest.approx(0.01) and by_epoch[20][1] == pytest.approx(0.1)
    assert by_epoch[51][2] == pytest.approx(0.01) and by_epoch[161][2] == pytest.approx(1e-4)
    assert by_epoch[200][3] == pytest.approx(0.1 * 0.98 ** 199)


def test_optimizer_race_lr_1e_minus_8_does_not_move(make_lab):
    lab = make_lab(OptimizerRaceLab)
    lab.lr.setCurrentText("1e-08")
    for _ in range(20):
        lab.next_step()
    points = lab.race.points("sgd")
    assert len(points) == 21  # w ← w − lr·2w: 1.6e-6 from (−3, 4) after 20 steps
    assert points[-1] == pytest.approx(points[0] * (1 - 2e-8) ** 20, rel=1e-12)
    assert lab.message.text() == ""
