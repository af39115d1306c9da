"""The compact history: a rebuilt trace is bitwise the trace training computed, and memory
per iteration does not grow with batch × width."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pytest
import torch

from bpviewer.core import history as history_mod
from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .compare import check_session, close
from .torch_reference import TorchReference


def _fields(rec) -> dict[str, np.ndarray]:
    out = {"before": rec.before, "after": rec.after, "grad": rec.grad, "terms": rec.terms,
           "indices": rec.indices, "inputs": rec.inputs, "scalars": rec.scalars}
    for l in range(1, len(rec.layout.params.layers)):
        for name in ("z", "a", "dLda", "fprime", "delta"):
            out[f"{name}{l}"] = rec.block(name, l)
    for l in rec.layout.dropout_layers:
        out[f"mask{l}"] = rec.block("mask", l)
    for name in rec.layout.state_names:
        out[f"state {name}"] = rec.state(name)
    return out


def _train_capturing(session: Session, n: int) -> list[dict[str, np.ndarray]]:
    """Train n iterations one by one, copying each iteration's trace as training made it."""
    seen = []
    for _ in range(n):
        session.trainer.run(1)
        seen.append({k: np.array(v) for k, v in _fields(session.history[len(session.history)]).items()})
    return seen


def _assert_rebuilt_equal(session: Session, seen: list[dict[str, np.ndarray]], order) -> None:
    session.history.clear_cache()
    for k in order:
        rebuilt = _fields(session.history[k])
        assert rebuilt.keys() == seen[k - 1].keys()
        for name, value in seen[k - 1].items():
            assert np.array_equal(rebuilt[name], value, equal_nan=True), f"iteration {k}: {name}"
            assert rebuilt[name].dtype == value.dtype


def _variant(name: str, **changes) -> Session:
    return Session(presets.load(name).with_changes(**changes))


def _sessions() -> list[tuple[str, Callable[[], Session]]]:
    """(label, a maker of a fresh Session): parameters are made at import, and a test run that
    imports once and runs twice (mutmut) must not find the sessions trained already."""
    out = [(name, lambda name=name: _variant(name)) for name in presets.names()]
    out.append(("spiral, dropout, shuffled mini-batches",
                lambda: _variant("spiral", dropout=[0.3, 0.2], batch_size=32, shuffle=True)))
    out.append(("circles, frozen layer 1, L1, float32",
                lambda: _variant("circles", frozen_layers=[1], l1=0.001, dtype="float32")))
    return out


