"""A layer's or a phase's step in the notes' matrix form, numbers written out:

    z⁽ˡ⁾ = W⁽ˡ⁾·a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ·δ⁽ˡ⁺¹⁾) ⊙ σ′(z⁽ˡ⁾),  ∂E/∂W⁽ˡ⁾ = δ⁽ˡ⁾·a⁽ˡ⁻¹⁾ᵀ

Vectors are columns of the selected sample; a batch's weight gradient is Δᵀ·A over its
samples. Updates are the optimizer's own element-wise formulas on θ, the step's
parameters in a row. A phase writes each layer's δ in one line (σ′ folded in) and its ∂E/∂W
(the layer steps also show ∂E/∂b).
"""

from __future__ import annotations

import re

import numpy as np

from . import activations, losses
from .formula import Formula
from .step_formulas import LONG, NeuronFormulas
from .texts import tr

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sup(layer: int) -> str:
    return f"⁽{str(layer).translate(_SUPERSCRIPT)}⁾"


def shift(template: str, k: int) -> str:
    """Renumber a template's placeholders by k, to splice it into a longer one."""
    return re.sub(r"\{(\d+)\}", lambda m: f"{{{int(m.group(1)) + k}}}", template)


def col(v: np.ndarray) -> np.ndarray:
    return np.asarray(v, dtype=float).reshape(-1, 1)


def group_formulas(nf: NeuronFormulas, units: tuple, layers: tuple[int, ...], granularity: str
                   ) -> list[Formula]:
    """A group's formulas from its units; `layers`: the layers its units are in, in order
    (Step.layers: read once when the plan is made)."""
    kind = units[0][0]
    if kind in ("term", "total"):
        outputs = nf.spec.layers[-1]
        terms = [nf.term(j) for j in range(1, outputs + 1)] if outputs <= LONG else []
        return terms + nf.total()
    if kind == "update":
        return _update(nf, units, granularity)
    out: list[Formula] = []
    for l in layers:
        out.extend(_forward(nf, l) if kind == "forward" else _backward(nf, l, granularity))
    return out


def _forward(nf: NeuronFormulas, l: int) -> list[Formula]:
    rec, s, P = nf.rec, nf.s, nf.params
    z = col(rec.block("z", l)[s])
    a = col(rec.block("a", l)[s])
    lines = [Formula(f"z{sup(l)}", f"W{sup(l)}·a{sup(l - 1)} + b{sup(l)}", "{0} · {1} + {2}",
                     (P.weights(rec.before, l), col(rec.layer_input(l)[s]), col(P.biases(rec.before, l))),
                     z)]
    act = nf.spec.activations[l - 1]
    sym, tmpl, vals = activations.forward_formula(act, f"z{sup(l)}", z, nf.spec.leaky_relu_slope)
    lines.append(Formula(f"a{sup(l)}", sym, tmpl, vals, a))
    if l in rec.layout.dropout_layers:
        m = col(rec.block("mask", l)[s])
        lines.append(Formula(tr("{name} after dropout", name=f"a{sup(l)}"), f"a{sup(l)} ⊙ mask",
                             "{0} ⊙ {1}", (a, m), a * m))
    return lines


