"""The window driven as a teacher drives it: clicker keys, actions, run and pause."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QLineEdit, QMessageBox, QTextBrowser

from bpviewer.qt import theme
from bpviewer.qt.actions import _is_typing


def press(qtbot, window, key: Qt.Key, times: int = 1) -> None:
    """A key from the clicker, delivered wherever the focus is, then the repaint."""
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
    window.bridge.flush()


def snapshot(window) -> tuple:
    return (window.status.text(), window.chain.lines(), window.view.label_texts())


def test_right_nine_times_reaches_dE_dw5(make_window, qtbot):
    window = make_window()
    window.chain.set_precision(9)
    press(qtbot, window, Qt.Key_Right, 9)
    assert window.session.step.title == "∂E/∂w5"
    assert window.chain.lines()[0].endswith("= 0.082167041")
    assert "0.082167041" in window.chain.browser.toPlainText()
    assert window.status.text() == "iteration 1 · backward · ∂E/∂w5 · step 9/35"


def test_clicker_keys_go_back_to_exactly_the_earlier_view(make_window, qtbot):
    window = make_window()
    press(qtbot, window, Qt.Key_Right, 8)
    before = snapshot(window)
    press(qtbot, window, Qt.Key_PageDown)
    press(qtbot, window, Qt.Key_Space)
    assert window.session.step_index == 9
    assert snapshot(window) != before
    press(qtbot, window, Qt.Key_Left)
    press(qtbot, window, Qt.Key_PageUp)
    assert snapshot(window) == before


def test_home_returns_to_the_start_of_the_iteration(make_window, qtbot):
    window = make_window()
    press(qtbot, window, Qt.Key_Right, 12)
    press(qtbot, window, Qt.Key_Home)
    assert (window.session.iteration, window.session.step_index) == (1, 0)
    assert window.status.text() == window.session.status()
    press(qtbot, window, Qt.Key_End)
    assert window.session.step_index == len(window.session.steps) - 1


def test_clicker_keys_work_while_the_spin_box_has_focus(make_window, qtbot):
    window = make_window()
    spin = window.controls.spin
    spin.setFocus()
    press(qtbot, window, Qt.Key_Right, 2)
    assert (window.session.iteration, window.session.step_index) == (1, 1)
    assert QApplication.focusWidget() is spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "3")  # digits still go into the spin box
    qtbot.keyClick(spin, Qt.Key_Return)
    window.bridge.flush()
    assert window.session.iteration == 3
    assert window.controls.slider.value() == 3


def test_clicker_keys_work_while_the_chain_panel_has_focus(make_window, qtbot):
    window = make_window()
    window.chain.browser.setFocus()
    press(qtbot, window, Qt.Key_Space, 3)
    press(qtbot, window, Qt.Key_Left)
    assert window.session.step_index == 1


def test_a_text_field_being_typed_into_keeps_its_keys(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    assert _is_typing(field)
    field.setReadOnly(True)
    assert not _is_typing(field)


def test_run_then_pause_stops(make_window, qtbot):
    window = make_window()
    run = window.commands["run"]
    run.trigger()
    assert window.runner.running
    qtbot.waitUntil(lambda: len(window.session.history) > 20)
    run.trigger()
    assert not window.runner.running and not run.isChecked()
    n = len(window.session.history)
    qtbot.wait(50)  # no timer left to train more
    assert len(window.session.history) == n


def test_a_click_pauses_a_run_and_steps(make_window, qtbot):
    window = make_window()
    window.commands["run"].trigger()
    qtbot.waitUntil(lambda: len(window.session.history) > 3)
    press(qtbot, window, Qt.Key_Left)
    assert not window.runner.running


def test_divergence_is_shown_and_stops_the_run(make_window, qtbot):
    window = make_window("regression-losses")
    window.session.set_spec(loss="mse", optimizer={"name": "sgd", "lr": 1e3})
    window.commands["run"].trigger()
    qtbot.waitUntil(lambda: not window.runner.running)
    window.bridge.flush()
    assert "diverged" in window.message.text()
    assert not window.commands["run"].isChecked()


def test_granularity_switch(make_window, qtbot):
    window = make_window()
    press(qtbot, window, Qt.Key_Right, 9)
    window.commands["layer"].trigger()
    window.bridge.flush()
    assert window.session.granularity == "layer"
    assert window.session.step.title == "backward · layer 2"
    assert len(window.session.steps) < 35
    window.commands["neuron"].trigger()
    assert window.session.granularity == "neuron"


def test_presenter_mode_hides_the_chrome_and_comes_back(make_window, qtbot):
    window = make_window()
    docks = window.findChildren(QDockWidget)
    window.commands["presenter"].trigger()
    assert not window.toolbar.isVisible() and not window.menuBar().isVisible()
    assert not any(d.isVisible() for d in docks)
    assert window.view.isVisible() and window.chain.isVisible()
    press(qtbot, window, Qt.Key_PageDown)  # the clicker keeps working
    assert window.session.iteration == 1
    window.commands["presenter"].trigger()
    assert window.toolbar.isVisible() and window.menuBar().isVisible()
    assert any(d.isVisible() for d in docks)


@pytest.mark.parametrize("preset", ["mazur", "phone-price-mini"])
def test_presenter_mode_stays_within_a_1024_screen(make_window, qtbot, preset):
    """F5's larger text on top of Ctrl + at a long step title (phone price: "net and out
    of h1,3") must not push the window past a 1024×768 projector; F5 again gives the same
    window back."""
    window = make_window(preset)
    window.resize(1024, 768)
    press(qtbot, window, Qt.Key_PageDown, 3)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key_F5)
    # the larger application font reaches the panel through posted events
    qtbot.waitUntil(lambda: window.chain.title.font().pointSizeF() > 2 * 1.3 * theme.BASE_PT)
    for widget in (window, window.centralWidget(), window.chain):
        hint = widget.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 768, type(widget).__name__
    assert window.width() <= 1024 and window.height() <= 768
    assert window.chain.isVisible() and window.view.isVisible()
    subtitle = window.chain.subtitle  # "  forward · iteration 1 · step 3/853": the count stays
    count = f"step 3/{len(window.session.steps)}"
    assert subtitle.fontMetrics().horizontalAdvance(subtitle.shown()) <= subtitle.contentsRect().width()
    assert subtitle.shown().endswith(f" · {count}") or subtitle.shown() == f"  {count}"
    qtbot.keyClick(window, Qt.Key_F5)
    assert window.size() == QSize(1024, 768) and window.toolbar.isVisible()


def test_title_shows_the_network_and_the_modified_marker(make_window):
    window = make_window()
    assert window.windowTitle() == "Mazur 2-2-2[*] — bpviewer"
    assert not window.isWindowModified()
    window.edits.set_param(0, 0.2)
    window.bridge.flush()
    assert window.isWindowModified()


def test_preferences_are_remembered(make_window, qtbot):
    window = make_window()
    window.chain.set_precision(9)
    window.commands["phase"].trigger()
    window.commands["dark"].trigger()
    window.close()
    again = make_window()
    assert again.chain.precision == 9
    assert again.session.granularity == "phase"
    assert again.theme.dark
    again.commands["dark"].trigger()


def test_shortcut_sheet_lists_the_clicker_keys(make_window):
    window = make_window()
    window.commands["shortcuts"].trigger()
    sheet = window.findChild(QDialog).findChild(QTextBrowser).toPlainText()
    assert "PgDown" in sheet and "Next Step" in sheet and "Presenter Mode" in sheet


def test_deferred_docks_fill_in_after_the_first_frame(qtbot):
    """`bpviewer` shows the window before pyqtgraph loads; the tables' view follows, and
    the plots behind its tab are built when first shown."""
    from bpviewer.core import presets
    from bpviewer.core.session import Session
    from bpviewer.qt.main_window import MainWindow

    window = MainWindow(Session(presets.load("mazur")), fast_start=True)
    qtbot.addWidget(window)
    assert not hasattr(window, "tables")
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "tables"))
    press(qtbot, window, Qt.Key_Right)
    assert window.tables.current().model().rowCount() > 0
    assert window.tables.isVisible() and not hasattr(window, "plots")
    window.findChild(QDockWidget, "plots").raise_()
    qtbot.waitUntil(lambda: hasattr(window, "plots") and window.plots.isVisible())
    assert not window.tables.isVisible()


def test_a_steps_formulas_fit_the_chain_panel_at_1024(make_window, qtbot):
    """A clicker cannot scroll: δ of h1's three formulas shrink until they fit."""
    window = make_window()
    window.resize(1024, 768)
    press(qtbot, window, Qt.Key_Right, 16)
    assert window.session.step.title == "δ of h1"
    browser = window.chain.browser
    assert browser.document().size().height() <= browser.viewport().height()
    assert browser.verticalScrollBar().maximum() == 0


