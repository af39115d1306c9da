"""The notes' two steps on y = w²/2 from w = 1, and the race machinery, against torch."""

import numpy as np
import pytest

from bpviewer.core.labs import optimizer_race as race


def _new_ws(key, **kwargs):
    return [round(new, 9) for _w, _g, new in race.notes_steps(key, **kwargs)]


def test_notes_sgd_lr_0_01():
    assert race.notes_steps("sgd") == [(1.0, 1.0, 0.99), (0.99, 0.99, 0.9801)]


def test_notes_momentum_0_9():
    assert _new_ws("momentum") == [0.99, 0.9711]


def test_notes_adagrad_lr_0_01():
    assert _new_ws("adagrad") == [0.99, 0.982964554]


def test_notes_rmsprop_lr_0_01_alpha_0_9():
    assert _new_ws("rmsprop") == [0.968377224, 0.945788026]


def test_notes_adam_lr_0_01_betas_0_9_0_99():
    assert _new_ws("adam") == [0.99, 0.980002519]


def test_notes_gradient_is_w():
    for w, g, _new in race.notes_steps("adam", steps=3):
        assert g == w


def test_half_bowl_race_repeats_the_notes_on_each_coordinate():
    r = race.Race("half_bowl", 0.01)
    r.next_step()
    r.next_step()
    for key in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        expected = [new for _w, _g, new in race.notes_steps(key)]
        points = r.points(key)
        np.testing.assert_allclose(points[1:, 0], expected, rtol=1e-15)
        np.testing.assert_allclose(points[1:, 1], expected, rtol=1e-15)


def test_sgd_on_the_bowl_is_the_closed_form():
    r = race.Race("bowl", 0.1)
    for _ in range(20):
        r.next_step()
    k = np.arange(21)[:, None]
    expected = np.array([[-3.0, 4.0]]) * (1 - 2 * 0.1) ** k
    np.testing.assert_allclose(r.points("sgd"), expected, rtol=1e-12)


def test_momentum_and_adam_state_follow_their_recurrences():
    r = race.Race("elongated", 0.05)
    for _ in range(5):
        r.next_step()
    v = np.zeros(2)
    m, s = np.zeros(2), np.zeros(2)
    for k, (mom, adam) in enumerate(zip(r.racers["momentum"].records,
                                        r.racers["adam"].records, strict=True), start=1):
        v = 0.9 * v + mom.grad
        np.testing.assert_allclose(mom.state["momentum_buffer"], v, rtol=1e-12)
        np.testing.assert_allclose(mom.w_next, mom.w - 0.05 * v, rtol=1e-12)
        m = 0.9 * m + 0.1 * adam.grad
        s = 0.99 * s + 0.01 * adam.grad ** 2
        np.testing.assert_allclose(adam.state["exp_avg"], m, rtol=1e-12)
        np.testing.assert_allclose(adam.state["exp_avg_sq"], s, rtol=1e-12)
        step = 0.05 * (m / (1 - 0.9 ** k)) / (np.sqrt(s / (1 - 0.99 ** k)) + 1e-8)
        np.testing.assert_allclose(adam.w_next, adam.w - step, rtol=1e-12)


def test_lr_10_diverges_and_stops_at_the_last_finite_point():
    r = race.Race("bowl", 10.0, optimizers=("sgd",))
    for _ in range(200):
        r.next_step()
    assert r.racers["sgd"].stopped
    assert r.cursor == len(r.racers["sgd"].records) < 200
    assert np.isfinite(r.points("sgd")).all()
    assert any("diverged" in m for m in r.messages())
    r.next_step()  # nothing left to compute: the cursor stays
    assert r.cursor == len(r.racers["sgd"].records)


def test_lr_1e_minus_8_does_not_move():
    r = race.Race("bowl", 1e-8, optimizers=("sgd",))
    for _ in range(20):
        r.next_step()
    np.testing.assert_allclose(r.points("sgd")[-1], [-3.0, 4.0], rtol=1e-6)


def test_stepping_back_reads_records_without_recomputing():
    r = race.Race("rosenbrock", 0.001)
    for _ in range(3):
        r.next_step()
    records = list(r.racers["adam"].records)
    r.previous_step()
    assert r.cursor == 2 and r.current("adam") is records[1]
    r.next_step()
    assert r.racers["adam"].records == records and r.current("adam") is records[2]
    r.previous_step()
    r.previous_step()
    r.previous_step()
    r.previous_step()
    assert r.cursor == 0 and r.current("adam") is None and len(r.points("adam")) == 1


def test_table_columns_carry_the_optimizer_state():
    r = race.Race("half_bowl", 0.01)
    r.next_step()
    assert r.table("adam").columns == ("step", "w0", "w1", "f(w)", "g0", "g1", "m0", "m1",
                                       "v0", "v1", "new w0", "new w1")
    assert r.table("sgd").rows == ((1, 1.0, 1.0, 1.0, 1.0, 1.0, 0.99, 0.99),)


def test_grid_is_the_surface():
    surface = race.SURFACES["elongated"]
    g = race.grid(surface, n=11)
    x, y = np.meshgrid(g.xs, g.ys, indexing="ij")
    np.testing.assert_allclose(g.shade, 0.1 * x * x + 2 * y * y, rtol=1e-12)
    assert len(g.levels) == 12 and g.shade.min() < g.levels[0] < g.levels[-1] < g.shade.max()


def test_lr_must_be_positive():
    with pytest.raises(ValueError):
        race.Race("bowl", 0.0)
