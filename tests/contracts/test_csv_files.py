"""`bpviewer export`'s four CSV files against DESIGN.md's contract and an independent torch run.

Headers are the literal strings of DESIGN.md (not the exporter's constants); indices are 1-based;
every number equals torch's (1e-12 relative) and is written at round-trip precision. The
expected rows come from reference.TorchTraining, which reads only the network file.
"""

from __future__ import annotations

import csv
import json
import math

import pytest

from bpviewer.cli import main
from bpviewer.core import csvfile, export
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .networks import NETWORKS
from .reference import TorchTraining

GRADIENTS_HEADER = ("iteration,kind,layer,to,from,value,grad,new_value,"
                    "upstream,act_grad,delta,input,numeric_grad")
FORWARD_HEADER = "iteration,sample,layer,neuron,z,a"
LOSS_HEADER = "iteration,sample,output,target,out,term"
RTOL = 1e-12
NUMERIC_H = 1e-4


def read(path) -> tuple[str, list[list[str]]]:
    text = path.read_text(encoding="utf-8")
    header = text.split("\n", 1)[0]
    rows = list(csv.reader(text.splitlines()))[1:]
    return header, rows


def number(cell: str, expected: float | None, what: str, atol: float = 0.0) -> None:
    """A cell holds exactly repr(value) of a value equal to `expected` (empty for None)."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        assert cell == "", f"{what}: expected an empty cell, got {cell!r}"
        return
    assert cell != "", f"{what}: empty, expected {expected!r}"
    value = float(cell)
    assert cell == repr(value), f"{what}: {cell!r} is not written at round-trip precision"
    assert value == pytest.approx(expected, rel=RTOL, abs=max(atol, 1e-300)), \
        f"{what}: {value!r} != {expected!r}"


@pytest.fixture(scope="module", params=sorted(NETWORKS))
def exported(request, tmp_path_factory):
    """(network, torch steps, out dir) for one network exported by the CLI."""
    net, iterations = NETWORKS[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    path = folder / "net.json"
    path.write_text(json.dumps(net), encoding="utf-8")
    out = folder / "out"
    assert main(["export", "--network", str(path), "--iterations", str(iterations), "--out", str(out)]) == 0
    reference = TorchTraining(net)
    steps = reference.run(iterations, numeric_h=NUMERIC_H)
    return reference, steps, out


def test_gradients_csv(exported):
    reference, steps, out = exported
    header, rows = read(out / "gradients.csv")
    assert header == GRADIENTS_HEADER
    expected_keys = [(str(s.iteration), p.kind, str(p.layer), str(p.to),
                      "" if p.source is None else str(p.source))
                     for s in steps for p in reference.params if p.trainable]
    assert [tuple(r[:5]) for r in rows] == expected_keys
    trainable = [p for p in reference.params if p.trainable]
    for r, (s, p) in zip(rows, [(s, p) for s in steps for p in trainable], strict=True):
        where = f"gradients.csv iteration {s.iteration} {p.column}"
        scale = max(1.0, abs(s.grad[p.key]))
        number(r[5], s.before[p.key], f"{where} value")
        number(r[6], s.grad[p.key], f"{where} grad", atol=RTOL * scale * 1e-2)
        number(r[7], s.after[p.key], f"{where} new_value")
        single = len(s.indices) == 1
        l, j = p.layer - 1, p.to - 1

        def at(block, col=j, single=single):
            return None if not single or block is None else float(block[0, col])

        number(r[8], at(s.upstream[l]), f"{where} upstream", atol=1e-14)
        number(r[9], at(s.act_grad[l]), f"{where} act_grad")
        number(r[10], at(s.delta[l]), f"{where} delta", atol=1e-14)
        source = 1.0 if p.source is None else at(s.layer_inputs[l], col=p.source - 1)
        number(r[11], source if single else None, f"{where} input")
        number(r[12], s.numeric[p.key], f"{where} numeric_grad", atol=1e-8 * scale)


#: networks whose one-sample batches fill the trace columns of some trainable parameter
TRACED = {"contract mixed", "contract logits", "contract saturated"}


def test_trace_columns_multiply_to_the_gradient(exported):
    """README: grad = upstream × act_grad × input (+ the L1 term λ·sign(value)) where defined."""
    reference, steps, out = exported
    _, rows = read(out / "gradients.csv")
    checked = 0
    for r in rows:
        if r[8] and r[9]:
            l1 = reference.l1 * math.copysign(1.0, float(r[5])) if float(r[5]) else 0.0
            product = float(r[8]) * float(r[9]) * float(r[11]) + l1
            assert product == pytest.approx(float(r[6]), rel=1e-12, abs=1e-15), r
            checked += 1
    assert bool(checked) == (reference.net["name"] in TRACED)


def test_forward_csv(exported):
    reference, steps, out = exported
    header, rows = read(out / "forward.csv")
    assert header == FORWARD_HEADER
    expected = []
    for s in steps:
        for row, sample in enumerate(s.indices):
            for neuron, x in enumerate(s.inputs[row], start=1):
                expected.append((s.iteration, sample + 1, 0, neuron, None, float(x)))
            for l in range(1, len(reference.layers)):
                for neuron in range(1, reference.layers[l] + 1):
                    expected.append((s.iteration, sample + 1, l, neuron, float(s.z[l - 1][row, neuron - 1]),
                                     float(s.a[l - 1][row, neuron - 1])))
    assert [tuple(r[:4]) for r in rows] == [tuple(str(v) for v in e[:4]) for e in expected]
    for r, e in zip(rows, expected, strict=True):
        number(r[4], e[4], f"forward.csv {e[:4]} z")
        number(r[5], e[5], f"forward.csv {e[:4]} a")


def test_loss_csv(exported):
    reference, steps, out = exported
    header, rows = read(out / "loss.csv")
    assert header == LOSS_HEADER
    expected = [(s.iteration, sample + 1, j + 1, float(s.targets[row, j]), float(s.a[-1][row, j]),
                 float(s.terms[row, j]))
                for s in steps for row, sample in enumerate(s.indices) for j in range(reference.layers[-1])]
    assert [tuple(r[:3]) for r in rows] == [tuple(str(v) for v in e[:3]) for e in expected]
    for r, e in zip(rows, expected, strict=True):
        number(r[3], e[3], f"loss.csv {e[:3]} target")
        number(r[4], e[4], f"loss.csv {e[:3]} out")
        number(r[5], e[5], f"loss.csv {e[:3]} term", atol=1e-16)
    for s in steps:
        total = sum(float(r[5]) for r in rows if r[0] == str(s.iteration))
        assert total == pytest.approx(s.data_loss, rel=1e-12)


def test_history_csv(exported):
    reference, steps, out = exported
    header, rows = read(out / "history.csv")
    assert header == "iteration,loss,lr," + ",".join(p.column for p in reference.params)
    assert [r[0] for r in rows] == [str(s.iteration) for s in steps]
    for r, s in zip(rows, steps, strict=True):
        number(r[1], s.loss, f"history.csv {s.iteration} loss")
        number(r[2], s.lr, f"history.csv {s.iteration} lr")
        for cell, p in zip(r[3:], reference.params, strict=True):
            number(cell, s.after[p.key], f"history.csv {s.iteration} {p.column}")


def test_the_windows_rows_are_the_files_rows(exported):
    """The tables' rows (export.*_rows, a cell shown as csvfile.cell) are the CSVs' rows, which the
    tests above hold to torch; a window and a file never disagree."""
    reference, steps, out = exported
    session = Session(spec_mod.from_dict(reference.net))
    session.trainer.run(len(steps))
    tables = {"gradients": export.gradient_rows(session), "forward": export.forward_rows(session),
              "loss": export.loss_rows(session), "history": export.history_rows(session)}
    for name, rows in tables.items():
        shown = [[v if isinstance(v, str) else csvfile.cell(v) for v in row] for row in rows]
        assert shown == read(out / f"{name}.csv")[1], name


def test_cells() -> None:
    """Empty for None and NaN, ints as ints, floats (numpy's too) at round-trip precision,
    texts as they are."""
    import numpy as np

    assert [csvfile.cell(v) for v in (None, float("nan"), np.float64("nan"), 3, np.int64(4), 0.1,
                                     np.float32(0.1), -2.5e-300, "w5", "")] == \
        ["", "", "", "3", "4", "0.1", repr(float(np.float32(0.1))), "-2.5e-300", "w5", ""]


def test_saturated_bce_matches_torch_clamps(tmp_path):
    """The sigmoid outputs exactly 1.0 then 0.0: torch's loss is 100·(share of the log floor),
    and ∂E/∂out is (out − t)/float32(1e-12), e.g. 500000001997.9014 for t = 0.5."""
    net, iterations = NETWORKS["saturated_bce"]
    path = tmp_path / "net.json"
    path.write_text(json.dumps(net), encoding="utf-8")
    assert main(["export", "--network", str(path), "--iterations", "2", "--out", str(tmp_path / "o")]) == 0
    _, rows = read(tmp_path / "o" / "gradients.csv")
    weight_rows = [r for r in rows if r[1] == "weight"]
    assert [float(r[8]) for r in weight_rows] == [500000001997.9014, -250000000998.9507]
    _, losses = read(tmp_path / "o" / "loss.csv")
    assert [float(r[5]) for r in losses] == [50.0, 25.0]
