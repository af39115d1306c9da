"""The exported PyTorch script trains exactly as bpviewer: its history.csv equals `export`'s.

The script is run as `python FILE.py --iterations N --csv DIR` would run it (runpy with
__main__ and argv), in this process to spare a torch import per preset; the default
dtype and print options it sets are restored afterwards.
"""

from __future__ import annotations

import csv
import json
import runpy
import subprocess
import sys

import numpy as np
import pytest

from bpviewer.cli import main
from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.csvfile import write_csv
from bpviewer.core.export import history_columns, history_rows
from bpviewer.core.portable_random import NumpyRandom
from bpviewer.core.session import Session
from bpviewer.core.torch_script import script

pytestmark = pytest.mark.usefixtures("restore_torch_defaults")


def read(path) -> tuple[list[str], np.ndarray]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], np.array(rows[1:], dtype=float)


def run_script(path, iterations: int, out, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(path), "--iterations", str(iterations), "--csv", str(out)])
    runpy.run_path(str(path), run_name="__main__")


def assert_same_history(tmp_path, source: list[str], iterations: int, monkeypatch,
                        rtol: float = 1e-10) -> None:
    """history.csv written by the exported script against the one `export` writes (the same
    core functions; the CLI's gradients.csv is skipped, its numeric column is slow)."""
    assert main(["torch-script", *source, "--out", str(tmp_path / "net.py")]) == 0
    kind, value = source
    session = Session(presets.load(value) if kind == "--preset" else spec_mod.load(value))
    session.trainer.run(iterations)
    write_csv(tmp_path / "bp.csv", history_columns(session), history_rows(session))
    run_script(tmp_path / "net.py", iterations, tmp_path / "torch", monkeypatch)
    head_bp, bp = read(tmp_path / "bp.csv")
    head_torch, th = read(tmp_path / "torch" / "history.csv")
    assert head_torch == head_bp
    assert th.shape == bp.shape == (iterations, len(head_bp))
    assert head_bp[:3] == ["iteration", "loss", "lr"]
    # no sum reaches the iteration or the lr: equal to the bit, float32 networks too
    assert np.array_equal(th[:, [0, 2]], bp[:, [0, 2]])
    assert_close(th, bp, rtol)


def assert_close(actual: np.ndarray, expected: np.ndarray, rtol: float = 1e-10) -> None:
    """Relative to each value, or to a millionth of its column's largest magnitude where the
    value cancels to (almost) zero — rounding noise of 1e-19 on a bias crossing 0 is no error."""
    floor = 1e-6 * np.abs(expected).max(axis=0, keepdims=True)
    scale = np.maximum(np.abs(expected), floor)
    worst = float((np.abs(actual - expected) / np.where(scale > 0, scale, 1.0)).max())
    assert worst <= rtol, f"largest relative difference {worst:.3g}"


def _iterations(name: str) -> int:
    spec = presets.load(name)
    size = sum(a * b + b for a, b in zip(spec.layers[:-1], spec.layers[1:], strict=True))
    return 20 if size < 5000 else 3


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_trains_as_bpviewer(name, tmp_path, monkeypatch) -> None:
    assert_same_history(tmp_path, ["--preset", name], _iterations(name), monkeypatch)


BASE = {"layers": [2, 3, 3, 2], "activations": ["tanh", "leaky_relu", "sigmoid"], "loss": "mse",
        "init": {"scheme": "torch_default", "seed": 3},
        "data": {"inputs": [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [0.1, 0.2], [1.0, 1.0]],
                 "targets": [[0.1, 0.9], [0.8, 0.3], [0.5, 0.5], [0.0, 1.0], [1.0, 0.0]]},
        "optimizer": {"name": "sgd", "lr": 0.3}}

