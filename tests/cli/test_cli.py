"""The command-line contract: exit codes, one-line errors, export columns and numbers."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from bpviewer import __version__
from bpviewer.cli import main
from bpviewer.core import presets


def read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"bpviewer {__version__}"


def test_presets_lists_every_preset(capsys) -> None:
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for name in presets.names():
        assert name in out
    assert "xor" in out and "mazur-frozen-bias" in out


def test_export_mazur(tmp_path) -> None:
    assert main(["export", "--preset", "mazur", "--iterations", "3", "--out", str(tmp_path / "o")]) == 0
    grads = read(tmp_path / "o" / "gradients.csv")
    assert ",".join(grads[0]) == ("iteration,kind,layer,to,from,value,grad,new_value,"
                                  "upstream,act_grad,delta,input,numeric_grad")  # DESIGN.md
    assert len(grads) == 3 * 12
    w5 = next(r for r in grads if r["iteration"] == "1" and r["kind"] == "weight"
              and r["layer"] == "2" and r["to"] == "1" and r["from"] == "1")
    assert float(w5["grad"]) == pytest.approx(0.082167041, abs=1e-9)
    assert float(w5["new_value"]) == pytest.approx(0.358916480, abs=1e-9)
    assert float(w5["upstream"]) * float(w5["act_grad"]) * float(w5["input"]) == \
        pytest.approx(float(w5["grad"]), rel=1e-12)
    assert float(w5["numeric_grad"]) == pytest.approx(float(w5["grad"]), rel=1e-6)
    bias = next(r for r in grads if r["kind"] == "bias")
    assert bias["from"] == "" and bias["input"] == "1.0"
    forward = read(tmp_path / "o" / "forward.csv")
    assert list(forward[0]) == ["iteration", "sample", "layer", "neuron", "z", "a"]
    assert forward[0]["z"] == "" and forward[0]["a"] == "0.05"
    assert len(forward) == 3 * 6
    loss = read(tmp_path / "o" / "loss.csv")
    assert sum(float(r["term"]) for r in loss if r["iteration"] == "1") == \
        pytest.approx(0.298371109, abs=1e-9)
    history = read(tmp_path / "o" / "history.csv")
    assert list(history[0])[:5] == ["iteration", "loss", "lr", "w1_1_1", "w1_1_2"]
    assert float(history[0]["w2_1_1"]) == float(w5["new_value"])


def test_frozen_parameters_have_no_rows(tmp_path) -> None:
    assert main(["export", "--preset", "mazur-frozen-bias", "--iterations", "2",
                 "--out", str(tmp_path)]) == 0
    grads = read(tmp_path / "gradients.csv")
    assert {r["kind"] for r in grads} == {"weight"} and len(grads) == 16


def test_export_equals_an_independent_torch_loop(tmp_path) -> None:
    rng = np.random.default_rng(7)
    layers = [3, 4, 2]
    raw = {"format": "bpviewer-network/1", "layers": layers, "activations": ["tanh", "sigmoid"],
           "loss": "mse",
           "weights": [rng.normal(size=(4, 3)).tolist(), rng.normal(size=(2, 4)).tolist()],
           "biases": [rng.normal(size=4).tolist(), rng.normal(size=2).tolist()],
           "optimizer": {"name": "adam", "lr": 0.05, "betas": [0.9, 0.99]},
           "data": {"inputs": rng.normal(size=(5, 3)).tolist(),
                    "targets": rng.uniform(size=(5, 2)).tolist()}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["export", "--network", str(path), "--iterations", "4", "--out", str(tmp_path)]) == 0
    net = torch.nn.Sequential(torch.nn.Linear(3, 4, dtype=torch.float64), torch.nn.Tanh(),
                              torch.nn.Linear(4, 2, dtype=torch.float64), torch.nn.Sigmoid())
    with torch.no_grad():
        for lin, w, b in zip((net[0], net[2]), raw["weights"], raw["biases"], strict=True):
            lin.weight.copy_(torch.tensor(w, dtype=torch.float64))
            lin.bias.copy_(torch.tensor(b, dtype=torch.float64))
    opt = torch.optim.Adam(net.parameters(), lr=0.05, betas=(0.9, 0.99))
    x = torch.tensor(raw["data"]["inputs"], dtype=torch.float64)
    t = torch.tensor(raw["data"]["targets"], dtype=torch.float64)
    rows = read(tmp_path / "gradients.csv")
    history = read(tmp_path / "history.csv")
    for k in range(1, 5):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x), t)
        loss.backward()
        expected = torch.cat([p.grad.flatten() for p in net.parameters()]).numpy()
        opt.step()
        after = torch.cat([p.detach().flatten() for p in net.parameters()]).numpy()
        got = [r for r in rows if r["iteration"] == str(k)]
        np.testing.assert_allclose([float(r["grad"]) for r in got], expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([float(r["new_value"]) for r in got], after, rtol=1e-12)
        assert float(history[k - 1]["loss"]) == pytest.approx(loss.item(), rel=1e-12)
        assert all(r["upstream"] == "" for r in got)


@pytest.mark.parametrize(("args", "words"), [
    (["export", "--preset", "nope", "--iterations", "1", "--out", "x"], "unknown preset 'nope'"),
    (["export", "--preset", "mazur", "--iterations", "ten", "--out", "x"], "--iterations"),
    (["export", "--preset", "mazur", "--out", "x"], "--iterations"),
    (["shot", "--preset", "mazur", "--size", "big", "--out", "x.png"], "--size"),
    (["--preset", "nope"], "unknown preset"),
])
def test_bad_command_lines_exit_2_with_one_line(args, words, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize(("content", "words"), [
    ("{not json", "not valid JSON"),
    ('{"layers": [2, 2], "activations": ["sigmoid"], "loss": "mse", "weights": [[[1, 2, 3], [1, 2, 3]]],'
     ' "data": {"inputs": [[1, 2]], "targets": [[1, 2]]}}', "weights[0]: expected 2×2"),
    ('{"layers": [2, 2], "activations": ["sigmoid"], "loss": "mse", "init": {"scheme": "zeros"},'
     ' "optimizer": {"name": "sgd", "lr": -1}, "data": {"inputs": [[1, 2]], "targets": [[1, 2]]}}',
     "optimizer.lr: learning rate must be positive"),
])
def test_bad_network_files(tmp_path, content, words, capsys) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["export", "--network", str(path), "--iterations", "1", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and words in err and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == content
    assert not (tmp_path / "o").exists()


def test_bad_csv_data_names_file_field_and_cell(tmp_path, capsys) -> None:
    (tmp_path / "d.csv").write_text("a,b,y\n1,2,0\n1,oops,1\n", encoding="utf-8")
    raw = presets.load("xor").to_dict()
    raw["data"] = {"csv": "d.csv", "targets": ["y"]}
    (tmp_path / "n.json").write_text(json.dumps(raw), encoding="utf-8")
    assert main(["export", "--network", str(tmp_path / "n.json"), "--iterations", "1",
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "n.json" in err and "data.csv" in err and "oops" in err


def test_divergence_exports_the_finite_history(tmp_path, capsys) -> None:
    raw = presets.load("regression-losses").to_dict()
    raw.update(loss="mse", optimizer={"name": "sgd", "lr": 1000.0})
    (tmp_path / "n.json").write_text(json.dumps(raw), encoding="utf-8")
    assert main(["export", "--network", str(tmp_path / "n.json"), "--iterations", "1000",
                 "--out", str(tmp_path / "o")]) == 0
    assert "diverged" in capsys.readouterr().err
    history = read(tmp_path / "o" / "history.csv")
    assert 0 < len(history) < 1000 and all(np.isfinite(float(r["loss"])) for r in history)


def test_float32_export(tmp_path) -> None:
    assert main(["export", "--preset", "mazur", "--iterations", "2", "--out", str(tmp_path),
                 "--float32"]) == 0
    row = read(tmp_path / "gradients.csv")[0]
    assert float(row["value"]) == float(np.float32(0.15))


def test_export_process_has_no_traceback_and_no_qt(tmp_path) -> None:
    code = ("import sys; from bpviewer.cli import main; rc = main(['export', '--preset', 'mazur', "
            f"'--iterations', '2', '--out', {str(tmp_path)!r}]); "
            "assert not any(m.startswith(('PySide6', 'torch')) for m in sys.modules), 'heavy import'; "
            "sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
