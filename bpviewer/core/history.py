"""Compact history: a few numbers per iteration, every trace rebuilt on demand.

Per iteration we keep only what cannot be recomputed cheaply: the loss scalars, lr, test
loss, the L1 λ, each weight layer's gradient norm, and the parameters after the update (all
of them for a small network, a fixed sample for a large one). Every K iterations a keyframe
keeps the rest of the training state (all parameters, optimizer buffers), K chosen so that
keyframes cost about KEYFRAME_BYTES an iteration. An iteration's trace (z, a, ∂L/∂a, f′, δ,
masks, terms, gradient) is rebuilt by replaying the engine's own step from the nearest saved
state, so it is bitwise what training computed. Recent states and records sit in small LRU
caches, so stepping back costs at most a few replays. Memory per iteration therefore grows
with the parameters (or not at all for a large network), never with batch × width.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .params import ParamLayout

#: positions in an iteration's scalar row; TEST_LOSS is after the update, NaN without test
#: data; L1 is λ; the weight layers' gradient norms follow from NORMS on
LOSS, DATA_LOSS, L1_TERM, LR, BATCH_SIZE, EPOCH, OPT_STEP, TEST_LOSS, L1, NORMS = range(10)

BLOCK_BYTES = 1 << 20
KEYFRAME_BYTES = 2048
TRACK_ALL = 512
TRACK_WEIGHTS, TRACK_BIASES = 64, 16
STATE_CACHE_BYTES = 64 << 20
RECORD_CACHE = 8


class Table:
    """Rows of a fixed width in ~1 MB blocks, so appending never copies what is stored."""

    def __init__(self, width: int, dtype: np.dtype) -> None:
        self.width = width
        self.dtype = np.dtype(dtype)
        self.per_block = max(1, BLOCK_BYTES // max(1, width * self.dtype.itemsize))
        self._blocks: list[np.ndarray] = []
        self.n = 0

    def append(self, values: np.ndarray) -> None:
        if self.width:
            block, i = divmod(self.n, self.per_block)
            if block == len(self._blocks):
                self._blocks.append(np.empty((self.per_block, self.width), self.dtype))
            self._blocks[block][i] = values
        self.n += 1

    def row(self, i: int) -> np.ndarray:
        block, j = divmod(i, self.per_block)
        return self._blocks[block][j]

    def column(self, index: int | slice | np.ndarray) -> np.ndarray:
        """Column(s) over rows 0..n−1 as one new array (truncate keeps only the blocks
        that hold them)."""
        parts = [b[:, index] for b in self._blocks]
        if not parts:
            return np.zeros((0,) + np.zeros(self.width)[index].shape, self.dtype)
        return np.concatenate(parts)[: self.n]

    def truncate(self, n: int) -> None:
        self.n = min(self.n, n)
        del self._blocks[math.ceil(self.n / self.per_block):]

    @property
    def nbytes(self) -> int:
        return self.n * self.width * self.dtype.itemsize


@dataclass(frozen=True)
class Snapshot:
    """The training state at the end of an iteration: what the next iteration starts from."""

    theta: np.ndarray
    state: dict[str, np.ndarray]
    step: int


@dataclass(frozen=True)
class Trace:
    """What one iteration computed, per layer l = 1..L at list index l − 1."""

    indices: np.ndarray
    inputs: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]
    dLda: list[np.ndarray]
    fprime: list[np.ndarray]
    delta: list[np.ndarray]
    masks: dict[int, np.ndarray]
    terms: np.ndarray
    grad: np.ndarray


@dataclass(frozen=True)
class HistoryLayout:
    params: ParamLayout
    state_names: tuple[str, ...]
    dropout_layers: tuple[int, ...]


def _frozen(a: np.ndarray) -> np.ndarray:
    view = a.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True)
class Record:
    """One iteration, read-only. `before` is the previous iteration's `after` (or the start)."""

    iteration: int
    trace: Trace
    before: np.ndarray
    after: np.ndarray
    scalars: np.ndarray
    states: dict[str, np.ndarray]
    layout: HistoryLayout

    @property
    def inputs(self) -> np.ndarray:
        return _frozen(self.trace.inputs)

    @property
    def grad(self) -> np.ndarray:
        return _frozen(self.trace.grad)

    @property
    def batch_size(self) -> int:
        return len(self.trace.indices)

    @property
    def indices(self) -> np.ndarray:
        return _frozen(self.trace.indices)

    def block(self, name: str, layer: int) -> np.ndarray:
        """z, a, dLda, fprime, delta or mask of a 1-based layer, one row per sample."""
        if name == "mask":
            return _frozen(self.trace.masks[layer])
        return _frozen(getattr(self.trace, name)[layer - 1])

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
        return _frozen(self.trace.terms)

    def scalar(self, which: int) -> float:
        return float(self.scalars[which])

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
        """An optimizer buffer after this iteration's update."""
        return _frozen(self.states[name])


#: replay(k, snapshot at k − 1, lr) -> (trace of k, snapshot at k); the engine's own step
Replay = Callable[[int, Snapshot, float], tuple[Trace, Snapshot]]


