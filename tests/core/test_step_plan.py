"""A layer's or phase's steps are its neuron steps joined: the plan builds them a layer at a
time (phone-price's first Run tick joined 74,261 neuron steps, 1.2 s), so they are checked
here against joining the neuron outline, on every preset and on random shapes."""

from __future__ import annotations

from itertools import chain

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviewer.core import presets
from bpviewer.core.params import ParamLayout
from bpviewer.core.spec import NetworkSpec
from bpviewer.core.steps import _PLANS, PHASE_NAMES, PLANS_KEPT, Step, StepPlan, _neuron_outline, plan_for
from bpviewer.core.texts import tr

FIELDS = ("phase", "title", "focus", "reads", "reveals", "layer", "units", "layers")


def joined(steps: list[Step], granularity: str) -> list[Step]:
    """The neuron steps grouped by phase (and layer), as the plan once built its groups."""
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
        phase = tr(PHASE_NAMES[first.phase])
        title = phase if granularity == "phase" or first.phase == "loss" else tr(
            "{phase} · layer {layer}", phase=phase, layer=first.layer)

        def all_of(field: str, group: list[Step] = group) -> tuple:
            return tuple(chain.from_iterable(getattr(s, field) for s in group))

        out.append(Step(first.phase, title, all_of("focus"), tuple(dict.fromkeys(all_of("reads"))),
                        all_of("reveals"), first.layer, all_of("units"),
                        tuple(dict.fromkeys(s.layer for s in group))))
    return out


def check(spec: NetworkSpec) -> None:
    params = ParamLayout(spec)
    outline = _neuron_outline(spec, params)
    for granularity in ("layer", "phase"):
        plan = StepPlan(spec, params, granularity)
        expected = joined(outline, granularity)
        assert [[getattr(s, f) for f in FIELDS] for s in plan.steps] == [
            [getattr(s, f) for f in FIELDS] for s in expected]
        first: dict = {}
        for i, step in enumerate(expected):
            for key in step.reveals:
                first.setdefault(key, i)
        assert plan.first == first


@pytest.mark.parametrize("name", presets.names())
def test_a_presets_layer_and_phase_steps_join_its_neuron_steps(name: str) -> None:
    check(presets.load(name))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=5), st.booleans(), st.data())
def test_a_random_networks_layer_and_phase_steps_join_its_neuron_steps(
        layers: list[int], train_biases: bool, data: st.DataObject) -> None:
    frozen = data.draw(st.sets(st.integers(1, len(layers) - 1)))
    check(NetworkSpec(tuple(layers), ("sigmoid",) * (len(layers) - 1), "mse", {},
                      train_biases=train_biases, frozen_layers=tuple(sorted(frozen))))


def test_a_layer_plan_builds_no_neuron_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """phone-price's first Run tick built its 74,261 neuron steps to join them (1.2 s)."""
    built = []
    init = Step.__init__

    def counted(self: Step, *args: object, **kwargs: object) -> None:
        built.append(self)
        init(self, *args, **kwargs)

    spec = presets.load("phone-price")
    monkeypatch.setattr(Step, "__init__", counted)
    plan = StepPlan(spec, ParamLayout(spec), "layer")
    assert len(built) == len(plan) == 10


MAZUR_TITLES = (
    "net and out of h1", "net and out of h2", "net and out of o1", "net and out of o2",
    "loss term of o1", "loss term of o2", "total loss",
    "δ of o1", "∂E/∂w5", "∂E/∂w6", "∂E/∂b₂,₁", "δ of o2", "∂E/∂w7", "∂E/∂w8", "∂E/∂b₂,₂",
    "δ of h1", "∂E/∂w1", "∂E/∂w2", "∂E/∂b₁,₁", "δ of h2", "∂E/∂w3", "∂E/∂w4", "∂E/∂b₁,₂",
    "update w1", "update w2", "update w3", "update w4", "update b₁,₁", "update b₁,₂",
    "update w5", "update w6", "update w7", "update w8", "update b₂,₁", "update b₂,₂")


def test_mazur_neuron_steps_are_titled_as_the_article_walks_them() -> None:
    """The panel's and status line's titles, in Mazur's order (output layer first, w5 before
    w6, each neuron's δ before its weights' gradients)."""
    spec = presets.load("mazur")
    assert tuple(s.title for s in StepPlan(spec, ParamLayout(spec), "neuron").steps) == MAZUR_TITLES


def test_deeper_network_steps_name_their_neuron_by_layer() -> None:
    """xor (2-3-2-1): hidden neurons are named by layer and index in every phase's title."""
    spec = presets.load("xor")
    titles = [s.title for s in StepPlan(spec, ParamLayout(spec), "neuron").steps]
    assert titles[3:8] == ["net and out of h₂,₁", "net and out of h₂,₂", "net and out of o1",
                           "loss term of o1", "total loss"]
    assert [t for t in titles if t.startswith("δ")] == [
        "δ of o1", "δ of h₂,₁", "δ of h₂,₂", "δ of h₁,₁", "δ of h₁,₂", "δ of h₁,₃"]


def test_plan_for_keeps_the_plans_asked_for_last() -> None:
    """The last PLANS_KEPT networks' plans are reused (the same object: a network opened
    again or edited skips phone-price's ~40 ms build); older ones are dropped, oldest first."""
    _PLANS.clear()
    specs = [NetworkSpec((2, k, 1), ("sigmoid", "sigmoid"), "mse", {})
             for k in range(1, PLANS_KEPT + 2)]
    plans = [plan_for(s, ParamLayout(s), "layer") for s in specs]
    assert len(_PLANS) == PLANS_KEPT
    assert plan_for(specs[1], ParamLayout(specs[1]), "layer") is plans[1]  # now the newest
    assert plan_for(specs[0], ParamLayout(specs[0]), "layer") is not plans[0]
    kept = [3, 4, 1]  # specs[2], the oldest then, made room for specs[0]
    assert [plan_for(specs[k], ParamLayout(specs[k]), "layer") is plans[k] for k in kept] \
        == [True] * 3
    assert plan_for(specs[2], ParamLayout(specs[2]), "layer") is not plans[2]
