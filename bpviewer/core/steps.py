"""One iteration unfolded into steps (forward, loss, backward, update) with their formulas.

Built at neuron granularity from a record, then grouped by layer or by phase. Each step
names what it computes (`focus`), what it reads (`reads`) and what it reveals, so a
view can highlight and show exactly the numbers known so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activations import SYMBOLS as ACT_SYMBOLS
from .data import FEATURE_LABELS
from .formula import Formula
from .history import Record
from .optimizers import Optimizer
from .params import ParamLayout, ParamRef, neuron_name
from .spec import NetworkSpec

PHASES = ("forward", "loss", "backward", "update")
GRANULARITIES = ("neuron", "layer", "phase")


@dataclass(frozen=True)
class Step:
    phase: str
    title: str
    focus: tuple = ()
    reads: tuple = ()
    formulas: tuple[Formula, ...] = ()
    reveals: tuple = ()
    layer: int = 0


@dataclass
class Reveal:
    """What the view may show at a cursor position; keys as in Step.reveals."""

    keys: set = field(default_factory=set)
    complete: bool = False

    def __contains__(self, key: tuple) -> bool:
        return self.complete or key in self.keys


class StepBuilder:
    def __init__(self, spec: NetworkSpec, params: ParamLayout, optimizer: Optimizer,
                 targets: np.ndarray) -> None:
        self.spec = spec
        self.params = params
        self.optimizer = optimizer
        self.targets = targets

    def name(self, layer: int, neuron: int) -> str:
        if layer == 0 and self.spec.features:
            return FEATURE_LABELS[self.spec.features[neuron - 1]]
        return neuron_name(self.spec.layers, layer, neuron)

    def out(self, layer: int, neuron: int) -> str:
        return self.name(0, neuron) if layer == 0 else f"out_{self.name(layer, neuron)}"

    def build(self, rec: Record, state_before: dict[str, np.ndarray], sample: int,
              granularity: str) -> list[Step]:
        """state_before: the optimizer's buffers before this iteration (the last record's)."""
        self._state_before = state_before
        steps = self._neuron_steps(rec, sample)
        if granularity == "neuron":
            return steps
        return _group(steps, granularity)

    # -- neuron granularity -------------------------------------------------------------
    def _neuron_steps(self, rec: Record, s: int) -> list[Step]:
        spec, L = self.spec, len(self.spec.layers) - 1
        steps: list[Step] = []
        for l in range(1, L + 1):
            for j in range(1, spec.layers[l] + 1):
                steps.append(self._forward(rec, s, l, j))
        steps.extend(self._loss(rec, s))
        for l in range(L, 0, -1):
            for j in range(1, spec.layers[l] + 1):
                steps.append(self._delta(rec, s, l, j))
                for i in range(1, spec.layers[l - 1] + 1):
                    ref = self.params.ref("weight", l, j, i)
                    if spec.is_trainable("weight", l):
                        steps.append(self._grad(rec, s, ref))
                if spec.is_trainable("bias", l):
                    steps.append(self._grad(rec, s, self.params.ref("bias", l, j)))
        for ref in self.params.refs:
            if spec.is_trainable(ref.kind, ref.layer):
                steps.append(self._update(rec, ref))
        return steps

    def _forward(self, rec: Record, s: int, l: int, j: int) -> Step:
        n_in = self.spec.layers[l - 1]
        w_refs = [self.params.ref("weight", l, j, i) for i in range(1, n_in + 1)]
        b_ref = self.params.ref("bias", l, j)
        x = rec.layer_input(l)[s]
        net = f"net_{self.name(l, j)}"
        symbols = " + ".join(f"{r.name}·{self.out(l - 1, r.source)}" for r in w_refs)
        template = " + ".join(f"{{{2 * k}}} × {{{2 * k + 1}}}" for k in range(n_in))
        values = [v for r in w_refs for v in (rec.before[r.index], x[r.source - 1])]
        template += f" + {{{2 * n_in}}}"
        values.append(rec.before[b_ref.index])
        z = rec.block("z", l)[s, j - 1]
        a = rec.block("a", l)[s, j - 1]
        act = self.spec.activations[l - 1]
        formulas = [Formula(net, f"{symbols} + {b_ref.name}", template, tuple(values), z)]
        if act == "softmax":
            formulas.append(Formula(self.out(l, j), f"e^{net} / Σₖ e^net_k", "", (), a))
        else:
            formulas.append(Formula(self.out(l, j), f"{ACT_SYMBOLS[act]}({net})",
                                    f"{ACT_SYMBOLS[act]}({{0}})", (z,), a))
        if l in rec.layout.dropout_layers:
            m = rec.block("mask", l)[s, j - 1]
            formulas.append(Formula(f"{self.out(l, j)} after dropout",
                                    f"{self.out(l, j)} × mask", "{0} × {1}", (a, m), a * m))
        reads = tuple(("neuron", l - 1, i) for i in range(1, n_in + 1)) + tuple(
            ("param", r.index) for r in w_refs) + (("param", b_ref.index),)
        return Step("forward", f"net and out of {self.name(l, j)}", (("neuron", l, j),), reads,
                    tuple(formulas), (("forward", l, j),), l)

    def _loss(self, rec: Record, s: int) -> list[Step]:
        spec, L = self.spec, len(self.spec.layers) - 1
        steps = []
        t = self._targets(rec)[s]
        terms = rec.terms[s]
        out = rec.block("a", L)[s]
        for j in range(1, spec.layers[L] + 1):
            e = f"E_{self.name(L, j)}"
            sym, tmpl = _LOSS_TERM.get(spec.loss, ("", ""))
            sym = sym.format(t=f"target_{self.name(L, j)}", o=self.out(L, j))
            formula = Formula(e, sym, tmpl, (t[j - 1], out[j - 1]), terms[j - 1])
            steps.append(Step("loss", f"loss term of {self.name(L, j)}", (("output", j),),
                              (("neuron", L, j),), (formula,), (("loss", j),), L))
        all_terms = rec.terms
        b = rec.batch_size
        lines = []
        names = [f"E_{self.name(L, j)}" for j in range(1, spec.layers[L] + 1)]
        if b == 1:
            lines.append(Formula("E", " + ".join(names),
                                 " + ".join(f"{{{k}}}" for k in range(len(names))),
                                 tuple(all_terms[0]), rec.scalar(1)))
        else:
            lines.append(Formula("E", f"Σ over {b} samples of ({' + '.join(names)})",
                                 "", (), rec.scalar(1)))
        if spec.l1:
            lines.append(Formula("E + λ·Σ|p|", "E + L1 term", "{0} + {1}",
                                 (rec.scalar(1), rec.scalar(2)), rec.loss))
        steps.append(Step("loss", "total loss", (("loss",),),
                          tuple(("output", j) for j in range(1, spec.layers[L] + 1)),
                          tuple(lines), (("total",),), L))
        return steps

    def _targets(self, rec: Record) -> np.ndarray:
        return self.targets[rec.indices]

    def _upstream_line(self, rec: Record, s: int, l: int, j: int) -> Formula:
        """∂E/∂out of neuron (l, j): the loss derivative, or the sum over next-layer paths."""
        L = len(self.spec.layers) - 1
        dlda = rec.block("dLda", l)[s, j - 1]
        lhs = f"∂E/∂{self.out(l, j)}"
        if l == L:
            return Formula(lhs, _LOSS_DERIV.get(self.spec.loss, ""), "", (), dlda)
        refs = [self.params.ref("weight", l + 1, k, j) for k in range(1, self.spec.layers[l + 1] + 1)]
        sym = " + ".join(f"δ_{self.name(l + 1, r.to)}·{r.name}" for r in refs)
        tmpl = " + ".join(f"{{{2 * k}}} × {{{2 * k + 1}}}" for k in range(len(refs)))
        deltas = rec.block("delta", l + 1)[s]
        values = tuple(v for r in refs for v in (deltas[r.to - 1], rec.before[r.index]))
        if l in rec.layout.dropout_layers:
            sym = f"({sym}) × mask"
            tmpl = f"({tmpl}) × {{{len(values)}}}"
            values += (rec.block("mask", l)[s, j - 1],)
        return Formula(lhs, sym, tmpl, values, dlda)

    def _delta(self, rec: Record, s: int, l: int, j: int) -> Step:
        L = len(self.spec.layers) - 1
        name = self.name(l, j)
        act = self.spec.activations[l - 1]
        delta = rec.block("delta", l)[s, j - 1]
        lhs = f"δ_{name} = ∂E/∂net_{name}"
        fused = l == L and self.spec.loss in _ON_LOGITS
        if fused:
            p = np.exp(rec.block("z", l)[s] - rec.block("z", l)[s].max())
            p = p / p.sum()
            t = self._targets(rec)[s, j - 1]
            b = rec.batch_size
            formulas = [Formula(lhs, f"(softmax(net)_{name} − target_{name}) / N",
                                "({0} − {1}) / {2}", (p[j - 1], t, float(b)), delta)]
        elif act == "softmax":
            formulas = [self._upstream_line(rec, s, l, j),
                        Formula(lhs, f"{self.out(l, j)}·(∂E/∂{self.out(l, j)} − Σₖ ∂E/∂out_k·out_k)",
                                "", (), delta)]
        else:
            fprime = rec.block("fprime", l)[s, j - 1]
            dlda = rec.block("dLda", l)[s, j - 1]
            formulas = [self._upstream_line(rec, s, l, j),
                        Formula(f"∂{self.out(l, j)}/∂net_{name}", _ACT_DERIV[act], "", (), fprime),
                        Formula(lhs, f"∂E/∂{self.out(l, j)} · ∂{self.out(l, j)}/∂net_{name}",
                                "{0} × {1}", (dlda, fprime), delta)]
        reads = (("neuron", l, j),) + (self._downstream(l, j) if l < L else ())
        return Step("backward", f"δ of {name}", (("neuron", l, j),), reads, tuple(formulas),
                    (("delta", l, j),), l)

    def _downstream(self, l: int, j: int) -> tuple:
        """The next layer's neurons and the weights from neuron j into them: the paths
        whose sum gives ∂E/∂out of a hidden neuron."""
        after = range(1, self.spec.layers[l + 1] + 1)
        return tuple(("neuron", l + 1, k) for k in after) + tuple(
            ("param", self.params.ref("weight", l + 1, k, j).index) for k in after)

    def _grad(self, rec: Record, s: int, ref: ParamRef) -> Step:
        l, j = ref.layer, ref.to
        L = len(self.spec.layers) - 1
        name = self.name(l, j)
        delta = rec.block("delta", l)[s, j - 1]
        x = 1.0 if ref.kind == "bias" else rec.layer_input(l)[s, ref.source - 1]
        x_sym = "1" if ref.kind == "bias" else self.out(l - 1, ref.source)
        lhs = f"∂E/∂{ref.name}"
        fused = l == L and self.spec.loss in _ON_LOGITS
        act = self.spec.activations[l - 1]
        formulas = []
        b = rec.batch_size
        downstream = self._downstream(l, j) if l < L else ()
        if not fused and act != "softmax":
            if l < L:
                formulas.append(self._upstream_line(rec, s, l, j))
            dlda = rec.block("dLda", l)[s, j - 1]
            fprime = rec.block("fprime", l)[s, j - 1]
            o = self.out(l, j)
            formulas.append(Formula(lhs if b == 1 else f"{lhs} (sample {s + 1})",
                                    f"∂E/∂{o} · ∂{o}/∂net_{name} · ∂net_{name}/∂{ref.name}",
                                    "{0} × {1} × {2}", (dlda, fprime, x), delta * x))
        else:
            formulas.append(Formula(lhs if b == 1 else f"{lhs} (sample {s + 1})",
                                    f"δ_{name} · {x_sym}", "{0} × {1}", (delta, x), delta * x))
        if b > 1:
            deltas = rec.block("delta", l)[:, j - 1]
            xs = np.ones(b) if ref.kind == "bias" else rec.layer_input(l)[:, ref.source - 1]
            contributions = deltas * xs
            shown = contributions[:4]
            tmpl = " + ".join(f"{{{k}}}" for k in range(len(shown)))
            if b > 4:
                tmpl += f" + … ({b - 4} more)"
            formulas.append(Formula(f"Σ over the batch of {lhs}", f"Σₛ δ_{name}[s]·{x_sym}[s]",
                                    tmpl, tuple(shown), float(contributions.sum())))
        grad = rec.grad[ref.index]
        if self.spec.l1:
            formulas.append(Formula(lhs, f"data part + λ·sign({ref.name})", "{0} + {1} × {2}",
                                    (grad - self.spec.l1 * np.sign(rec.before[ref.index]),
                                     self.spec.l1, np.sign(rec.before[ref.index])), grad))
        reads = (("neuron", l, j),) + ((("neuron", l - 1, ref.source),) if ref.source else ())
        reads += downstream
        return Step("backward", lhs, (("param", ref.index),), reads, tuple(formulas),
                    (("grad", ref.index),), l)

    def _update(self, rec: Record, ref: ParamRef) -> Step:
        pos = int(np.searchsorted(self.params.trainable, ref.index))
        formulas = update_formulas(self.optimizer, rec, self._state_before, ref, pos)
        return Step("update", f"update {ref.name}", (("param", ref.index),),
                    (("param", ref.index),), tuple(formulas), (("update", ref.index),), ref.layer)


def update_formulas(opt: Optimizer, rec: Record, before: dict[str, np.ndarray], ref: ParamRef,
                    pos: int) -> list[Formula]:
    """The optimizer's rule for one parameter with its state before and after."""
    h = opt.hyper
    w, g, new, lr = rec.before[ref.index], rec.grad[ref.index], rec.after[ref.index], rec.lr
    n = ref.name
    lines = []
    if h.get("weight_decay", 0) and opt.name != "adamw":
        wd = h["weight_decay"]
        lines.append(Formula("g", f"∂E/∂{n} + λ·{n}", "{0} + {1} × {2}", (g, wd, w), g + wd * w))
        g = g + wd * w

    def state(name: str) -> tuple[float, float]:
        return float(before[name][pos]), float(rec.state(name)[pos])

    if opt.name == "sgd":
        if h["momentum"]:
            v0, v = state("momentum_buffer")
            if rec.optimizer_step > 1:
                lines.append(Formula("v", "μ·v + (1 − dampening)·g", "{0} × {1} + {2} × {3}",
                                     (h["momentum"], v0, 1 - h["dampening"], g), v))
            else:
                lines.append(Formula("v", "g (first step)", "", (), v))
            if h["nesterov"]:
                lines.append(Formula(f"{n}⁺", f"{n} − η·(g + μ·v)", "{0} − {1} × ({2} + {3} × {4})",
                                     (w, lr, g, h["momentum"], v), new))
            else:
                lines.append(Formula(f"{n}⁺", f"{n} − η·v", "{0} − {1} × {2}", (w, lr, v), new))
        else:
            lines.append(Formula(f"{n}⁺", f"{n} − η·∂E/∂{n}", "{0} − {1} × {2}", (w, lr, g), new))
    elif opt.name == "adagrad":
        s0, s = state("sum")
        lines.append(Formula("G", "G + g²", "{0} + {1}²", (s0, g), s))
        lines.append(Formula(f"{n}⁺", f"{n} − η·g / (√G + ε)", "{0} − {1} × {2} / (√{3} + ε)",
                             (w, lr, g, s), new))
    elif opt.name == "rmsprop":
        s0, s = state("square_avg")
        lines.append(Formula("s", "α·s + (1 − α)·g²", "{0} × {1} + {2} × {3}²",
                             (h["alpha"], s0, 1 - h["alpha"], g), s))
        lines.append(Formula(f"{n}⁺", f"{n} − η·g / (√s + ε)", "{0} − {1} × {2} / (√{3} + ε)",
                             (w, lr, g, s), new))
    else:
        m0, m = state("exp_avg")
        v0, v = state("exp_avg_sq")
        b1, b2 = h["betas"]
        derived = opt.derived(rec.optimizer_step, {"exp_avg": rec.state("exp_avg"),
                                                   "exp_avg_sq": rec.state("exp_avg_sq")})
        lines.append(Formula("m", "β₁·m + (1 − β₁)·g", "{0} × {1} + {2} × {3}",
                             (b1, m0, 1 - b1, g), m))
        lines.append(Formula("v", "β₂·v + (1 − β₂)·g²", "{0} × {1} + {2} × {3}²",
                             (b2, v0, 1 - b2, g), v))
        lines.append(Formula("m_hat", "m / (1 − β₁ᵗ)", "{0} / (1 − {1}^{2})",
                             (m, b1, str(rec.optimizer_step)), derived["m_hat"][pos]))
        lines.append(Formula("v_hat", "v / (1 − β₂ᵗ)", "{0} / (1 − {1}^{2})",
                             (v, b2, str(rec.optimizer_step)), derived["v_hat"][pos]))
        decay = f" − η·λ·{n}" if opt.name == "adamw" and h["weight_decay"] else ""
        lines.append(Formula(f"{n}⁺", f"{n} − η·m_hat / (√v_hat + ε){decay}", "{0} − {1} × {2} / (√{3} + ε)"
                             + (" − …" if decay else ""),
                             (w, lr, derived["m_hat"][pos], derived["v_hat"][pos]), new))
    return lines


