"""One iteration unfolded into steps (forward, loss, backward, update) with their formulas.

The step list's outline (titles, what each step computes, reads and reveals) depends only
on the network and the granularity, so it is built once per network and granularity
(`StepPlan`). Formulas depend on the record and are built only for a step someone looks
at (`StepList[i].formulas`), so a click or a run tick costs one step's formulas, never
the iteration's hundreds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

import numpy as np

from .formula import Formula
from .history import Record
from .optimizers import Optimizer
from .params import ParamLayout, display_name
from .spec import NetworkSpec
from .step_formulas import NeuronFormulas
from .step_matrices import group_formulas
from .texts import N_, language, tr

PHASES = ("forward", "loss", "backward", "update")
#: each phase's name as the status line and the titles show it
PHASE_NAMES = {"forward": N_("forward"), "loss": N_("loss"), "backward": N_("backward"),
               "update": N_("update")}
GRANULARITIES = ("neuron", "layer", "phase")


@dataclass(frozen=True, eq=False)
class Step:
    """One click. `formulas` are built the first time they are read. `layers`: a group's
    units' layers in order (a backward phase of the notes' model has 33,000 units)."""

    phase: str
    title: str
    focus: tuple = ()
    reads: tuple = ()
    reveals: tuple = ()
    layer: int = 0
    units: tuple = ()
    layers: tuple[int, ...] = ()
    make: Callable[[tuple, tuple[int, ...]], tuple[Formula, ...]] | None = field(default=None, repr=False)

    @cached_property
    def formulas(self) -> tuple[Formula, ...]:
        return self.make(self.units, self.layers) if self.make else ()


@dataclass
class Reveal:
    """What the view may show at a cursor position; keys as in Step.reveals. `first`
    maps a key to the first step revealing it; keys revealed at steps ≤ `index` show."""

    first: dict = field(default_factory=dict)
    index: int = -1
    complete: bool = False

    def __contains__(self, key: tuple) -> bool:
        return self.complete or self.first.get(key, self.index + 1) <= self.index


class StepPlan:
    """The outline of an iteration's steps at one granularity (no numbers)."""

    def __init__(self, spec: NetworkSpec, params: ParamLayout, granularity: str) -> None:
        self.granularity = granularity
        self.language = language()  # the titles' language
        self.steps = (_neuron_outline(spec, params) if granularity == "neuron"
                      else _grouped_outline(spec, params, granularity))
        self.first: dict = {}
        for i in range(len(self.steps) - 1, -1, -1):  # the earlier step's index stays
            self.first.update(dict.fromkeys(self.steps[i].reveals, i))

    def __len__(self) -> int:
        return len(self.steps)

    def reveal(self, index: int) -> Reveal:
        return Reveal(self.first, index)


#: plans kept by what they depend on: a network of the same shape opened again, or edited
#: (a weight edited at iteration 0 installs a new network), reuses its plan — the notes'
#: 20-128-256-4 model's takes ~40 ms a layer at a time, 0.6 s a neuron at a time
_PLANS: OrderedDict[tuple, StepPlan] = OrderedDict()
PLANS_KEPT = 4


def plan_for(spec: NetworkSpec, params: ParamLayout, granularity: str) -> StepPlan:
    """StepPlan(spec, params, granularity), or the one kept for a network like it."""
    key = (tuple(spec.layers), tuple(spec.features or ()), tuple(spec.frozen_layers),
           spec.train_biases, granularity, language())
    plan = _PLANS.pop(key, None)
    _PLANS[key] = plan = plan if plan is not None else StepPlan(spec, params, granularity)
    while len(_PLANS) > PLANS_KEPT:
        _PLANS.popitem(last=False)
    return plan


class StepList(Sequence):
    """The plan's steps with formulas for one record and sample, built on first read."""

    def __init__(self, plan: StepPlan, builder: StepBuilder, rec: Record,
                 state_before: dict[str, np.ndarray], sample: int) -> None:
        self.plan = plan
        self._make = builder.formulas_for(rec, state_before, sample, plan.granularity)
        self._built: dict[int, Step] = {}

    def __len__(self) -> int:
        return len(self.plan.steps)

    def __getitem__(self, i):  # noqa: ANN001 - Sequence's int | slice
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = range(len(self))[i]
        if i not in self._built:
            o = self.plan.steps[i]
            self._built[i] = Step(o.phase, o.title, o.focus, o.reads, o.reveals, o.layer,
                                  o.units, o.layers, self._make)
        return self._built[i]


