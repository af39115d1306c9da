"""Assert that a Session's records equal an independent torch replay."""

from __future__ import annotations

import numpy as np

from bpviewer.core.session import Session

from .torch_reference import TorchReference

RTOL = 1e-12


def close(ours, theirs, what: str, scale: float | None = None) -> None:
    ours = np.asarray(ours, float)
    theirs = np.asarray(theirs, float)
    scale = max(1.0, float(np.abs(theirs).max(initial=0.0))) if scale is None else scale
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=RTOL * scale * 1e-2, err_msg=what)


def check_session(session: Session, iterations: int) -> None:
    ref = TorchReference(session)
    session.trainer.run(iterations)
    for k in range(1, iterations + 1):
        rec = session.history[k]
        seen = ref.step(k)
        where = f"iteration {k}"
        close(rec.before, seen["before"], f"{where} before")
        close(rec.loss, seen["loss"], f"{where} loss")
        close(rec.lr, seen["lr"], f"{where} lr")
        close(rec.grad, seen["grad"], f"{where} grad")
        for l in range(1, len(session.spec.layers)):
            close(rec.block("z", l), seen["z"][l - 1], f"{where} z{l}")
            close(rec.block("a", l), seen["a"][l - 1], f"{where} a{l}")
            close(rec.block("delta", l), seen["delta"][l - 1], f"{where} delta{l}")
            dlda = seen["dLda"][l - 1]
            ours = rec.block("dLda", l)
            if dlda is not None:  # torch defines ∂L/∂a here, so ours must be a number
                close(ours, dlda, f"{where} dL/da{l}")
            fp = rec.block("fprime", l)
            if not np.isnan(fp).all():
                defined = dlda is not None and np.abs(dlda).max() > 0
                if defined:
                    close(ours * fp, seen["delta"][l - 1], f"{where} dLda·f'{l}")
        close(rec.after, seen["after"], f"{where} after")
        for name, value in seen["state"].items():
            close(rec.state(name), value, f"{where} state {name}")
