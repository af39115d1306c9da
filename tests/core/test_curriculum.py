"""The course's figures (shared/curriculum.md) as named acceptance tests."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from bpviewer.core import optimizers, presets, schedulers
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session


def mazur(**changes) -> Session:
    spec = presets.load("mazur")
    return Session(spec.with_changes(**changes) if changes else spec)


def test_mazur_forward_pass() -> None:
    s = mazur()
    s.run(1)
    rec = s.record
    np.testing.assert_allclose(rec.block("z", 1)[0], [0.3775, 0.3925], rtol=1e-12)
    np.testing.assert_allclose(rec.block("a", 1)[0], [0.593269992, 0.596884378], atol=1e-9)
    np.testing.assert_allclose(rec.block("z", 2)[0], [1.105905967, 1.224921404], atol=1e-9)
    np.testing.assert_allclose(rec.block("a", 2)[0], [0.751365070, 0.772928465], atol=1e-9)
    assert rec.loss == pytest.approx(0.298371109, abs=1e-9)


def test_mazur_gradients_and_chain_rule() -> None:
    s = mazur()
    s.run(1)
    rec = s.record
    p = s.params
    expected = {
        ("weight", 1, 1, 1): 0.000438568, ("weight", 1, 1, 2): 0.000877135,
        ("weight", 1, 2, 1): 0.000497713, ("weight", 1, 2, 2): 0.000995425,
        ("bias", 1, 1, None): 0.008771355, ("bias", 1, 2, None): 0.009954254,
        ("weight", 2, 1, 1): 0.082167041, ("weight", 2, 1, 2): 0.082667628,
        ("weight", 2, 2, 1): -0.022602540, ("weight", 2, 2, 2): -0.022740242,
        ("bias", 2, 1, None): 0.138498562, ("bias", 2, 2, None): -0.038098236,
    }
    for key, value in expected.items():
        assert rec.grad[p.ref(*key).index] == pytest.approx(value, abs=1e-9), key
    assert rec.block("dLda", 2)[0, 0] == pytest.approx(0.741365070, abs=1e-9)
    assert rec.block("fprime", 2)[0, 0] == pytest.approx(0.186815602, abs=1e-9)
    assert rec.block("dLda", 1)[0, 0] == pytest.approx(0.036350306, abs=1e-9)
    assert rec.block("fprime", 1)[0, 0] == pytest.approx(0.241300709, abs=1e-9)
    # the two paths into ∂E/∂out_h1: δ_o1·w5 and δ_o2·w7
    paths = rec.block("delta", 2)[0] * rec.before[[p.ref("weight", 2, 1, 1).index,
                                                   p.ref("weight", 2, 2, 1).index]]
    np.testing.assert_allclose(paths, [0.055399425, -0.019049118], atol=1e-9)


def test_w5_formula_text() -> None:
    s = mazur()
    s.goto(1, 8)
    assert s.step.title == "∂E/∂w5"
    assert s.step.formulas[-1].text(9).endswith("0.741365070 × 0.186815602 × 0.593269992 = 0.082167041")


def test_mazur_one_update_biases_trained() -> None:
    s = mazur()
    s.run(1)
    after = s.record.after
    p = s.params
    ws = [after[p.ref("weight", l, to, fr).index] for l in (1, 2) for to in (1, 2) for fr in (1, 2)]
    np.testing.assert_allclose(ws, [0.149780716, 0.199561432, 0.249751144, 0.299502287,
                                    0.358916480, 0.408666186, 0.511301270, 0.561370121], atol=1e-9)
    np.testing.assert_allclose(after[p.bias_slices[0]], [0.345614323, 0.345022873], atol=1e-9)
    np.testing.assert_allclose(after[p.bias_slices[1]], [0.530750719, 0.619049118], atol=1e-9)


@pytest.mark.parametrize(("train_biases", "loss_10000", "fresh_loss", "outputs"), [
    (True, 2.4483376e-06, 2.4475622e-06, (0.011587527, 0.988458935)),
    (False, 3.5108548e-05, 3.5101878e-05, (0.015913620, 0.984064274)),
])
def test_mazur_10000_iterations(train_biases, loss_10000, fresh_loss, outputs) -> None:
    s = mazur(train_biases=train_biases)
    s.run(10000)
    assert s.history[10000].loss == pytest.approx(loss_10000, rel=1e-7)
    out = s.predict(s.dataset.inputs)[0]
    np.testing.assert_allclose(out, outputs, atol=1e-9)
    t = s.dataset.targets[0]
    assert 0.5 * ((t - out) ** 2).sum() == pytest.approx(fresh_loss, rel=1e-7)


def test_mse_equals_half_sse_for_two_outputs() -> None:
    a, b = mazur(), mazur(loss="mse")
    a.run(3)
    b.run(3)
    np.testing.assert_allclose(b.history[3].grad, a.history[3].grad, rtol=1e-12)
    assert b.history[3].loss == pytest.approx(a.history[3].loss, rel=1e-12)


def test_mse_differs_from_half_sse_for_three_outputs() -> None:
    raw = presets.load("softmax-3class").to_dict()
    raw.update(activations=["identity"], loss="sse_half",
               data={"inputs": [[0.5, 0.3, 0.2]], "targets": [[1.0, 0.0, 0.0]]})
    half = Session(spec_mod.from_dict(raw))
    mean = Session(spec_mod.from_dict({**raw, "loss": "mse"}))
    half.run(1)
    mean.run(1)
    assert mean.record.loss == pytest.approx(half.record.loss * 2 / 3, rel=1e-12)


@pytest.mark.parametrize(("loss", "value"), [("mae", 0.6667), ("mse", 0.8333), ("smooth_l1", 0.375)])
def test_regression_loss_examples(loss: str, value: float) -> None:
    s = Session(presets.load("regression-losses").with_changes(loss=loss))
    s.run(1)
    assert round(s.record.loss, 4) == value


def test_bce_example() -> None:
    raw = {"layers": [1, 1], "activations": ["sigmoid"], "loss": "bce",
           "weights": [[[1.0]]], "biases": [[0.0]],
           "data": {"inputs": [[np.log(p / (1 - p))] for p in (0.1, 0.2, 0.7)],
                    "targets": [[1.0], [0.0], [1.0]]}}
    s = Session(spec_mod.from_dict(raw))
    s.run(1)
    assert round(s.record.loss, 4) == 0.9608


def test_cross_entropy_example_is_08966_not_12466() -> None:
    s = Session(presets.load("softmax-3class"))
    s.run(1)
    assert round(s.record.loss, 4) == 0.8966
    # which probabilities torch picks: class 0 of row 1 and class 1 of row 2
    picked = -np.log(s.record.block("a", 1)[[0, 1], [0, 1]]).mean()
    assert picked == pytest.approx(s.record.loss, rel=1e-12)


@pytest.mark.parametrize(("name", "hyper", "w1", "w2"), [
    ("sgd", {"lr": 0.01}, 0.99, 0.9801),
    ("sgd", {"lr": 0.01, "momentum": 0.9}, 0.99, 0.9711),
    ("adagrad", {"lr": 0.01}, 0.99, 0.982964554),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9}, 0.968377224, 0.945788026),
    ("adam", {"lr": 0.01, "betas": [0.9, 0.99]}, 0.99, 0.980002519),
])
def test_two_optimizer_steps_on_half_w_squared(name, hyper, w1, w2) -> None:
    kwargs = {**spec_mod.OPTIMIZER_DEFAULTS[name], **hyper}
    opt = optimizers.make(name, 1, np.dtype(np.float64), kwargs)
    w = np.array([1.0])
    seen = []
    for _ in range(2):
        w = opt.step(w, w.copy(), kwargs["lr"])
        seen.append(float(w[0]))
    np.testing.assert_allclose(seen, [w1, w2], atol=1e-9)


@pytest.mark.parametrize("sched", [
    {"name": "step", "step_size": 20, "gamma": 0.1},
    {"name": "multistep", "milestones": [50, 125, 160], "gamma": 0.1},
    {"name": "exponential", "gamma": 0.98},
])
def test_lr_schedules_over_200_epochs(sched) -> None:
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    cls = {"step": torch.optim.lr_scheduler.StepLR,
           "multistep": torch.optim.lr_scheduler.MultiStepLR,
           "exponential": torch.optim.lr_scheduler.ExponentialLR}[sched["name"]]
    torch_sched = cls(opt, **{k: v for k, v in sched.items() if k != "name"})
    expected = []
    for _ in range(200):
        expected.append(opt.param_groups[0]["lr"])
        opt.step()
        torch_sched.step()
    ours = schedulers.curve(sched, 0.1, 200)
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    assert ours[0] == 0.1 and len(ours) == 200


def test_scheduler_steps_once_per_epoch_in_training() -> None:
    raw = presets.load("xor").to_dict()
    raw.update(batch_size=2, scheduler={"name": "step", "step_size": 1, "gamma": 0.5})
    s = Session(spec_mod.from_dict(raw))
    s.run(6)
    assert s.learning_rates().tolist() == [2.0, 2.0, 1.0, 1.0, 0.5, 0.5]


def test_xor_trains_to_0110() -> None:
    s = Session(presets.load("xor"))
    s.run(3000)
    out = s.predict(s.dataset.inputs)[:, 0]
    assert out[0] < 0.05 and out[1] > 0.95 and out[2] > 0.95 and out[3] < 0.05


def test_float32_is_close_to_float64() -> None:
    a, b = mazur(), mazur(dtype="float32")
    a.run(100)
    b.run(100)
    assert b.history[100].after.dtype == np.float32
    np.testing.assert_allclose(b.history[100].after, a.history[100].after, rtol=1e-5)


@pytest.mark.parametrize("sched", [{"name": "step", "step_size": 2},
                                   {"name": "multistep", "milestones": [1, 3]}])
def test_a_schedule_without_gamma_takes_torchs_default(sched) -> None:
    """The file may leave gamma out: the lrs of the first epochs are torch's, whose default is 0.1."""
    raw = presets.load("xor").to_dict()
    raw.update(scheduler=sched)
    s = Session(spec_mod.from_dict(raw))
    s.run(6)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=raw["optimizer"]["lr"])
    cls = torch.optim.lr_scheduler.StepLR if sched["name"] == "step" else torch.optim.lr_scheduler.MultiStepLR
    torch_sched = cls(opt, **{k: v for k, v in sched.items() if k != "name"})
    expected = []
    for _ in range(6):
        expected.append(opt.param_groups[0]["lr"])
        opt.step()
        torch_sched.step()
    assert s.learning_rates().tolist() == expected
