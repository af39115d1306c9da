"""Weights from a PyTorch `state_dict` file (`torch.save(model.state_dict(), path)`).

Read with `torch.load(weights_only=True)`, which never runs pickled code. The 2-D
`….weight` tensors, in the file's order, are the network's weight layers; each needs its
`….bias` beside it. Every mismatch is one line naming the tensor and both shapes, so
`bpviewer --weights bad.pth` exits 2 and the window shows the same line.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from . import jsonfile
from .errors import SpecError
from .spec import NetworkSpec
from .texts import tr


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "a scalar"


def read_state_dict(path: str | os.PathLike) -> dict:
    """The file's tensors by name. Its bytes are read as a network file's are: a folder, a
    device, a pipe (where torch.load would wait for a writer) or a file over 64 MB is refused
    before anything is read."""
    import pickle

    import torch

    source = str(path)
    data = jsonfile.read_bytes(Path(path))
    try:
        state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as exc:  # a damaged file breaks torch's unpickler anywhere (KeyError, IndexError, …)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if not reason or not isinstance(exc, (pickle.UnpicklingError, RuntimeError, OSError, ValueError)):
            reason = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
        raise SpecError("", tr("not a PyTorch state_dict file ({value})", value=reason[:160]),
                        source) from None
    if not isinstance(state, dict):
        raise SpecError("", tr("expected a state_dict (torch.save(model.state_dict(), …)), got {kind}",
                               kind=type(state).__name__), source)
    for key, value in state.items():
        if not isinstance(value, torch.Tensor):
            raise SpecError("", tr("{key} is {kind}, not a tensor (a state_dict holds only tensors)",
                                   key=str(key)[:60], kind=type(value).__name__), source)
    return state


def linear_tensors(state: dict, spec: NetworkSpec, source: str) -> tuple[list, list]:
    """(weights, biases) as nested lists, checked against the network's layers."""
    layers = spec.layers
    weight_keys = [k for k, v in state.items() if k.endswith("weight") and v.dim() == 2]
    n_w = len(layers) - 1
    if len(weight_keys) != n_w:
        raise SpecError("", tr("holds {n} Linear weight matrices ({value}), the network has {n_w} "
                               "weight layers", n=len(weight_keys),
                               value=', '.join(weight_keys) or 'none', n_w=n_w),
                        source)
    weights, biases = [], []
    for l, key in enumerate(weight_keys, start=1):
        need = (layers[l], layers[l - 1])
        w = state[key]
        if tuple(w.shape) != need:
            raise SpecError("", tr("{key} is {value}, layer {l} needs {value2}", key=key,
                                   value=_shape(tuple(w.shape)), l=l, value2=_shape(need)), source)
        bias_key = key[: -len("weight")] + "bias"
        if bias_key not in state:
            raise SpecError("", tr("{bias_key} is missing, layer {l} needs {value}",
                                   bias_key=bias_key, l=l, value=layers[l]), source)
        b = state[bias_key]
        if tuple(b.shape) != (layers[l],):
            raise SpecError("", tr("{bias_key} is {value}, layer {l} needs {value2}",
                                   bias_key=bias_key, value=_shape(tuple(b.shape)), l=l,
                                   value2=layers[l]),
                            source)
        for name, tensor in ((key, w), (bias_key, b)):
            if not tensor.is_floating_point() or not bool(tensor.isfinite().all()):
                raise SpecError("", tr("{name} must hold finite floating-point numbers", name=name), source)
        weights.append(w.double().tolist())
        biases.append(b.double().tolist())
    return weights, biases


def with_weights(spec: NetworkSpec, path: str | os.PathLike) -> NetworkSpec:
    """The network with the file's weights and biases (its init scheme, if any, dropped)."""
    source = str(path)
    weights, biases = linear_tensors(read_state_dict(path), spec, source)
    return spec.with_changes(weights=weights, biases=biases, init=None)
