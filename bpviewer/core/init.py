"""Initial weights from an `init` scheme, drawn by torch so a seed means what it means in torch.

torch.manual_seed(seed), then layer by layer: an nn.Linear(from, to) for `torch_default`,
otherwise torch.nn.init.<scheme>_ on the weight and zeros for the bias (uniform and
normal draw the bias too). torch is imported here only, and only when a file asks for it.
"""

from __future__ import annotations

from typing import Any

from .spec import NetworkSpec


def initial_weights(spec: NetworkSpec) -> tuple[list, list]:
    if spec.weights is not None:
        return spec.weights, spec.biases
    return _draw(spec.init, spec.layers)


def _draw(init: dict[str, Any], layers: tuple[int, ...]) -> tuple[list, list]:
    import torch

    scheme = init["scheme"]
    gen = torch.Generator().manual_seed(init.get("seed", 0))
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:], strict=True):
        w = torch.empty(n_out, n_in, dtype=torch.float64)
        b = torch.zeros(n_out, dtype=torch.float64)
        if scheme == "torch_default":
            bound = 1.0 / n_in**0.5
            torch.nn.init.kaiming_uniform_(w, a=5**0.5, generator=gen)
            torch.nn.init.uniform_(b, -bound, bound, generator=gen)
        elif scheme in ("xavier_uniform", "xavier_normal"):
            getattr(torch.nn.init, scheme + "_")(w, gain=init.get("gain", 1.0), generator=gen)
        elif scheme in ("kaiming_uniform", "kaiming_normal"):
            getattr(torch.nn.init, scheme + "_")(
                w, a=init.get("a", 0.0), mode=init.get("mode", "fan_in"),
                nonlinearity=init.get("nonlinearity", "leaky_relu"), generator=gen)
        elif scheme == "uniform":
            for t in (w, b):
                torch.nn.init.uniform_(t, init.get("a", 0.0), init.get("b", 1.0), generator=gen)
        elif scheme == "normal":
            for t in (w, b):
                torch.nn.init.normal_(t, init.get("mean", 0.0), init.get("std", 1.0), generator=gen)
        else:
            w.zero_()
        weights.append(w.tolist())
        biases.append(b.tolist())
    return weights, biases
