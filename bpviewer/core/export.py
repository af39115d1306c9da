"""The CSV contract of DESIGN.md: gradients, forward values, loss terms, history.

Rows come from records (history replays iterations one after the other) in chunks, so an
export holds one chunk of rows at a time whatever the number of iterations; numeric_grad,
the central-difference third opinion, is computed per chunk in memory-sized stacks. The
four files are written into a temporary folder beside the target and moved into place at
the end: an error or an interrupt leaves nothing partial. Numbers are written with repr
(round-trip precision); undefined cells are empty.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from . import atomic, csvfile
from .history import LOSS, LR, Record
from .numeric import DEFAULT_H, DEFAULT_LIMIT, numeric_gradient
from .session import Session

GRADIENT_COLUMNS = ("iteration", "kind", "layer", "to", "from", "value", "grad", "new_value",
                    "upstream", "act_grad", "delta", "input", "numeric_grad")
FORWARD_COLUMNS = ("iteration", "sample", "layer", "neuron", "z", "a")
LOSS_COLUMNS = ("iteration", "sample", "output", "target", "out", "term")
NUMERIC_ROWS = 32  # one iteration's numeric gradients are made this many rows at a time
FILES = ("gradients.csv", "forward.csv", "loss.csv", "history.csv")
#: about this many numbers per chunk of iterations: a few MB of rows at a time
CHUNK_VALUES = 200_000

Progress = Callable[[int, int], None]


def numeric_default(session: Session) -> bool:
    """numeric_grad is on by default for networks up to DEFAULT_LIMIT trainable parameters."""
    return len(session.params.trainable) <= DEFAULT_LIMIT


def chunk_size(session: Session) -> int:
    """Iterations per chunk, so that a chunk's rows hold about CHUNK_VALUES numbers."""
    spec = session.spec
    per_iteration = (len(session.params.trainable) * 9 + session.params.size
                     + session.trainer.batch * (spec.layers[0] + 4 * sum(spec.layers[1:])))
    return max(1, CHUNK_VALUES // per_iteration)


def _chunks(session: Session, first: int, last: int) -> Iterator[list[Record]]:
    size = chunk_size(session)
    chunk: list[Record] = []
    for rec in session.history.records(first, last):
        chunk.append(rec)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def numeric_gradients(session: Session, records: list[Record], h: float = DEFAULT_H,
                      rows: tuple[int, int] | None = None) -> np.ndarray:
    """(len(records), P) numeric gradients, iterations of one batch size stacked together;
    rows (lo, hi): only trainable parameters lo..hi−1."""
    out = np.zeros((len(records), session.params.size))
    dropout = session.history.layout.dropout_layers
    t_all = session.trainer.t
    start = 0
    while start < len(records):
        b = records[start].batch_size
        stop = start
        while stop < len(records) and records[stop].batch_size == b:
            stop += 1
        group = records[start:stop]
        out[start:stop] = numeric_gradient(
            session.spec, session.params, np.stack([r.before for r in group]),
            np.stack([r.inputs for r in group]), np.stack([t_all[r.indices] for r in group]),
            {l: np.stack([r.block("mask", l) for r in group]) for l in dropout}, h, rows=rows)
        start = stop
    return out


def _trace_table(rec: Record, refs: list) -> np.ndarray:
    """(trainable, 4): upstream, act_grad, delta, input — defined for one-sample batches."""
    out = np.full((len(refs), 4), np.nan)
    if rec.batch_size != 1:
        return out
    for row, r in enumerate(refs):
        j = r.to - 1
        out[row, 0] = rec.block("dLda", r.layer)[0, j]
        out[row, 1] = rec.block("fprime", r.layer)[0, j]
        out[row, 2] = rec.block("delta", r.layer)[0, j]
        out[row, 3] = 1.0 if r.source is None else rec.layer_input(r.layer)[0, r.source - 1]
    return out


def _gradient_chunk(session: Session, records: list[Record], numeric: bool) -> Iterator[tuple]:
    """Several iterations' rows are made a whole iteration at a time; one iteration's (the
    Gradients table's) NUMERIC_ROWS rows at a time, as they are read: spiral's 371 numeric
    gradients took ~150 ms and phone-price's 36,740 rows ~40 ms a click into the next
    iteration, where the table shows ~25 rows."""
    train, all_refs = session.params.trainable, session.params.refs
    num = numeric_gradients(session, records) if numeric and len(records) > 1 else None
    step = NUMERIC_ROWS if len(records) == 1 else max(len(train), 1)
    for n, rec in enumerate(records):
        for lo in range(0, len(train), step):
            rows = train[lo:lo + step]
            refs = [all_refs[i] for i in rows]
            block = np.concatenate([
                np.stack([rec.before[rows], rec.grad[rows], rec.after[rows]], axis=1),
                _trace_table(rec, refs), np.full((len(rows), 1), np.nan)], axis=1)
            if num is not None:
                block[:, -1] = num[n, rows]
            elif numeric:
                block[:, -1] = numeric_gradients(session, [rec], rows=(lo, lo + len(rows)))[0, rows]
            has_nan = bool(np.isnan(block).any())
            for r, values in zip(refs, block.tolist(), strict=True):
                if has_nan:
                    values = [None if v != v else v for v in values]
                yield (rec.iteration, r.kind, r.layer, r.to, r.source, *values)


def _forward_chunk(session: Session, records: list[Record]) -> Iterator[tuple]:
    """A sample's numbers made Python floats as its rows are reached: the window's
    Forward table reads its first rows of an iteration (the 2-64-64-10 file's batch of
    300 samples made ~83,000 floats for 50 rows, ~12 ms a click into a new iteration)."""
    n_layers = len(session.spec.layers)
    for rec in records:
        k = rec.iteration
        zs = [rec.block("z", l) for l in range(1, n_layers)]
        acts = [rec.block("a", l) for l in range(1, n_layers)]
        for s, sample in enumerate(rec.indices.tolist()):
            for neuron, a in enumerate(rec.inputs[s].tolist(), start=1):
                yield (k, sample + 1, 0, neuron, None, a)
            for l in range(1, n_layers):
                z, a = zs[l - 1][s].tolist(), acts[l - 1][s].tolist()
                for neuron in range(len(z)):
                    yield (k, sample + 1, l, neuron + 1, z[neuron], a[neuron])


def _loss_chunk(session: Session, records: list[Record]) -> Iterator[tuple]:
    top = len(session.spec.layers) - 1
    for rec in records:
        k = rec.iteration
        targets = session.trainer.t[rec.indices].tolist()
        outs = rec.block("a", top).tolist()
        terms = rec.terms.tolist()
        for s, sample in enumerate(rec.indices.tolist()):
            for j in range(len(outs[s])):
                yield (k, sample + 1, j + 1, targets[s][j], outs[s][j], terms[s][j])


def _history_chunk(records: list[Record]) -> Iterator[tuple]:
    for rec in records:
        yield (rec.iteration, float(rec.scalars[LOSS]), float(rec.scalars[LR]), *rec.after.tolist())


def _last(session: Session, last: int | None) -> int:
    return len(session.history) if last is None else last


def gradient_rows(session: Session, first: int = 1, last: int | None = None,
                  numeric: bool | None = None) -> Iterator[tuple]:
    """numeric None: on for networks up to numeric.DEFAULT_LIMIT trainable parameters."""
    numeric = numeric_default(session) if numeric is None else numeric
    for chunk in _chunks(session, first, _last(session, last)):
        yield from _gradient_chunk(session, chunk, numeric)


def forward_rows(session: Session, first: int = 1, last: int | None = None) -> Iterator[tuple]:
    for chunk in _chunks(session, first, _last(session, last)):
        yield from _forward_chunk(session, chunk)


def loss_rows(session: Session, first: int = 1, last: int | None = None) -> Iterator[tuple]:
    for chunk in _chunks(session, first, _last(session, last)):
        yield from _loss_chunk(session, chunk)


def history_columns(session: Session) -> tuple[str, ...]:
    return ("iteration", "loss", "lr") + tuple(r.column for r in session.params.refs)


def history_rows(session: Session) -> Iterator[tuple]:
    hist = session.history
    if not hist.tracks_all:
        for chunk in _chunks(session, 1, len(hist)):
            yield from _history_chunk(chunk)
        return
    step = max(1, CHUNK_VALUES // (session.params.size + 3))
    for start in range(0, len(hist), step):
        rows = slice(start, min(start + step, len(hist)))
        losses = hist.column("scalars", LOSS)[rows].tolist()
        lrs = hist.column("scalars", LR)[rows].tolist()
        params = hist.column("after")[rows].tolist()
        for n, (loss, lr, theta) in enumerate(zip(losses, lrs, params, strict=True)):
            yield (rows.start + n + 1, loss, lr, *theta)


def export_all(session: Session, out_dir: Path, numeric: bool | None = None,
               progress: Progress | None = None) -> None:
    """Write the four CSVs of iterations 1..n into out_dir, whole or not at all.

    The files are written in one pass over the history into a temporary folder beside
    out_dir, then moved into it; any exception (an error, MemoryError, KeyboardInterrupt)
    removes the temporary folder and leaves out_dir as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    numeric = numeric_default(session) if numeric is None else numeric
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent))
    try:
        temp.chmod(0o777 & ~_umask())
        _write_all(session, temp, numeric, progress)
        _move_into_place(temp, out_dir)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _write_all(session: Session, folder: Path, numeric: bool, progress: Progress | None) -> None:
    n = len(session.history)
    with ExitStack() as files:
        gradients, forward, loss, history = (
            csvfile.writer(files.enter_context(open(folder / name, "w", newline="", encoding="utf-8")))
            for name in FILES)
        gradients.writerow(GRADIENT_COLUMNS)
        forward.writerow(FORWARD_COLUMNS)
        loss.writerow(LOSS_COLUMNS)
        history.writerow(history_columns(session))
        done = 0
        for chunk in _chunks(session, 1, n):
            gradients.writerows(_gradient_chunk(session, chunk, numeric))
            forward.writerows(_forward_chunk(session, chunk))
            loss.writerows(_loss_chunk(session, chunk))
            history.writerows(_history_chunk(chunk))
            done += len(chunk)
            if progress:
                progress(done, n)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def targets(out_dir: str | os.PathLike) -> list[Path]:
    """The files an export into out_dir replaces (through symlinks, as every output does);
    SpecError naming the first that is not a regular file, or out_dir if it is not a folder.
    Checked before training, so a refusal costs nothing, and again before moving."""
    out_dir = atomic.folder(out_dir, "--out")
    if not out_dir.exists():
        return []
    return [atomic.target(out_dir / name, "--out") for name in FILES]


def _move_into_place(temp: Path, out_dir: Path) -> None:
    """A new folder appears at once; into an existing one the four files are replaced."""
    if not out_dir.exists():
        os.replace(temp, out_dir)
        return
    for name, target in zip(FILES, targets(out_dir), strict=True):
        os.replace(temp / name, target)


__all__ = ["export_all", "targets", "gradient_rows", "forward_rows", "loss_rows",
           "history_rows", "history_columns", "numeric_default"]
