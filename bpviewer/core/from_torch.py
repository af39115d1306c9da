"""A PyTorch model, its data, loss, optimizer and scheduler as a `bpviewer-network/1` network.

What a student already wrote — `nn.Sequential(nn.Linear(…), nn.Sigmoid(), …)`, `nn.MSELoss()`,
`optim.SGD(net.parameters(), lr=0.5)` — becomes a network bpviewer trains with the same
numbers (the scheduler steps once per epoch, batches are taken in order). The current
weights are taken as they are. Whatever bpviewer cannot reproduce exactly is refused
with one line naming the module or argument, never approximated.
"""

from __future__ import annotations

from typing import Any

from . import spec as spec_mod
from .errors import SpecError

SUPPORTED_MODULES = "Linear, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, Identity"
_ACTIVATIONS = {"Sigmoid": "sigmoid", "Tanh": "tanh", "ReLU": "relu", "LeakyReLU": "leaky_relu",
                "Softmax": "softmax"}
_LOSSES = {"MSELoss": "mse", "L1Loss": "mae", "SmoothL1Loss": "smooth_l1", "BCELoss": "bce",
           "CrossEntropyLoss": "cross_entropy"}
_OPTIMIZERS = {"SGD": "sgd", "Adagrad": "adagrad", "RMSprop": "rmsprop", "Adam": "adam", "AdamW": "adamw"}
#: param_group entries that choose an implementation, not a number
_IMPLEMENTATION = {"params", "foreach", "fused", "capturable", "differentiable", "initial_lr",
                   "decoupled_weight_decay"}


def _refuse(where: str, problem: str) -> SpecError:
    return SpecError(where, problem)


def _modules(model: Any, inputs: Any) -> list[tuple[str, Any]]:
    """(name, module) in the order they run; a custom Module's children must run in order."""
    import torch
    from torch import nn

    if not isinstance(model, nn.Module):
        raise _refuse("model", f"expected a torch.nn.Module, got {type(model).__name__}")

    def flat(module: nn.Module, prefix: str) -> list[tuple[str, Any]]:
        out = []
        for name, child in module.named_children():
            path = f"{prefix}{name}" if prefix == "" else f"{prefix}.{name}"
            out += flat(child, path) if isinstance(child, nn.Sequential) else [(path, child)]
        return out

    modules = flat(model, "")
    if not isinstance(model, nn.Sequential):
        with torch.no_grad():
            x = inputs
            try:
                for _, m in modules:
                    x = m(x)
                same = torch.equal(x, model(inputs))
            except (RuntimeError, TypeError):
                same = False
        if not same:
            raise _refuse("model", f"{type(model).__name__}.forward does not run its children in order; "
                                   "use nn.Sequential")
    return modules


def _layers(modules: list[tuple[str, Any]]) -> tuple[list, list[str], float | None]:
    """The Linear modules, one activation name per Linear, and LeakyReLU's slope."""
    from torch import nn

    linears, acts, slope = [], [], None
    for name, m in modules:
        kind = type(m).__name__
        where = f"model.{name} ({kind})"
        if isinstance(m, nn.Identity):
            continue
        if type(m) is nn.Linear:
            linears.append((name, m))
            acts.append("identity")
            continue
        if kind not in _ACTIVATIONS or type(m) is not getattr(nn, kind):
            raise _refuse(where, f"not supported; bpviewer shows {SUPPORTED_MODULES}")
        if not linears:
            raise _refuse(where, "comes before the first Linear layer")
        if acts[-1] != "identity":
            raise _refuse(where, f"a second activation after {acts[-1]}")
        if kind == "LeakyReLU":
            if slope is not None and m.negative_slope != slope:
                raise _refuse(where, f"negative_slope={m.negative_slope} differs from {slope}; "
                                     "bpviewer has one slope per network")
            slope = float(m.negative_slope)
        if kind == "Softmax" and m.dim not in (1, -1):
            raise _refuse(where, f"dim={m.dim}: bpviewer takes the softmax over the outputs (dim=1)")
        acts[-1] = _ACTIVATIONS[kind]
    if not linears:
        raise _refuse("model", "has no nn.Linear layer")
    if "softmax" in acts[:-1]:
        raise _refuse("model", "Softmax is only supported after the last Linear layer")
    return linears, acts, slope


