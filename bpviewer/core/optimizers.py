"""torch.optim's single-tensor update rules, written out on numpy arrays.

Each rule follows torch's own order of operations (add with alpha, addcmul, addcdiv,
lerp) so the numbers agree with torch to the last bits; tests compare them on every
variant. Parameters arrive as one flat vector because every rule is element-wise.
Beside each rule, `_shown` writes it as the chain panel shows it, with the numbers of one
parameter (or, element-wise, of a vector or matrix of them).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from .formula import Formula
from .texts import tr

Num = float | np.ndarray


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

    def formulas(self, n: str, w: Num, g: Num, before: dict[str, Num], after: dict[str, Num],
                 lr: float, step: int, new: Num) -> list[Formula]:
        """The update of parameter `n` as shown: w, ∂E/∂w, the state before and after this
        step (one entry per buffer), the lr used, torch's step count and the new value."""
        wd = self.hyper.get("weight_decay", 0)
        lines = []
        g_name = f"∂E/∂{n}"
        if wd and not getattr(self, "decoupled", False):
            lines.append(Formula("g", f"∂E/∂{n} + λ·{n}", "{0} + {1} × {2}", (g, wd, w), g + wd * w))
            g, g_name = g + wd * w, "g"
        shown = self._shown(n, w, g, g_name, before, after, lr, step, new)
        return [*lines, *shown[:-1], replace(shown[-1], update=True)]  # the last line: n⁺

    def _shown(self, n: str, w: Num, g: Num, g_name: str, before: dict[str, Num],
               after: dict[str, Num], lr: float, step: int, new: Num) -> list[Formula]:
        raise NotImplementedError


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

    def _shown(self, n, w, g, g_name, before, after, lr, step, new) -> list[Formula]:
        h = self.hyper
        mu = h["momentum"]
        if not mu:
            return [Formula(f"{n}⁺", f"{n} − η·{g_name}", "{0} − {1} × {2}", (w, lr, g), new)]
        v = after["momentum_buffer"]
        lines = [Formula("v", "μ·v + (1 − dampening)·g", "{0} × {1} + (1 − {2}) × {3}",
                         (mu, before["momentum_buffer"], h["dampening"], g), v) if step > 1
                 else Formula("v", tr("g (the first step)"), "{0}", (g,), v)]
        if h["nesterov"]:
            lines.append(Formula(f"{n}⁺", f"{n} − η·(g + μ·v)", "{0} − {1} × ({2} + {3} × {4})",
                                 (w, lr, g, mu, v), new))
        else:
            lines.append(Formula(f"{n}⁺", f"{n} − η·v", "{0} − {1} × {2}", (w, lr, v), new))
        return lines


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

    def _shown(self, n, w, g, g_name, before, after, lr, step, new) -> list[Formula]:
        h = self.hyper
        lines = []
        if h["lr_decay"]:
            clr = lr / (1 + (step - 1) * h["lr_decay"])
            lines.append(Formula("η′", "η / (1 + (t − 1)·lr_decay)", "{0} / (1 + ({1} − 1) × {2})",
                                 (lr, str(step), h["lr_decay"]), clr))
            lr = clr
        s_ = after["sum"]
        lines.append(Formula("G", "G + g²", "{0} + {1}²", (before["sum"], g), s_))
        lines.append(Formula(f"{n}⁺", f"{n} − η·g / (√G + ε)", "{0} − {1} × {2} / (√{3} + {4})",
                             (w, lr, g, s_, h["eps"]), new))
        return lines


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

    def _shown(self, n, w, g, g_name, before, after, lr, step, new) -> list[Formula]:
        h = self.hyper
        alpha, eps = h["alpha"], h["eps"]
        sq = after["square_avg"]
        lines = [Formula("s", "α·s + (1 − α)·g²", "{0} × {1} + (1 − {0}) × {2}²",
                         (alpha, before["square_avg"], g), sq)]
        if h["centered"]:
            ga = after["grad_avg"]
            lines.append(Formula("ḡ", "α·ḡ + (1 − α)·g", "{0} × {1} + (1 − {0}) × {2}",
                                 (alpha, before["grad_avg"], g), ga))
            denom, values = "√({0} − {1}²) + {2}", (sq, ga, eps)
            symbol = "√(s − ḡ²) + ε"
        else:
            denom, values, symbol = "√{0} + {1}", (sq, eps), "√s + ε"
        k = len(values)
        denom = denom.format(*(f"{{{i + 3}}}" for i in range(k)))
        if h["momentum"] > 0:
            buf = after["momentum_buffer"]
            lines.append(Formula("v", f"μ·v + g / ({symbol})", "{0} × {1} + {2} / (" + denom + ")",
                                 (h["momentum"], before["momentum_buffer"], g, *values), buf))
            lines.append(Formula(f"{n}⁺", f"{n} − η·v", "{0} − {1} × {2}", (w, lr, buf), new))
        else:
            lines.append(Formula(f"{n}⁺", f"{n} − η·g / ({symbol})", "{0} − {1} × {2} / (" + denom + ")",
                                 (w, lr, g, *values), new))
        return lines


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

    def _shown(self, n, w, g, g_name, before, after, lr, step, new) -> list[Formula]:
        h = self.hyper
        (b1, b2), eps, wd = h["betas"], h["eps"], h["weight_decay"]
        m, v = after["exp_avg"], after["exp_avg_sq"]
        t = str(step)
        lines = [Formula("m", "β₁·m + (1 − β₁)·g", "{0} × {1} + (1 − {0}) × {2}",
                         (b1, before["exp_avg"], g), m),
                 Formula("v", "β₂·v + (1 − β₂)·g²", "{0} × {1} + (1 − {0}) × {2}²",
                         (b2, before["exp_avg_sq"], g), v)]
        if h["amsgrad"]:
            v = after["max_exp_avg_sq"]
            lines.append(Formula("v_max", "max(v_max, v)", "max({0}, {1})",
                                 (before["max_exp_avg_sq"], after["exp_avg_sq"]), v))
        m_hat, v_hat = m / (1 - b1**step), v / (1 - b2**step)
        lines.append(Formula("m_hat", "m / (1 − β₁ᵗ)", "{0} / (1 − {1}^{2})", (m, b1, t), m_hat))
        lines.append(Formula("v_hat", "v_max / (1 − β₂ᵗ)" if h["amsgrad"] else "v / (1 − β₂ᵗ)",
                             "{0} / (1 − {1}^{2})", (v, b2, t), v_hat))
        if self.decoupled and wd:
            lines.append(Formula(f"{n}⁺", f"{n}·(1 − η·λ) − η·m_hat / (√v_hat + ε)",
                                 "{0} × (1 − {1} × {5}) − {1} × {2} / (√{3} + {4})",
                                 (w, lr, m_hat, v_hat, eps, wd), new))
        else:
            lines.append(Formula(f"{n}⁺", f"{n} − η·m_hat / (√v_hat + ε)", "{0} − {1} × {2} / (√{3} + {4})",
                                 (w, lr, m_hat, v_hat, eps), new))
        return lines


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
