"""File ▸ Export as PyTorch Script… / Import PyTorch Weights…, and bpviewer.show from a notebook."""

from __future__ import annotations

import pytest
import torch
from PySide6.QtWidgets import QFileDialog

import bpviewer
from bpviewer import app
from bpviewer.core.torch_script import script


def test_export_script_from_the_menu(make_window, tmp_path, monkeypatch) -> None:
    window = make_window("xor")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "xor"), ""))
    window.commands["export_torch_script"].trigger()
    assert (tmp_path / "xor.py").read_text() == script(window.session.current_spec())


def test_import_weights_from_the_menu_is_undoable(make_window, tmp_path, monkeypatch) -> None:
    window = make_window("mazur")
    before = window.session.history.params_at(0).tolist()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 2))
    torch.save(model.state_dict(), tmp_path / "w.pth")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "w.pth"), ""))
    window.commands["import_torch_weights"].trigger()
    expected = torch.cat([p.detach().double().flatten() for p in model.parameters()]).tolist()
    assert window.session.history.params_at(0).tolist() == expected
    window.commands["undo"].trigger()
    assert window.session.history.params_at(0).tolist() == before


def test_a_bad_weights_file_is_one_line_and_the_network_stays(make_window, tmp_path, warnings_shown) -> None:
    from bpviewer.qt.torch_files import import_weights

    window = make_window("mazur")
    before = window.session.history.params_at(0).tolist()
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 2)).state_dict(),
               tmp_path / "bad.pth")
    assert not import_weights(window, tmp_path / "bad.pth")
    assert warnings_shown == [f"{tmp_path / 'bad.pth'}: 0.weight is 3×2, layer 1 needs 2×2"]
    assert window.session.history.params_at(0).tolist() == before


@pytest.fixture
def notebook(monkeypatch, qtbot):
    """As under Jupyter's `%gui qt`: the notebook's loop drives Qt, show() must not block."""
    monkeypatch.setattr(app, "notebook_loop", lambda: True)
    yield
    for window in list(app._NOTEBOOK_WINDOWS):
        window.close()
        window.deleteLater()


def test_show_returns_at_once_under_a_notebook_loop(notebook, qtbot) -> None:
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1),
                              torch.nn.Sigmoid()).double()
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([[0.0], [1.0], [1.0], [0.0]], dtype=torch.float64)
    window = bpviewer.show(net, x, y, torch.nn.BCELoss(), torch.optim.Adam(net.parameters(), lr=0.1))
    assert window.isVisible() and window in app._NOTEBOOK_WINDOWS
    assert window.session.spec.layers == (2, 3, 1)
    assert window.session.spec.optimizer == {"name": "adam", "lr": 0.1}


def test_the_chain_panel_names_the_tensor_in_the_script(make_window) -> None:
    window = make_window("mazur")
    s = window.session
    s.goto(1, 0)
    index = next(i for i, step in enumerate(s.steps) if step.title == "∂E/∂w5")
    s.goto(1, index)
    window.bridge.flush()
    text = window.chain.browser.toPlainText()
    assert "In the PyTorch script:" in text and "net.linear2.weight.grad[0, 0]" in text
    assert all("linear" not in line for line in window.chain.lines())