def _parameters(linears: list, optimizer: Any) -> tuple[str, bool, list[int]]:
    """dtype, train_biases and frozen_layers, from requires_grad and the optimizer's params."""
    import torch

    optimized = {id(p) for group in optimizer.param_groups for p in group["params"]}
    own = set()
    dtypes = set()
    states = []
    has_bias = [m.bias is not None for _, m in linears]
    if any(has_bias) and not all(has_bias):
        name = next(n for (n, _), b in zip(linears, has_bias, strict=True) if not b)
        raise _refuse(f"model.{name}", "bias=False while other Linear layers have a bias")
    for _, m in linears:
        pair = []
        for p in (m.weight, m.bias):
            if p is None:
                pair.append(False)
                continue
            own.add(id(p))
            dtypes.add(p.dtype)
            pair.append(p.requires_grad and id(p) in optimized)
        states.append(tuple(pair))
    if optimized - own:
        raise _refuse("optimizer", "holds parameters that are not the model's Linear layers")
    if len(dtypes) != 1 or next(iter(dtypes)) not in (torch.float64, torch.float32):
        found = ", ".join(sorted(map(str, dtypes)))
        raise _refuse("model", f"parameters must all be float64 or all float32, got {found}")
    dtype = "float64" if torch.float64 in dtypes else "float32"
    frozen = [l for l, (w, b) in enumerate(states, start=1) if not w and not b]
    live = [(n, s) for (n, _), s in zip(linears, states, strict=True) if s[0] or s[1]]
    for name, (w, _) in live:
        if not w:
            raise _refuse(f"model.{name}.weight", "frozen while its bias trains; bpviewer freezes "
                                                  "a layer's weights and bias together")
    train_biases = all(b for _, (_, b) in live) if all(has_bias) else False
    if any(b for _, (_, b) in live) and not train_biases:
        raise _refuse("model", "some biases train and others are frozen; bpviewer freezes all biases or none")
    return dtype, train_biases, frozen


def _optimizer(optimizer: Any) -> dict[str, Any]:
    import torch

    kind = type(optimizer).__name__
    if kind not in _OPTIMIZERS or type(optimizer) is not getattr(torch.optim, kind):
        raise _refuse("optimizer", f"{kind} is not supported; use {', '.join(_OPTIMIZERS)}")
    if any(float(s["step"]) > 0 if "step" in s else bool(s) for s in optimizer.state.values()):
        raise _refuse("optimizer", "has already taken steps; pass a fresh optimizer")
    name = _OPTIMIZERS[kind]
    if name == "adam" and optimizer.param_groups[0].get("decoupled_weight_decay"):
        name = "adamw"  # Adam(decoupled_weight_decay=True) is AdamW
    defaults = spec_mod.OPTIMIZER_DEFAULTS[name]
    out: dict[str, Any] = {"name": name}
    for i, group in enumerate(optimizer.param_groups):
        for key, value in group.items():
            if key in _IMPLEMENTATION:
                continue
            where = f"optimizer.param_groups[{i}][{key!r}]"
            if key not in defaults:
                if value:
                    raise _refuse(where, f"{key}={value!r} is not supported")
                continue
            value = _plain(value)
            if i and out.get(key, defaults[key]) != value:
                raise _refuse(where, "differs from param_groups[0]; bpviewer has one set of hyper-parameters")
            if i == 0 and (value != defaults[key] or key == "lr"):
                out[key] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # a tensor lr
        return value.item()
    return value


def _scheduler(scheduler: Any, optimizer: Any) -> dict[str, Any] | None:
    if scheduler is None:
        return None
    kind = type(scheduler).__name__
    if getattr(scheduler, "optimizer", None) is not optimizer:
        raise _refuse("scheduler", "does not schedule the optimizer given")
    if scheduler.last_epoch != 0:
        raise _refuse("scheduler", "has already stepped; pass a fresh scheduler")
    if kind == "StepLR":
        return {"name": "step", "step_size": scheduler.step_size, "gamma": scheduler.gamma}
    if kind == "MultiStepLR":
        milestones = sorted(scheduler.milestones.elements())
        if len(set(milestones)) != len(milestones):
            raise _refuse("scheduler.milestones", "a milestone appears twice")
        return {"name": "multistep", "milestones": milestones, "gamma": scheduler.gamma}
    if kind == "ExponentialLR":
        return {"name": "exponential", "gamma": scheduler.gamma}
    raise _refuse("scheduler", f"{kind} is not supported; use StepLR, MultiStepLR or ExponentialLR")