def test_a_loaded_network_is_kept_out_of_the_collectors_full_passes(qtbot, monkeypatch):
    """A full collection walked phone-price's ~75,000 scene and plan objects, ~0.1 s inside
    a click or Run; after a load they are frozen as start-up's are, and what was frozen
    before the load and is garbage now is collected (a network opened later leaks nothing)."""
    import gc
    import weakref

    from bpviewer.core import presets
    from bpviewer.core.session import Session
    from bpviewer.qt.main_window import MainWindow
    from bpviewer.qt.settings import Settings

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Discard)

    class Cycle:
        pass

    window = MainWindow(Session(presets.load("mazur")), Settings(), fast_start=True)
    qtbot.addWidget(window)
    window.show()
    try:
        window.add_lab_tabs()
        garbage = Cycle()
        garbage.itself = garbage
        gone = weakref.ref(garbage)
        window.session.load(presets.load("phone-price-mini"))
        trainer = window.session.trainer  # the loaded network's: frozen, no pass walks it
        qtbot.waitUntil(lambda: gc.get_freeze_count() and not any(  # each try walks every object
            o is trainer for o in gc.get_objects()), timeout=30_000)
        del garbage
        window.session.load(presets.load("xor"))
        qtbot.waitUntil(lambda: gone() is None, timeout=30_000)
        collections = []
        monkeypatch.setattr(gc, "collect", lambda *a: collections.append(a))
        window.session.set_param(0, 0.5)  # an edit announces the network: no ~0.2 s pass
        qtbot.waitUntil(lambda: window.view.isVisible())
        window.bridge.flush()
        assert collections == []
    finally:
        gc.unfreeze()


