"""Beside each gradient and update, the chain panel names where the exported script holds
the same number; evaluated in that script, each expression gives the number shown."""

from __future__ import annotations

import pytest

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.core.torch_script import script, torch_expressions

pytestmark = pytest.mark.usefixtures("restore_torch_defaults")


OPTIMIZERS = [{"name": "sgd", "lr": 0.5, "momentum": 0.9}, {"name": "adagrad", "lr": 0.1},
              {"name": "rmsprop", "lr": 0.01, "centered": True, "momentum": 0.5},
              {"name": "adam", "lr": 0.01, "amsgrad": True}]


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: o["name"])
def test_every_expression_holds_the_number_shown(optimizer) -> None:
    spec = presets.load("mazur-frozen-bias").with_changes(optimizer=optimizer)
    session = Session(spec)
    session.goto(2, 0)
    steps = session.steps
    found = {}

    def on_step(iteration, net, loss, optimizer):
        if iteration == 2:
            for step in steps:
                names = torch_expressions(step, session.params, session.trainer.optimizer.state)
                found[step.title] = [eval(e, {"net": net, "optimizer": optimizer}).item() for e in names]

    namespace = {"__name__": "script"}
    exec(compile(script(spec), "script", "exec"), namespace)  # noqa: S102
    namespace["train"](2, log=lambda *a: None, on_step=on_step)
    rec = session.history[2]
    checked = 0
    for step in steps:
        values = found[step.title]
        if not values:
            assert step.phase not in ("backward", "update") or not any(k[0] == "param" for k in step.focus)
            continue
        index = next(k[1] for k in step.focus if k[0] == "param")
        assert values[0] == pytest.approx(step.formulas[-1].result, rel=1e-12, abs=1e-15)
        expected = rec.grad[index] if step.phase == "backward" else rec.after[index]
        assert values[0] == pytest.approx(expected, rel=1e-12, abs=1e-15)
        pos = list(session.params.trainable).index(index)
        states = session.trainer.optimizer.state if step.phase == "update" else ()
        for value, name in zip(values[1:], states, strict=True):
            assert value == pytest.approx(rec.state(name)[pos], rel=1e-12, abs=1e-15)
        checked += 1
    assert checked == 16  # 8 weights (biases frozen): a gradient and an update each


def test_names() -> None:
    session = Session(presets.load("mazur"))
    session.goto(1, 0)
    titles = {s.title: torch_expressions(s, session.params, session.trainer.optimizer.state)
              for s in session.steps}
    assert titles["∂E/∂w5"] == ("net.linear2.weight.grad[0, 0]",)
    assert titles["update b₁,₂"] == ("net.linear1.bias[1]",)
    assert titles["total loss"] == ()
