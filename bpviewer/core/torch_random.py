"""torch's CPU generator and its float64 uniform_ and normal_, in numpy, bit for bit.

A network file's `init` scheme means what it means in torch (`torch.manual_seed(seed)`,
then `torch.nn.init`); importing torch for it cost the window 1.5–2 s at start-up. The same
numbers come from the same Mersenne Twister (numpy's MT19937, seeded as torch seeds it)
through the same transforms as ATen's CPU kernels (DistributionsHelper.h,
TransformationHelper.h, native/cpu/DistributionTemplates.h):

- uniform_(a, b): two 32-bit draws make 64 bits, 53 of them a double x in [0, 1), then
  a + x·(b − a) with one rounding (the kernel is built for AVX2/AVX-512 with fused
  multiply-add; on a CPU without them torch itself rounds twice, differing in the last bit);
- normal_(mean, std): ≥ 16 values: all uniforms first, then Box–Muller on blocks of 16
  (the last block redrawn when the count is not a multiple of 16); fewer: Box–Muller a
  pair at a time, the second value kept in the generator for the next draw.

Tests hold it to torch itself (tests/core/test_torch_random.py).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

_MASK53 = np.uint64((1 << 53) - 1)


def fma(x: float, y: float, z: float) -> float:
    """x·y + z rounded once (math.fma arrives in Python 3.13): the exact sum as an integer
    times a power of two, which float() rounds correctly."""
    if x == 0 or y == 0 or z == 0:
        return x * y + z  # one rounding already
    (mx, ex), (my, ey), (mz, ez) = math.frexp(x), math.frexp(y), math.frexp(z)
    product, addend = ex + ey - 106, ez - 53
    if abs(product - addend) > 900:  # too far apart for one float(): slower, exact
        return float(Fraction(x) * Fraction(y) + Fraction(z))
    low = min(product, addend)
    exact = (int(mx * 2**53) * int(my * 2**53) << (product - low)) + (int(mz * 2**53) << (addend - low))
    return math.ldexp(float(exact), low)


class TorchGenerator:
    """`torch.Generator().manual_seed(seed)` on the CPU, for float64 uniform_ and normal_."""

    def __init__(self, seed: int) -> None:
        _, key, pos, *_ = np.random.RandomState(seed & 0xFFFFFFFF).get_state()
        self._mt = np.random.MT19937()
        self._mt.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._next_normal: float | None = None  # normal_distribution's cached second value

    def doubles(self, count: int) -> np.ndarray:
        """uniform_real_distribution<double>(0, 1): 53 bits of random64 (first draw high)."""
        raw = self._mt.random_raw(2 * count)
        bits = ((raw[0::2] << np.uint64(32)) | raw[1::2]) & _MASK53
        return bits.astype(np.float64) * 2.0**-53

    def uniform(self, count: int, a: float, b: float) -> list[float]:
        width = b - a
        out = [fma(x, width, a) for x in self.doubles(count).tolist()]
        return [a if v == b else v for v in out]

    def normal(self, count: int, mean: float, std: float) -> list[float]:
        if count < 16:
            return [fma(self._standard_normal(), std, mean) for _ in range(count)]
        data = self.doubles(count).tolist()
        for start in range(0, count - 15, 16):
            self._box_muller_16(data, start, mean, std)
        if count % 16:
            data[count - 16:] = self.doubles(16).tolist()
            self._box_muller_16(data, count - 16, mean, std)
        return data

    def _standard_normal(self) -> float:
        if self._next_normal is not None:
            value, self._next_normal = self._next_normal, None
            return value
        u1, u2 = self.doubles(2).tolist()
        r = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self._next_normal = r * math.sin(theta)
        return r * math.cos(theta)

    @staticmethod
    def _box_muller_16(data: list[float], start: int, mean: float, std: float) -> None:
        for j in range(start, start + 8):
            radius = math.sqrt(-2 * math.log(1 - data[j]))
            theta = 2.0 * math.pi * data[j + 8]
            data[j], data[j + 8] = (fma(radius * math.cos(theta), std, mean),
                                    fma(radius * math.sin(theta), std, mean))