def test_a_network_opened_before_the_first_layout_is_laid_out_for_itself(qtbot, monkeypatch):
    """The first layout waits for the event loop; a network opened before it ran was laid
    out on the old network's items (a ValueError in graph_geometry._arrange)."""
    from bpviewer.core import presets
    from bpviewer.core.session import Session
    from bpviewer.qt.main_window import MainWindow
    from bpviewer.qt.settings import Settings

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Discard)

    window = MainWindow(Session(presets.load("mazur")), Settings())
    qtbot.addWidget(window)
    window.show()
    window.session.load(presets.load("phone-price-mini"))
    qtbot.waitUntil(lambda: window.view._built_shape == window.view._shape())
    qtbot.waitUntil(lambda: not window.view._pending)
    assert len(window.view._neurons) == sum(window.session.spec.layers)


def test_presenter_mode_keeps_docks_away_when_a_network_is_opened(make_window, qtbot):
    """F5 on Mazur, then xor (a plane of inputs): the decision map had come back over the
    graph mid-presentation; it comes when F5 ends. And a map shown before F5 does not come
    back for a network that has no plane."""
    window = make_window("mazur")
    window.commands["presenter"].trigger()
    window.edits.load_preset("xor")
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    window.commands["presenter"].trigger()
    assert window._docks[2].isVisible()
    window.commands["presenter"].trigger()
    window.edits.load_preset("mazur")
    window.commands["presenter"].trigger()
    assert not window._docks[2].isVisible()
    assert window._docks[2].toggleViewAction().isEnabled() is False