def _backward(nf: NeuronFormulas, l: int, granularity: str) -> list[Formula]:
    rec, s, spec = nf.rec, nf.s, nf.spec
    phase = granularity == "phase"
    delta = col(rec.block("delta", l)[s])
    a = col(rec.block("a", l)[s])
    dlda = col(rec.block("dLda", l)[s])
    t = col(nf.t[s])
    act = spec.activations[l - 1]
    lines = []
    if nf.fused(l):
        sym, tmpl, vals = losses.gradient_formula(spec.loss, t, col(nf.softmax(l)), nf.n())
        lines.append(Formula(f"δ{sup(l)}", sym, tmpl, vals, delta))
    else:
        if l == nf.L:
            up_sym, up_tmpl, up_vals = losses.gradient_formula(spec.loss, t, a, nf.n())
            up_sym = f"∂E/∂a{sup(l)}" if phase else up_sym
        else:
            up_sym = f"W{sup(l + 1)}ᵀ·δ{sup(l + 1)}"
            up_tmpl = "{0}ᵀ · {1}"
            up_vals = (nf.params.weights(rec.before, l + 1), col(rec.block("delta", l + 1)[s]))
            if l in rec.layout.dropout_layers:
                up_sym, up_tmpl = f"({up_sym}) ⊙ mask", "({0}ᵀ · {1}) ⊙ {2}"
                up_vals += (col(rec.block("mask", l)[s]),)
        if not phase or act == "softmax":
            lines.append(Formula(f"∂E/∂a{sup(l)}", up_sym, up_tmpl, up_vals, dlda))
            up_sym, up_tmpl, up_vals = f"∂E/∂a{sup(l)}", "{0}", (dlda,)
        k = len(up_vals)
        up = up_tmpl if up_tmpl == "{0}" else f"({up_tmpl})"
        if act == "softmax":
            lines.append(Formula(f"δ{sup(l)}", f"a ⊙ ({up_sym} − aᵀ·{up_sym})",
                                 "{1} ⊙ ({0} − {1}ᵀ · {0})", (dlda, a), delta))
        else:
            f_sym, f_tmpl, f_vals = activations.derivative_formula(
                act, col(rec.block("z", l)[s]), a, spec.leaky_relu_slope)
            fprime = col(rec.block("fprime", l)[s])
            f_name = f"f′(z{sup(l)})"
            if not phase and f_tmpl:
                lines.append(Formula(f_name, f_sym, f_tmpl, f_vals, fprime))
                f_tmpl, f_vals = "{0}", (fprime,)
            if f_tmpl:
                lines.append(Formula(f"δ{sup(l)}", f"({up_sym}) ⊙ {f_name}",
                                     f"{up} ⊙ ({shift(f_tmpl, k)})", up_vals + f_vals, delta))
            else:
                lines.append(Formula(f"δ{sup(l)}", up_sym, up_tmpl, up_vals, delta))
    return lines + _gradients(nf, l, ("weight",) if phase else ("weight", "bias"))


def _gradients(nf: NeuronFormulas, l: int, kinds: tuple[str, ...]) -> list[Formula]:
    """∂E/∂W (and ∂E/∂b, which a phase leaves to its layer steps: it is δ, summed)."""
    rec, spec, P = nf.rec, nf.spec, nf.params
    b = rec.batch_size
    deltas = np.asarray(rec.block("delta", l), dtype=float)
    lines = []
    for kind in kinds:
        if not spec.is_trainable(kind, l):
            continue
        if kind == "weight":
            name, grad, theta = f"W{sup(l)}", P.weights(rec.grad, l), P.weights(rec.before, l)
            x = np.asarray(rec.layer_input(l), dtype=float)
            data = deltas.T @ x  # as the engine computes it (not grad − λ·sign(θ): see NeuronFormulas.grad)
        else:
            name, grad, theta = f"b{sup(l)}", col(P.biases(rec.grad, l)), col(P.biases(rec.before, l))
            x = np.ones((b, 1))
            data = col(deltas.sum(axis=0))
        lhs = tr("{name} (data)", name=f"∂E/∂{name}") if spec.l1 else f"∂E/∂{name}"
        if b == 1 and kind == "bias":
            lines.append(Formula(lhs, f"δ{sup(l)}", "{0}", (col(deltas[0]),), data))
        elif b == 1:
            lines.append(Formula(lhs, f"δ{sup(l)}·a{sup(l - 1)}ᵀ", "{0} · {1}ᵀ",
                                 (col(deltas[0]), col(x[0])), data))
        else:
            rhs = f"Δ{sup(l)}ᵀ·1" if kind == "bias" else f"Δ{sup(l)}ᵀ·A{sup(l - 1)}"
            lines.append(Formula(lhs, tr("{product} (rows: the {n} samples)", product=rhs, n=b),
                                 "{0}ᵀ · {1}", (deltas, x), data))
        if spec.l1:
            lines.append(Formula(f"∂E/∂{name}", tr("data part + λ·sign({name})", name=name),
                                 "{0} + {1} × sign({2})", (data, spec.l1, theta), grad))
    return lines


def _update(nf: NeuronFormulas, units: tuple, granularity: str) -> list[Formula]:
    index = np.array([u[1] for u in units])
    pos = np.searchsorted(nf.params.trainable, index)
    layer = nf.params.refs[index[0]].layer
    theta = "θ" if granularity == "phase" else f"θ{sup(layer)}"
    named = index if len(index) <= 8 else index[[0, 1, -1]]  # an update of 33,000: three
    names = [nf.params.refs[i].name for i in named]
    listed = ", ".join(names) if len(index) <= 8 else f"{names[0]}, {names[1]}, …, {names[-1]}"
    legend = Formula(theta, f"({listed})", "{0}", (nf.rec.before[index][None, :],),
                     nf.rec.before[index][None, :])
    return [legend] + nf.update_of(theta, index, pos, (1, len(index)))
