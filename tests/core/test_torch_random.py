"""torch_random against torch itself: the same seed gives the same float64 draws, bit for bit."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviewer.core.torch_random import TorchGenerator, fma

SHAPES = [(1,), (5,), (15,), (16,), (17,), (3, 2), (64, 2), (10, 64), (64, 64), (33, 1)]
SEEDS = [0, 1, 12345, 2**32 + 7, 2**64 - 1]


def torch_draw(seed: int, shape: tuple[int, ...], method: str, *args: float) -> list[float]:
    gen = torch.Generator().manual_seed(seed)
    tensor = torch.empty(shape, dtype=torch.float64)
    getattr(tensor, method)(*args, generator=gen)
    return tensor.flatten().tolist()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_uniform_is_torchs(seed: int, shape: tuple[int, ...]) -> None:
    ours = TorchGenerator(seed).uniform(math.prod(shape), -0.37, 0.52)
    assert ours == torch_draw(seed, shape, "uniform_", -0.37, 0.52)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("mean", "std"), [(0.0, 0.13), (0.5, 1.7)])
def test_normal_is_torchs(seed: int, shape: tuple[int, ...], mean: float, std: float) -> None:
    ours = TorchGenerator(seed).normal(math.prod(shape), mean, std)
    assert ours == torch_draw(seed, shape, "normal_", mean, std)


def test_draws_follow_one_another_as_in_torch() -> None:
    """A small normal_ keeps its second Box–Muller value in the generator for the next."""
    gen = torch.Generator().manual_seed(3)
    expected = []
    for count, method, args in [(5, "normal_", (0.1, 2.0)), (3, "normal_", (0.1, 2.0)),
                                (20, "uniform_", (-1.0, 1.0)), (7, "normal_", (0.0, 1.0)),
                                (40, "normal_", (0.0, 1.0))]:
        tensor = torch.empty(count, dtype=torch.float64)
        getattr(tensor, method)(*args, generator=gen)
        expected.append(tensor.tolist())
    ours = TorchGenerator(3)
    assert [ours.normal(5, 0.1, 2.0), ours.normal(3, 0.1, 2.0), ours.uniform(20, -1.0, 1.0),
            ours.normal(7, 0.0, 1.0), ours.normal(40, 0.0, 1.0)] == expected


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=False)


@settings(max_examples=50, deadline=None)
@given(finite, finite, finite)
def test_fma_rounds_once(x: float, y: float, z: float) -> None:
    assert fma(x, y, z) == float(Fraction(x) * Fraction(y) + Fraction(z))
