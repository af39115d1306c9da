"""Random networks against torch, where hand-picked cases run out: shapes, activations, losses,
optimizers, schedulers, dropout, frozen layers, L1/L2, batches, exact ties and saturation.
Each record must equal contracts.reference.TorchTraining (1e-12 relative); rewinding to any
iteration and training on must equal training straight through, bit for bit."""

from __future__ import annotations

import numpy as np
from contracts.reference import TorchTraining
from contracts.test_rewind import rows
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .strategies import networks

RTOL = 1e-12
# derandomized: CI sees the same examples every run; no shrinking, so a failure (or a mutant) fails fast
FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                phases=(Phase.explicit, Phase.generate))


def close(ours, theirs, what: str) -> None:
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    scale = max(1.0, float(np.abs(theirs).max(initial=0.0)))
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=RTOL * scale, err_msg=what)


@FAST
@given(net=networks(), iterations=st.integers(1, 4))
def test_every_record_equals_torch(net: dict, iterations: int) -> None:
    session = Session(spec_mod.from_dict(net))
    session.trainer.run(iterations)
    reference = TorchTraining(net)
    keys = [p.key for p in reference.params]
    steps = reference.run(iterations)
    norms = [[np.linalg.norm([g for (kind, layer, *_), g in step.grad.items()
                              if kind == "weight" and layer == l]) for l in range(1, len(net["layers"]))]
             for step in steps]
    close(session.grad_norms(), norms, "each weight layer's gradient norm")
    for step in steps:
        rec = session.history[step.iteration]
        where = f"iteration {step.iteration}"
        np.testing.assert_array_equal(rec.indices, step.indices, err_msg=f"{where} batch")
        close(rec.loss, step.loss, f"{where} loss")
        close(rec.lr, step.lr, f"{where} lr")
        close(rec.before, [step.before[k] for k in keys], f"{where} before")
        close(rec.grad, [step.grad[k] for k in keys], f"{where} grad")
        close(rec.after, [step.after[k] for k in keys], f"{where} after")
        close(rec.terms, step.terms, f"{where} loss terms")
        for l in range(1, len(net["layers"])):
            close(rec.block("z", l), step.z[l - 1], f"{where} z{l}")
            close(rec.block("a", l), step.a[l - 1], f"{where} a{l}")
            close(rec.block("delta", l), step.delta[l - 1], f"{where} delta{l}")
            if step.upstream[l - 1] is not None:
                close(rec.block("dLda", l), step.upstream[l - 1], f"{where} dL/da{l}")
            if step.act_grad[l - 1] is not None:
                close(rec.block("fprime", l), step.act_grad[l - 1], f"{where} f'(z){l}")


@FAST
@given(net=networks(max_width=3), total=st.integers(1, 7), data=st.data())
def test_rewind_then_continue_equals_straight_through(net: dict, total: int, data) -> None:
    k = data.draw(st.integers(0, total), label="rewind to")
    straight = Session(spec_mod.from_dict(net))
    straight.trainer.run(total)
    branched = Session(spec_mod.from_dict(net))
    branched.trainer.run(total)
    branched.trainer.rewind(k)
    branched.trainer.run(total - k)
    ours, theirs = rows(branched), rows(straight)
    for name, expected in theirs.items():
        np.testing.assert_array_equal(ours[name], expected, err_msg=name)


@FAST
@given(net=networks())
def test_network_files_round_trip(tmp_path_factory, net: dict) -> None:
    spec = spec_mod.from_dict(net)
    path = tmp_path_factory.mktemp("net") / "n.json"
    spec_mod.save(spec, path)
    assert spec_mod.load(path) == spec
    assert spec_mod.dumps(spec_mod.load(path)) == path.read_text(encoding="utf-8")
