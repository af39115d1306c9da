import numpy as np
import pytest
import torch

from bpviewer.core.labs import activations_lab as act


@pytest.mark.parametrize("name", act.NAMES)
def test_closed_form_derivative_equals_autograd(name):
    z = torch.linspace(-10, 10, 4001, dtype=torch.float64, requires_grad=True)
    f, fprime = act.value_and_derivative(name, z, slope=0.1)
    (grad,) = torch.autograd.grad(f.sum(), z)
    # 1 − tanh² cancels where tanh ≈ ±1 (f′ ~ 1e-8): there only the absolute error is tiny
    np.testing.assert_allclose(fprime.detach().numpy(), grad.numpy(), rtol=1e-12, atol=1e-15)


def test_sigmoid_at_two():
    r = act.reading("sigmoid", 2.0)
    s = 1 / (1 + np.exp(-2.0))
    assert r.f == pytest.approx(s, rel=1e-12)
    assert r.fprime == pytest.approx(s * (1 - s), rel=1e-12)


def test_leaky_relu_uses_the_notes_slope():
    assert act.DEFAULT_SLOPE == 0.1
    assert act.reading("leaky_relu", -3.0).f == pytest.approx(-0.3, rel=1e-15)
    assert act.reading("leaky_relu", -3.0).fprime == 0.1


def test_saturation_and_dead_regions():
    sig = act.curve("sigmoid").regions
    assert [r.kind for r in sig] == ["saturated", "saturated"]
    # σ′ = 0.25 at 0; below 0.0025 once |z| > ln((1 + √(1 − 0.04)) / (1 − √(1 − 0.04)) / …) ≈ 5.99
    assert sig[0].lo == -10 and sig[0].hi == pytest.approx(-6.0, abs=0.02)
    assert sig[1].lo == pytest.approx(6.0, abs=0.02) and sig[1].hi == 10
    relu = act.curve("relu").regions
    assert len(relu) == 1 and relu[0].kind == "dead" and relu[0].hi <= 0
    assert act.curve("leaky_relu", slope=0.1).regions == ()
    assert act.curve("identity").regions == ()
    tanh = act.curve("tanh").regions
    assert len(tanh) == 2 and tanh[1].lo == pytest.approx(3.0, abs=0.02)


def test_softmax_jacobian_equals_autograd():
    z = [2.0, 1.0, 0.1, -1.5]
    result = act.softmax_jacobian(z)
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0),
                                             torch.tensor(z, dtype=torch.float64))
    np.testing.assert_allclose(result.jacobian, jac.numpy(), rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(result.p.sum(), 1.0, rtol=1e-15)
    table = result.table()
    assert table.columns[:3] == ("i", "z_i", "p_i") and len(table.rows) == 4


def test_softmax_needs_numbers():
    with pytest.raises(ValueError):
        act.softmax_jacobian([])


def test_readings_table_has_every_activation():
    table = act.readings_table(-1.0)
    assert [r[0] for r in table.rows] == [act.LABELS[n] for n in act.NAMES]
    assert table.rows[2][2:4] == (0.0, 0.0)  # ReLU at −1 is dead
