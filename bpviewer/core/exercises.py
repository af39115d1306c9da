"""Exercise sheets with keys: per variant, a network of the same shape with fresh short-decimal
inputs, targets and weights, a sheet of numbered blanks and a key that fills them.

The key is read from a Session trained one iteration on the variant, through the same Steps
and Formulas as the window and the handout, so its numbers are the engine's.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import atomic
from . import spec as spec_mod
from .errors import SpecError
from .formula import Formula
from .handout import PHASE_TITLES, diagram_svg, page
from .session import Session
from .spec import NetworkSpec
from .texts import tr

MAX_PARAMETERS = 60
PRECISION = 6  # decimals in the key's chain-rule lines
BLANK = "_" * 16


@dataclass(frozen=True)
class Blank:
    """One numbered question: what it asks (`lhs`), the engine's answer and its chain rule."""

    number: int
    phase: str
    key: tuple
    formula: Formula

    @property
    def value(self) -> float:
        return float(self.formula.result)


def _short(rng: np.random.Generator, low: int, high: int, step: float, signed: bool = False) -> float:
    """A short decimal k·step (k in low..high), negative a quarter of the time when signed."""
    value = round(int(rng.integers(low, high + 1)) * step, 2)
    return -value if signed and rng.random() < 0.25 else value


def variant(spec: NetworkSpec, seed: int, k: int) -> NetworkSpec:
    """Variant k of `spec`: one sample, same layers, activations, loss and optimizer."""
    trainable = sum(spec.layers[l] * (spec.layers[l - 1] + 1) for l in range(1, len(spec.layers)))
    if trainable > MAX_PARAMETERS:
        raise SpecError("layers", tr("{n} parameters; exercise sheets are for networks of at most "
                                     "{limit} (pick a smaller one)", n=trainable, limit=MAX_PARAMETERS))
    rng = np.random.default_rng([seed, k])
    layers = spec.layers
    weights = [[[_short(rng, 1, 12, 0.05, True) for _ in range(layers[l - 1])] for _ in range(layers[l])]
               for l in range(1, len(layers))]
    biases = [[_short(rng, 1, 12, 0.05, True) for _ in range(layers[l])] for l in range(1, len(layers))]
    inputs = [[_short(rng, 1, 19, 0.05) for _ in range(layers[0])]]
    outputs = layers[-1]
    if spec.loss == "cross_entropy":
        targets: list = [[float(rng.integers(0, outputs))]]
    elif spec.loss == "bce":
        targets = [[float(rng.integers(0, 2)) for _ in range(outputs)]]
    else:
        targets = [[_short(rng, 1, 99, 0.01) for _ in range(outputs)]]
    return spec.with_changes(
        name=tr("{name} — variant {k}", name=tr(spec.name), k=k), description="", weights=weights,
        biases=biases, init=None,
        data={"inputs": inputs, "targets": targets}, batch_size=None, shuffle=False, dropout=None,
        features=None, scheduler=None)


def blanks(session: Session) -> list[Blank]:
    """The questions of iteration 1 at neuron granularity: net and out of every neuron, the
    loss terms and total, every δ, every gradient and every update."""
    session.set_granularity("neuron")
    session.goto(1, 0)
    out: list[Blank] = []
    for step in session.steps:
        formulas = step.formulas
        chosen = formulas if step.phase in ("forward", "loss") else formulas[-1:]
        for i, formula in enumerate(chosen):
            out.append(Blank(len(out) + 1, step.phase, (*step.reveals[0], i), formula))
    return out


def _given(spec: NetworkSpec, session: Session) -> str:
    x = spec.data["inputs"][0]
    t = spec.data["targets"][0]
    rows = [f"<tr><th>{html.escape(session.neuron_label(0, i + 1))}</th><td>{v}</td></tr>"
            for i, v in enumerate(x)]
    target = tr("class {k}", k=int(t[0]) + 1) if spec.loss == "cross_entropy" else ", ".join(map(str, t))
    rows.append(f"<tr><th>{tr('target')}</th><td>{html.escape(target)}</td></tr>")
    rows.append(f"<tr><th>{tr('learning rate η')}</th><td>{spec.optimizer_kwargs()['lr']}</td></tr>")
    theta = session.history.initial
    rows += [f"<tr><th>{html.escape(ref.name)}</th><td>{float(theta[ref.index])!r}</td></tr>"
             for ref in session.params.refs]
    return "<table>" + "".join(rows) + "</table>"


