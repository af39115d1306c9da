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


def _trace_columns(session: Session, first: int, last: int, ref) -> list[np.ndarray]:
    """upstream, act_grad, delta, input of one parameter over iterations first..last.

    Defined for one-sample batches only (NaN, written empty, otherwise).
    """
    hist = session.history
    rows = slice(first - 1, last)
    n = last - first + 1
    sizes = hist.column("scalars", 4)[rows]
    single = sizes == 1
    j = ref.to - 1
    out = [hist.column(f"{name}{ref.layer}")[rows, j].astype(float)
           for name in ("dLda", "fprime", "delta")]
    if ref.source is None:
        x = np.ones(n)
    elif ref.layer == 1:
        first_index = hist.column("indices")[rows, 0].astype(np.intp)
        x = session.trainer.x[first_index, ref.source - 1].astype(float)
    else:
        x = hist.column(f"a{ref.layer - 1}")[rows, ref.source - 1].astype(float)
        if ref.layer - 1 in hist.layout.dropout_layers:
            x = x * hist.column(f"mask{ref.layer - 1}")[rows, ref.source - 1]
    out.append(x)
    return [np.where(single, c, np.nan) for c in out]


def gradient_rows(session: Session, first: int = 1, last: int | None = None,
                  numeric: bool = True) -> Iterator[tuple]:
    hist = session.history
    last = len(hist) if last is None else last
    if last < first:
        return
    refs = [session.params.refs[i] for i in session.params.trainable]
    rows = slice(first - 1, last)
    after = hist.column("after")[rows]
    before = np.concatenate([hist.params_at(first - 1)[None], after[:-1]])
    for k in range(first + 1, last + 1):
        if k - 1 in hist._edits:
            before[k - first] = hist.params_at(k - 1)
    grad = hist.column("grad")[rows]
    num = numeric_gradients(session, first, last) if numeric else None
    columns = []
    for r in refs:
        i = r.index
        columns.append(np.stack([before[:, i], grad[:, i], after[:, i],
                                 *_trace_columns(session, first, last, r),
                                 num[:, i] if num is not None else np.full(len(grad), np.nan)],
                                axis=1))
    table = np.stack(columns, axis=1)
    has_nan = bool(np.isnan(table).any())
    static = [(r.kind, r.layer, r.to, r.source) for r in refs]
    for k, block in zip(range(first, last + 1), table.tolist(), strict=True):
        for head, values in zip(static, block, strict=True):
            if has_nan:
                values = [None if v != v else v for v in values]
            yield (k, *head, *values)


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
        targets = session.trainer.t[rec.indices].tolist()
        outs = rec.block("a", top).tolist()
        terms = rec.terms.tolist()
        for s, sample in enumerate(rec.indices.tolist()):
            for j in range(len(outs[s])):
                yield (k, sample + 1, j + 1, targets[s][j], outs[s][j], terms[s][j])


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
    """Rows hold Python floats (str is repr for them), ints, strings and None for empty."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def export_all(session: Session, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "gradients.csv", GRADIENT_COLUMNS, gradient_rows(session))
    write_csv(out_dir / "forward.csv", FORWARD_COLUMNS, forward_rows(session))
    write_csv(out_dir / "loss.csv", LOSS_COLUMNS, loss_rows(session))
    write_csv(out_dir / "history.csv", history_columns(session), history_rows(session))


__all__ = ["cell", "export_all", "gradient_rows", "forward_rows", "loss_rows",
           "history_rows", "history_columns", "write_csv"]
