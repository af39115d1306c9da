"""Where each weight and bias lives in the flat parameter vector, and its names.

The order is torch's `net.parameters()` for a stack of nn.Linear: W1, b1, W2, b2, …
with each W in (to, from) layout. Layers and neurons are 1-based in names and CSVs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from .spec import NetworkSpec

_SUBSCRIPTS = dict(zip("0123456789aehijklmnoprstuvx,", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ,", strict=True))
_INDEXED = re.compile(r"(?<!\w)([bh])(\d+)_(\d+)")
_SUBSCRIPTED = re.compile(r"(?<!\w)([A-Za-zδ]+)_([\w,]+)")


def _sub(text: str) -> str | None:
    return "".join(_SUBSCRIPTS[c] for c in text) if all(c in _SUBSCRIPTS for c in text) else None


@lru_cache(maxsize=1 << 16)
def display_name(text: str) -> str:
    """One naming scheme, subscripts rendered, for plain-text views (the graph): b2_1 → b₂,₁,
    h1_2 → h₁,₂, E_o1 → Eₒ₁, ∂E/∂b2_1 → ∂E/∂b₂,₁; w5 stays w5. The chain panel typesets the
    same names with HTML subscripts; CSV headers keep the file format's w2_1_1, b2_1."""
    text = _INDEXED.sub(lambda m: m.group(1) + _sub(f"{m.group(2)},{m.group(3)}"), text)

    def one(m: re.Match) -> str:
        sub = _sub(m.group(2).replace("_", ","))
        return m.group(0) if sub is None else m.group(1) + sub

    return _SUBSCRIPTED.sub(one, text)



@dataclass(frozen=True)
class ParamRef:
    index: int
    kind: str
    layer: int
    to: int
    source: int | None
    number: int = 0

    @property
    def name(self) -> str:
        """w1, w2, … numbered across layers in file order, as the Mazur article does."""
        return f"w{self.number}" if self.kind == "weight" else f"b{self.layer}_{self.to}"

    @property
    def label(self) -> str:
        """The name as views show it, subscripts rendered: w5, b₂,₁."""
        return display_name(self.name)

    @property
    def column(self) -> str:
        """Column name in history.csv: w{layer}_{to}_{from} or b{layer}_{to}."""
        if self.kind == "weight":
            return f"w{self.layer}_{self.to}_{self.source}"
        return f"b{self.layer}_{self.to}"


class ParamLayout:
    def __init__(self, spec: NetworkSpec) -> None:
        self.layers = spec.layers
        self.weight_slices: list[slice] = []
        self.bias_slices: list[slice] = []
        refs: list[ParamRef] = []
        offset = 0
        bias_count = 0
        for l in range(1, len(self.layers)):
            n_in, n_out = self.layers[l - 1], self.layers[l]
            self.weight_slices.append(slice(offset, offset + n_out * n_in))
            for to in range(1, n_out + 1):
                for src in range(1, n_in + 1):
                    refs.append(ParamRef(offset, "weight", l, to, src, len(refs) + 1 - bias_count))
                    offset += 1
            self.bias_slices.append(slice(offset, offset + n_out))
            for to in range(1, n_out + 1):
                refs.append(ParamRef(offset, "bias", l, to, None))
                offset += 1
                bias_count += 1
        self.refs = tuple(refs)
        self.size = offset
        trainable = [r.index for r in refs if spec.is_trainable(r.kind, r.layer)]
        self.trainable = np.array(trainable, dtype=np.intp)
        self.all_trainable = len(trainable) == offset
        self._by_key = {(r.kind, r.layer, r.to, r.source): r for r in refs}

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Every parameter's name as views show it, in layout order (a table's row names:
        phone-price's 36,740 were made again at each click into another iteration)."""
        return tuple(r.label for r in self.refs)

    def ref(self, kind: str, layer: int, to: int, source: int | None = None) -> ParamRef:
        return self._by_key[(kind, layer, to, source)]

    def weights(self, theta: np.ndarray, layer: int) -> np.ndarray:
        """View of W_layer (1-based) in (to, from) layout."""
        return theta[..., self.weight_slices[layer - 1]].reshape(
            theta.shape[:-1] + (self.layers[layer], self.layers[layer - 1]))

    def biases(self, theta: np.ndarray, layer: int) -> np.ndarray:
        return theta[..., self.bias_slices[layer - 1]]

    def pack(self, weights: list, biases: list, dtype: np.dtype) -> np.ndarray:
        theta = np.empty(self.size, dtype)
        for l, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
            theta[self.weight_slices[l - 1]] = np.asarray(w, dtype).ravel()
            theta[self.bias_slices[l - 1]] = np.asarray(b, dtype).ravel()
        return theta


def neuron_name(layers: tuple[int, ...], layer: int, neuron: int) -> str:
    """The course's names: i1, i2 / h1, h2 / o1, o2; h{layer}_{n} with several hidden layers."""
    if layer == 0:
        return f"i{neuron}"
    if layer == len(layers) - 1:
        return f"o{neuron}"
    if len(layers) == 3:
        return f"h{neuron}"
    return f"h{layer}_{neuron}"