def _answer(x: float) -> str:
    """Six significant digits (at least the four the sheet asks for)."""
    return f"{x:.6g}".replace("-", "−")


def _page(spec: NetworkSpec, session: Session, title: str, items: list[Blank],
          line: Callable[[Blank], str]) -> str:
    about = tr("layers {layers}, activations {activations}, loss {loss}, optimizer {optimizer}. One "
               "training iteration on the sample below; answers to at least 4 significant digits.",
               layers=" – ".join(map(str, spec.layers)), activations=", ".join(spec.activations),
               loss=spec.loss, optimizer=spec.optimizer["name"])
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(about)}</p>",
            diagram_svg(session, 1, known_layers=1), _given(spec, session)]
    phase = None
    for blank in items:
        if blank.phase != phase:
            phase = blank.phase
            body.append(f"<h2>{html.escape(tr(PHASE_TITLES[phase]))}</h2>")
        body.append(line(blank))
    return page(title, body)


def sheet_html(spec: NetworkSpec, session: Session, items: list[Blank]) -> str:
    return _page(spec, session, tr("{name} — exercise", name=spec.name), items, lambda b: (
        f'<div class="formula">({b.number}) {html.escape(b.formula.lhs)} = {BLANK}</div>'))


def key_html(spec: NetworkSpec, session: Session, items: list[Blank]) -> str:
    return _page(spec, session, tr("{name} — key", name=spec.name), items, lambda b: (
        f'<div class="formula" data-key="{html.escape(" ".join(map(str, b.key)))}" '
        f'data-value="{b.value!r}">({b.number}) {html.escape(b.formula.lhs)} = '
        f'<b>{_answer(b.value)}</b><br>{html.escape(b.formula.text(PRECISION))}</div>'))


@dataclass(frozen=True)
class Variant:
    spec: NetworkSpec
    sheet: str
    key: str


def build(spec: NetworkSpec, k: int, seed: int) -> Variant:
    """Variant k (1-based): its network, sheet and key."""
    v = variant(spec, seed, k)
    session = Session(v)
    items = blanks(session)
    return Variant(v, sheet_html(v, session, items), key_html(v, session, items))


PdfWriter = Callable[[str, Path], None]


def write(spec: NetworkSpec, variants: int, out: str | os.PathLike, seed: int = 0,
          pdf: PdfWriter | None = None) -> list[Path]:
    """Write sheet-k.html, key-k.html, network-k.json (and .pdf twins with `pdf`) for
    k = 1..variants into `out`; all files appear or none (built in a scratch folder first)."""
    if variants < 1:
        raise SpecError("--variants", tr("must be ≥ 1, got {value}", value=variants))
    out = atomic.folder(out, "--out")
    built = [build(spec, k, seed) for k in range(1, variants + 1)]
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".exercises-", dir=out))
    try:
        names = []
        for k, v in enumerate(built, start=1):
            for name, text in ((f"sheet-{k}", v.sheet), (f"key-{k}", v.key)):
                (scratch / f"{name}.html").write_text(text, encoding="utf-8")
                names.append(f"{name}.html")
                if pdf is not None:
                    pdf(text, scratch / f"{name}.pdf")
                    names.append(f"{name}.pdf")
            (scratch / f"network-{k}.json").write_text(spec_mod.dumps(v.spec), encoding="utf-8")
            names.append(f"network-{k}.json")
        # through symlinks, and never over a pipe or a device: every name checked before one moves
        for name, target in [(name, atomic.target(out / name, "--out")) for name in names]:
            os.replace(scratch / name, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out / n for n in names]
