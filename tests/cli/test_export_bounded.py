"""`bpviewer export` in bounded memory: numeric_grad by size, atomic output, progress."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys

import numpy as np
import pytest
import torch

from bpviewer.cli import main
from bpviewer.core import export, export_run, numeric, presets
from bpviewer.core.session import Session


def read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _wide(tmp_path, hidden: int) -> str:
    """A 2-hidden-2 network file (sigmoid, SSE, full batch of 3 rows)."""
    raw = {"format": "bpviewer-network/1", "layers": [2, hidden, 2],
           "activations": ["sigmoid", "sigmoid"], "loss": "sse_half",
           "init": {"scheme": "xavier_uniform", "seed": 1},
           "optimizer": {"name": "sgd", "lr": 0.5},
           "data": {"inputs": [[0.05, 0.1], [0.3, -0.2], [1.0, 0.5]],
                    "targets": [[0.01, 0.99], [0.5, 0.5], [0.9, 0.1]]}}
    path = tmp_path / f"wide{hidden}.json"
    path.write_text(json.dumps(raw))
    return str(path)


def test_numeric_grad_is_off_by_default_for_more_than_1000_parameters(tmp_path) -> None:
    small, big = _wide(tmp_path, 199), _wide(tmp_path, 300)  # 997 and 1,502 parameters
    assert main(["export", "--network", small, "--iterations", "2", "--out", str(tmp_path / "s")]) == 0
    assert main(["export", "--network", big, "--iterations", "2", "--out", str(tmp_path / "b")]) == 0
    assert main(["export", "--network", big, "--iterations", "2", "--numeric",
                 "--out", str(tmp_path / "n")]) == 0
    assert main(["export", "--preset", "mazur", "--iterations", "2", "--no-numeric",
                 "--out", str(tmp_path / "m")]) == 0
    assert all(r["numeric_grad"] == "" for r in read(tmp_path / "b" / "gradients.csv"))
    assert all(r["numeric_grad"] == "" for r in read(tmp_path / "m" / "gradients.csv"))
    for folder in ("s", "n"):
        rows = read(tmp_path / folder / "gradients.csv")
        num = np.array([float(r["numeric_grad"]) for r in rows])
        grad = np.array([float(r["grad"]) for r in rows])
        np.testing.assert_allclose(num, grad, rtol=1e-5, atol=1e-9)


def test_chunked_numeric_gradient_equals_a_torch_central_difference() -> None:
    """Stacks split by a tiny memory budget give the same numbers as one stack."""
    s = Session(presets.load("xor"))
    s.trainer.run(3)
    rec = s.history[3]
    theta = np.array(rec.before)
    t = s.trainer.t[rec.indices]
    whole = numeric.numeric_gradient(s.spec, s.params, theta[None], rec.inputs, t)
    tiny = numeric.numeric_gradient(s.spec, s.params, theta[None], rec.inputs, t, budget=1)
    np.testing.assert_array_equal(whole, tiny)

    def loss(v: torch.Tensor) -> float:
        a = torch.tensor(np.array(rec.inputs))
        for l in range(1, len(s.spec.layers)):
            w = v[s.params.weight_slices[l - 1]].reshape(s.spec.layers[l], s.spec.layers[l - 1])
            a = torch.sigmoid(a @ w.T + v[s.params.bias_slices[l - 1]])
        return torch.nn.functional.binary_cross_entropy(a, torch.tensor(t)).item()

    h = numeric.DEFAULT_H
    for i in range(s.params.size):
        e = torch.zeros(s.params.size, dtype=torch.float64)
        e[i] = h
        v = torch.tensor(theta)
        assert whole[0, i] == pytest.approx((loss(v + e) - loss(v - e)) / (2 * h), rel=1e-9, abs=1e-12)


def _snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("error", [KeyboardInterrupt, MemoryError, OSError])
def test_an_interrupted_export_leaves_nothing_partial(tmp_path, monkeypatch, capsys, error) -> None:
    assert main(["export", "--preset", "mazur", "--iterations", "3", "--out", str(tmp_path / "old")]) == 0
    old = _snapshot(tmp_path / "old")
    calls = []

    def failing(session, records):
        calls.append(1)
        if len(calls) > 1:
            raise error(28, "No space left on device") if error is OSError else error()
        return iter([])

    monkeypatch.setattr(export, "CHUNK_VALUES", 50)
    monkeypatch.setattr(export, "_loss_chunk", failing)
    for target in ("old", "new"):
        code = main(["export", "--preset", "mazur", "--iterations", "40", "--out", str(tmp_path / target)])
        assert code == {KeyboardInterrupt: 130, MemoryError: 1, OSError: 2}[error]
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        calls.clear()
    assert _snapshot(tmp_path / "old") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]


def test_export_into_an_existing_folder_replaces_the_four_files_and_keeps_others(tmp_path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "history.csv").write_text("stale")
    assert main(["export", "--preset", "mazur", "--iterations", "2", "--out", str(out)]) == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert len(read(out / "history.csv")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o"]


def test_long_exports_print_an_estimate_and_progress(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(export_run, "ESTIMATE_FROM", 0.0)
    monkeypatch.setattr(export_run, "REPORT_EVERY", 0.0)
    monkeypatch.setattr(export, "CHUNK_VALUES", 200)
    assert main(["export", "--preset", "mazur", "--iterations", "300", "--out", str(tmp_path / "o")]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("bpviewer: estimate for 300 iterations: about ")
    assert " on disk " in lines[0]
    assert any(line.startswith("bpviewer: wrote ") and "/300 iterations · " in line and "it/s" in line
               for line in lines)
    assert len(read(tmp_path / "o" / "gradients.csv")) == 300 * 12


def test_streamed_rows_equal_a_whole_table_written_at_once(tmp_path, monkeypatch) -> None:
    """Small chunks and replayed records write byte-identical files."""
    spec = presets.load("phone-price-mini").with_changes(dropout=[0.2, 0.1])
    a, b = Session(spec), Session(spec)
    a.trainer.run(30)
    b.trainer.run(30)
    export.export_all(a, tmp_path / "a")
    monkeypatch.setattr(export, "CHUNK_VALUES", 1)
    b.history.clear_cache()
    export.export_all(b, tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    rows = read(tmp_path / "a" / "forward.csv")
    assert len(rows) == 30 * 16 * (2 + 16 + 16 + 4)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_during_a_long_export_exits_cleanly(tmp_path, sig) -> None:
    """A real process: the estimate comes first, then the signal: one line, 130, no files."""
    with subprocess.Popen([sys.executable, "-m", "bpviewer", "export", "--preset", "mazur",
                           "--iterations", "1000000", "--out", str(tmp_path / "o")],
                          stderr=subprocess.PIPE, text=True) as proc:
        first = proc.stderr.readline()
        assert first.startswith("bpviewer: estimate for 1,000,000 iterations: about ")
        proc.send_signal(sig)
        rest = proc.stderr.read()
        assert proc.wait(timeout=60) == 130
    lines = [line for line in rest.splitlines() if not line.startswith("bpviewer: trained ")]
    assert lines == [f"bpviewer: interrupted; nothing was written to {tmp_path / 'o'}"]
    assert list(tmp_path.iterdir()) == []