class StepBuilder:
    def __init__(self, spec: NetworkSpec, params: ParamLayout, optimizer: Optimizer,
                 targets: np.ndarray) -> None:
        self.spec = spec
        self.params = params
        self.optimizer = optimizer
        self.targets = targets

    def formulas_for(self, rec: Record, state_before: dict[str, np.ndarray], sample: int,
                     granularity: str) -> Callable[[tuple, tuple[int, ...]], tuple[Formula, ...]]:
        """A function from a step's units and layers to its formulas, for this record and
        sample."""
        neuron = NeuronFormulas(self.spec, self.params, self.optimizer, self.targets, rec,
                                state_before, sample)
        if granularity == "neuron":
            return lambda units, layers: tuple(neuron.unit(units[0]))
        return lambda units, layers: tuple(group_formulas(neuron, units, layers, granularity))

    def build(self, rec: Record, state_before: dict[str, np.ndarray], sample: int,
              granularity: str) -> list[Step]:
        """Every step with its formulas (the handout prints them all)."""
        steps = StepList(StepPlan(self.spec, self.params, granularity), self, rec,
                         state_before, sample)
        return list(steps)


def _neuron_outline(spec: NetworkSpec, params: ParamLayout) -> list[Step]:
    """Every neuron step, titled."""
    L = len(spec.layers) - 1
    plain = NeuronFormulas.names(spec)

    def names(layer: int, neuron: int) -> str:
        return display_name(plain(layer, neuron))

    steps: list[Step] = []
    for l in range(1, L + 1):
        n_in = spec.layers[l - 1]
        for j in range(1, spec.layers[l] + 1):
            reads = tuple(("neuron", l - 1, i) for i in range(1, n_in + 1)) + tuple(
                ("param", params.ref("weight", l, j, i).index) for i in range(1, n_in + 1)) + (
                ("param", params.ref("bias", l, j).index),)
            steps.append(Step("forward", tr("net and out of {name}", name=names(l, j)), (("neuron", l, j),),
                              reads, (("forward", l, j),), l, (("forward", l, j),)))
    outputs = range(1, spec.layers[L] + 1)
    for j in outputs:
        steps.append(Step("loss", tr("loss term of {name}", name=names(L, j)), (("output", j),),
                          (("neuron", L, j),), (("loss", j),), L, (("term", j),)))
    steps.append(Step("loss", tr("total loss"), (("loss",),), tuple(("output", j) for j in outputs),
                      (("total",),), L, (("total",),)))
    for l in range(L, 0, -1):
        for j in range(1, spec.layers[l] + 1):
            down = _downstream(spec, params, l, j) if l < L else ()
            steps.append(Step("backward", tr("δ of {name}", name=names(l, j)), (("neuron", l, j),),
                              (("neuron", l, j),) + down, (("delta", l, j),), l, (("delta", l, j),)))
            refs = [params.ref("weight", l, j, i) for i in range(1, spec.layers[l - 1] + 1)]
            refs = refs if spec.is_trainable("weight", l) else []
            if spec.is_trainable("bias", l):
                refs.append(params.ref("bias", l, j))
            for ref in refs:
                reads = (("neuron", l, j),) + ((("neuron", l - 1, ref.source),) if ref.source else ())
                steps.append(Step("backward", f"∂E/∂{ref.label}", (("param", ref.index),),
                                  reads + down, (("grad", ref.index),), l, (("grad", ref.index),)))
    for ref in params.refs:
        if spec.is_trainable(ref.kind, ref.layer):
            steps.append(Step("update", tr("update {name}", name=ref.label), (("param", ref.index),),
                              (("param", ref.index),), (("update", ref.index),), ref.layer,
                              (("update", ref.index),)))
    return steps


