"""`bpviewer verify`: the exactness promise, checked by anyone with torch installed.

The network's exported PyTorch script (plain nn.Linear, autograd and torch.optim) trains
beside bpviewer's numpy engine; every loss, gradient and parameter after each step is
compared. Running the exported script itself means `verify` checks what a student gets.
"""

from __future__ import annotations

import contextlib

import numpy as np

from .errors import DivergedError
from .session import Session
from .spec import NetworkSpec
from .torch_script import script

TOLERANCE = 1e-10
KINDS = ("loss", "gradient", "parameter")


def _relative(actual: np.ndarray, expected: np.ndarray) -> float:
    """Relative to each value, or to a millionth of the largest value of its kind where a
    value cancels to (almost) zero: rounding noise on a number crossing 0 is no error."""
    if expected.size == 0:
        return 0.0
    scale = np.maximum(np.abs(expected), 1e-6 * np.abs(expected).max())
    return float((np.abs(actual - expected) / np.where(scale > 0, scale, 1.0)).max())


def torch_run(spec: NetworkSpec, iterations: int) -> dict[str, np.ndarray]:
    """Losses, gradients (zero where frozen) and parameters after each step, by the script."""
    import torch

    seen: dict[str, list] = {kind: [] for kind in KINDS}

    def on_step(iteration: int, net, loss, optimizer) -> None:
        params = [p for linear in namespace["linears"](net) for p in (linear.weight, linear.bias)]
        seen["loss"].append(loss.item())
        seen["gradient"].append(torch.cat([(p.grad if p.grad is not None else torch.zeros_like(p))
                                           .flatten() for p in params]).tolist())
        seen["parameter"].append(torch.cat([p.detach().flatten() for p in params]).tolist())

    namespace: dict = {"__name__": "bpviewer_torch_script"}
    dtype = torch.get_default_dtype()
    try:
        exec(compile(script(spec), "<bpviewer torch-script>", "exec"), namespace)  # noqa: S102
        namespace["train"](iterations, log=lambda *args: None, on_step=on_step)
    finally:
        torch.set_default_dtype(dtype)
    return {kind: np.array(values, float) for kind, values in seen.items()}


def engine_run(spec: NetworkSpec, iterations: int) -> dict[str, np.ndarray]:
    session = Session(spec)
    with contextlib.suppress(DivergedError):  # compare the finite iterations
        session.trainer.run(iterations)
    records = [session.history[k] for k in range(1, len(session.history) + 1)]
    return {"loss": np.array([r.loss for r in records], float),
            "gradient": np.array([r.grad for r in records], float),
            "parameter": np.array([r.after for r in records], float)}


def compare(spec: NetworkSpec, iterations: int) -> tuple[int, dict[str, float]]:
    """(iterations compared, the largest relative difference of each kind)."""
    ours = engine_run(spec, iterations)
    n = len(ours["loss"])
    theirs = torch_run(spec, n)
    return n, {kind: _relative(theirs[kind][:n], ours[kind]) for kind in KINDS}
