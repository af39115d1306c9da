"""The single source of truth: network spec, training state, history and the step cursor.

Views render a Session and send it commands; it announces changes through `events`:
  "cursor"   the position (iteration, step) or what is shown at it changed
  "history"  iterations were appended or dropped
  "network"  the network was replaced or edited (structure, weights or hyper-parameters)
  "message"  a one-line message for the status bar (divergence, refused edits)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from . import data as data_mod
from .engine import Trainer
from .errors import DivergedError, SpecError
from .events import Emitter
from .forward import forward_all, predict
from .history import NORMS, Record
from .optimizers import OPTIMIZERS
from .params import neuron_name
from .spec import NetworkSpec
from .steps import GRANULARITIES, PHASE_NAMES, Reveal, Step, StepBuilder, StepList, StepPlan, plan_for
from .texts import language, tr

CHUNK_SECONDS = 0.05
#: neuron steps in an iteration (about) above which a network opens a layer at a time
NEURON_STEP_LIMIT = 1000
_BRANCHABLE = frozenset({"optimizer", "scheduler", "l1", "name", "description"})


class After(NamedTuple):
    """What next_step() will show, read without moving (Session.step_after): its step and
    reveal, and the record, parameters and sample it reads (the cursor's own within an
    iteration)."""

    step: Step
    reveal: Reveal
    record: Record
    shown: np.ndarray
    inputs: np.ndarray
    targets: np.ndarray


class Session:
    def __init__(self, spec: NetworkSpec) -> None:
        self.events = Emitter()
        #: progress(done, total) -> keep going; called between chunks of a long train
        self.progress: Callable[[int, int], bool] | None = None
        self.training = False
        self._rate = 100.0  # iterations a second, measured by the last chunk
        self.granularity = "neuron"
        self._auto_layer = False  # layer granularity chosen for a large network, not the user
        self.sample = 0
        self._install(spec)

    # -- construction -------------------------------------------------------------------
    def _install(self, spec: NetworkSpec) -> None:
        dataset = data_mod.resolve(spec)
        trainer = Trainer(spec, dataset)
        self.spec = spec
        self.dataset = dataset
        self.trainer = trainer
        self.params = trainer.params
        self.iteration = 0
        self.step_index = 0
        self.sample = 0
        self._steps_cache: tuple[Any, StepList] | None = None
        #: the next iteration's steps (step_after): key, steps, the record they read
        self._steps_after: tuple[Any, StepList, Record] | None = None
        self._plan: StepPlan | None = None
        self.diverged: str | None = None
        self.neuron_steps = 2 * self.params.size + 2 * sum(spec.layers[1:]) + spec.layers[-1] + 1
        self.large = self.neuron_steps > NEURON_STEP_LIMIT
        if self.large and self.granularity == "neuron":
            self.granularity, self._auto_layer = "layer", True
        elif not self.large and self._auto_layer:
            self.granularity, self._auto_layer = "neuron", False

    def load(self, spec: NetworkSpec) -> None:
        """Replace the network; on bad input raise SpecError and keep the open one."""
        self._install(spec)
        self.events.emit("network")
        self.events.emit("history")
        self.events.emit("cursor")

    @property
    def history(self):
        return self.trainer.history

    # -- reading ------------------------------------------------------------------------
    @property
    def record(self) -> Record | None:
        return self.history[self.iteration] if self.iteration else None

    def state_before(self, iteration: int) -> dict[str, np.ndarray]:
        return self.history.state_at(iteration - 1)

    @property
    def plan(self) -> StepPlan:
        """The steps' outline: built once per network shape and granularity, never per click."""
        if self._plan is None or (self._plan.granularity, self._plan.language) != (
                self.granularity, language()):
            self._plan = plan_for(self.spec, self.params, self.granularity)
        return self._plan

    @property
    def steps(self) -> StepList | list[Step]:
        """The cursor iteration's steps; a step's formulas are built when first read."""
        if self.iteration == 0:
            return []
        key = self._steps_key(self.iteration)
        if self._steps_cache is None or self._steps_cache[0] != key:
            after = self._steps_after  # read ahead by step_after: its steps and formulas
            record = self.record
            self._steps_cache = after[:2] if after is not None and after[0] == key and after[2] is record \
                else (key, self._build_steps(self.iteration, record))
        return self._steps_cache[1]

    def _steps_key(self, iteration: int, trained: int | None = None) -> tuple:
        """What an iteration's steps are read for (trained: the history's length then)."""
        return (iteration, len(self.history) if trained is None else trained, self.granularity,
                self.sample, id(self.trainer), language())

    def _build_steps(self, iteration: int, record: Record) -> StepList:
        builder = StepBuilder(self.spec, self.params, self.trainer.optimizer, self.trainer.t)
        return StepList(self.plan, builder, record, self.state_before(iteration), self.sample)

    def steps_at(self, iteration: int) -> StepList | list[Step]:
        """Another iteration's steps, training up to it if need be (practice asks about the
        next iteration's first step before the cursor moves there)."""
        if iteration == 0 or not self._ensure(iteration):
            return []
        if iteration == self.iteration:
            return self.steps
        return self._build_steps(iteration, self.history[iteration])

    @property
    def step(self) -> Step | None:
        steps = self.steps
        return steps[self.step_index] if steps else None

    @property
    def at_end_of_iteration(self) -> bool:
        return self.iteration == 0 or self.step_index == len(self.plan) - 1

    def reveal(self) -> Reveal:
        return Reveal() if self.iteration == 0 else self._reveal_at(self.step_index)

    def _reveal_at(self, index: int) -> Reveal:
        """What step `index` of an iteration shows (its last: everything)."""
        return Reveal(complete=True) if index == len(self.plan) - 1 else self.plan.reveal(index)

    def sample_shown(self) -> tuple[np.ndarray, np.ndarray]:
        """The selected sample's network inputs and targets at the cursor; at iteration 0
        those of the first iteration's first row, so the initial state shows what comes in."""
        rec = self.record
        row = rec.indices[self.sample] if rec is not None else self.trainer.batch_indices(1)[0]
        return self.dataset.inputs[row], self.dataset.targets[row]

    def params_shown(self) -> np.ndarray:
        """Parameter values the network view shows: before the update until it is revealed."""
        if self.iteration == 0:
            return self.history.initial
        return self.record.before

    def params_shown_next(self) -> np.ndarray:
        """params_shown as next_step will leave it, read without moving or training: at an
        iteration's last step (or iteration 0) the parameters the next iteration starts
        from, hand edits included (the view draws the next weights' edges ahead)."""
        if self.iteration and not self.at_end_of_iteration:
            return self.params_shown()
        return self.history.params_at(self.iteration)

    def step_after(self) -> After | None:
        """What next_step() will show, read without moving: the view prepares that click
        while the teacher reads. Within an iteration its next step (record, parameters and
        sample stay); at an iteration's last step (and iteration 0) the next iteration's
        first step, its steps kept for the cursor to take there (their formulas built
        ahead). At the history's end that iteration is computed ahead and kept by the
        trainer (Trainer.ahead), which the click then appends as computed: nothing shows
        it before (history, plots and tables stay as they are). None where it diverges."""
        if self.iteration and not self.at_end_of_iteration:
            i = self.step_index + 1
            inputs, targets = self.sample_shown()
            return After(self.steps[i], self._reveal_at(i), self.record, self.params_shown(), inputs,
                         targets)
        k, trained = self.iteration + 1, len(self.history)
        if k <= trained:
            record = self.history[k]
        elif k == trained + 1 == self.trainer.iteration + 1:
            record = self.trainer.ahead()
            if record is None:
                return None
        else:
            return None
        key = self._steps_key(k, max(k, trained))
        if self._steps_after is None or self._steps_after[0] != key or self._steps_after[2] is not record:
            self._steps_after = (key, self._build_steps(k, record), record)
        row = record.indices[self.sample]
        return After(self._steps_after[1][0], self._reveal_at(0), record, record.before,
                     self.dataset.inputs[row], self.dataset.targets[row])

    def status(self) -> str:
        """'iteration 3 · backward · δ of h1 · step 16/35', in the interface language."""
        if self.iteration == 0:
            return " · ".join((tr("iteration {k}", k=0), tr("initial state"),
                               tr("{n} iterations in history", n=len(self.history))))
        step = self.step
        phase = tr(PHASE_NAMES[step.phase]) if step else ""
        parts = [tr("iteration {k}", k=self.iteration)]
        title = step.title.removeprefix(f"{phase} · ") if step and step.title != phase else ""
        if not title.startswith(f"{phase} "):  # "update b₁,₂" says its phase itself
            parts.append(phase)
        if title:
            parts.append(title)
        parts.append(tr("step {i}/{n}", i=self.step_index + 1, n=len(self.plan)))
        if self.record.batch_size > 1:
            parts.append(tr("sample {i}/{n}", i=self.sample + 1, n=self.record.batch_size))
        return " · ".join(parts)

    def granularity_note(self) -> str:
        """What a neuron at a time would cost, while a large network steps a layer or a phase
        at a time ("" otherwise). Beside the granularity buttons: at the end of the status line
        it ran 240 px past a 1024 px window's room."""
        if self.large and self.granularity != "neuron":
            return tr("(Neuron: ~{n:,} steps)", n=self.neuron_steps)  # the button it prices
        return ""

    def neuron_label(self, layer: int, neuron: int) -> str:
        if layer == 0 and self.spec.features:
            return data_mod.FEATURE_LABELS[self.spec.features[neuron - 1]]
        return neuron_name(self.spec.layers, layer, neuron)

    def _network_inputs(self, points: np.ndarray) -> np.ndarray:
        """Raw (x1, x2) points → the network's inputs (features applied)."""
        return data_mod.apply_features(self.spec.features, np.asarray(points, self.trainer.dtype))

    def predict(self, x: np.ndarray, iteration: int | None = None) -> np.ndarray:
        """Outputs without dropout for raw points x, with the parameters at an iteration's end."""
        theta = self.history.params_at(self.iteration if iteration is None else iteration)
        with np.errstate(all="ignore"):  # huge weights before a divergence: inf/NaN, no warning
            return predict(self.spec, self.params, theta, self._network_inputs(x))

    def hidden_maps(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's activations for raw points x (one batched call), for per-neuron maps;
        index 0 holds the input neurons (features)."""
        theta = self.history.params_at(self.iteration)
        with np.errstate(all="ignore"):  # as predict: a map of a diverging net, no warning
            inputs = self._network_inputs(x)
            return [inputs] + [a for _, a in forward_all(self.spec, self.params, theta, inputs)]

    def test_losses(self) -> np.ndarray:
        """Loss on the held-out rows after each iteration's update (NaN without test data)."""
        return self.history.column("scalars", 7)

    def losses(self) -> np.ndarray:
        return self.history.column("scalars", 0)

    def learning_rates(self) -> np.ndarray:
        return self.history.column("scalars", 3)

    def param_history(self, index: int) -> np.ndarray:
        """Values after each iteration 1..n; prepend history.initial for iteration 0."""
        return self.history.column("after", index)

    def grad_norms(self) -> np.ndarray:
        """(n, layers): the L2 norm of each weight layer's gradient per iteration."""
        return self.history.column("scalars", slice(NORMS, None))

    # -- moving -------------------------------------------------------------------------
    def _ensure(self, iteration: int) -> bool:
        """Make sure history reaches `iteration`; False if training diverged or was cancelled."""
        missing = iteration - len(self.history)
        if missing <= 0:
            return True
        try:
            done = self._train(missing)
        except DivergedError as exc:
            self.diverged = str(exc)
            self.events.emit("history")
            self.events.emit("message", tr("Training diverged: {problem}. History is kept up to "
                                           "iteration {k}.", problem=exc, k=len(self.history)))
            return False
        self.events.emit("history")
        if not done:
            self.events.emit("message", tr("Training cancelled at iteration {k}.", k=len(self.history)))
        return done

    def _train(self, n: int) -> bool:
        """n more iterations in chunks of about CHUNK_SECONDS; when that takes more than one
        chunk, `progress(done, n)` runs between chunks (the window's: a dialog with Cancel,
        events processed) and may stop early by returning False."""
        if self.progress is None:
            self.trainer.run(n)
            return True
        self.training = True
        try:
            done = 0
            while done < n:
                chunk = min(n - done, max(1, int(self._rate * CHUNK_SECONDS)))
                began = time.perf_counter()
                self.trainer.run(chunk)
                done += chunk
                self._rate = chunk / max(time.perf_counter() - began, 1e-6)
                if not self.progress(done, n):
                    return done == n
            return True
        finally:
            self.training = False

    def _move(self, iteration: int, step_index: int | None) -> None:
        if self.training:  # a command arriving while a long train processes events waits
            return
        iteration = max(0, iteration)
        if not self._ensure(iteration):
            iteration = len(self.history)
            step_index = None
        self.iteration = iteration
        n = len(self.plan) if iteration else 0
        if step_index is None or step_index >= n:
            step_index = max(n - 1, 0)
        self.step_index = max(step_index, 0)
        self.events.emit("cursor")

    def next_step(self) -> None:
        if self.iteration and self.step_index < len(self.plan) - 1:
            self._move(self.iteration, self.step_index + 1)
        else:
            self._move(self.iteration + 1, 0)

    def prev_step(self) -> None:
        if self.iteration == 0:
            return
        if self.step_index > 0:
            self._move(self.iteration, self.step_index - 1)
        else:
            self._move(self.iteration - 1, None)

    def next_iteration(self) -> None:
        self._move(self.iteration + 1, None)

    def prev_iteration(self) -> None:
        self._move(self.iteration - 1, None)

    def home(self) -> None:
        """Start of the current iteration."""
        self._move(self.iteration, 0)

    def goto(self, iteration: int, step_index: int | None = None) -> None:
        self._move(iteration, step_index)

    def run(self, n: int) -> None:
        self._move(len(self.history) + n if self.iteration == len(self.history)
                   else self.iteration + n, None)

    def reset(self) -> None:
        self._move(0, None)

    def set_granularity(self, granularity: str) -> None:
        if granularity not in GRANULARITIES:
            raise ValueError(granularity)
        current = self.plan.steps[self.step_index] if self.iteration else None
        self._auto_layer = self._auto_layer and granularity == self.granularity
        self.granularity = granularity
        self._steps_cache = self._steps_after = None
        index = 0
        if current is not None:
            index = min(self.plan.first.get(k, len(self.plan)) for k in current.reveals)
        self._move(self.iteration, index)

    def set_sample(self, sample: int) -> None:
        rec = self.record
        limit = rec.batch_size if rec else 1
        self.sample = min(max(sample, 0), limit - 1)
        self._move(self.iteration, self.step_index)

    # -- editing (each starts a new branch from the cursor's iteration) -----------------
    def set_param(self, index: int, value: float) -> None:
        """Set one weight or bias at the cursor's iteration; later history is dropped."""
        if not np.isfinite(value):
            raise SpecError(self.params.refs[index].name,
                            tr("{value} is not a finite number", value=repr(value)))
        if self.iteration == 0:
            theta = self.history.initial.copy()
            theta[index] = value
            self._install(self._spec_with_theta(self.spec, theta))
        else:
            self.trainer.rewind(self.iteration)
            self.trainer.set_param(index, value)
            self.history.override(self.iteration, self.trainer.theta, self.trainer.optimizer.state)
            self.spec = self._spec_with_theta(self.spec, self.trainer.theta)
        self._announce_edit()

    def _spec_with_theta(self, spec: NetworkSpec, theta: np.ndarray) -> NetworkSpec:
        n = len(spec.layers)
        return spec.with_changes(
            weights=[self.params.weights(theta, l).tolist() for l in range(1, n)],
            biases=[self.params.biases(theta, l).tolist() for l in range(1, n)], init=None)

    def current_spec(self) -> NetworkSpec:
        """The network as it stands at the cursor, weights included: what Save writes."""
        return self._spec_with_theta(self.spec, self.history.params_at(self.iteration))

    def set_spec(self, **changes: Any) -> None:
        """Change any field. Optimizer settings, schedule and L1 branch from the cursor and
        keep earlier history; anything else restarts at iteration 0 from the cursor's weights.

        Raises SpecError (and changes nothing) when the result is invalid.
        """
        if "layers" in changes:
            changes.setdefault("activations", self._resized_activations(changes["layers"]))
            if "weights" not in changes:
                changes.update(weights=None, biases=None, frozen_layers=[], dropout=None)
                changes.setdefault("init", self.spec.init or {"scheme": "torch_default", "seed": 0})
            spec = self.spec.with_changes(**changes)
            data_mod.resolve(spec)
            self._install(spec)
            self._announce_edit()
            return
        spec = self.spec.with_changes(**changes)
        same_state = (spec.optimizer["name"] == self.spec.optimizer["name"]
                      and OPTIMIZERS[spec.optimizer["name"]].buffers_for(spec.optimizer_kwargs())
                      == tuple(self.trainer.optimizer.state))
        if self.iteration and same_state and all(k in _BRANCHABLE for k in changes):
            self.trainer.rewind(self.iteration)
            self.trainer.retune(spec)
            self.spec = spec
        else:
            spec = self.current_spec().with_changes(**changes)
            data_mod.resolve(spec)
            self._install(spec)
        self._announce_edit()

    def _resized_activations(self, layers: list[int]) -> list[str]:
        """Keep the hidden and output activations when the number of layers changes."""
        acts = list(self.spec.activations)
        hidden = acts[:-1] or ["sigmoid"]
        return [hidden[min(i, len(hidden) - 1)] for i in range(len(layers) - 2)] + [acts[-1]]

    def _announce_edit(self) -> None:
        self._steps_cache = self._steps_after = None
        self._plan = None
        self.events.emit("network")
        self.events.emit("history")
        self.events.emit("cursor")
