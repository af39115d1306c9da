"""A Session replayed by the one torch reference of the tests (tests/contracts/reference.py).

The reference is given only what a network file holds: the spec, the initial weights and the
data rows. Its batches, dropout masks, derivatives and updates are its own (the README's
conventions, torch.autograd, torch.optim), so agreement means the trace equals torch.
"""

from __future__ import annotations

import numpy as np
from contracts.reference import TorchTraining

from bpviewer.core.session import Session


class TorchReference:
    """Replays a Session's spec in torch, one iteration at a time from iteration 1."""

    def __init__(self, session: Session) -> None:
        spec, theta, params = session.spec, session.history.initial, session.params
        net = spec.to_dict()
        layers = range(1, len(spec.layers))
        net["weights"] = [np.asarray(params.weights(theta, l)).tolist() for l in layers]
        net["biases"] = [np.asarray(params.biases(theta, l)).tolist() for l in layers]
        net["data"] = {"inputs": session.dataset.inputs.tolist(), "targets": session.dataset.targets.tolist()}
        net["optimizer"] = {"name": spec.optimizer["name"], **spec.optimizer_kwargs()}
        self.session = session
        self.torch = TorchTraining(net)

    def step(self, k: int) -> dict:
        """Iteration k (the next one) with its own batch and dropout masks; returns what it saw."""
        assert k == self.torch.iteration + 1, "the reference replays iterations in order"
        seen = self.torch.step()
        np.testing.assert_array_equal(self.session.history[k].indices, seen.indices, err_msg=f"batch {k}")
        state = self.torch.opt.state
        return {"loss": seen.loss, "lr": seen.lr, "z": seen.z, "a": seen.a, "delta": seen.delta,
                "kept": seen.layer_inputs[1:],  # each layer's out after its dropout mask
                "dLda": seen.upstream,
                "before": np.array(list(seen.before.values())), "grad": np.array(list(seen.grad.values())),
                "after": np.array(list(seen.after.values())),
                "state": {name: np.concatenate([state[p][name].numpy().ravel() for p in self.torch.trainable])
                          for name in self.session.history[k].layout.state_names}}
