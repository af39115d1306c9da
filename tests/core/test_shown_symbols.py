"""What the chain panel writes in symbols, as the notes write it (by hand, not from the code),
and the layer and phase views' matrices against torch autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.params import display_name
from bpviewer.core.session import Session


def session(loss: str, out: str, layers=(2, 2), targets=None, **changes) -> Session:
    raw = {"format": "bpviewer-network/1", "name": "t", "layers": list(layers),
           "activations": ["sigmoid"] * (len(layers) - 2) + [out], "loss": loss,
           "init": {"scheme": "xavier_uniform", "seed": 3}, "optimizer": {"name": "sgd", "lr": 0.1},
           "data": {"inputs": [[0.5] * layers[0]], "targets": targets or [[0.2] * layers[-1]]}, **changes}
    s = Session(spec_mod.from_dict(raw))
    s.goto(1)
    return s


def lines(s: Session, phase: str) -> dict[str, str]:
    """lhs → symbols of every line of the iteration's steps in `phase`."""
    return {f.lhs: f.symbols for step in s.steps if step.phase == phase for f in step.formulas}


@pytest.mark.parametrize(("loss", "out", "targets", "lhs", "symbols"), [
    ("sse_half", "sigmoid", None, "∂E/∂out_o1", "−(target − out)"),
    ("mse", "identity", None, "∂E/∂out_o1", "2(out − target) / n"),
    ("mae", "identity", None, "∂E/∂out_o2", "sign(out − target) / n"),
    ("smooth_l1", "identity", None, "∂E/∂out_o1", "clamp(out − target, −1, 1) / n"),
    ("bce", "sigmoid", [[1.0, 0.0]], "∂E/∂out_o1", "(out − target) / (out(1 − out)) / n"),
    ("cross_entropy", "softmax", [[1]], "δ_o2 = ∂E/∂net_o2", "(softmax(net) − target) / N"),
])
def test_the_loss_derivative_in_symbols(loss, out, targets, lhs, symbols) -> None:
    assert lines(session(loss, out, targets=targets), "backward")[lhs] == symbols


def test_a_sum_of_more_than_four_inputs_is_written_with_sigma() -> None:
    s = session("sse_half", "sigmoid", layers=(5, 1))
    assert s.steps[0].formulas[0].symbols == "Σᵢ w_o1,i·out_i + b1_1·1"


def test_the_l1_term_is_its_own_line() -> None:
    s = session("sse_half", "sigmoid", l1=0.01)
    total = [f for step in s.steps if step.phase == "loss" for f in step.formulas][-1]
    assert (total.lhs, total.symbols) == ("E + λ·Σ|p|", "E + λ·Σ|p|")


def test_amsgrad_shows_the_running_maximum() -> None:
    s = session("sse_half", "sigmoid", optimizer={"name": "adam", "lr": 0.1, "amsgrad": True})
    update = [f for f in next(step for step in s.steps if step.phase == "update").formulas]
    assert [f.lhs for f in update] == ["m", "v", "v_max", "m_hat", "v_hat", "w1⁺"]
    assert update[2].symbols == "max(v_max, v)" and update[4].symbols == "v_max / (1 − β₂ᵗ)"


def test_the_layer_view_multiplies_the_layer_below() -> None:
    s = Session(presets.load("mazur"))
    s.goto(1)
    s.set_granularity("layer")
    forward = [step.formulas[0] for step in s.steps if step.phase == "forward"]
    assert [(f.lhs, f.symbols) for f in forward] == [("z⁽¹⁾", "W⁽¹⁾·a⁽⁰⁾ + b⁽¹⁾"),
                                                     ("z⁽²⁾", "W⁽²⁾·a⁽¹⁾ + b⁽²⁾")]


def mazur_weight_gradients() -> list[np.ndarray]:
    """∂E/∂W of the notes' network, by torch autograd."""
    x = torch.tensor([0.05, 0.10], dtype=torch.float64)
    w1 = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor([[0.40, 0.45], [0.50, 0.55]], dtype=torch.float64, requires_grad=True)
    out = torch.sigmoid(w2 @ torch.sigmoid(w1 @ x + 0.35) + 0.60)
    (0.5 * ((torch.tensor([0.01, 0.99], dtype=torch.float64) - out) ** 2).sum()).backward()
    return [w1.grad.numpy(), w2.grad.numpy()]


SUPERSCRIPT = {1: "⁽¹⁾", 2: "⁽²⁾"}


@pytest.mark.parametrize("granularity", ["layer", "phase"])
def test_each_backward_layer_shows_its_weight_gradients(granularity: str) -> None:
    s = Session(presets.load("mazur"))
    s.goto(1)
    s.set_granularity(granularity)
    shown = {f.lhs: f.result for step in s.steps if step.phase == "backward" for f in step.formulas}
    for l, expected in enumerate(mazur_weight_gradients(), start=1):
        np.testing.assert_allclose(shown[f"∂E/∂W{SUPERSCRIPT[l]}"], expected, rtol=1e-12)


def test_a_batchs_layer_step_sums_its_own_layers_deltas_into_the_bias_gradient() -> None:
    """A batch's ∂E/∂b⁽ˡ⁾ reads Δ⁽ˡ⁾ᵀ·1, the layer's own Δ (it read Δᵀ·1, like no layer's), and
    equals torch's bias gradient."""
    from bpviewer.core.step_matrices import sup

    from .torch_reference import TorchReference

    s = Session(presets.load("xor"))
    reference = TorchReference(s)
    s.goto(1)
    seen = reference.step(1)
    s.set_granularity("layer")
    assert s.record.batch_size > 1
    shown = {f.lhs: f for step in s.steps if step.phase == "backward" for f in step.formulas}
    for l in range(1, len(s.spec.layers)):
        line = shown[f"∂E/∂b{sup(l)}"]
        assert line.symbols.startswith(f"Δ{sup(l)}ᵀ·1")
        np.testing.assert_allclose(line.result.ravel(), s.params.biases(seen["grad"], l), rtol=1e-12)


def test_a_loss_term_reads_its_output_neuron() -> None:
    """The view highlights what a step reads: E_o1 reads out_o1; every key names a neuron,
    an output, the loss or a parameter the network has."""
    s = Session(presets.load("mazur"))
    loss = [step for step in s.plan.steps if step.phase == "loss"]
    assert [(step.focus, step.reads) for step in loss] == [
        ((("output", 1),), (("neuron", 2, 1),)), ((("output", 2),), (("neuron", 2, 2),)),
        ((("loss",),), (("output", 1), ("output", 2)))]
    for granularity in ("neuron", "layer", "phase"):
        s.set_granularity(granularity)
        for step in s.plan.steps:
            for key in step.focus + step.reads:
                assert key in {("loss",), ("output", 1), ("output", 2)} or (
                    key[0] == "neuron" and 1 <= key[2] <= s.spec.layers[key[1]]) or (
                    key[0] == "param" and 0 <= key[1] < 12), key


@pytest.mark.parametrize(("name", "shown"), [
    ("b2_1", "b₂,₁"), ("h1_2", "h₁,₂"), ("E_o1", "Eₒ₁"), ("∂E/∂b2_1", "∂E/∂b₂,₁"), ("w5", "w5"),
    ("δ_h1_2", "δₕ₁,₂"), ("out_h2_3", "outₕ₂,₃"), ("net_x1", "netₓ₁"), ("E_Q", "E_Q"),
])
def test_names_as_the_graph_shows_them(name: str, shown: str) -> None:
    assert display_name(name) == shown