class History:
    """Iterations 1..n; `initial` is the parameter vector at iteration 0."""

    def __init__(self, layout: HistoryLayout, start: Snapshot, dtype: np.dtype,
                 replay: Replay) -> None:
        self.layout = layout
        params = layout.params
        self.start = start
        self.initial = _frozen(start.theta.copy())
        self._replay = replay
        self.tracked = _tracked(params)
        self.tracks_all = len(self.tracked) == params.size
        self._position = {int(i): p for p, i in enumerate(self.tracked)}
        self._scalars = Table(NORMS + len(params.weight_slices), np.float64)
        self._after = Table(len(self.tracked), dtype)
        trainable = len(params.trainable)
        kf_width = (0 if self.tracks_all else params.size) + len(layout.state_names) * trainable
        itemsize = np.dtype(dtype).itemsize
        self.keyframe_every = max(1, math.ceil(kf_width * itemsize / KEYFRAME_BYTES))
        self.cache_every = max(1, math.isqrt(self.keyframe_every) // 5)
        self._keyframes = Table(kf_width, dtype)
        snapshot_bytes = (params.size + len(layout.state_names) * trainable) * itemsize
        self._cache_size = min(256, max(8, STATE_CACHE_BYTES // max(1, snapshot_bytes)))
        self._states: OrderedDict[int, Snapshot] = OrderedDict()
        self._records: OrderedDict[int, Record] = OrderedDict()
        self._edits: dict[int, Snapshot] = {}
        self._last: tuple[int, Record] | None = None
        #: the state before the last iteration: what its steps read (Run's every frame
        #: replayed up to a chunk of a large network's iterations for it, ~5 ms each)
        self._previous: tuple[int, Snapshot] | None = None

    def __len__(self) -> int:
        return self._scalars.n

    @property
    def nbytes(self) -> int:
        """Bytes held for iterations 1..n (the caches excluded: they are bounded)."""
        return self._scalars.nbytes + self._after.nbytes + self._keyframes.nbytes

    # -- appending ----------------------------------------------------------------------
    def append(self, scalars: np.ndarray, trace: Trace, before: np.ndarray,
               after: Snapshot, record: Record | None = None) -> None:
        """Iteration n + 1 as training computed it (its trace stays cached until the next);
        record: the one `made` of these, shown before it was appended."""
        k = len(self) + 1
        self._scalars.append(scalars)
        self._after.append(after.theta if self.tracks_all else after.theta[self.tracked])
        if k % self.keyframe_every == 0:
            self._keyframes.append(self._keyframe_row(after))
        if k % self.cache_every == 0:
            self._remember(self._states, k, after, self._cache_size)
        if self._last:
            rec = self._last[1]
            self._previous = (self._last[0], Snapshot(rec.after, rec.states, rec.optimizer_step))
        self._last = (k, self._record(k, trace, before, after) if record is None else record)

    def made(self, k: int, scalars: np.ndarray, trace: Trace, before: np.ndarray,
             after: Snapshot) -> Record:
        """The record `append` would give iteration k of these, before it is appended."""
        return Record(k, trace, _frozen(before), _frozen(after.theta), _frozen(scalars.copy()),
                      after.state, self.layout)

    def _keyframe_row(self, snap: Snapshot) -> np.ndarray:
        parts = [] if self.tracks_all else [snap.theta]
        parts += [snap.state[name] for name in self.layout.state_names]
        return np.concatenate(parts) if parts else np.zeros(0)

    # -- branching ----------------------------------------------------------------------
    def truncate(self, n: int) -> None:
        n = min(len(self), n)
        self._scalars.truncate(n)
        self._after.truncate(n)
        self._keyframes.truncate(n // self.keyframe_every)
        for cache in (self._states, self._records):
            for k in [k for k in cache if k > n]:
                del cache[k]
        self._edits = {k: v for k, v in self._edits.items() if k <= n}
        if self._last and self._last[0] > n:
            self._last = None
        if self._previous and self._previous[0] > n:
            self._previous = None

    def override(self, iteration: int, theta: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """A hand edit after `iteration`: the next iteration starts from theta (state kept)."""
        self.truncate(iteration)
        # the state cached at `iteration` stays: every reader looks in _edits first
        self._edits[iteration] = Snapshot(_frozen(theta.copy()), dict(state),
                                          self._step_at(iteration))

    def clear_cache(self) -> None:
        """Forget every cached trace and state: the next reads rebuild them (for tests)."""
        self._states.clear()
        self._records.clear()
        self._last = self._previous = None

    # -- reading ------------------------------------------------------------------------
    def is_tracked(self, index: int) -> bool:
        return index in self._position

    def params_at(self, iteration: int) -> np.ndarray:
        """Parameters at the end of `iteration` (0 = the start), hand edits included."""
        if iteration in self._edits:
            return self._edits[iteration].theta
        if iteration == 0:
            return self.initial
        if self.tracks_all:
            return _frozen(self._after.row(iteration - 1))
        return _frozen(self.snapshot(iteration).theta)

    def state_at(self, iteration: int) -> dict[str, np.ndarray]:
        """The optimizer's buffers at the end of `iteration` (0 = fresh)."""
        return {k: _frozen(v) for k, v in self.snapshot(iteration).state.items()}

    def column(self, name: str, index: int | slice = slice(None)) -> np.ndarray:
        """"scalars" or a tracked parameter's "after" across iterations 1..n: shape (n, …)."""
        if name == "scalars":
            return _frozen(self._scalars.column(index))
        if name != "after":
            raise KeyError(name)
        if isinstance(index, slice):
            if not self.tracks_all:
                raise KeyError("the parameters of a large network are sampled; ask for one")
            return _frozen(self._after.column(index))
        if index not in self._position:
            raise KeyError(f"parameter {index} is not tracked per iteration")
        return _frozen(self._after.column(self._position[index]))

    def scalars(self, iteration: int) -> np.ndarray:
        return _frozen(self._scalars.row(iteration - 1))

    def __getitem__(self, iteration: int) -> Record:
        if not 1 <= iteration <= len(self):
            raise IndexError(f"iteration {iteration} is not in history (1..{len(self)})")
        if self._last and self._last[0] == iteration:
            return self._last[1]
        record = self._records.get(iteration)
        if record is None:
            before = self.snapshot(iteration - 1)
            trace, after = self._replay(iteration, before, self._lr(iteration))
            self._remember(self._states, iteration, after, self._cache_size)
            record = self._record(iteration, trace, before.theta, after)
            self._remember(self._records, iteration, record, RECORD_CACHE)
        else:
            self._records.move_to_end(iteration)
        return record

    def records(self, first: int, last: int) -> Iterator[Record]:
        """Iterations first..last in order, replayed one after the other (for export)."""
        snap = self.snapshot(first - 1)
        for k in range(first, last + 1):
            snap = self._edits.get(k - 1, snap)
            cached = self._records.get(k) or (self._last[1] if self._last and self._last[0] == k
                                               else None)
            if cached is not None:
                yield cached
                snap = Snapshot(cached.after, cached.states, cached.optimizer_step)
                continue
            trace, after = self._replay(k, snap, self._lr(k))
            yield self._record(k, trace, snap.theta, after)
            snap = after

    def snapshot(self, iteration: int) -> Snapshot:
        """The state at the end of `iteration`: from a cache, an edit or a keyframe, replayed."""
        if iteration in self._edits:
            return self._edits[iteration]
        if iteration in self._states:
            self._states.move_to_end(iteration)
            return self._states[iteration]
        if self._last and self._last[0] == iteration:
            rec = self._last[1]
            return Snapshot(rec.after, rec.states, rec.optimizer_step)
        if self._previous and self._previous[0] == iteration:
            return self._previous[1]
        base = self._base(iteration)  # at or after every edit up to `iteration`: none to apply
        snap = self._stored(base)
        for k in range(base + 1, iteration + 1):
            snap = self._replay(k, snap, self._lr(k))[1]
            # every state of the last stretch too: stepping back then replays one iteration
            if k % self.cache_every == 0 or iteration - k < self.cache_every:
                self._remember(self._states, k, snap, self._cache_size)
        return snap

    def _base(self, iteration: int) -> int:
        """The latest iteration ≤ `iteration` whose state is stored or cached."""
        keyframe = iteration // self.keyframe_every * self.keyframe_every
        cached = [k for k in (*self._states, *self._edits) if k <= iteration]
        return max([keyframe, *cached])

    def _stored(self, k: int) -> Snapshot:
        if k in self._edits:
            return self._edits[k]
        if k in self._states:
            return self._states[k]
        if k == 0:
            return self.start
        row = (self._keyframes.row(k // self.keyframe_every - 1) if self._keyframes.width
               else np.zeros(0))
        size = 0 if self.tracks_all else self.layout.params.size
        theta = self._after.row(k - 1) if self.tracks_all else row[:size]
        trainable = len(self.layout.params.trainable)
        state = {name: row[size + i * trainable: size + (i + 1) * trainable]
                 for i, name in enumerate(self.layout.state_names)}
        return Snapshot(theta, state, self._step_at(k))

    def _step_at(self, k: int) -> int:
        return int(self._scalars.row(k - 1)[OPT_STEP]) if k else 0

    def _lr(self, k: int) -> float:
        return float(self._scalars.row(k - 1)[LR])

    def _record(self, k: int, trace: Trace, before: np.ndarray, after: Snapshot) -> Record:
        return self.made(k, self._scalars.row(k - 1), trace, before, after)

    @staticmethod
    def _remember(cache: OrderedDict, key: int, value, size: int) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def _tracked(params: ParamLayout) -> np.ndarray:
    """Parameters recorded every iteration: all of a small network, else a sample per layer
    (the first weights and biases of each layer) for the parameter plots."""
    if params.size <= TRACK_ALL:
        return np.arange(params.size)
    picks = []
    for w, b in zip(params.weight_slices, params.bias_slices, strict=True):
        picks.append(np.arange(w.start, min(w.stop, w.start + TRACK_WEIGHTS)))
        picks.append(np.arange(b.start, min(b.stop, b.start + TRACK_BIASES)))
    return np.sort(np.concatenate(picks))