@pytest.mark.parametrize("label, make", _sessions(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_rebuilt_trace_is_bitwise_the_trained_one(label: str, make: Callable[[], Session]) -> None:
    session = make()
    n = 12 if session.params.size < 5000 else 3
    seen = _train_capturing(session, n)
    _assert_rebuilt_equal(session, seen, range(n, 0, -1))
    _assert_rebuilt_equal(session, seen, [n // 2, 1, n, 2])
    records = list(session.history.records(1, n))
    for rec, trained in zip(records, seen, strict=True):
        assert all(np.array_equal(v, trained[k], equal_nan=True) for k, v in _fields(rec).items())


def test_rebuilt_through_sparse_keyframes_edits_and_retunes(monkeypatch) -> None:
    """Keyframes every 9 iterations: replays start from keyframes, cached states and edits."""
    monkeypatch.setattr(history_mod, "KEYFRAME_BYTES", 100)
    s = _variant("phone-price-mini", dropout=[0.2, 0.1])
    assert s.history.keyframe_every > 5
    s.run(10)
    s.goto(7)
    s.set_param(s.params.ref("weight", 2, 1, 1).index, 0.5)
    s.goto(7)
    s.set_spec(optimizer={"name": "adam", "lr": 0.002, "betas": [0.8, 0.9]}, l1=0.01)
    seen = [{k: np.array(v) for k, v in _fields(s.history[k]).items()} for k in range(1, 8)]
    seen += _train_capturing(s, 25)
    _assert_rebuilt_equal(s, seen, range(32, 0, -1))
    assert s.history[8].before[s.params.ref("weight", 2, 1, 1).index] == 0.5
    assert s.history[9].lr == 0.002 and s.history[9].scalar(history_mod.L1) == 0.01


def test_rebuilt_traces_equal_torch_with_dropout_and_sparse_keyframes(monkeypatch) -> None:
    monkeypatch.setattr(history_mod, "KEYFRAME_BYTES", 64)
    s = _variant("spiral", dropout=[0.3, 0.2], batch_size=40, shuffle=True)
    assert s.history.keyframe_every > 1
    s.trainer.run(1)
    s.history.clear_cache()
    s.trainer.rewind(0)
    check_session(s, 9)


@pytest.mark.parametrize("name", ["spiral", "phone-price-mini", "overfitting", "circles"])
def test_memory_per_iteration_does_not_grow_with_the_batch(name: str) -> None:
    small = _variant(name, batch_size=2)
    full = _variant(name, batch_size=None)
    for s in (small, full):
        s.trainer.run(40)
    per = [s.history.nbytes / len(s.history) for s in (small, full)]
    assert per[0] == per[1]
    params = small.params.size
    assert per[0] <= 8 * params + 100 + history_mod.KEYFRAME_BYTES


def test_a_large_network_keeps_a_fixed_sample_of_parameters_per_iteration() -> None:
    s = _variant("phone-price-mini", layers=[2, 300, 300, 4], weights=None, biases=None,
                 init={"scheme": "kaiming_normal", "seed": 0})
    s.trainer.run(30)
    per = s.history.nbytes / len(s.history)
    assert not s.history.tracks_all and per < 6_000 < 8 * s.params.size
    index = int(s.history.tracked[-1])
    values = s.param_history(index)
    assert np.array_equal(values, [s.history[k].after[index] for k in range(1, 31)])
    assert np.array_equal(s.history.params_at(17), s.history[18].before)
    untracked = int(np.setdiff1d(np.arange(s.params.size), s.history.tracked)[0])
    with pytest.raises(KeyError):
        s.param_history(untracked)
    assert s.history.is_tracked(index) and not s.history.is_tracked(untracked)


def test_a_large_network_samples_the_first_64_weights_and_16_biases_of_each_layer() -> None:
    """The sample the parameter plots draw, as (kind, layer, to, from) the CSVs name them: each
    layer's first 64 weights row by row (to, then from) and its first 16 biases, once each."""
    s = _variant("phone-price-mini", layers=[2, 300, 300, 4], weights=None, biases=None,
                 init={"scheme": "kaiming_normal", "seed": 0})
    expected = set()
    for layer, (n_in, n_out) in enumerate([(2, 300), (300, 300), (300, 4)], start=1):
        rows = [(to, source) for to in range(1, n_out + 1) for source in range(1, n_in + 1)]
        expected |= {("weight", layer, to, source) for to, source in rows[:64]}
        expected |= {("bias", layer, to, None) for to in range(1, min(16, n_out) + 1)}
    refs = [s.params.refs[int(i)] for i in s.history.tracked]
    assert len(refs) == len(expected) == 3 * 64 + 16 + 16 + 4
    assert {(r.kind, r.layer, r.to, r.source) for r in refs} == expected


def test_a_large_network_read_back_through_keyframes_equals_torch() -> None:
    """731 parameters (more than TRACK_ALL) with Adam's two buffers: keyframes every 9 iterations
    hold all parameters then m then v; read newest first after clearing the caches, every
    iteration's parameters and buffers start from a keyframe and equal torch's."""
    s = _variant("circles", layers=[2, 30, 20, 1])
    assert not s.history.tracks_all and s.history.keyframe_every == 9
    ref = TorchReference(s)
    s.trainer.run(20)
    read = {}
    for k in range(20, 0, -1):
        s.history.clear_cache()
        rec = s.history[k]
        read[k] = (np.array(rec.before), np.array(rec.after),
                   {name: np.array(rec.state(name)) for name in rec.layout.state_names})
    for k in range(1, 21):
        seen = ref.step(k)
        before, after, states = read[k]
        close(before, seen["before"], f"iteration {k} before")
        close(after, seen["after"], f"iteration {k} after")
        for name, value in seen["state"].items():
            close(states[name], value, f"iteration {k} {name}")


def test_reading_an_iteration_again_replays_nothing(monkeypatch) -> None:
    s = _variant("circles")
    s.trainer.run(12)
    s.history.clear_cache()
    replays = []
    replay = s.history._replay
    monkeypatch.setattr(s.history, "_replay", lambda *args: replays.append(args[0]) or replay(*args))
    first = s.history[5]
    count = len(replays)
    assert s.history[5] is first and len(replays) == count


def test_an_empty_table_s_columns_have_its_dtype_and_shape() -> None:
    table = history_mod.Table(3, np.float32)
    assert (table.column(1).dtype, table.column(1).shape) == (np.float32, (0,))
    assert (table.column(slice(None)).dtype, table.column(slice(None)).shape) == (np.float32, (0, 3))


def test_the_state_before_the_last_iteration_needs_no_replay(monkeypatch) -> None:
    """What the last iteration's steps read, and Run reads every frame: phone-price caches
    every 4th state, and replayed up to three iterations for it."""
    s = Session(presets.load("phone-price"))
    assert s.history.cache_every > 1
    s.trainer.run(6)
    replays = []
    replay = s.history._replay
    monkeypatch.setattr(s.history, "_replay", lambda *args: replays.append(args[0]) or replay(*args))
    kept = s.history.snapshot(5)
    assert replays == []
    s.history.clear_cache()
    replayed = s.history.snapshot(5)
    assert replays
    assert np.array_equal(kept.theta, replayed.theta) and kept.step == replayed.step
    for name, value in replayed.state.items():
        assert np.array_equal(kept.state[name], value), name


def _counting_replays(monkeypatch, history: history_mod.History) -> list[int]:
    replays: list[int] = []
    replay = history._replay
    monkeypatch.setattr(history, "_replay", lambda *args: replays.append(args[0]) or replay(*args))
    return replays


def test_a_hand_edit_under_adam_read_back_and_exported_equals_torch(monkeypatch) -> None:
    """w set to 0.9 after iteration 5 of 12 under Adam (whose bias correction counts steps):
    torch makes the same edit between its steps and keeps its optimizer state. Every
    iteration read back newest first with the caches cleared, through keyframes every 4
    iterations, and the export's replay of all twelve in order, equal torch's."""
    monkeypatch.setattr(history_mod, "KEYFRAME_BYTES", 420)
    s = _variant("circles", optimizer={"name": "adam", "lr": 0.03})
    assert s.history.keyframe_every == 4
    ref = TorchReference(s)
    s.run(8)
    s.goto(5)
    w = s.params.ref("weight", 2, 1, 3)
    s.set_param(w.index, 0.9)
    s.run(7)
    read = {}
    for k in range(12, 0, -1):
        s.history.clear_cache()
        read[k] = s.history[k]
    s.history.clear_cache()
    exported = list(s.history.records(1, 12))
    for k in range(1, 13):
        seen = ref.step(k)
        if k == 5:
            with torch.no_grad():
                ref.torch.weights[w.layer - 1][w.to - 1, w.source - 1] = 0.9
        for rec in (read[k], exported[k - 1]):
            assert rec.iteration == k
            close(rec.before, seen["before"], f"iteration {k} before")
            close(rec.after, seen["after"], f"iteration {k} after")
            for name, value in seen["state"].items():
                close(rec.state(name), value, f"iteration {k} {name}")
    assert read[6].before[w.index] == exported[5].before[w.index] == 0.9


def test_an_edit_at_the_start_keeps_the_optimizer_fresh() -> None:
    """torch.optim counts no step before the first: an edit at iteration 0 starts from step 0."""
    s = _variant("circles")
    s.history.override(0, np.array(s.history.initial), {})
    assert s.history.snapshot(0).step == 0


def test_a_branch_keeps_what_it_has_read_up_to_its_iteration(monkeypatch) -> None:
    """Cutting history after n (an edit or a retune at n) keeps the record and state of n the
    window read or trained last: showing n again replays nothing. phone-price caches every
    4th state, so a state at 5 or 6 not kept would be replayed."""
    s = Session(presets.load("phone-price"))
    assert s.history.cache_every == 4
    s.trainer.run(6)
    s.history.truncate(6)
    replays = _counting_replays(monkeypatch, s.history)
    assert s.history[6].iteration == 6 and s.history.snapshot(6).step == 6
    s.history.truncate(5)
    assert s.history.snapshot(5).step == 5
    assert replays == []
    s.history.clear_cache()
    s.history[3]
    count = len(replays)
    s.history.truncate(3)
    assert s.history[3].iteration == 3 and len(replays) == count


def test_an_export_replays_only_what_is_not_kept(monkeypatch) -> None:
    """Right after training, the last iteration's record is kept; after the window read one,
    that one is: the export's replay in order skips both (phone-price, ~5 ms an iteration)."""
    s = Session(presets.load("phone-price"))
    s.trainer.run(6)
    replays = _counting_replays(monkeypatch, s.history)
    assert [rec.iteration for rec in s.history.records(1, 6)] == [1, 2, 3, 4, 5, 6]
    assert replays == [1, 2, 3, 4, 5]
    s.history.clear_cache()
    s.history[3]
    replays.clear()
    assert [rec.iteration for rec in s.history.records(1, 6)] == [1, 2, 3, 4, 5, 6]
    assert replays == [1, 2, 4, 5, 6]


def test_the_last_iteration_s_state_needs_no_replay(monkeypatch) -> None:
    """What a retune at the end of history starts from: parameters, Adam's buffers and step,
    equal to those replayed from the start."""
    s = Session(presets.load("phone-price"))
    s.trainer.run(6)
    replays = _counting_replays(monkeypatch, s.history)
    kept = s.history.snapshot(6)
    assert kept.step == 6 and replays == []
    s.history.clear_cache()
    replayed = s.history.snapshot(6)
    assert replays == [1, 2, 3, 4, 5, 6]
    assert np.array_equal(kept.theta, replayed.theta) and replayed.step == 6
    assert kept.state.keys() == replayed.state.keys() == {"exp_avg", "exp_avg_sq"}
    for name, value in replayed.state.items():
        assert np.array_equal(kept.state[name], value), name


@pytest.mark.parametrize(("preset", "keyframe_bytes", "every", "replayed"), [
    ("phone-price", history_mod.KEYFRAME_BYTES, 4, [9, 10]),
    ("phone-price-mini", 156, 1, [10]),
])
def test_training_keeps_every_few_states(monkeypatch, preset, keyframe_bytes, every, replayed) -> None:
    """Keyframes every K iterations cost KEYFRAME_BYTES an iteration (phone-price: 36,740
    parameters and Adam's two buffers, 881,760 bytes, K = 431; phone-price-mini at 156 bytes:
    6,208 bytes, K = 40); between them training keeps every ⌊√K / 5⌋-th state (4; 1), so
    reading back iteration 10 of 12 replays only from the last one kept."""
    monkeypatch.setattr(history_mod, "KEYFRAME_BYTES", keyframe_bytes)
    s = Session(presets.load(preset))
    assert (s.history.keyframe_every, s.history.cache_every) == ({4: 431, 1: 40}[every], every)
    s.trainer.run(12)
    replays = _counting_replays(monkeypatch, s.history)
    assert s.history[10].iteration == 10 and replays == replayed


def test_stepping_through_history_replays_one_iteration_a_step(monkeypatch) -> None:
    """phone-price keeps every 4th state (keyframes every 431 iterations). With nothing
    cached, the first read replays from the start and keeps every 4th state and the last
    stretch; then each step back or forward replays one iteration, and a step back past
    the stretch replays from the 4th state before it, keeping that stretch."""
    s = Session(presets.load("phone-price"))
    s.trainer.run(12)
    s.history.clear_cache()
    replays = _counting_replays(monkeypatch, s.history)
    seen = {}
    for k in (12, 11, 10, 9, 8, 7, 6, 5, 4):
        replays.clear()
        s.history[k]
        seen[k] = list(replays)
    assert seen == {12: list(range(1, 13)), 11: [11], 10: [10], 9: [9], 8: [5, 6, 7, 8],
                    7: [7], 6: [6], 5: [5], 4: [1, 2, 3, 4]}
    s.history.clear_cache()
    for k in (5, 6, 7):
        replays.clear()
        s.history[k]
        seen[k] = list(replays)
    assert [seen[5], seen[6], seen[7]] == [[1, 2, 3, 4, 5], [6], [7]]


def test_a_small_network_keeps_a_keyframe_every_iteration() -> None:
    """circles: 105 parameters, all tracked, and Adam's two buffers, 1,680 bytes: within
    KEYFRAME_BYTES, so every iteration."""
    s = _variant("circles")
    assert s.history.tracks_all and s.history.keyframe_every == 1
    s.trainer.run(3)
    assert s.history.nbytes == 3 * 8 * (history_mod.NORMS + 3 + 105 + 2 * 105)


def test_a_network_of_track_all_parameters_tracks_them_all() -> None:
    """512 parameters (7 inputs, 64 outputs) are all recorded every iteration; 576 are not."""
    for inputs, tracks_all in ((7, True), (8, False)):
        s = Session(spec_mod.from_dict({
            "format": "bpviewer-network/1", "name": "wide", "layers": [inputs, 64],
            "activations": ["identity"], "loss": "mse",
            "init": {"scheme": "xavier_uniform", "seed": 0},
            "data": {"inputs": [[0.5] * inputs], "targets": [[0.0] * 64]}}))
        assert s.history.tracks_all is tracks_all, s.params.size


def test_a_column_refused_says_why() -> None:
    small = _variant("circles")
    small.trainer.run(2)
    with pytest.raises(KeyError) as err:
        small.history.column("before")
    assert err.value.args == ("before",)
    large = _variant("phone-price-mini", layers=[2, 300, 300, 4], weights=None, biases=None,
                     init={"scheme": "kaiming_normal", "seed": 0})
    large.trainer.run(2)
    with pytest.raises(KeyError) as err:
        large.history.column("after")
    assert err.value.args == ("the parameters of a large network are sampled; ask for one",)
    untracked = int(np.setdiff1d(np.arange(large.params.size), large.history.tracked)[0])
    with pytest.raises(KeyError) as err:
        large.history.column("after", untracked)
    assert err.value.args == (f"parameter {untracked} is not tracked per iteration",)


def test_an_iteration_outside_history_says_which_there_are() -> None:
    s = _variant("circles")
    s.trainer.run(2)
    for k in (0, 3):
        with pytest.raises(IndexError) as err:
            s.history[k]
        assert err.value.args == (f"iteration {k} is not in history (1..2)",)


def test_a_truncated_table_frees_its_blocks() -> None:
    """A branch from an early iteration gives back the memory of the rows it drops: rows of
    half a megabyte (two a block), ten stored, two kept."""
    width = history_mod.BLOCK_BYTES // 16
    table = history_mod.Table(width, np.float64)
    assert table.per_block == 2
    tracemalloc.start()
    try:
        for i in range(10):
            table.append(np.full(width, float(i)))
        full = tracemalloc.get_traced_memory()[0]
        table.truncate(2)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert full - kept >= 4 * history_mod.BLOCK_BYTES
    assert table.n == 2 and np.array_equal(table.column(0), [0.0, 1.0])
    table.append(np.full(width, 7.0))
    assert np.array_equal(table.column(width - 1), [0.0, 1.0, 7.0])
