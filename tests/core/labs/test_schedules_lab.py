import numpy as np
import pytest

from bpviewer.core.labs import schedules

EPOCH = np.arange(200)


def test_step_lr_notes_settings():
    curve = schedules.lr_curve("step")
    np.testing.assert_allclose(curve, 0.1 * 0.1 ** (EPOCH // 20), rtol=1e-12)


def test_multistep_lr_notes_settings():
    curve = schedules.lr_curve("multistep")
    drops = (EPOCH[:, None] >= np.array([50, 125, 160])).sum(axis=1)
    np.testing.assert_allclose(curve, 0.1 * 0.1 ** drops, rtol=1e-12)
    assert curve[49] == 0.1 and curve[50] == pytest.approx(0.01, rel=1e-15)


def test_exponential_lr_notes_settings():
    np.testing.assert_allclose(schedules.lr_curve("exponential"), 0.1 * 0.98 ** EPOCH,
                               rtol=1e-12)


def test_parameters_are_editable():
    curve = schedules.lr_curve("step", epochs=10, lr=1.0, step_size=3, gamma=0.5)
    np.testing.assert_allclose(curve, 0.5 ** (np.arange(10) // 3), rtol=1e-12)


def test_curves_table():
    table = schedules.curves_table({k: schedules.lr_curve(k) for k in schedules.SCHEDULES})
    assert table.columns == ("epoch", "StepLR", "MultiStepLR", "ExponentialLR")
    assert len(table.rows) == 200 and table.rows[0] == (1, 0.1, 0.1, 0.1)


def test_temperatures_are_seeded():
    a, b = schedules.temperatures(), schedules.temperatures()
    assert a.shape == (30,) and np.array_equal(a, b)
    assert not np.array_equal(a, schedules.temperatures(seed=1))


@pytest.mark.parametrize("beta", schedules.BETAS)
@pytest.mark.parametrize("corrected", [False, True])
def test_weighted_average_is_the_closed_form(beta, corrected):
    theta = schedules.temperatures()
    t = np.arange(1, 31)
    # v_t = (1 − β) Σ_{i ≤ t} β^(t − i) θ_i
    weights = np.where(t[:, None] >= t[None, :], beta ** (t[:, None] - t[None, :]), 0.0)
    expected = (1 - beta) * weights @ theta
    if corrected:
        expected = expected / (1 - beta ** t)
    np.testing.assert_allclose(schedules.weighted_average(theta, beta, corrected), expected,
                               rtol=1e-12)


def test_bias_correction_fixes_the_start():
    theta = schedules.temperatures()
    assert schedules.weighted_average(theta, 0.9, True)[0] == pytest.approx(theta[0], rel=1e-12)
    assert schedules.weighted_average(theta, 0.9)[0] == pytest.approx(0.1 * theta[0], rel=1e-12)


def test_recurrence_text():
    theta = np.array([10.0, 20.0])
    assert schedules.recurrence_text(theta, 0.5, 2, False) == "β = 0.5: v_2 = 0.5 × 5.0 + 0.5 × 20.0 = 12.5"
    assert schedules.recurrence_text(theta, 0.5, 2, True).endswith("v_2 / (1 − 0.5^2) = 16.6667")
