"""The generated data sets against their geometry, written here from what each set is: a label
inverted, a class on the wrong ring or a target off its formula fails. Noise 0 makes the
geometry exact; the seed gives the same rows every time."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import data
from bpviewer.core import spec as spec_mod


def dataset(generator: str, outputs: int = 1, **extra) -> data.Dataset:
    regression = generator in ("plane", "multi_gaussian")
    raw = {"layers": [2, 3, outputs], "activations": ["tanh", "identity" if regression else "sigmoid"],
           "loss": "mse" if regression else "bce", "init": {"scheme": "zeros"},
           "data": {"generator": generator, "n": 120, "noise": 0.0, "seed": 5, **extra}}
    if outputs > 1:
        raw.update(activations=["tanh", "softmax"], loss="cross_entropy")
    return data.resolve(spec_mod.from_dict(raw))


def labels(d: data.Dataset) -> np.ndarray:
    return d.targets[:, 0].astype(int) if d.targets.shape[1] == 1 else d.targets.argmax(axis=1)


def test_xor_is_one_where_the_signs_differ() -> None:
    d = dataset("xor")
    x = d.inputs
    assert set(np.unique(d.targets)) == {0.0, 1.0}
    np.testing.assert_array_equal(labels(d), (x[:, 0] * x[:, 1] < 0).astype(int))
    assert np.abs(x).min() >= 0.3  # points pushed off the axes


def test_circles_class_0_inside_class_1_on_the_outer_ring() -> None:
    d = dataset("circles")
    r = np.hypot(d.inputs[:, 0], d.inputs[:, 1])
    y = labels(d)
    assert r[y == 0].max() <= 2.0 and r[y == 1].min() >= 3.5 and r[y == 1].max() <= 5.0
    np.testing.assert_array_equal(y, np.arange(120) % 2)


def test_linear_is_one_above_the_diagonal() -> None:
    d = dataset("linear")
    np.testing.assert_array_equal(labels(d), (d.inputs.sum(axis=1) > 0).astype(int))


def test_moons_class_0_on_the_upper_arc_class_1_on_the_lower() -> None:
    d = dataset("moons")
    p = d.inputs / 3.0 + [0.5, 0.25]
    y = labels(d)
    upper, lower = p[y == 0], np.array([1.0, 0.5]) - p[y == 1]
    for arc in (upper, lower):
        np.testing.assert_allclose(np.hypot(arc[:, 0], arc[:, 1]), 1.0, rtol=1e-12)
        assert arc[:, 1].min() >= -1e-12


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_spiral_arm_c_is_turned_by_c_over_classes_of_a_turn(classes: int) -> None:
    d = dataset("spiral", outputs=classes, classes=classes)
    x, y = d.inputs, labels(d)
    np.testing.assert_array_equal(y, np.arange(120) % classes)
    r = np.hypot(x[:, 0], x[:, 1])
    angle = np.arctan2(x[:, 0], x[:, 1])  # x1 = r sin θ, x2 = r cos θ
    expected = 1.75 * 2 * np.pi * (r / 5.0) + 2 * np.pi * y / classes
    wrapped = np.angle(np.exp(1j * (angle - expected)))
    np.testing.assert_allclose(wrapped, 0.0, atol=1e-9)
    np.testing.assert_array_equal(d.targets, np.eye(classes)[y])


def test_gaussians_sit_around_their_own_centre() -> None:
    d = dataset("gaussians", outputs=4, classes=4)
    y = labels(d)
    for c in range(4):
        theta = 2 * np.pi * c / 4 + 0.25 * np.pi
        centre = 3.0 * np.array([np.cos(theta), np.sin(theta)])
        mean = d.inputs[y == c].mean(axis=0)
        assert np.hypot(*(mean - centre)) < 0.6, (c, mean, centre)


def test_plane_is_x1_plus_x2_over_12() -> None:
    d = dataset("plane")
    np.testing.assert_allclose(d.targets[:, 0], d.inputs.sum(axis=1) / 12.0, rtol=1e-15)
    assert np.abs(d.inputs).max() <= 6.0


def test_multi_gaussian_is_six_bumps_of_alternating_sign() -> None:
    d = dataset("multi_gaussian")
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    expected = sum(s * np.exp(-((d.inputs[:, 0] - cx) ** 2 + (d.inputs[:, 1] - cy) ** 2) / 2)
                   for cx, cy, s in bumps)
    np.testing.assert_allclose(d.targets[:, 0], expected, rtol=1e-12, atol=1e-15)


def test_noise_is_normal_with_five_times_the_setting() -> None:
    clean, noisy = dataset("plane"), dataset("plane", noise=0.2)
    assert np.array_equal(clean.inputs, noisy.inputs)
    spread = np.std(noisy.targets - clean.targets)
    assert 0.15 < spread < 0.25  # regression noise is added to the target, σ = noise
    a, b = dataset("xor"), dataset("xor", noise=0.1)
    assert 0.35 < np.std(b.inputs - a.inputs) < 0.65  # classification noise moves points, σ = 5·noise


def test_test_fraction_holds_out_that_share() -> None:
    d = dataset("circles", test_fraction=0.25)
    assert (len(d.inputs), len(d.test_inputs)) == (90, 30)
    full = dataset("circles")
    together = np.concatenate([d.inputs, d.test_inputs])
    assert sorted(map(tuple, together)) == sorted(map(tuple, full.inputs))


@pytest.mark.parametrize("generator", spec_mod.GENERATORS)
def test_without_n_a_generator_makes_200_points(generator: str) -> None:
    """DESIGN: `{"generator": …, "n": 200, …}`, 200 being the default."""
    regression = generator in spec_mod.REGRESSION_GENERATORS
    raw = {"layers": [2, 3, 1], "activations": ["tanh", "identity" if regression else "sigmoid"],
           "loss": "mse" if regression else "bce", "init": {"scheme": "zeros"},
           "data": {"generator": generator}}
    d = data.resolve(spec_mod.from_dict(raw))
    assert d.inputs.shape == (200, 2) and d.targets.shape == (200, 1)
