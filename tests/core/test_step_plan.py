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
from bpviewer.core.steps import PHASE_NAMES, Step, StepPlan, _neuron_outline
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