def _loss(loss_fn: Any, last_activation: str) -> str:
    kind = type(loss_fn).__name__
    if kind not in _LOSSES:
        raise _refuse("loss_fn", f"{kind} is not supported; use {', '.join(_LOSSES)}")
    if loss_fn.reduction != "mean":
        raise _refuse("loss_fn", f"{kind}(reduction={loss_fn.reduction!r}): bpviewer's losses take the mean")
    if getattr(loss_fn, "weight", None) is not None:
        raise _refuse("loss_fn", f"{kind}(weight=…) is not supported")
    if kind == "SmoothL1Loss" and loss_fn.beta != 1.0:
        raise _refuse("loss_fn", f"SmoothL1Loss(beta={loss_fn.beta}): bpviewer uses beta=1")
    if kind == "CrossEntropyLoss":
        if loss_fn.label_smoothing:
            raise _refuse("loss_fn", "CrossEntropyLoss(label_smoothing=…) is not supported")
        if last_activation == "softmax":
            raise _refuse("model", "ends with Softmax before CrossEntropyLoss, which applies its own "
                                   "softmax; end the model with the Linear layer")
    return _LOSSES[kind]


def _data(inputs: Any, targets: Any, loss: str, n_in: int, n_out: int, dtype: str) -> dict[str, Any]:
    import torch

    x = torch.as_tensor(inputs)
    t = torch.as_tensor(targets)
    if x.dtype != getattr(torch, dtype):
        raise _refuse("inputs", f"are {str(x.dtype).removeprefix('torch.')}, the model's parameters {dtype}")
    if x.dim() != 2 or x.shape[1] != n_in:
        raise _refuse("inputs", f"expected (samples, {n_in}), got {tuple(x.shape)}")
    if loss == "cross_entropy" and not t.is_floating_point():
        if t.shape != (x.shape[0],):
            raise _refuse("targets", f"class indices must have shape ({x.shape[0]},), got {tuple(t.shape)}")
        return {"inputs": x.double().tolist(), "targets": t.tolist()}
    if tuple(t.shape) != (x.shape[0], n_out):
        raise _refuse("targets", f"expected ({x.shape[0]}, {n_out}) like the model's outputs, "
                                 f"got {tuple(t.shape)}")
    return {"inputs": x.double().tolist(), "targets": t.double().tolist()}


def from_torch(model: Any, inputs: Any, targets: Any, loss_fn: Any, optimizer: Any,
               scheduler: Any = None, batch_size: int | None = None) -> dict[str, Any]:
    """The network as a `bpviewer-network/1` dict; raises SpecError (one line) when refused."""
    import torch

    x = torch.as_tensor(inputs)
    modules = _modules(model, x)
    linears, acts, slope = _layers(modules)
    dtype, train_biases, frozen = _parameters(linears, optimizer)
    loss = _loss(loss_fn, acts[-1])
    layers = [linears[0][1].in_features] + [m.out_features for _, m in linears]
    raw: dict[str, Any] = {
        "format": spec_mod.FORMAT, "name": type(model).__name__, "layers": layers,
        "activations": acts, "loss": loss,
        "weights": [m.weight.detach().double().tolist() for _, m in linears],
        "biases": [(m.bias.detach().double().tolist() if m.bias is not None else [0.0] * m.out_features)
                   for _, m in linears],
        "train_biases": train_biases, "frozen_layers": frozen,
        "optimizer": _optimizer(optimizer), "scheduler": _scheduler(scheduler, optimizer),
        "data": _data(x, targets, loss, layers[0], layers[-1], dtype), "batch_size": batch_size,
        "shuffle": False, "dtype": dtype,
    }
    if slope is not None:
        raw["leaky_relu_slope"] = slope
    try:
        return spec_mod.from_dict(raw).to_dict()
    except SpecError as exc:
        raise SpecError(exc.field, exc.problem, "from_torch") from None
