"""Initial weights from an `init` scheme, drawn as torch draws them so a seed means what it
means in torch: torch.manual_seed(seed), then layer by layer an nn.Linear(from, to) for
`torch_default`, otherwise torch.nn.init.<scheme>_ on the weight and zeros for the bias
(uniform and normal draw the bias too). The draws are torch's CPU generator in numpy
(torch_random), not torch: importing torch took the window 1.5–2 s to open such a file.
The bounds and deviations are torch.nn.init's own expressions.
"""

from __future__ import annotations

import math
from typing import Any

from .spec import NetworkSpec
from .torch_random import TorchGenerator


def initial_weights(spec: NetworkSpec) -> tuple[list, list]:
    if spec.weights is not None:
        return spec.weights, spec.biases
    return _draw(spec.init, spec.layers)


def _gain(nonlinearity: str, a: float) -> float:
    """torch.nn.init.calculate_gain(nonlinearity, a) for the nonlinearities a spec allows."""
    return {"tanh": 5.0 / 3, "relu": math.sqrt(2.0),
            "leaky_relu": math.sqrt(2.0 / (1 + a**2))}.get(nonlinearity, 1)


def _draw(init: dict[str, Any], layers: tuple[int, ...]) -> tuple[list, list]:
    scheme = init["scheme"]
    gen = TorchGenerator(init.get("seed", 0))
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:], strict=True):
        count = n_in * n_out
        b = [0.0] * n_out
        if scheme == "torch_default":  # kaiming_uniform_(w, a=√5), then the bias
            bound = math.sqrt(3.0) * (_gain("leaky_relu", 5**0.5) / math.sqrt(n_in))
            w = gen.uniform(count, -bound, bound)
            b = gen.uniform(n_out, -1.0 / n_in**0.5, 1.0 / n_in**0.5)
        elif scheme in ("xavier_uniform", "xavier_normal"):
            std = init.get("gain", 1.0) * math.sqrt(2.0 / float(n_in + n_out))
            w = gen.uniform(count, -math.sqrt(3.0) * std, math.sqrt(3.0) * std) \
                if scheme == "xavier_uniform" else gen.normal(count, 0.0, std)
        elif scheme in ("kaiming_uniform", "kaiming_normal"):
            fan = n_in if init.get("mode", "fan_in") == "fan_in" else n_out
            std = _gain(init.get("nonlinearity", "leaky_relu"), init.get("a", 0.0)) / math.sqrt(fan)
            w = gen.uniform(count, -math.sqrt(3.0) * std, math.sqrt(3.0) * std) \
                if scheme == "kaiming_uniform" else gen.normal(count, 0, std)
        elif scheme == "uniform":
            w = gen.uniform(count, init.get("a", 0.0), init.get("b", 1.0))
            b = gen.uniform(n_out, init.get("a", 0.0), init.get("b", 1.0))
        elif scheme == "normal":
            w = gen.normal(count, init.get("mean", 0.0), init.get("std", 1.0))
            b = gen.normal(n_out, init.get("mean", 0.0), init.get("std", 1.0))
        else:
            w = [0.0] * count
        weights.append([w[i * n_in:(i + 1) * n_in] for i in range(n_out)])
        biases.append(b)
    return weights, biases
