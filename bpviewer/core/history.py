"""Frozen per-iteration records, stored as rows of one growing float array.

A row holds everything one iteration computed (parameters after the update, gradients,
z, a, ∂L/∂a, f′(z), δ per sample, loss terms, lr, optimizer state after). A Record is
a read-only view of a row, so stepping back reads numbers and never recomputes them,
and 100,000 iterations of the Mazur net take ≈ 42 MB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import ParamLayout


class RowLayout:
    """Named slices of a history row; per-sample blocks are padded to the batch size."""

    def __init__(self, params: ParamLayout, batch: int, state_names: tuple[str, ...],
                 dropout_layers: tuple[int, ...]) -> None:
        self.params = params
        self.batch = batch
        self.state_names = state_names
        self.dropout_layers = dropout_layers
        layers = params.layers
        self.slices: dict[str, slice] = {}
        self.shapes: dict[str, tuple[int, ...]] = {}
        self._offset = 0
        self._add("after", (params.size,))
        self._add("grad", (params.size,))
        for l in range(1, len(layers)):
            for block in ("z", "a", "dLda", "fprime", "delta"):
                self._add(f"{block}{l}", (batch, layers[l]))
        for l in dropout_layers:
            self._add(f"mask{l}", (batch, layers[l]))
        self._add("terms", (batch, layers[-1]))
        self._add("scalars", (8,))
        self._add("indices", (batch,))
        trainable = len(params.trainable)
        for name in state_names:
            self._add(f"state:{name}", (trainable,))
        self.width = self._offset

    def _add(self, name: str, shape: tuple[int, ...]) -> None:
        size = int(np.prod(shape))
        self.slices[name] = slice(self._offset, self._offset + size)
        self.shapes[name] = shape
        self._offset += size

    def view(self, row: np.ndarray, name: str) -> np.ndarray:
        return row[self.slices[name]].reshape(self.shapes[name])


#: positions inside the "scalars" block; TEST_LOSS is after the update, NaN without test data
LOSS, DATA_LOSS, L1_TERM, LR, BATCH_SIZE, EPOCH, OPT_STEP, TEST_LOSS = range(8)


@dataclass(frozen=True)
class Record:
    """One iteration, read-only. `before` is the previous record's `after` (or the start)."""

    iteration: int
    row: np.ndarray
    before: np.ndarray
    layout: RowLayout
    inputs: np.ndarray

    def _get(self, name: str) -> np.ndarray:
        return self.layout.view(self.row, name)

    @property
    def after(self) -> np.ndarray:
        return self._get("after")

    @property
    def grad(self) -> np.ndarray:
        return self._get("grad")

    @property
    def batch_size(self) -> int:
        return int(self._get("scalars")[BATCH_SIZE])

    @property
    def indices(self) -> np.ndarray:
        return self._get("indices")[: self.batch_size].astype(np.intp)

    def block(self, name: str, layer: int) -> np.ndarray:
        """z, a, dLda, fprime, delta or mask of a 1-based layer, one row per sample."""
        return self._get(f"{name}{layer}")[: self.batch_size]

    def activations(self, layer: int) -> np.ndarray:
        """a of any layer, layer 0 being the batch's inputs."""
        return self.inputs if layer == 0 else self.block("a", layer)

    def layer_input(self, layer: int) -> np.ndarray:
        """What weight layer `layer` multiplies: a of the layer before, after dropout."""
        a = self.activations(layer - 1)
        if layer - 1 in self.layout.dropout_layers:
            return a * self.block("mask", layer - 1)
        return a

    @property
    def terms(self) -> np.ndarray:
        return self._get("terms")[: self.batch_size]

    def scalar(self, which: int) -> float:
        return float(self._get("scalars")[which])

    @property
    def loss(self) -> float:
        return self.scalar(LOSS)

    @property
    def test_loss(self) -> float:
        return self.scalar(TEST_LOSS)

    @property
    def lr(self) -> float:
        return self.scalar(LR)

    @property
    def epoch(self) -> int:
        return int(self.scalar(EPOCH))

    @property
    def optimizer_step(self) -> int:
        return int(self.scalar(OPT_STEP))

    def state(self, name: str) -> np.ndarray:
        return self._get(f"state:{name}")


class History:
    """Rows in a doubling array; records 1..n; `initial` is the state at iteration 0."""

    def __init__(self, layout: RowLayout, initial: np.ndarray, inputs: np.ndarray,
                 dtype: np.dtype) -> None:
        self.layout = layout
        self.initial = initial.copy()
        self.initial.flags.writeable = False
        self._inputs = inputs
        self._rows = np.empty((16, layout.width), dtype)
        self._n = 0
        self._edits: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return self._n

    @property
    def nbytes(self) -> int:
        return self._n * self._rows.shape[1] * self._rows.itemsize

    def new_row(self) -> np.ndarray:
        """A scratch row to fill; `commit` makes it part of history."""
        if self._n == len(self._rows):
            grown = np.empty((2 * len(self._rows), self._rows.shape[1]), self._rows.dtype)
            grown[: self._n] = self._rows[: self._n]
            self._rows = grown
        return self._rows[self._n]

    def commit(self) -> None:
        self._n += 1

    def truncate(self, n: int) -> None:
        self._n = min(self._n, n)
        self._edits = {k: v for k, v in self._edits.items() if k <= self._n}

    def override(self, iteration: int, theta: np.ndarray) -> None:
        """A hand edit after `iteration`: the next iteration starts from theta."""
        self.truncate(iteration)
        self._edits[iteration] = self._frozen(theta.copy())

    def params_at(self, iteration: int) -> np.ndarray:
        """Parameters at the end of `iteration` (0 = the start), hand edits included."""
        if iteration in self._edits:
            return self._edits[iteration]
        if iteration == 0:
            return self.initial
        return self._frozen(self._rows[iteration - 1, self.layout.slices["after"]])

    def column(self, name: str, index: int | slice = slice(None)) -> np.ndarray:
        """One quantity across every iteration, e.g. for plots: shape (n, …)."""
        block = self._rows[: self._n, self.layout.slices[name]]
        return self._frozen(block[:, index])

    def __getitem__(self, iteration: int) -> Record:
        if not 1 <= iteration <= self._n:
            raise IndexError(f"iteration {iteration} is not in history (1..{self._n})")
        row = self._frozen(self._rows[iteration - 1])
        record_inputs = self._inputs[
            row[self.layout.slices["indices"]][: int(row[self.layout.slices["scalars"]][BATCH_SIZE])]
            .astype(np.intp)]
        return Record(iteration, row, self.params_at(iteration - 1), self.layout, record_inputs)

    @staticmethod
    def _frozen(a: np.ndarray) -> np.ndarray:
        view = a.view()
        view.flags.writeable = False
        return view
