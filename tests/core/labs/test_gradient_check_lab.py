import numpy as np
import pytest
import torch

from bpviewer.core import presets
from bpviewer.core.labs import gradient_check as gc
from bpviewer.core.session import Session

MAZUR = gc.PRESETS[0]


def test_mazur_backprop_equals_the_notes():
    dw1, db1, dw2, db2 = gc.backprop(MAZUR)
    np.testing.assert_allclose(dw1, [[0.000438568, 0.000877135], [0.000497713, 0.000995425]],
                               atol=5e-10)
    np.testing.assert_allclose(db1, [0.008771355, 0.009954254], atol=5e-10)
    np.testing.assert_allclose(dw2, [[0.082167041, 0.082667628], [-0.022602540, -0.022740242]],
                               atol=5e-10)
    np.testing.assert_allclose(db2, [0.138498562, -0.038098236], atol=5e-10)
    assert gc.loss_value(MAZUR) == pytest.approx(0.298371109, abs=5e-10)


@pytest.mark.parametrize("net", gc.PRESETS, ids=lambda n: n.label.split()[0])
def test_numeric_agrees_with_backprop_at_the_default_h(net):
    result = gc.check(net)
    assert result.h == 1e-4
    assert result.max_rel_error < 1e-7
    assert {gc.verdict(p.rel_error) for p in result.params} == {"agrees"}


def test_softmax_classifier_backprop_equals_the_hand_formulas():
    net = gc.PRESETS[1]
    (w1, w2), (b1, b2) = net.weights, net.biases
    x, labels = net.inputs, net.targets.astype(int)
    h = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    z = h @ w2.T + b2
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    dz = (p - np.eye(3)[labels]) / len(x)
    dh = dz @ w2 * h * (1 - h)
    expected = [dh.T @ x, dh.sum(0), dz.T @ h, dz.sum(0)]
    for got, want in zip(gc.backprop(net), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_sweep_shows_truncation_then_round_off():
    errors = gc.sweep(MAZUR)
    assert len(errors) == len(gc.SWEEP_HS) == 12
    best = int(np.argmin(errors))
    assert 2 <= best <= 6  # 1e-3 … 1e-7
    assert errors[0] > 100 * errors[best] and errors[-1] > 100 * errors[best]
    # truncation error ∝ h²: a tenth of h, a hundredth of the error
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_check_table_and_names():
    table = gc.check(MAZUR).table()
    names = [r[0] for r in table.rows]
    assert names == ["w1_1_1", "w1_1_2", "w1_2_1", "w1_2_2", "b1_1", "b1_2",
                     "w2_1_1", "w2_1_2", "w2_2_1", "w2_2_2", "b2_1", "b2_2"]
    assert table.columns[-1] == "verdict"


def test_relative_error():
    np.testing.assert_array_equal(gc.relative_error(np.array([0.0, 1.0, -2.0]),
                                                    np.array([0.0, 1.5, -2.0])), [0, 1 / 3, 0])


def test_plain_inputs_any_loss_and_activation():
    gen = torch.Generator().manual_seed(3)
    w = [torch.randn(4, 3, generator=gen, dtype=torch.float64).tolist(),
         torch.randn(2, 4, generator=gen, dtype=torch.float64).tolist()]
    for acts, loss in ((["tanh", "identity"], "mse"), (["leaky_relu", "sigmoid"], "smooth_l1"),
                       (["tanh", "softmax"], "sse_half"), (["sigmoid", "identity"], "mae")):
        net = gc.network("random", w, [[0.1] * 4, [0.2, -0.2]], acts, loss,
                         [[0.5, -1.0, 2.0], [1.0, 0.3, -0.7]], [[0.3, 0.6], [1.4, -0.2]])
        verdicts = {row[-1] for row in gc.check(net).table().rows}
        assert verdicts <= {"agrees", "agrees (≈ 0)"}, (acts, loss)


def test_a_gradient_that_is_exactly_zero_is_not_called_wrong():
    # MAE's bias gradient: two signs cancel, backprop gives 0, numeric ~1e-13 of round-off
    assert gc.verdict(1.0, 5.6e-13) == "agrees (≈ 0)"
    assert gc.verdict(1.0, 1e-3) == "wrong"
    assert gc.verdict(1e-5) == "suspicious"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weights": [[[1.0, 2.0]]], "biases": [[0.0, 0.0]]}, "do not fit"),
    ({"activations": ["swish"]}, "unknown"),
])
def test_network_validation(kwargs, message):
    args = {"weights": [[[1.0, 2.0]]], "biases": [[0.0]], "activations": ["sigmoid"],
            "loss": "mse", "inputs": [[1.0, 2.0]], "targets": [[1.0]]} | kwargs
    with pytest.raises(ValueError, match=message):
        gc.network("bad", **args)


def test_h_must_be_positive():
    with pytest.raises(ValueError):
        gc.check(MAZUR, 0.0)


@pytest.mark.parametrize("preset", ["mazur", "mazur-frozen-bias", "softmax-3class", "circles"])
def test_session_network_backprop_is_the_window_gradient(preset):
    """The lab checks the window's own network: same loss, same batch, same gradient."""
    session = Session(presets.load(preset))
    session.set_spec(l1=0.01)
    session.run(3)
    net = gc.session_network(session)
    assert "iteration 3" in net.label
    bp = np.concatenate([g.reshape(-1) for g in gc.backprop(net)])
    window = session.record.grad
    trainable = window != 0  # frozen parameters get no gradient in the window
    np.testing.assert_allclose(bp[trainable], window[trainable], rtol=1e-12, atol=0)
    assert gc.loss_value(net) == pytest.approx(session.record.loss, rel=1e-12)
    # |p| has a kink at 0: within h of it the central difference of λ|p| is not λ·sign(p)
    away = [p for p in gc.check(net).params if abs(p.value) > 1e-3]
    assert max(p.rel_error for p in away) < 1e-6


def test_session_network_says_when_dropout_is_left_out():
    session = Session(presets.load("xor"))
    session.set_spec(dropout=[0.5, 0.5])
    session.run(1)
    net = gc.session_network(session)
    assert net.label.endswith("without dropout")
    assert gc.check(net).max_rel_error < 1e-6