def _downstream(spec: NetworkSpec, params: ParamLayout, l: int, j: int) -> tuple:
    """The next layer's neurons and the weights from neuron j into them: the paths
    whose sum gives ∂E/∂out of a hidden neuron."""
    after = range(1, spec.layers[l + 1] + 1)
    return tuple(("neuron", l + 1, k) for k in after) + tuple(
        ("param", params.ref("weight", l + 1, k, j).index) for k in after)


def _grouped_outline(spec: NetworkSpec, params: ParamLayout, granularity: str) -> list[Step]:
    """The layer or phase steps: what the neuron steps of each layer's phase (or each phase)
    give joined — focus, reveals and units one after the other, reads once each in the
    order first read (tests/core/test_step_plan.py) — built a layer's phase at a time.
    Joining the neuron outline took the notes' 20-128-256-4 model 1.2 s at Run's first
    tick (74,261 steps, 1.4 million reads)."""
    n, L = spec.layers, len(spec.layers) - 1
    param = [("param", k) for k in range(params.size)]
    neurons = [[("neuron", l, j) for j in range(1, n[l] + 1)] for l in range(L + 1)]

    def weights(l: int) -> list:  # layer l's weights, by target then source
        return param[params.weight_slices[l - 1]] if spec.is_trainable("weight", l) else []

    def biases(l: int) -> list:
        return param[params.bias_slices[l - 1]] if spec.is_trainable("bias", l) else []

    blocks = []  # (phase, layer, focus, reads, reveals, units): one layer's phase
    for l in range(1, L + 1):
        reads, w, b = list(neurons[l - 1]), param[params.weight_slices[l - 1]], \
            param[params.bias_slices[l - 1]]
        for j in range(n[l]):
            reads += w[j * n[l - 1]:(j + 1) * n[l - 1]]
            reads.append(b[j])
        units = [("forward", l, j) for j in range(1, n[l] + 1)]
        blocks.append(("forward", l, neurons[l], reads, units, units))
    outputs = range(1, n[L] + 1)
    blocks.append(("loss", L, [("output", j) for j in outputs] + [("loss",)],
                   neurons[L] + [("output", j) for j in outputs],
                   [("loss", j) for j in outputs] + [("total",)],
                   [("term", j) for j in outputs] + [("total",)]))
    for l in range(L, 0, -1):
        focus, reads, reveals = [], [], []
        w, b = weights(l), biases(l)
        after = param[params.weight_slices[l]] if l < L else []  # W of layer l + 1
        for j in range(n[l]):
            refs = w[j * n[l - 1]:(j + 1) * n[l - 1]] + b[j:j + 1]
            focus.append(neurons[l][j])
            focus += refs
            reveals.append(("delta", l, j + 1))
            reveals += [("grad", k) for _, k in refs]
            # δ's step reads the neuron and its downstream paths (the next layer's neurons
            # and the weights from this one into them), each gradient's the same and its
            # weight's source: new after the first neuron are only its own and its paths
            reads.append(neurons[l][j])
            if j == 0 and l < L:
                reads += neurons[l + 1]
            reads += after[j::n[l]]
            if j == 0 and w:
                reads += neurons[l - 1]
        blocks.append(("backward", l, focus, reads, reveals, reveals))
    for l in range(1, L + 1):
        refs = weights(l) + biases(l)
        if refs:
            updates = [("update", k) for _, k in refs]
            blocks.append(("update", l, refs, refs, updates, updates))
    groups: list[list] = []
    for block in blocks:
        if granularity == "phase" and groups and groups[-1][0][0] == block[0]:
            groups[-1].append(block)
        else:
            groups.append([block])
    out = []
    for group in groups:
        phase, layer = group[0][0], group[0][1]
        name = tr(PHASE_NAMES[phase])
        title = name if granularity == "phase" or phase == "loss" else tr(
            "{phase} · layer {layer}", phase=name, layer=layer)

        def joined(field: int, group: list = group) -> tuple:
            return tuple(chain.from_iterable(block[field] for block in group))

        # a layer's phase reads each key once; a phase reads some of them in two layers
        reads = joined(3) if len(group) == 1 else tuple(dict.fromkeys(joined(3)))
        out.append(Step(phase, title, joined(2), reads, joined(4), layer, joined(5),
                        tuple(block[1] for block in group)))
    return out
