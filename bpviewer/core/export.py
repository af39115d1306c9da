"""The CSV contract of DESIGN.md: gradients, forward values, loss terms, history.

Rows are produced from records (never recomputed), except numeric_grad, the
central-difference third opinion, computed here in one stacked pass per chunk.
Numbers are written with repr (round-trip precision); undefined cells are empty.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .numeric import DEFAULT_H, numeric_gradient
from .session import Session

GRADIENT_COLUMNS = ("iteration", "kind", "layer", "to", "from", "value", "grad", "new_value",
                    "upstream", "act_grad", "delta", "input", "numeric_grad")
FORWARD_COLUMNS = ("iteration", "sample", "layer", "neuron", "z", "a")
LOSS_COLUMNS = ("iteration", "sample", "output", "target", "out", "term")


def cell(x: float | int | None) -> str:
    if x is None:
        return ""
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    return "" if math.isnan(x) else repr(x)


def numeric_gradients(session: Session, first: int, last: int, h: float = DEFAULT_H,
                      chunk: int = 2000) -> np.ndarray:
    """(last − first + 1, P) numeric gradients for iterations first..last."""
    hist = session.history
    out = []
    for start in range(first, last + 1, chunk):
        stop = min(start + chunk - 1, last)
        iters = range(start, stop + 1)
        thetas = np.stack([hist.params_at(k - 1) for k in iters])
        recs = [hist[k] for k in iters]
        sizes = {r.batch_size for r in recs}
        if len(sizes) == 1:
            x = np.stack([r.inputs for r in recs])
            t = np.stack([session.trainer.t[r.indices] for r in recs])
            masks = {l: np.stack([r.block("mask", l) for r in recs])
                     for l in hist.layout.dropout_layers}
            out.append(numeric_gradient(session.spec, session.params, thetas, x, t, masks, h))
        else:
            for r, theta in zip(recs, thetas, strict=True):
                masks = {l: r.block("mask", l) for l in hist.layout.dropout_layers}
                out.append(numeric_gradient(session.spec, session.params, theta[None], r.inputs,
                                            session.trainer.t[r.indices], masks, h))
    return np.concatenate(out) if out else np.zeros((0, session.params.size))


def gradient_rows(session: Session, first: int = 1, last: int | None = None,
                  numeric: bool = True) -> Iterator[tuple]:
    hist = session.history
    last = len(hist) if last is None else last
    refs = [session.params.refs[i] for i in session.params.trainable]
    numeric_all = numeric_gradients(session, first, last) if numeric and last >= first else None
    for k in range(first, last + 1):
        rec = hist[k]
        single = rec.batch_size == 1
        blocks = {}
        if single:
            blocks = {l: (rec.block("dLda", l)[0], rec.block("fprime", l)[0],
                          rec.block("delta", l)[0], rec.layer_input(l)[0])
                      for l in range(1, len(session.spec.layers))}
        before, grad, after = rec.before.tolist(), rec.grad.tolist(), rec.after.tolist()
        num = numeric_all[k - first].tolist() if numeric_all is not None else None
        for ref in refs:
            i = ref.index
            if single:
                up, fp, de, xin = blocks[ref.layer]
                j = ref.to - 1
                trace = (up[j], fp[j], de[j], 1.0 if ref.source is None else xin[ref.source - 1])
            else:
                trace = (None, None, None, None)
            yield (k, ref.kind, ref.layer, ref.to, ref.source, before[i], grad[i], after[i],
                   *trace, num[i] if num is not None else None)


def forward_rows(session: Session, first: int = 1, last: int | None = None) -> Iterator[tuple]:
    hist = session.history
    last = len(hist) if last is None else last
    n_layers = len(session.spec.layers)
    for k in range(first, last + 1):
        rec = hist[k]
        for s, sample in enumerate(rec.indices.tolist()):
            for neuron, a in enumerate(rec.inputs[s].tolist(), start=1):
                yield (k, sample + 1, 0, neuron, None, a)
            for l in range(1, n_layers):
                z = rec.block("z", l)[s].tolist()
                a = rec.block("a", l)[s].tolist()
                for neuron in range(len(z)):
                    yield (k, sample + 1, l, neuron + 1, z[neuron], a[neuron])


def loss_rows(session: Session, first: int = 1, last: int | None = None) -> Iterator[tuple]:
    hist = session.history
    last = len(hist) if last is None else last
    top = len(session.spec.layers) - 1
    for k in range(first, last + 1):
        rec = hist[k]
        targets = session.trainer.t[rec.indices]
        outs = rec.block("a", top)
        for s, sample in enumerate(rec.indices.tolist()):
            for j in range(outs.shape[1]):
                yield (k, sample + 1, j + 1, targets[s, j], outs[s, j], rec.terms[s, j])


def history_columns(session: Session) -> tuple[str, ...]:
    return ("iteration", "loss", "lr") + tuple(r.column for r in session.params.refs)


def history_rows(session: Session) -> Iterator[tuple]:
    hist = session.history
    losses = session.losses().tolist()
    lrs = session.learning_rates().tolist()
    params = hist.column("after").tolist()
    for k in range(len(hist)):
        yield (k + 1, losses[k], lrs[k], *params[k])


def write_csv(path: Path, columns: tuple[str, ...], rows: Iterator[tuple]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write(",".join(columns) + "\n")
        fh.writelines(",".join(map(_cell_fast, row)) + "\n" for row in rows)


def _cell_fast(x: object) -> str:
    if x is None:
        return ""
    if type(x) is float:
        return "" if x != x else repr(x)
    if isinstance(x, (float, np.floating)):
        return cell(x)
    return str(x)


def export_all(session: Session, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "gradients.csv", GRADIENT_COLUMNS, gradient_rows(session))
    write_csv(out_dir / "forward.csv", FORWARD_COLUMNS, forward_rows(session))
    write_csv(out_dir / "loss.csv", LOSS_COLUMNS, loss_rows(session))
    write_csv(out_dir / "history.csv", history_columns(session), history_rows(session))


__all__ = ["cell", "csv", "export_all", "gradient_rows", "forward_rows", "loss_rows",
           "history_rows", "history_columns", "write_csv"]
