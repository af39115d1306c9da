"""The formulas of one neuron-granularity step, every result with its numbers substituted.

The shown form of each activation, loss and optimizer lives beside its computation
(activations.py, losses.py, optimizers.py); this module only picks a record's numbers
and names them (net_h1, out_o1, ∂E/∂w5).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import activations, losses
from .data import FEATURE_LABELS
from .formula import Formula, sum_formula
from .history import DATA_LOSS, Record
from .optimizers import Optimizer
from .params import ParamLayout, ParamRef, neuron_name
from .spec import NetworkSpec
from .texts import tr

#: a sum of more terms than this is written Σ in symbols
LONG = 4


class NeuronFormulas:
    def __init__(self, spec: NetworkSpec, params: ParamLayout, optimizer: Optimizer,
                 targets: np.ndarray, rec: Record, state_before: dict[str, np.ndarray],
                 sample: int) -> None:
        self.spec, self.params, self.optimizer = spec, params, optimizer
        self.rec, self.before, self.s = rec, state_before, sample
        self.t = targets[rec.indices]
        self.L = len(spec.layers) - 1
        self.name = self.names(spec)

    @staticmethod
    def names(spec: NetworkSpec) -> Callable[[int, int], str]:
        def name(layer: int, neuron: int) -> str:
            if layer == 0 and spec.features:
                return FEATURE_LABELS[spec.features[neuron - 1]]
            return neuron_name(spec.layers, layer, neuron)
        return name

    def out(self, layer: int, neuron: int) -> str:
        return self.name(0, neuron) if layer == 0 else f"out_{self.name(layer, neuron)}"

    def unit(self, unit: tuple) -> list[Formula]:
        kind = unit[0]
        if kind == "forward":
            return self.forward(*unit[1:])
        if kind == "term":
            return [self.term(unit[1])]
        if kind == "total":
            return self.total()
        if kind == "delta":
            return self.delta(*unit[1:])
        ref = self.params.refs[unit[1]]
        return self.grad(ref) if kind == "grad" else self.update(ref)

    # -- values -----------------------------------------------------------------------
    def n(self) -> str:
        """torch's divisor of the loss."""
        return losses.divisor(self.spec.loss, self.rec.batch_size, self.spec.layers[-1])

    def softmax(self, layer: int) -> np.ndarray:
        z = self.rec.block("z", layer)[self.s]
        e = np.exp(z - z.max())
        return e / e.sum()

    def fused(self, layer: int) -> bool:
        return layer == self.L and self.spec.loss in losses.ON_LOGITS

    # -- forward ----------------------------------------------------------------------
    def forward(self, l: int, j: int) -> list[Formula]:
        rec, s = self.rec, self.s
        n_in = self.spec.layers[l - 1]
        w_refs = [self.params.ref("weight", l, j, i) for i in range(1, n_in + 1)]
        b_ref = self.params.ref("bias", l, j)
        x = rec.layer_input(l)[s]
        net = f"net_{self.name(l, j)}"
        if n_in <= LONG:
            symbols = " + ".join(f"{r.name}·{self.out(l - 1, r.source)}" for r in w_refs)
        else:
            symbols = f"Σᵢ w_{self.name(l, j)},i·out_i"
        values = [v for r in w_refs for v in (rec.before[r.index], x[r.source - 1])]
        values += [rec.before[b_ref.index], 1.0]
        z = rec.block("z", l)[s, j - 1]
        a = rec.block("a", l)[s, j - 1]
        lines = [sum_formula(net, f"{symbols} + {b_ref.name}·1", "{0} × {1}", values, z)]
        act = self.spec.activations[l - 1]
        if act == "softmax":
            sym, tmpl, vals = activations.softmax_formula(net, j - 1, rec.block("z", l)[s])
        else:
            sym, tmpl, vals = activations.forward_formula(act, net, z, self.spec.leaky_relu_slope)
        lines.append(Formula(self.out(l, j), sym, tmpl, vals, a))
        if l in rec.layout.dropout_layers:
            m = rec.block("mask", l)[s, j - 1]
            lines.append(Formula(tr("{name} after dropout", name=self.out(l, j)), f"{self.out(l, j)} × mask",
                                 "{0} × {1}", (a, m), a * m))
        return lines

    # -- loss -------------------------------------------------------------------------
    def term(self, j: int) -> Formula:
        rec, s, L = self.rec, self.s, self.L
        name = self.name(L, j)
        target = float(self.t[s, j - 1])
        if self.fused(L):
            sym, tmpl, vals = losses.logits_term_formula(f"target_{name}", f"net_{name}", target,
                                                         rec.block("z", L)[s], j - 1, self.n())
        else:
            sym, tmpl, vals = losses.term_formula(self.spec.loss, f"target_{name}", self.out(L, j),
                                                  target, float(rec.block("a", L)[s, j - 1]), self.n())
        return Formula(f"E_{name}", sym, tmpl, vals, rec.terms[s, j - 1])

    def total(self) -> list[Formula]:
        rec, L = self.rec, self.L
        names = [f"E_{self.name(L, j)}" for j in range(1, self.spec.layers[L] + 1)]
        terms = rec.terms
        symbols = " + ".join(names) if len(names) <= LONG else "Σⱼ E_j"
        data = rec.scalar(DATA_LOSS)
        if rec.batch_size == 1:
            lines = [sum_formula("E", symbols, "{0}", list(terms[0]), data)]
        else:
            s = self.s
            per_sample = terms.sum(axis=1)
            lines = [sum_formula(tr("E[sample {i}]", i=s + 1), symbols, "{0}", list(terms[s]), per_sample[s]),
                     sum_formula("E", tr("Σ over the {n} samples of {term}", n=rec.batch_size,
                                                        term=tr("E[sample]")), "{0}",
                                 list(per_sample), data)]
        if self.spec.l1:
            size = float(np.abs(rec.before[self.params.trainable]).sum())
            lines.append(Formula("E + λ·Σ|p|", "E + λ·Σ|p|", "{0} + {1} × {2}",
                                 (data, self.spec.l1, size), rec.loss))
        return lines

    # -- backward ---------------------------------------------------------------------
    def upstream(self, l: int, j: int) -> list[Formula]:
        """∂E/∂out of neuron (l, j): the loss derivative, or the sum over next-layer paths."""
        rec, s = self.rec, self.s
        dlda = rec.block("dLda", l)[s, j - 1]
        lhs = f"∂E/∂{self.out(l, j)}"
        if l == self.L:
            sym, tmpl, vals = losses.gradient_formula(self.spec.loss, float(self.t[s, j - 1]),
                                                      float(rec.block("a", l)[s, j - 1]), self.n())
            return [Formula(lhs, sym, tmpl, vals, dlda)]
        refs = [self.params.ref("weight", l + 1, k, j) for k in range(1, self.spec.layers[l + 1] + 1)]
        deltas = rec.block("delta", l + 1)[s]
        values = [v for r in refs for v in (deltas[r.to - 1], rec.before[r.index])]
        sym = (" + ".join(f"δ_{self.name(l + 1, r.to)}·{r.name}" for r in refs)
               if len(refs) <= LONG else f"Σₖ δ_k·w_k,{self.name(l, j)}")
        if l not in rec.layout.dropout_layers:
            return [sum_formula(lhs, sym, "{0} × {1}", values, dlda)]
        paths = float(deltas @ rec.before[[r.index for r in refs]])
        mask = rec.block("mask", l)[s, j - 1]
        return [sum_formula(tr("{name} before dropout", name=lhs), sym, "{0} × {1}", values, paths),
                Formula(lhs, tr("(before dropout) × mask"), "{0} × {1}", (paths, mask), dlda)]

    def delta(self, l: int, j: int) -> list[Formula]:
        rec, s = self.rec, self.s
        name = self.name(l, j)
        act = self.spec.activations[l - 1]
        delta = rec.block("delta", l)[s, j - 1]
        lhs = f"δ_{name} = ∂E/∂net_{name}"
        if self.fused(l):
            sym, tmpl, vals = losses.gradient_formula(self.spec.loss, float(self.t[s, j - 1]),
                                                      float(self.softmax(l)[j - 1]), self.n())
            return [Formula(lhs, sym, tmpl, vals, delta)]
        lines = self.upstream(l, j)
        o = self.out(l, j)
        if act == "softmax":
            a, g = rec.block("a", l)[s], rec.block("dLda", l)[s]
            k = len(a)
            inner = " + ".join(f"{{{2 + 2 * i}}} × {{{3 + 2 * i}}}" for i in range(k))
            values = (a[j - 1], g[j - 1]) + tuple(v for i in range(k) for v in (g[i], a[i]))
            lines.append(Formula(lhs, f"{o}·(∂E/∂{o} − Σₖ ∂E/∂out_k·out_k)",
                                 f"{{0}} × ({{1}} − ({inner}))", values, delta))
            return lines
        fprime = rec.block("fprime", l)[s, j - 1]
        sym, tmpl, vals = activations.derivative_formula(act, rec.block("z", l)[s, j - 1],
                                                         rec.block("a", l)[s, j - 1],
                                                         self.spec.leaky_relu_slope)
        lines.append(Formula(f"∂{o}/∂net_{name}", sym, tmpl, vals, fprime))
        lines.append(Formula(lhs, f"∂E/∂{o} · ∂{o}/∂net_{name}", "{0} × {1}",
                             (rec.block("dLda", l)[s, j - 1], fprime), delta))
        return lines

    def grad(self, ref: ParamRef) -> list[Formula]:
        rec, s = self.rec, self.s
        l, j = ref.layer, ref.to
        name = self.name(l, j)
        delta = rec.block("delta", l)[s, j - 1]
        x = 1.0 if ref.kind == "bias" else rec.layer_input(l)[s, ref.source - 1]
        x_sym = "1" if ref.kind == "bias" else self.out(l - 1, ref.source)
        lhs = f"∂E/∂{ref.name}"
        b = rec.batch_size
        one = lhs if b == 1 else tr("{name} (sample {i})", name=lhs, i=s + 1)
        lines = []
        if not self.fused(l) and self.spec.activations[l - 1] != "softmax":
            if l < self.L:
                lines.extend(self.upstream(l, j))
            o = self.out(l, j)
            lines.append(Formula(one, f"∂E/∂{o} · ∂{o}/∂net_{name} · ∂net_{name}/∂{ref.name}",
                                 "{0} × {1} × {2}",
                                 (rec.block("dLda", l)[s, j - 1], rec.block("fprime", l)[s, j - 1], x),
                                 delta * x))
        else:
            lines.append(Formula(one, f"δ_{name} · {x_sym}", "{0} × {1}", (delta, x), delta * x))
        xs = np.ones(b) if ref.kind == "bias" else rec.layer_input(l)[:, ref.source - 1]
        contributions = rec.block("delta", l)[:, j - 1] * xs
        # the data part summed as the engine sums it: the gradient less λ·sign(p) lost a
        # small one's digits to λ ("(−1.084e−17) + 0 + 7.683e−19 = −1.041e−17")
        data = contributions.sum()
        if b > 1:
            lines.append(sum_formula(lhs if not self.spec.l1 else tr("{name} (data)", name=lhs),
                                     tr("Σ over the {n} samples of {term}", n=b,
                                        term=f"δ_{name}·{x_sym}"), "{0}",
                                     list(contributions), data))
        if self.spec.l1:
            lines.append(Formula(lhs, tr("data part + λ·sign({name})", name=ref.name), "{0} + {1} × {2}",
                                 (data, self.spec.l1, np.sign(rec.before[ref.index])),
                                 rec.grad[ref.index]))
        return lines

    # -- update -----------------------------------------------------------------------
    def update(self, ref: ParamRef) -> list[Formula]:
        pos = int(np.searchsorted(self.params.trainable, ref.index))
        return self.update_of(ref.name, np.array([ref.index]), np.array([pos]), scalar=True)

    def update_of(self, name: str, index: np.ndarray, pos: np.ndarray, shape: tuple = (),
                  scalar: bool = False) -> list[Formula]:
        """The optimizer's formulas for parameters `index` (trainable positions `pos`),
        as one number or as an array of `shape`."""
        rec = self.rec

        def pick(a: np.ndarray) -> float | np.ndarray:
            return float(a[0]) if scalar else np.asarray(a).reshape(shape)

        state = {k: pick(self.before[k][pos]) for k in self.before}
        after = {k: pick(rec.state(k)[pos]) for k in self.before}
        return self.optimizer.formulas(name, pick(rec.before[index]), pick(rec.grad[index]),
                                       state, after, rec.lr, rec.optimizer_step,
                                       pick(rec.after[index]))