VARIANTS = {
    "dropout+shuffle": {"dropout": [0.5, 0.25], "batch_size": 2, "shuffle": True, "seed": 7},
    "l1+frozen": {"l1": 0.01, "frozen_layers": [2], "train_biases": False},
    "nesterov+step": {"optimizer": {"name": "sgd", "lr": 0.2, "momentum": 0.9, "nesterov": True,
                                    "weight_decay": 0.01},
                      "scheduler": {"name": "step", "step_size": 2, "gamma": 0.5}, "batch_size": 3},
    "adagrad+multistep": {"optimizer": {"name": "adagrad", "lr": 0.1, "lr_decay": 0.01},
                          "scheduler": {"name": "multistep", "milestones": [1, 3], "gamma": 0.3}},
    "rmsprop-centered": {"optimizer": {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "momentum": 0.5,
                                       "centered": True}, "loss": "smooth_l1"},
    "adamw+exponential": {"optimizer": {"name": "adamw", "lr": 0.01, "betas": [0.8, 0.99],
                                        "amsgrad": True},
                          "scheduler": {"name": "exponential", "gamma": 0.9}, "loss": "mae"},
    "xavier_normal+sse": {"init": {"scheme": "xavier_normal", "seed": 1, "gain": 1.5}, "loss": "sse_half"},
    "kaiming_uniform+relu": {"init": {"scheme": "kaiming_uniform", "seed": 2, "mode": "fan_out",
                                      "nonlinearity": "relu"},
                             "activations": ["relu", "relu", "sigmoid"], "loss": "bce"},
    "uniform+softmax-bce": {"init": {"scheme": "uniform", "seed": 4, "a": -0.5, "b": 0.5},
                            "activations": ["tanh", "sigmoid", "softmax"], "loss": "bce"},
    "normal+ce-probabilities": {"init": {"scheme": "normal", "seed": 5, "std": 0.3},
                                "activations": ["tanh", "relu", "identity"], "loss": "cross_entropy"},
    "float32+kaiming-defaults": {"dtype": "float32", "init": {"scheme": "kaiming_uniform", "seed": 6}},
    "kaiming_normal-defaults": {"init": {"scheme": "kaiming_normal", "seed": 6}},
    "features+test": {"layers": [3, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "bce",
                      "features": ["x1", "x2^2", "sin_x1"], "batch_size": 7, "shuffle": True,
                      "data": {"generator": "moons", "n": 40, "noise": 0.1, "seed": 2,
                               "test_fraction": 0.25}},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_feature_trains_as_bpviewer(variant, tmp_path, monkeypatch) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({**BASE, **VARIANTS[variant]}))
    # float32: torch and numpy round their float32 sums in different orders
    rtol = 1e-4 if VARIANTS[variant].get("dtype") == "float32" else 1e-10
    assert_same_history(tmp_path, ["--network", str(path)], 12, monkeypatch, rtol)


def test_script_reads_like_the_notes(tmp_path, capsys) -> None:
    text = script(presets.load("mazur"))
    for expected in ("class Net(nn.Module):", "self.linear1 = nn.Linear(2, 2)",
                     "net.linear1.weight.copy_(torch.tensor([[0.15, 0.2], [0.25, 0.3]]))",
                     "optimizer = optim.SGD(net.parameters(), lr=0.5)", "loss.backward()",
                     "optimizer.step()", 'log("net.linear2.weight.grad:", net.linear2.weight.grad)'):
        assert expected in text
    assert "numpy" not in text.replace("numpy.random.default_rng", "")
    assert "bpviewer" not in "\n".join(l for l in text.splitlines() if l.startswith(("import", "from")))


def test_script_runs_alone_and_prints_the_notes_figures(tmp_path) -> None:
    """A real `python FILE.py`: the loss and w5's gradient of the worked example."""
    (tmp_path / "mazur.py").write_text(script(presets.load("mazur")))
    done = subprocess.run([sys.executable, "mazur.py", "--iterations", "1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "loss: 0.29837110876" in done.stdout
    assert "0.082167041" in done.stdout and "0.358916480" in done.stdout


@pytest.mark.parametrize("entropy", [[0, 0], [7, 3, 2], [2**40, 1], [123456789]])
def test_portable_random_is_numpys(entropy) -> None:
    assert NumpyRandom(entropy).random(9) == np.random.default_rng(entropy).random(9).tolist()
    for n in (1, 2, 17, 300):
        assert NumpyRandom(entropy).permutation(n) == np.random.default_rng(entropy).permutation(n).tolist()


def test_bad_output_folder_is_one_line(tmp_path, capsys) -> None:
    assert main(["torch-script", "--preset", "mazur", "--out", str(tmp_path / "no" / "x.py")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out" in err


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_script_starts_from_bpviewers_initial_weights_to_the_bit(dtype) -> None:
    """float64: the init scheme drawn by torch.nn.init, as the notes do; float32: bpviewer's
    draws copied (torch's float32 draws are not float64's rounded)."""
    spec = spec_mod.from_dict({**BASE, "dtype": dtype, "init": {"scheme": "kaiming_uniform", "seed": 6}})
    namespace: dict = {"__name__": "script"}
    exec(compile(script(spec), "<script>", "exec"), namespace)  # noqa: S102
    net = namespace["make_net"]()
    shown = [v for linear in namespace["linears"](net) for p in (linear.weight, linear.bias)
             for v in p.detach().flatten().tolist()]
    assert shown == Session(spec).history.initial.tolist()
    assert ("nn.init.kaiming_uniform_" in script(spec)) == (dtype == "float64")


def test_two_blank_lines_before_every_top_level_definition() -> None:
    """The script a student opens is laid out as PEP 8 asks (E302, E305)."""
    specs = [presets.load("mazur")] + [spec_mod.from_dict({**BASE, **v}) for v in VARIANTS.values()]
    for spec in specs:
        lines = script(spec).split("\n")
        for i, line in enumerate(lines):
            if line.startswith(("def ", "class ", "if __name__")) and not lines[i - 1].startswith(("#", "@")):
                assert lines[i - 3] != "" and lines[i - 2:i] == ["", ""], (spec.name, lines[i - 3:i + 1])
