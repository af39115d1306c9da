"""The numeric gradient against torch.autograd, on every way numeric.py stacks its work: several
iterations per stack, one, or a slice of one iteration's perturbations (a small memory budget),
or a few parameters at a time (as the Gradients table reads its rows);
per-iteration or shared batches and dropout masks; frozen layers, fixed biases and L1.

The expectation is torch's exact gradient of the same total loss (contracts.reference's losses,
the parameter vector cut by the README's order: per layer its weights row by row, then its
biases); central differences with h = 1e-4 agree with it to about h² on these smooth networks.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from contracts.reference import ACTIVATIONS, torch_loss
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from bpviewer.core import spec as spec_mod
from bpviewer.core.numeric import bytes_per_network, numeric_gradient
from bpviewer.core.params import ParamLayout

FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                phases=(Phase.explicit, Phase.generate))


def torch_gradient(net: dict, theta: np.ndarray, x: np.ndarray, t: np.ndarray,
                   masks: dict[int, np.ndarray]) -> np.ndarray:
    layers, frozen = net["layers"], set(net.get("frozen_layers", []))
    flat = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    a, offset, trainable = torch.tensor(x, dtype=torch.float64), 0, []
    learns = np.zeros(len(theta), bool)
    for l in range(1, len(layers)):
        n_in, n_out = layers[l - 1], layers[l]
        w = flat[offset:offset + n_in * n_out].reshape(n_out, n_in)
        b = flat[offset + n_in * n_out:offset + n_in * n_out + n_out]
        if l not in frozen:
            trainable += [w, b] if net.get("train_biases", True) else [w]
            learns[offset:offset + n_in * n_out + (n_out if net.get("train_biases", True) else 0)] = True
        offset += n_in * n_out + n_out
        z = a @ w.T + b
        a = ACTIVATIONS[net["activations"][l - 1]](z, 0.01)
        out = a
        if l in masks:
            a = a * torch.tensor(masks[l], dtype=torch.float64)
    loss = torch_loss(net["loss"], out, z, torch.tensor(t, dtype=torch.float64))
    loss = loss + net.get("l1", 0.0) * sum(p.abs().sum() for p in trainable)
    (grad,) = torch.autograd.grad(loss, flat)
    return np.where(learns, grad.numpy(), 0.0)  # frozen parameters get no gradient


def make_case(width: int, outputs: int, loss: str, hidden: str, frozen: list, train_biases: bool,
              l1: float, m: int, batch: int, shared: bool, seed: int, use_masks: bool) -> tuple:
    out_act = {"mse": "tanh", "bce": "sigmoid", "cross_entropy": "identity"}[loss]
    net = {"layers": [2, width, outputs], "activations": [hidden, out_act], "loss": loss,
           "data": {"inputs": [[0.0, 0.0]], "targets": [[0.0] * outputs]},
           "frozen_layers": frozen, "train_biases": train_biases, "l1": l1,
           "weights": [[[0.0] * 2] * width, [[0.0] * width] * outputs],
           "biases": [[0.0] * width, [0.0] * outputs]}
    rng = np.random.default_rng(seed)
    lead = (batch,) if shared else (m, batch)
    x = rng.normal(size=(*lead, 2))
    t = rng.random((*lead, outputs))
    if loss == "cross_entropy":
        t = t / t.sum(axis=-1, keepdims=True)
    masks = {1: (rng.random((*lead, width)) >= 0.3) / 0.7} if use_masks else {}
    size = 3 * width + (width + 1) * outputs
    thetas = rng.normal(scale=0.8, size=(m, size))
    return net, thetas, x, t, masks


@st.composite
def cases(draw):
    width, outputs = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    loss = draw(st.sampled_from(["mse", "bce", "cross_entropy"] if outputs > 1 else ["mse", "bce"]))
    case = make_case(width, outputs, loss, draw(st.sampled_from(["tanh", "sigmoid"])),
                     draw(st.sampled_from([[], [1], [2]])), draw(st.booleans()),
                     draw(st.sampled_from([0.0, 0.01])), draw(st.integers(1, 3)),
                     draw(st.integers(1, 3)), draw(st.booleans()),
                     draw(st.integers(0, 2**32 - 1)), draw(st.booleans()))
    return (*case, draw(st.sampled_from(STACKINGS)))


#: the memory budget picks the stacking, in networks of `one`'s bytes (k trainable): all
#: iterations at once, two iterations per stack, one (2k networks), k networks (half an
#: iteration's perturbations) or 2 per stack; "blocks": two parameters at a time, as the
#: Gradients table reads its rows
STACKINGS = ("whole", "pairs", "rows", "halves", "slices", "blocks")


def check(net: dict, thetas: np.ndarray, x: np.ndarray, t: np.ndarray, masks: dict,
          stacking: str) -> None:
    spec = spec_mod.from_dict(net)
    params = ParamLayout(spec)
    k, one = len(params.trainable), bytes_per_network(spec, params, x.shape[-2])
    budget = {"whole": 10**9, "pairs": 4 * k * one, "rows": 2 * k * one, "halves": k * one,
              "slices": 2 * one, "blocks": 10**9}[stacking]
    if stacking == "blocks":
        ours = sum(numeric_gradient(spec, params, thetas, x, t, masks, rows=(lo, min(lo + 2, k)))
                   for lo in range(0, k, 2)) if k else np.zeros_like(thetas)
    else:
        ours = numeric_gradient(spec, params, thetas, x, t, masks, budget=budget)
    assert ours.dtype == np.float64
    for i, theta in enumerate(thetas):
        row = {l: v if x.ndim == 2 else v[i] for l, v in masks.items()}
        expected = torch_gradient(net, np.float64(theta), np.float64(x if x.ndim == 2 else x[i]),
                                  np.float64(t if t.ndim == 2 else t[i]), row)
        np.testing.assert_allclose(ours[i], expected, rtol=1e-6, atol=1e-8, err_msg=f"iteration row {i}")


@FAST
@given(cases())
def test_numeric_gradient_equals_torch_in_every_stacking(case) -> None:
    check(*case)


@pytest.mark.parametrize("stacking", STACKINGS)
@pytest.mark.parametrize("shared", [True, False], ids=["shared-batch", "batch-per-iteration"])
def test_three_iterations_with_dropout_in_every_stacking(stacking, shared) -> None:
    """Each stacking's slicing of iterations, batches and masks (hypothesis's draws need not
    meet every one with several iterations)."""
    check(*make_case(3, 2, "mse", "tanh", [], True, 0.01, 3, 4, shared, 7, True), stacking)


def test_float32_inputs_are_differenced_in_float64() -> None:
    """h = 1e-4 in float32 leaves ~3 significant digits."""
    net, thetas, x, t, masks = make_case(2, 1, "bce", "sigmoid", [], True, 0.0, 2, 3, False, 3, False)
    check(net, thetas.astype(np.float32), x.astype(np.float32), t.astype(np.float32), masks, "whole")


def test_no_rows_no_differences() -> None:
    net, thetas, x, t, masks = make_case(2, 1, "mse", "tanh", [], True, 0.0, 2, 3, True, 5, False)
    spec = spec_mod.from_dict(net)
    assert not numeric_gradient(spec, ParamLayout(spec), thetas, x, t, masks, rows=(3, 3)).any()
