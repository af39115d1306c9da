"""The activation formulas the chain panel shows, read as mathematics, are torch's functions.

The symbols (`1 if net > 0 else slope`, `out(1 − out)`, `max(net, slope·net)`, …) are turned
into Python by a few textual rules written here — implicit products, `−`, `²`, `e^x` — and
evaluated; the result must be torch's activation or its autograd derivative in float64
(1e-12 relative; 1e-15 absolute, what 1 − out² loses to cancellation near saturation),
including at net = 0 where torch's convention decides (relu′(0) = 0, leaky_relu′(0) = slope).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviewer.core import activations

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None)

TORCH = {"identity": lambda z, s: z, "sigmoid": lambda z, s: torch.sigmoid(z),
         "tanh": lambda z, s: torch.tanh(z), "relu": lambda z, s: torch.relu(z),
         "leaky_relu": lambda z, s: F.leaky_relu(z, s)}


def _python(symbols: str) -> str:
    """A shown formula as a Python expression over net, out, slope and H (Heaviside)."""
    text = symbols.split(" = ")[-1]  # "σ(net) = 1 / (1 + e^−net)": the right-hand side
    text = re.sub(r"e\^(−?\w+)", r"exp(\1)", text)
    text = text.replace("−", "-").replace("·", "*").replace("⊙", "*").replace("²", "**2")
    return re.sub(r"(out|slope)\(", r"\1*(", text)


def _evaluate(symbols: str, net, out, slope):
    space = {"net": net, "out": out, "slope": slope, "exp": np.exp, "tanh": np.tanh,
             "max": np.maximum, "H": lambda v: np.where(np.asarray(v) > 0, 1.0, 0.0), "__builtins__": {}}
    return eval(_python(symbols), space)  # noqa: S307 - a formula of our own tests


def _torch(name: str, z: np.ndarray, slope: float) -> tuple[np.ndarray, np.ndarray]:
    """(f(z), f′(z)) from torch autograd, element by element."""
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    a = TORCH[name](t, slope)
    a.sum().backward()
    return a.detach().numpy(), t.grad.numpy()


values = st.one_of(st.just(0.0), st.floats(-30, 30, allow_nan=False))
slopes = st.one_of(st.just(0.01), st.floats(-2, 2, allow_nan=False))


@FAST
@given(name=st.sampled_from(sorted(TORCH)), z=values, slope=slopes)
def test_a_neurons_shown_derivative_is_torchs(name: str, z: float, slope: float) -> None:
    a, grad = _torch(name, np.array(z), slope)
    symbols, _, shown = activations.derivative_formula(name, z, float(a), slope)
    bound = {"leaky_relu": shown[1] if len(shown) > 1 else None}.get(name, slope)
    assert _evaluate(symbols, z, float(a), bound) == pytest.approx(float(grad), rel=1e-12, abs=1e-15)


@FAST
@given(name=st.sampled_from(sorted(TORCH)), z=st.lists(values, min_size=1, max_size=6), slope=slopes)
def test_a_layers_shown_derivative_is_torchs(name: str, z: list[float], slope: float) -> None:
    z = np.array(z)
    a, grad = _torch(name, z, slope)
    symbols, _, _ = activations.derivative_formula(name, z, a, slope)
    got = np.broadcast_to(_evaluate(symbols, z, a, slope), z.shape)
    np.testing.assert_allclose(got, grad, rtol=1e-12, atol=1e-15)


@FAST
@given(name=st.sampled_from(sorted(TORCH)), z=st.lists(values, min_size=1, max_size=6), slope=slopes,
       vector=st.booleans())
def test_the_shown_activation_is_torchs(name: str, z: list[float], slope: float, vector: bool) -> None:
    z = np.array(z) if vector else np.array(z[0])
    a, _ = _torch(name, z, slope)
    symbols, _, _ = activations.forward_formula(name, "net", z if vector else float(z), slope)
    np.testing.assert_allclose(_evaluate(symbols, z, None, slope), a, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("slope", [0.0, 0.01, 0.2, 1.0])
def test_a_layers_leaky_relu_is_the_short_max_form_for_a_slope_in_0_1(slope: float) -> None:
    z = np.array([-2.0, 0.0, 3.0])
    assert activations.forward_formula("leaky_relu", "net", z, slope)[0] == "max(net, slope·net)"


def test_the_default_slope_is_torchs() -> None:
    """Without a slope, leaky_relu is torch's F.leaky_relu without one (negative_slope 0.01)."""
    t = torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)
    a = F.leaky_relu(t)
    a.backward()
    symbols, _, shown = activations.derivative_formula("leaky_relu", -3.0, a.item())
    assert _evaluate(symbols, -3.0, a.item(), shown[1]) == t.grad.item()
    symbols, _, shown = activations.forward_formula("leaky_relu", "net", -3.0)
    assert _evaluate(symbols, -3.0, None, shown[1]) == a.item()


@pytest.mark.parametrize("shape", [(4,), (2, 3, 5)])
def test_softmax_and_its_backward_are_over_the_last_axis_for_any_shape(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(0)
    z, upstream = rng.normal(size=shape) * 3, rng.normal(size=shape)
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    p = torch.softmax(t, dim=-1)
    (p * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(activations.forward("softmax", z), p.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(activations.softmax_backward(p.detach().numpy(), upstream), t.grad.numpy(),
                               rtol=1e-12, atol=1e-15)
