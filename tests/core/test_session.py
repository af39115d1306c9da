"""Stepping, rewinding, editing and divergence in the Session (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.session import Session
from bpviewer.core.steps import Reveal


@pytest.fixture
def mazur() -> Session:
    return Session(presets.load("mazur"))


def test_steps_walk_forward_loss_backward_update(mazur: Session) -> None:
    mazur.next_step()
    phases = []
    while mazur.iteration == 1:
        phases.append(mazur.step.phase)
        mazur.next_step()
    assert phases == ["forward"] * 4 + ["loss"] * 3 + ["backward"] * 16 + ["update"] * 12
    assert mazur.iteration == 2 and mazur.step_index == 0


def test_stepping_back_never_trains_and_rebuilds_the_same_numbers(mazur: Session) -> None:
    mazur.run(5)
    calls = []
    original = mazur.trainer.step
    mazur.trainer.step = lambda: calls.append(1) or original()
    before = [(mazur.history[k].grad.copy(), mazur.history[k].block("delta", 1).copy())
              for k in range(1, 6)]
    for _ in range(60):
        mazur.prev_step()
    mazur.goto(2)
    mazur.goto(5)
    assert calls == []
    mazur.history.clear_cache()
    for k in range(1, 6):
        assert np.array_equal(mazur.history[k].grad, before[k - 1][0])
        assert np.array_equal(mazur.history[k].block("delta", 1), before[k - 1][1])


def test_records_are_read_only(mazur: Session) -> None:
    mazur.run(1)
    with pytest.raises(ValueError):
        mazur.record.after[0] = 1.0
    with pytest.raises(ValueError):
        mazur.record.block("z", 1)[0, 0] = 1.0
    with pytest.raises(ValueError):
        mazur.history.params_at(0)[0] = 1.0


def test_status_and_reveal(mazur: Session) -> None:
    assert mazur.status().startswith("iteration 0")
    mazur.goto(1, 15)
    assert mazur.status() == "iteration 1 · backward · δ of h1 · step 16/35"
    reveal = mazur.reveal()
    assert ("forward", 1, 1) in reveal and ("delta", 1, 1) in reveal
    assert ("delta", 1, 2) not in reveal and ("update", 0) not in reveal
    mazur.home()
    assert mazur.step_index == 0
    mazur.goto(1)
    assert mazur.reveal().complete


@pytest.mark.parametrize(("granularity", "count"), [("neuron", 35), ("layer", 7), ("phase", 4)])
def test_granularities(mazur: Session, granularity: str, count: int) -> None:
    mazur.set_granularity(granularity)
    mazur.goto(1, 0)
    assert len(mazur.steps) == count
    assert sum(len(s.formulas) for s in mazur.steps) >= count


def test_edit_weight_branches_from_cursor(mazur: Session) -> None:
    mazur.run(10)
    mazur.goto(4)
    w5 = mazur.params.ref("weight", 2, 1, 1).index
    mazur.set_param(w5, 0.9)
    assert len(mazur.history) == 4
    mazur.next_iteration()
    assert mazur.record.before[w5] == 0.9
    assert mazur.history[4].after[w5] != 0.9


def test_edit_at_start_changes_the_network(mazur: Session) -> None:
    mazur.set_param(0, 0.5)
    assert mazur.spec.weights[0][0][0] == 0.5
    with pytest.raises(SpecError) as err:
        mazur.set_param(0, float("nan"))
    assert (err.value.field, err.value.problem) == ("w1", "nan is not a finite number")
    assert mazur.spec.weights[0][0][0] == 0.5


def test_hyper_parameter_edit_keeps_history_before_cursor(mazur: Session) -> None:
    mazur.run(10)
    mazur.goto(5)
    mazur.set_spec(optimizer={"name": "sgd", "lr": 0.1})
    assert len(mazur.history) == 5
    mazur.next_iteration()
    assert mazur.record.lr == 0.1
    with pytest.raises(SpecError):
        mazur.set_spec(optimizer={"name": "sgd", "lr": -1.0})
    assert mazur.spec.optimizer["lr"] == 0.1 and len(mazur.history) == 6


def test_divergence_keeps_finite_history() -> None:
    raw = presets.load("regression-losses").to_dict()
    raw.update(loss="mse", optimizer={"name": "sgd", "lr": 1e3})
    s = Session(spec_mod.from_dict(raw))
    messages = []
    s.events.connect("message", messages.append)
    s.run(500)
    assert 0 < len(s.history) < 500
    assert np.isfinite(s.losses()).all()
    assert "diverged" in messages[0]
    assert s.iteration == len(s.history)


def test_batches_and_sample_selection() -> None:
    s = Session(presets.load("phone-price-mini"))
    s.goto(1, 0)
    assert s.record.batch_size == 16
    s.set_sample(3)
    assert s.status() == "iteration 1 · forward · net and out of h₁,₁ · step 1/853 · sample 4/16"
    s.run(30)
    assert s.history[25].epoch == 1 and s.history[26].epoch == 2


def test_history_memory_for_100000_mazur_iterations(mazur: Session) -> None:
    mazur.trainer.run(100_000)
    assert mazur.history.nbytes <= 64 * 2**20


def test_changing_the_layers_redraws_weights(mazur: Session) -> None:
    mazur.run(3)
    mazur.set_spec(layers=[2, 3, 4, 2])
    assert mazur.spec.layers == (2, 3, 4, 2) and mazur.iteration == 0
    assert mazur.spec.activations == ("sigmoid", "sigmoid", "sigmoid")
    mazur.run(2)
    assert len(mazur.history) == 2


def test_structural_edit_keeps_cursor_weights(mazur: Session) -> None:
    mazur.run(3)
    w = mazur.history.params_at(3).copy()
    mazur.set_spec(loss="mse")
    assert mazur.iteration == 0 and (mazur.history.initial == w).all()


def test_a_hidden_weight_step_reads_every_downstream_path(mazur: Session) -> None:
    """∂E/∂w1 = (δ_o1·w5 + δ_o2·w7)·…: the view highlights o1, o2, w5 and w7 too."""
    for _ in range(17):
        mazur.next_step()
    assert mazur.step.title == "∂E/∂w1"
    index = {ref.name: ref.index for ref in mazur.params.refs}
    assert {("param", index["w5"]), ("param", index["w7"]), ("neuron", 2, 1),
            ("neuron", 2, 2), ("neuron", 1, 1), ("neuron", 0, 1)} == set(mazur.step.reads)


def test_a_large_network_opens_a_layer_at_a_time_and_says_why():
    from bpviewer.core.session import NEURON_STEP_LIMIT

    session = Session(presets.load("spiral"))
    assert session.granularity == "neuron" and not session.large
    session.set_spec(layers=[2, 64, 64, 3])
    assert session.large and session.neuron_steps > NEURON_STEP_LIMIT
    assert session.granularity == "layer"
    session.goto(1, 0)
    assert session.granularity_note() == f"(Neuron: ~{session.neuron_steps:,} steps)"
    assert "a neuron at a time" not in session.status()  # beside the buttons, not in the status line
    session.set_granularity("neuron")  # asked for anyway: no reminder of what it costs
    assert session.granularity_note() == ""
    session.set_spec(layers=[2, 4, 3])
    assert session.granularity == "neuron"  # a small network again: a neuron at a time


def test_an_update_step_names_its_phase_once(mazur) -> None:
    from bpviewer.core import texts

    mazur.goto(1, len(mazur.plan) - 1)
    assert mazur.status() == "iteration 1 · update b₂,₂ · step 35/35"
    texts.set_language(texts.CHINESE)
    assert mazur.status() == "迭代 1 · 更新 b₂,₂ · 第 35/35 步"
    mazur.set_granularity("layer")
    mazur.goto(1, len(mazur.plan) - 1)
    assert mazur.status() == "迭代 1 · 更新 · 第 2 层 · 第 7/7 步"


def test_loading_a_network_tells_every_view(mazur: Session) -> None:
    """The views redraw the network, the history plots and the cursor, in that order."""
    heard = []
    for event in ("network", "history", "cursor", "message"):
        mazur.events.connect(event, lambda *args, event=event: heard.append(event))
    mazur.load(presets.load("xor"))
    assert heard == ["network", "history", "cursor"]


def test_a_network_of_the_same_shape_reuses_its_step_plan() -> None:
    """Opening (or editing, which installs a new network) a network like the last one
    reuses its step outline; what the outline depends on (trainable biases, granularity)
    gives another."""
    first, again = Session(presets.load("mazur")), Session(presets.load("mazur"))
    again.set_param(0, 0.5)
    assert again.plan is first.plan
    frozen = Session(presets.load("mazur-frozen-bias"))
    assert len(frozen.plan) < len(first.plan)
    first.set_granularity("layer")
    assert first.plan is not again.plan and first.plan.granularity == "layer"


@pytest.mark.parametrize("preset", ["mazur", "phone-price"])
def test_the_parameters_shown_next_are_those_the_next_step_shows(preset: str) -> None:
    """params_shown_next (what the view draws ahead) is params_shown after next_step, read
    without moving or training: at iteration 0, inside an iteration, at its last step
    (the next one starts from its update), at history's end (not trained yet) and after a
    hand edit at the last step (the edit, not the update)."""
    session = Session(presets.load(preset))
    session.run(2)
    last = len(session.plan) - 1
    w = session.params.ref("weight", 2, 1, 1).index
    for iteration, step, edit in [(0, 0, False), (1, 0, False), (1, last, False), (2, last, False),
                                  (1, last, True)]:
        session.goto(iteration, step)
        if edit:
            session.set_param(w, 0.9)
            session.goto(iteration, step)
        trained = len(session.history)
        ahead = session.params_shown_next()
        assert len(session.history) == trained and (session.iteration, session.step_index) == (
            iteration, step if iteration else 0)
        session.next_step()
        assert np.array_equal(ahead, session.params_shown())
        assert not edit or session.params_shown()[w] == 0.9


def revealed(reveal: Reveal) -> tuple:
    return reveal.first, reveal.index, reveal.complete


@pytest.mark.parametrize("granularity", ["neuron", "phase"])
def test_the_step_after_is_the_step_and_reveal_the_next_step_shows(granularity: str) -> None:
    """step_after (what the view prepares while the teacher reads) is the step, reveal,
    record, parameters and sample next_step leaves, read without moving or training:
    within an iteration, into the next one where history holds it, and at the history's
    end into one computed ahead that the click appends as it was shown (its steps the
    very ones the cursor then reads); the history stays as it was until the click."""
    session = Session(presets.load("xor"))
    session.set_granularity(granularity)
    session.run(2)
    last = len(session.plan) - 1
    for iteration, step in [(0, 0), (1, 0), (1, last - 1), (1, last), (2, 1), (2, last)]:
        session.goto(iteration, step)
        after = session.step_after()
        assert (session.iteration, session.step_index) == (iteration, step if iteration else 0)
        assert len(session.history) == 2 and len(session.losses()) == 2
        session.next_step()
        assert after.step is session.step
        assert revealed(after.reveal) == revealed(session.reveal())
        assert after.record is session.record and after.shown is session.params_shown()
        inputs, targets = session.sample_shown()
        assert np.array_equal(after.inputs, inputs) and np.array_equal(after.targets, targets)
    assert len(session.history) == 3


def same_record(a, b) -> bool:
    pairs = [(a.before, b.before), (a.after, b.after), (a.scalars, b.scalars), (a.trace.grad, b.trace.grad),
             *zip(a.trace.a, b.trace.a, strict=True), *zip(a.trace.delta, b.trace.delta, strict=True),
             *((a.states[n], b.states[n]) for n in a.states)]
    return a.iteration == b.iteration and all(np.array_equal(x, y, equal_nan=True) for x, y in pairs)


@pytest.mark.parametrize("change", ["none", "weight", "learning-rate", "momentum", "granularity", "sample"])
@pytest.mark.parametrize("preset", ["circles", "overfitting"])
def test_an_iteration_made_ahead_is_appended_only_as_training_computes_it(preset: str, change: str) -> None:
    """The next iteration computed ahead at the history's end (step_after) is what the
    click appends where nothing changed since, and never after a hand edit or new
    optimizer settings: every iteration after equals one trained without looking ahead."""
    def changed(session: Session) -> None:
        if change == "weight":
            session.set_param(0, 0.25)
        elif change == "learning-rate":
            session.set_spec(optimizer={**session.spec.optimizer, "lr": 0.5})
        elif change == "momentum":
            session.set_spec(optimizer={**session.spec.optimizer, "name": "sgd", "momentum": 0.5})
        elif change == "granularity":
            session.set_granularity("phase")
        elif change == "sample":
            session.set_sample(1)

    looked, plain = Session(presets.load(preset)), Session(presets.load(preset))
    for session in (looked, plain):
        session.run(3)
    ahead = looked.step_after().record
    assert len(looked.history) == 3
    shown = []
    for session in (looked, plain):
        changed(session)
        session.next_step()
        shown.append(session.record)
        session.run(2)
    n = len(plain.history)
    assert len(looked.history) == n and n in (3, 6)  # other optimizer buffers: from iteration 0
    assert (shown[0] is ahead) == (change in ("none", "granularity", "sample"))
    assert same_record(shown[0], shown[1])
    for k in range(n - 2, n + 1):
        assert same_record(looked.history[k], plain.history[k]), k


def test_looking_ahead_at_the_iteration_that_diverges_is_quiet_and_none() -> None:
    """At the history's end the view asks for the next iteration before the click
    (step_after → Trainer.ahead); where that iteration overflows, numpy's overflow must stay
    silent there as it is in training (warnings are errors here), the answer is None, and
    the click then says it diverged, keeping the finite history."""
    raw = presets.load("regression-losses").to_dict()
    raw.update(loss="mse", optimizer={"name": "sgd", "lr": 1e3})
    spec = spec_mod.from_dict(raw)
    probe = Session(spec)
    probe.run(500)
    finite = len(probe.history)
    s = Session(spec)
    messages = []
    s.events.connect("message", messages.append)
    s.run(finite)
    s.goto(finite, len(s.steps) - 1)
    assert s.step_after() is None
    assert len(s.history) == finite and messages == []
    s.next_step()
    assert len(s.history) == finite and "diverged" in messages[0]


def _torchs_divergence(session: Session, most: int) -> tuple[int, str]:
    """The first iteration where torch (float64, torch.optim) sees a loss or a gradient
    that is not finite ("loss"), or steps a parameter to infinity ("update")."""
    from .torch_reference import TorchReference

    torch_run = TorchReference(session).torch
    for k in range(1, most + 1):
        seen = torch_run.step()
        if not (np.isfinite(seen.loss) and np.isfinite(list(seen.grad.values())).all()):
            return k, "loss"
        if not np.isfinite(list(seen.after.values())).all():
            return k, "update"
    raise AssertionError(f"torch trains {most} iterations")


@pytest.mark.parametrize(("lr", "why"), [(1e308, "the update made a parameter infinite"),
                                         (1e300, "the loss or a gradient is not finite")])
def test_divergence_names_the_iteration_and_the_cause_torch_finds(lr, why) -> None:
    """The message says which iteration and whether the loss (or a gradient) or the update
    left the finite numbers, as torch's own run of the network finds: no test read it (a
    mutant raising DivergedError(None) for the update survived). (At lr 1e3 torch's MSE is
    inf one iteration before bpviewer's: torch sums the squares, which overflow, before it
    divides; the terms bpviewer adds are each divided first.)"""
    raw = presets.load("regression-losses").to_dict()
    raw.update(loss="mse", optimizer={"name": "sgd", "lr": lr})
    s = Session(spec_mod.from_dict(raw))
    k, cause = _torchs_divergence(s, 500)
    assert why.startswith({"loss": "the loss", "update": "the update"}[cause])
    messages = []
    s.events.connect("message", messages.append)
    s.run(500)
    assert messages == [f"Training diverged: iteration {k}: {why}. History is kept up to iteration {k - 1}."]
    assert len(s.history) == k - 1
