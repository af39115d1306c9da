"""The labs inside the main window: the Labs menu, the clicker, the window's network."""

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from bpviewer.qt.actions import ACTIONS
from bpviewer.qt.labs import LABS, ActivationLab, GradientCheckLab, OptimizerRaceLab
from bpviewer.qt.labs.gradient_check import SESSION


def press(qtbot, window, key, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or window, key)


def test_no_two_actions_share_a_shortcut():
    keys = Counter(QKeySequence(k).toString() for spec in ACTIONS for k in spec.shortcuts)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_lab_has_a_menu_entry_with_alt_digit(make_window, current_lab):
    window = make_window()
    labs = [a for a in window.menus["&Labs"].actions() if a.objectName() != "lab_network"]
    assert [a.text().split(" ", 1)[1] for a in labs] == [lab.title for lab in LABS]
    for i, (action, lab) in enumerate(zip(labs, LABS, strict=True), start=1):
        assert action.shortcut().toString() == f"Alt+{i}"
        action.trigger()
        assert type(current_lab(window)) is lab
        assert not window.chain.isVisible()
    window.commands["lab_network"].trigger()
    assert window.tabs.currentIndex() == 0 and window.chain.isVisible()


def test_alt_digit_keys_switch_tabs(make_window, qtbot, current_lab):
    window = make_window()
    qtbot.keyClick(window, Qt.Key_4, Qt.AltModifier)
    assert isinstance(current_lab(window), OptimizerRaceLab)
    qtbot.keyClick(window, Qt.Key_0, Qt.AltModifier)
    assert window.tabs.currentIndex() == 0


def test_clicker_keys_step_the_active_lab_not_the_network(make_window, qtbot, current_lab):
    window = make_window()
    window.commands["lab_1"].trigger()
    lab = current_lab(window)
    assert isinstance(lab, ActivationLab) and lab.name == "sigmoid"
    press(qtbot, window, Qt.Key_Right, 2)
    assert lab.name == "relu"
    press(qtbot, window, Qt.Key_PageUp)
    assert lab.name == "tanh"
    press(qtbot, window, Qt.Key_Space)
    assert lab.name == "relu"
    assert window.session.iteration == 0  # the network did not move
    window.commands["lab_4"].trigger()
    race = current_lab(window)
    press(qtbot, window, Qt.Key_PageDown, 3)
    assert race.race.cursor == 3
    press(qtbot, window, Qt.Key_Left)
    assert race.race.cursor == 2 and race.table.view.rowCount() == 2
    window.commands["lab_network"].trigger()
    press(qtbot, window, Qt.Key_Right)
    assert window.session.iteration == 1


def test_gradient_check_follows_the_window_network(make_window, qtbot, current_lab):
    window = make_window("xor")
    window.commands["lab_3"].trigger()
    lab = current_lab(window)
    assert isinstance(lab, GradientCheckLab)
    assert lab.network.currentData() == SESSION
    assert "XOR" in lab.network.currentText() and "iteration 0" in lab.network.currentText()
    assert lab.table.view.rowCount() == 20  # 2·3 + 3 + 3·2 + 2 + 2·1 + 1
    assert "agrees" in lab.summary.text()
    window.session.next_iteration()
    window.bridge.flush()
    qtbot.waitUntil(lambda: "iteration 1" in lab.network.currentText(), timeout=5000)
    backprop = lab.table.table_data.columns.index("backprop")
    grads = [row[backprop] for row in lab.table.table_data.rows]
    record = window.session.record.grad
    assert max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(grads, record, strict=True)) < 1e-12


def test_dropout_is_drawn_on_the_window_network(make_window, qtbot, current_lab):
    window = make_window("phone-price-mini")
    window.commands["lab_6"].trigger()
    page = current_lab(window).dropout
    assert "Phone price" in page.net.label
    assert [len(m) for m in page.network_table.table_data.rows[:1]] == [5]
    assert len(page.network_table.table_data.rows) == 16 + 16 + 4
    crosses = page.dropped_nodes.getData()[0]
    assert len(crosses) == sum(row[2] == 0 for row in page.network_table.table_data.rows)
    window.session.next_iteration()
    window.bridge.flush()
    qtbot.waitUntil(lambda: "iteration 1" in page.net.label, timeout=5000)


def test_gradient_check_opens_with_one_check_of_the_window_network(make_window, qtbot, current_lab,
                                                                    monkeypatch):
    """Its first open blocks the window for the one check it runs: the window's network's (not
    the built-in network's before it, nor again for the index "current network" shifted)."""
    checked = []
    original = GradientCheckLab.refresh_network
    monkeypatch.setattr(GradientCheckLab, "refresh_network",
                        lambda lab: checked.append(lab.network.currentData()) or original(lab))
    window = make_window()
    window.commands["lab_3"].trigger()
    current_lab(window)
    assert checked == [SESSION]
