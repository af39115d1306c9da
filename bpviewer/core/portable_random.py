"""numpy's default_rng(entropy).random / .permutation in pure Python.

The engine shuffles and draws dropout masks with `numpy.random.default_rng([seed, …])`.
An exported PyTorch script must reproduce those numbers with torch alone, so it carries
this class (its source is pasted into the script): SeedSequence → PCG64 → doubles and
the bounded integers of Generator.shuffle, bit for bit (a test holds it to numpy).
"""

from __future__ import annotations


class NumpyRandom:
    """numpy.random.default_rng(entropy), for .random(count) and .permutation(n) only."""

    M32, M64, M128 = 2**32 - 1, 2**64 - 1, 2**128 - 1
    PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645

    def __init__(self, entropy: list[int]) -> None:
        words = []
        for value in entropy:
            words.append(value & self.M32)
            value >>= 32
            while value:
                words.append(value & self.M32)
                value >>= 32
        self._hash = 0x43B0D7E5
        pool = [self._hashmix(words[i] if i < len(words) else 0) for i in range(4)]
        for src in range(4):
            for dst in range(4):
                if src != dst:
                    pool[dst] = self._mix(pool[dst], self._hashmix(pool[src]))
        for src in range(4, len(words)):
            for dst in range(4):
                pool[dst] = self._mix(pool[dst], self._hashmix(words[src]))
        state, h = [], 0x8B51F9DD
        for i in range(8):
            v = (pool[i % 4] ^ h) & self.M32
            h = (h * 0x58F38DED) & self.M32
            v = (v * h) & self.M32
            state.append(v ^ (v >> 16))
        s = [state[2 * i] | (state[2 * i + 1] << 32) for i in range(4)]
        self.inc = ((((s[2] << 64) | s[3]) << 1) | 1) & self.M128
        self.state = 0
        self._step()
        self.state = (self.state + ((s[0] << 64) | s[1])) & self.M128
        self._step()
        self._half = None

    def _hashmix(self, value: int) -> int:
        value = (value ^ self._hash) & self.M32
        self._hash = (self._hash * 0x931E8875) & self.M32
        value = (value * self._hash) & self.M32
        return value ^ (value >> 16)

    def _mix(self, x: int, y: int) -> int:
        r = (0xCA01F9DD * x - 0x4973F715 * y) & self.M32
        return r ^ (r >> 16)

    def _step(self) -> None:
        self.state = (self.state * self.PCG_MULT + self.inc) & self.M128

    def next64(self) -> int:
        self._step()
        x = ((self.state >> 64) ^ self.state) & self.M64
        rot = self.state >> 122
        return ((x >> rot) | (x << (64 - rot))) & self.M64

    def next32(self) -> int:
        if self._half is not None:
            value, self._half = self._half, None
            return value
        value = self.next64()
        self._half = value >> 32
        return value & self.M32

    def random(self, count: int) -> list[float]:
        """`count` doubles in [0, 1), as rng.random(count)."""
        return [(self.next64() >> 11) * (1.0 / 9007199254740992.0) for _ in range(count)]

    def permutation(self, n: int) -> list[int]:
        """rng.permutation(n): Fisher–Yates with numpy's masked rejection sampling."""
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            mask = (1 << i.bit_length()) - 1
            j = (self.next32() if i <= self.M32 else self.next64()) & mask
            while j > i:
                j = (self.next32() if i <= self.M32 else self.next64()) & mask
            order[i], order[j] = order[j], order[i]
        return order
