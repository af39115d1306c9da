"""torch.optim's single-tensor update rules, written out on numpy arrays.

Each rule follows torch's own order of operations (add with alpha, addcmul, addcdiv,
lerp) so the numbers agree with torch to the last bits; tests compare them on every
variant. Parameters arrive as one flat vector because every rule is element-wise.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


class Optimizer:
    """Holds named state buffers (one flat array each) and the step count."""

    name = ""
    buffers: tuple[str, ...] = ()

    def __init__(self, size: int, dtype: np.dtype, **hyper: Any) -> None:
        self.hyper = hyper
        self.step_count = 0
        self.state = {b: np.zeros(size, dtype) for b in self.buffers_for(hyper)}
        self._init_state(hyper)

    @classmethod
    def buffers_for(cls, hyper: dict[str, Any]) -> tuple[str, ...]:
        return cls.buffers

    def _init_state(self, hyper: dict[str, Any]) -> None:
        pass

    def step(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        """Return the new parameter values; state is updated in place."""
        self.step_count += 1
        return self._update(p, g, lr)

    def _update(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        raise NotImplementedError

    def derived(self, step: int, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Quantities the update uses but does not keep (Adam's bias-corrected m̂, v̂)."""
        return {}


class SGD(Optimizer):
    name = "sgd"

    @classmethod
    def buffers_for(cls, hyper: dict[str, Any]) -> tuple[str, ...]:
        return ("momentum_buffer",) if hyper["momentum"] != 0 else ()

    def _update(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        h = self.hyper
        if h["weight_decay"] != 0:
            g = g + h["weight_decay"] * p
        if h["momentum"] != 0:
            if self.step_count == 1:
                buf = g.copy()
            else:
                buf = self.state["momentum_buffer"] * h["momentum"] + (1 - h["dampening"]) * g
            self.state["momentum_buffer"] = buf
            g = g + h["momentum"] * buf if h["nesterov"] else buf
        return p + (-lr) * g


class Adagrad(Optimizer):
    name = "adagrad"
    buffers = ("sum",)

    def _init_state(self, hyper: dict[str, Any]) -> None:
        self.state["sum"] += hyper["initial_accumulator_value"]

    def _update(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        h = self.hyper
        if h["weight_decay"] != 0:
            g = g + h["weight_decay"] * p
        clr = lr / (1 + (self.step_count - 1) * h["lr_decay"])
        s = self.state["sum"] + 1 * g * g
        self.state["sum"] = s
        std = np.sqrt(s) + h["eps"]
        return p + (-clr * g) / std


class RMSprop(Optimizer):
    name = "rmsprop"

    @classmethod
    def buffers_for(cls, hyper: dict[str, Any]) -> tuple[str, ...]:
        names = ["square_avg"]
        if hyper["momentum"] > 0:
            names.append("momentum_buffer")
        if hyper["centered"]:
            names.append("grad_avg")
        return tuple(names)

    def _update(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        h, st = self.hyper, self.state
        if h["weight_decay"] != 0:
            g = g + h["weight_decay"] * p
        alpha = h["alpha"]
        st["square_avg"] = st["square_avg"] * alpha + (1 - alpha) * g * g
        if h["centered"]:
            st["grad_avg"] = _lerp(st["grad_avg"], g, 1 - alpha)
            avg = np.sqrt(st["square_avg"] + (-1 * st["grad_avg"]) * st["grad_avg"])
        else:
            avg = np.sqrt(st["square_avg"])
        avg = avg + h["eps"]
        if h["momentum"] > 0:
            st["momentum_buffer"] = st["momentum_buffer"] * h["momentum"] + g / avg
            return p + (-lr) * st["momentum_buffer"]
        return p + (-lr * g) / avg


class Adam(Optimizer):
    name = "adam"
    decoupled = False

    @classmethod
    def buffers_for(cls, hyper: dict[str, Any]) -> tuple[str, ...]:
        return ("exp_avg", "exp_avg_sq") + (("max_exp_avg_sq",) if hyper["amsgrad"] else ())

    def _update(self, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        h, st = self.hyper, self.state
        beta1, beta2 = h["betas"]
        wd = h["weight_decay"]
        if wd != 0:
            if self.decoupled:
                p = p * (1 - lr * wd)
            else:
                g = g + wd * p
        st["exp_avg"] = _lerp(st["exp_avg"], g, 1 - beta1)
        st["exp_avg_sq"] = st["exp_avg_sq"] * beta2 + (1 - beta2) * g * g
        step = float(self.step_count)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        second = st["exp_avg_sq"]
        if h["amsgrad"]:
            st["max_exp_avg_sq"] = np.maximum(st["max_exp_avg_sq"], second)
            second = st["max_exp_avg_sq"]
        denom = np.sqrt(second) / bias_correction2_sqrt + h["eps"]
        return p + (-step_size * st["exp_avg"]) / denom

    def derived(self, step: int, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        if step == 0:
            return {}
        beta1, beta2 = self.hyper["betas"]
        return {"m_hat": state["exp_avg"] / (1 - beta1**step),
                "v_hat": state["exp_avg_sq"] / (1 - beta2**step)}


class AdamW(Adam):
    name = "adamw"
    decoupled = True


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Adagrad, RMSprop, Adam, AdamW)
}


def make(name: str, size: int, dtype: np.dtype, hyper: dict[str, Any]) -> Optimizer:
    hyper = dict(hyper)
    hyper.pop("lr", None)
    return OPTIMIZERS[name](size, dtype, **hyper)
