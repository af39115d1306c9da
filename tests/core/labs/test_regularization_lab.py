import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bpviewer.core.labs import gradient_check as gc
from bpviewer.core.labs import regularization as reg


def test_dropout_scales_survivors_and_is_off_at_evaluation():
    d = reg.dropout(0.5, draw=3)
    assert set(np.unique(d.mask)) <= {0.0, 1.0}
    np.testing.assert_allclose(d.train, d.x * d.mask / 0.5, rtol=1e-12)
    np.testing.assert_array_equal(d.eval, d.x)


def test_dropout_is_torchs_under_the_seed():
    d = reg.dropout(0.3, draw=7)
    torch.manual_seed(7)
    expected = F.dropout(torch.tensor(d.x), 0.3, training=True).numpy()
    np.testing.assert_array_equal(d.train, expected)


def test_dropout_does_not_disturb_the_global_rng():
    torch.manual_seed(123)
    before = torch.rand(3)
    torch.manual_seed(123)
    reg.dropout(0.5, draw=2)
    assert torch.equal(torch.rand(3), before)


def test_dropout_average_tends_to_the_input():
    d = reg.dropout(0.5, draw=399)
    np.testing.assert_allclose(d.mean_train, d.x, atol=0.1)
    assert len(d.table().rows) == 12


def _one_step(l1, weight_decay):
    settings = reg.PenaltySettings(epochs=1, l1=l1, weight_decay=weight_decay)
    x, t = reg.penalty_data(settings.seed)
    params = [p.requires_grad_() for p in reg.penalty_init(settings.seed)]
    F.mse_loss(reg.penalty_forward(params, x), t).backward()
    w0 = torch.cat([params[0].detach().reshape(-1), params[2].detach().reshape(-1)]).numpy()
    g = torch.cat([params[0].grad.reshape(-1), params[2].grad.reshape(-1)]).numpy()
    return settings, w0, g


def test_l1_and_l2_first_step_follow_their_formulas():
    settings, w0, g = _one_step(0.03, 0.1)
    runs = reg.penalty_runs(settings)
    lr = settings.lr
    np.testing.assert_array_equal(runs[0].weights[0], w0)
    np.testing.assert_allclose(runs[0].weights[1], w0 - lr * g, rtol=1e-12)
    np.testing.assert_allclose(runs[1].weights[1], w0 - lr * (g + 0.03 * np.sign(w0)), rtol=1e-12)
    np.testing.assert_allclose(runs[2].weights[1], w0 - lr * (g + 0.1 * w0), rtol=1e-12)


def test_l1_makes_weights_sparse_and_l2_makes_them_small():
    runs = reg.penalty_runs()
    table = reg.penalty_table(runs, 200)
    none, l1, l2 = table.rows
    assert l1[5] > 0.5 > none[5] and l1[5] > 5 * l2[5]  # share of |w| < 0.01
    assert l2[3] < l1[3] < none[3]  # ‖w‖₂
    assert runs[0].weights.shape == (201, 16 * 8 + 16)
    edges = reg.histogram_edges(runs)
    assert edges[0] == -edges[-1] and len(edges) == 41


def test_batchnorm_by_hand_equals_torch_batchnorm1d():
    bn = reg.batchnorm()
    for mine, theirs in ((bn.y, bn.torch_y), (bn.dgamma, bn.torch_dgamma),
                         (bn.dbeta, bn.torch_dbeta), (bn.dx, bn.torch_dx),
                         (bn.running_mean, bn.torch_running_mean),
                         (bn.running_var, bn.torch_running_var)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-14 * np.abs(theirs).max())


def test_batchnorm_uses_the_biased_variance_in_training():
    bn = reg.batchnorm()
    np.testing.assert_allclose(bn.var, bn.x.var(axis=0, ddof=0), rtol=1e-12)
    np.testing.assert_allclose(bn.xhat.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(bn.xhat.var(axis=0), bn.var / (bn.var + 1e-5), rtol=1e-12)


def test_batchnorm_table_grows_step_by_step():
    bn = reg.batchnorm()
    sizes = [len(bn.table(k).rows) for k in range(1, len(reg.BN_STEPS) + 1)]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    assert bn.table(2).rows[-1][0] == "μ"


def test_dropout_p_is_checked():
    with pytest.raises(ValueError):
        reg.dropout(1.0)


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


@pytest.mark.parametrize("draw", [0, 1, 5])
def test_network_dropout_masks_are_the_ones_torch_applied(draw):
    """Rebuild the training forward pass from the shown masks: same output as torch's."""
    net = gc.PRESETS[2]  # XOR 2-3-2-1 sigmoid
    p = 0.5
    d = reg.network_dropout(net, p, draw)
    assert d.layers == (2, 3, 2, 1) and [len(m) for m in d.masks] == [3, 2]
    a = net.inputs[0]
    for l, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        a = _sigmoid(w @ a + b)
        if l < len(d.masks):
            a = a * d.masks[l] / (1 - p)
        np.testing.assert_allclose(d.train[l], a, rtol=1e-12)
    a = net.inputs[0]
    for w, b in zip(net.weights, net.biases, strict=True):
        a = _sigmoid(w @ a + b)
    np.testing.assert_allclose(d.eval_output, a, rtol=1e-12)
    table = d.table()
    assert len(table.rows) == 3 + 2 + 1 and table.rows[-1][2] is None


def test_network_dropout_with_p_zero_is_evaluation():
    d = reg.network_dropout(gc.PRESETS[2], 0.0, 3)
    assert all(m.all() for m in d.masks)
    np.testing.assert_array_equal(d.train_output, d.eval_output)