def _group(steps: list[Step], granularity: str) -> list[Step]:
    groups: list[list[Step]] = []
    for step in steps:
        key = (step.phase, step.layer if granularity == "layer" else 0)
        if groups and (groups[-1][0].phase, groups[-1][0].layer
                       if granularity == "layer" else 0) == key:
            groups[-1].append(step)
        else:
            groups.append([step])
    out = []
    for group in groups:
        first = group[0]
        title = first.phase if granularity == "phase" else f"{first.phase} · layer {first.layer}"
        if first.phase == "loss":
            title = "loss"
        out.append(Step(first.phase, title,
                        tuple(k for s in group for k in s.focus),
                        tuple(k for s in group for k in s.reads),
                        tuple(f for s in group for f in s.formulas),
                        tuple(k for s in group for k in s.reveals), first.layer))
    return out


_ON_LOGITS = {"cross_entropy"}

_LOSS_TERM = {
    "sse_half": ("½({t} − {o})²", "½({0} − {1})²"),
    "mse": ("({t} − {o})² / n", "({0} − {1})² / n"),
    "mae": ("|{t} − {o}| / n", "|{0} − {1}| / n"),
    "smooth_l1": ("smoothL1({o} − {t}) / n", ""),
    "bce": ("−[{t}·log {o} + (1 − {t})·log(1 − {o})] / n", ""),
    "cross_entropy": ("−{t}·log softmax(net) / N", ""),
}

_LOSS_DERIV = {
    "sse_half": "−(target − out)",
    "mse": "−2(target − out) / n",
    "mae": "sign(out − target) / n",
    "smooth_l1": "clamp(out − target, −1, 1) / n",
    "bce": "(out − target) / (out(1 − out)) / n",
    "cross_entropy": "(softmax(net) − target) / N",
}

_ACT_DERIV = {
    "identity": "1",
    "sigmoid": "out(1 − out)",
    "tanh": "1 − out²",
    "relu": "1 if net > 0 else 0",
    "leaky_relu": "1 if net > 0 else slope",
}
