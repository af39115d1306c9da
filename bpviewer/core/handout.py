"""A self-contained HTML handout of one iteration: diagram, forward values, loss, every
gradient's chain rule with its numbers, and the update — what a teacher hands out after class.

Built from the same Steps and Formulas the window shows, so the numbers are the window's.
"""

from __future__ import annotations

import html

from .formula import fmt
from .session import Session
from .steps import StepBuilder
from .texts import N_, tr

STYLE = """
body { font-family: 'DejaVu Sans', 'Noto Sans CJK SC', sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.4em; border-bottom: 1px solid #999; }
.formula { font-family: 'DejaVu Sans Mono', monospace; margin: 0.25em 0 0.25em 1em; }
.title { font-weight: bold; margin-top: 0.8em; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: 2px 8px; text-align: right; }
svg text { font-family: 'DejaVu Sans', sans-serif; }
"""

PHASE_TITLES = {"forward": N_("1. Forward pass"), "loss": N_("2. Loss"),
                "backward": N_("3. Backward pass (chain rule)"), "update": N_("4. Update")}


def page(title: str, body: list[str]) -> str:
    """A whole HTML document: `title`, the handouts' style, the body's parts a line each."""
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def diagram_svg(session: Session, iteration: int, precision: int = 4, known_layers: int | None = None) -> str:
    """Layers left to right, neurons with their out values (only the first `known_layers`
    layers' when given: an exercise sheet shows the inputs, not the answers), edges with
    the weights used."""
    layers = session.spec.layers
    rec = session.history[iteration]
    width, height = 180 * len(layers) + 80, max(layers) * 90 + 80
    pos = {}
    for l, n in enumerate(layers):
        for j in range(1, n + 1):
            pos[(l, j)] = (80 + 180 * l, (height - 90 * n) / 2 + 90 * (j - 0.5))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">']
    for ref in session.params.refs:
        if ref.kind != "weight":
            continue
        (x1, y1), (x2, y2) = pos[(ref.layer - 1, ref.source)], pos[(ref.layer, ref.to)]
        w = rec.before[ref.index]
        colour = "#1f5fbf" if w >= 0 else "#c0392b"
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="1.5"/>')
        tx, ty = x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3
        parts.append(f'<text x="{tx:.0f}" y="{ty - 4:.0f}" font-size="11" fill="{colour}">'
                     f'{html.escape(ref.name)}={fmt(w, precision)}</text>')
    for (l, j), (x, y) in pos.items():
        value = rec.activations(l)[session.sample if rec.batch_size > session.sample else 0, j - 1]
        shown = fmt(value, precision) if known_layers is None or l < known_layers else ""
        parts.append(f'<circle cx="{x}" cy="{y}" r="26" fill="#fff" stroke="#333" stroke-width="2"/>')
        parts.append(f'<text x="{x}" y="{y - 3}" font-size="13" text-anchor="middle">'
                     f'{html.escape(session.neuron_label(l, j))}</text>')
        parts.append(f'<text x="{x}" y="{y + 13}" font-size="11" text-anchor="middle">'
                     f'{shown}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def iteration_html(session: Session, iteration: int, precision: int = 6) -> str:
    if not 1 <= iteration <= len(session.history):
        raise ValueError(tr("iteration {k} has not been computed", k=iteration))
    rec = session.history[iteration]
    builder = StepBuilder(session.spec, session.params, session.trainer.optimizer, session.trainer.t)
    steps = builder.build(rec, session.state_before(iteration), session.sample, "neuron")
    spec = session.spec
    title = tr("{name} — iteration {k}", name=tr(spec.name), k=iteration)
    batch = "" if rec.batch_size == 1 else tr(", batch of {n}, sample {i} shown", n=rec.batch_size,
                                              i=session.sample + 1)
    about = tr("layers {layers}, activations {activations}, loss {loss}, optimizer {optimizer}, "
               "learning rate {lr}{batch}.", layers=" – ".join(map(str, spec.layers)),
               activations=", ".join(spec.activations), loss=spec.loss, optimizer=str(spec.optimizer),
               lr=fmt(rec.lr, precision), batch=batch)
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(about)}</p>",
            diagram_svg(session, iteration)]
    phase = None
    for step in steps:
        if step.phase != phase:
            phase = step.phase
            body.append(f"<h2>{html.escape(tr(PHASE_TITLES[phase]))}</h2>")
        body.append(f'<div class="title">{html.escape(step.title)}</div>')
        body.extend(f'<div class="formula">{html.escape(f.text(precision))}</div>' for f in step.formulas)
    return page(title, body)
