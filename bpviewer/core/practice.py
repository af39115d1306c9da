"""Practice mode: before the next step is revealed the student computes its results.

A `Practice` asks, one at a time, for each formula result of the step after the cursor
(skipping a quantity already asked this iteration), checks a typed answer, gives hints
(the formula in symbols, then with its numbers, then the answer), keeps score and streak
and, at the end of an iteration, a summary by kind of quantity. It moves the Session only
forward by one step once a step's questions are done, so every view shows exactly what has
been answered. No Qt: the window renders it and sends it keys.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .formula import Formula, fmt
from .session import Session
from .steps import PHASE_NAMES, Step
from .texts import N_, tr

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Question:
    formula: Formula
    kind: tuple[str, str]
    iteration: int
    step_index: int


@dataclass(frozen=True)
class Feedback:
    """What the window shows after Enter: `right` None while the question stays open (a
    hint about `question`, to be dropped when another question is asked)."""

    right: bool | None
    template: str  # English, with its fields: `text` is in the language of the moment
    fields: dict = field(default_factory=dict)
    question: Question | None = None

    @property
    def text(self) -> str:
        return tr(self.template, **self.fields) if self.template else ""


@dataclass
class Tally:
    asked: Counter = field(default_factory=Counter)
    first_try: Counter = field(default_factory=Counter)


def parse(text: str) -> list[float] | None:
    """The numbers typed ("−" and "," accepted), or None when there are none or junk."""
    cleaned = text.replace("−", "-").replace("×10^", "e").replace(",", ".").strip()
    numbers = _NUMBER.findall(cleaned)
    if not numbers or _NUMBER.sub("", cleaned).strip(" ;[]") != "":
        return None
    return [float(n) for n in numbers]


def tolerance(precision: int) -> float:
    return 0.5 * 10.0 ** -precision


def close(answer: float, value: float, precision: int) -> bool:
    """Right when the answer rounds to the shown value: the same text at `precision` digits,
    or within half a unit of the last shown decimal."""
    return fmt(answer, precision) == fmt(value, precision) or \
        abs(answer - value) <= tolerance(precision) * (1 + 1e-9)


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DELTA, _UPSTREAM = N_("δ of {where} neurons"), N_("∂E/∂out of {where} neurons")
_NET, _OUT = N_("net of {where} neurons"), N_("out of {where} neurons")
_WEIGHTS = N_("gradients of weights")
_KINDS = (("δ", _DELTA), ("∂E/∂out", _UPSTREAM), ("∂E/∂a", _UPSTREAM), ("∂out", "f′(net)"),
          ("f′", "f′(net)"), ("∂E/∂W", _WEIGHTS), ("∂E/∂w", _WEIGHTS),
          ("∂E/∂b", N_("gradients of biases")), ("net", _NET), ("z", _NET), ("out", _OUT), ("a", _OUT),
          ("E_", N_("loss terms")), ("E", N_("total loss")), ("θ", N_("parameters")))
_WHERE = {"output": N_("output"), "hidden": N_("hidden")}


def kind_of(step: Step, formula: Formula, session: Session) -> tuple[str, str]:
    """The kind of quantity, for the summary ("δ of hidden neurons"), read from the
    formula's left-hand side and its layer (a ⁽l⁾ superscript, else the step's): an
    English template and where, translated when shown (`kind_text`)."""
    lhs = formula.lhs
    if lhs.endswith("⁺"):
        return N_("new values"), ""
    layer = step.layer
    if "⁽" in lhs:
        layer = int(lhs.split("⁽")[1].split("⁾")[0].translate(_SUPERSCRIPT))
    where = "output" if layer == len(session.spec.layers) - 1 else "hidden"
    for prefix, kind in _KINDS:
        if lhs.startswith(prefix):
            return kind, where
    return step.phase, ""


def kind_text(kind: tuple[str, str]) -> str:
    template, where = kind
    if template in PHASE_NAMES:
        return tr(PHASE_NAMES[template])
    return tr(template, where=tr(_WHERE[where])) if "{where}" in template else tr(template)


class Practice:
    def __init__(self, session: Session, precision: int = 4) -> None:
        self.session = session
        self.precision = precision
        self.score = 0
        self.asked = 0
        self.streak = 0
        self.wrong = 0  # wrong tries on the open question
        self.tallies: dict[int, Tally] = {}
        self.summary_of: int | None = None  # the iteration completed last
        self._seen: dict[int, set[str]] = {}
        self._queue: list[Question] = []
        self._at: tuple | None = None

    # -- what is asked ----------------------------------------------------------------
    def _position(self) -> tuple:
        s = self.session
        return (s.iteration, s.step_index, s.granularity, s.sample, len(s.history), id(s.trainer))

    def _target(self) -> tuple[int, int]:
        s = self.session
        if s.iteration and s.step_index < len(s.plan) - 1:
            return s.iteration, s.step_index + 1
        return s.iteration + 1, 0

    def _fill(self) -> None:
        """The questions of the step after the cursor: its results not asked yet this
        iteration (all of them again when the student stepped back over it)."""
        iteration, index = self._target()
        steps = self.session.steps_at(iteration)
        self._queue = []
        if steps:
            step = steps[index]
            seen = self._seen.setdefault(iteration, set())
            asked = [Question(f, kind_of(step, f, self.session), iteration, index) for f in step.formulas]
            self._queue = [q for q in asked if q.formula.lhs not in seen] or asked
        self.wrong = 0
        self._at = self._position()

    @property
    def question(self) -> Question | None:
        if self._at != self._position():
            self._fill()
        return self._queue[0] if self._queue else None

    def prompt(self) -> str:
        q = self.question
        return f"{q.formula.lhs} = ?" if q else ""

    def tolerance_text(self) -> str:
        return tr("right when it rounds to the shown value at {digits} decimals (±{tolerance})",
                  digits=self.precision, tolerance=f"{tolerance(self.precision):.{self.precision + 1}f}")

    # -- answering --------------------------------------------------------------------
    def answer(self, text: str) -> Feedback:
        q = self.question
        if q is None:
            return Feedback(None, "")
        numbers = parse(text)
        expected = np.ravel(np.asarray(q.formula.result, dtype=float))
        if numbers is None or len(numbers) != expected.size:
            if expected.size == 1:
                return Feedback(None, N_("type a number, e.g. 0.1234, then Enter"), {}, q)
            return Feedback(None, N_("type {n} numbers, e.g. 0.1234, then Enter"), {"n": expected.size}, q)
        if all(close(a, v, self.precision) for a, v in zip(numbers, expected, strict=True)):
            return self._close(q, True, N_("right: {answer}"), q.formula.result_text(self.precision))
        self.wrong += 1
        self.streak = 0
        hint = self._symbols(q.formula)
        if self.wrong == 1:
            return Feedback(None, N_("not yet. {hint}"), {"hint": hint}, q)
        if self.wrong == 2:
            return Feedback(None, N_("not yet. {hint}"),
                            {"hint": f"{hint} = {q.formula.numbers(self.precision)}"}, q)
        return self._close(q, False, N_("the answer: {answer}"), q.formula.text(self.precision))

    def reveal(self) -> Feedback:
        """The teacher's key: show the answer (counted as not known)."""
        q = self.question
        if q is None:
            return Feedback(None, "")
        return self._close(q, False, N_("the answer: {answer}"), q.formula.text(self.precision))

    def _symbols(self, formula: Formula) -> str:
        return " = ".join(p for p in (formula.lhs, formula.symbols) if p)

    def _close(self, q: Question, right: bool, template: str, answer: str) -> Feedback:
        first = right and self.wrong == 0
        tally = self.tallies.setdefault(q.iteration, Tally())
        tally.asked[q.kind] += 1
        tally.first_try[q.kind] += first
        self.asked += 1
        self.score += first
        self.streak = self.streak + 1 if first else 0
        self._seen.setdefault(q.iteration, set()).add(q.formula.lhs)
        self._queue.pop(0)
        self.wrong = 0
        if not self._queue:
            self._advance()
        return Feedback(right, template, {"answer": answer}, q)

    def _advance(self) -> None:
        """Reveal the answered step: the Session moves one step."""
        iteration, _ = self._target()
        self.session.next_step()
        if self.session.at_end_of_iteration and iteration in self.tallies:
            self.summary_of = iteration

    # -- score ------------------------------------------------------------------------
    @property
    def summary(self) -> list[str]:
        """The summary of the iteration completed last, in the interface language."""
        return self.summary_lines(self.summary_of) if self.summary_of is not None else []

    def status(self) -> str:
        return tr("score {score}/{asked} · streak {streak}", score=self.score, asked=self.asked,
                  streak=self.streak)

    def summary_lines(self, iteration: int) -> list[str]:
        """Per kind of quantity, right at the first try / asked, in the order first asked."""
        tally = self.tallies.get(iteration, Tally())
        return [f"{kind_text(kind)} {tally.first_try[kind]}/{n}" for kind, n in tally.asked.items()]
