"""The handout carries exactly the record's numbers."""

from __future__ import annotations

import html
import re

import pytest

from bpviewer.core import handout, presets
from bpviewer.core.formula import fmt
from bpviewer.core.handout import iteration_html
from bpviewer.core.session import Session


@pytest.mark.parametrize("name", ["mazur", "xor", "softmax-3class"])
def test_every_number_in_the_handout_matches_the_record(name: str) -> None:
    s = Session(presets.load(name))
    s.run(2)
    page = html.unescape(iteration_html(s, 2, precision=9))
    rec = s.history[2]
    formulas = re.findall(r'<div class="formula">(.*?)</div>', page)
    results = [line.rsplit(" = ", 1)[1] for line in formulas]
    for l in range(1, len(s.spec.layers)):
        for value in rec.block("z", l)[0]:
            assert fmt(value, 9) in results
        for value in rec.block("delta", l)[0]:
            assert fmt(value, 9) in results
    for i in s.params.trainable:
        assert fmt(rec.grad[i], 9) in results
        assert fmt(rec.after[i], 9) in results
    assert fmt(rec.loss, 9) in results
    assert page.count("<h2>") == 4


def test_mazur_handout_shows_the_w5_chain() -> None:
    s = Session(presets.load("mazur"))
    s.run(1)
    page = html.unescape(iteration_html(s, 1, precision=9))
    assert "∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5 = 0.741365070 × 0.186815602 × " \
           "0.593269992 = 0.082167041" in page
    assert "<svg" in page and "w5=0.4" in page


def test_the_about_line_names_the_network_and_the_sample_shown() -> None:
    mazur = Session(presets.load("mazur").with_changes(optimizer={"name": "sgd", "lr": 0.123456789}))
    mazur.trainer.run(1)
    assert ("<p>layers 2 – 2 – 2, activations sigmoid, sigmoid, loss sse_half, optimizer "
            "{&#x27;name&#x27;: &#x27;sgd&#x27;, &#x27;lr&#x27;: 0.123456789}, learning rate 0.123.</p>"
            ) in handout.iteration_html(mazur, 1, precision=3)
    assert "</h1>\n<p>layers" in handout.iteration_html(mazur, 1)  # one element a line
    batch = Session(presets.load("softmax-3class"))
    batch.trainer.run(1)
    batch.goto(1)
    batch.set_sample(1)
    assert "loss cross_entropy, optimizer {&#x27;name&#x27;: &#x27;sgd&#x27;, &#x27;lr&#x27;: 0.1}, " \
           "learning rate 0.1, batch of 2, sample 2 shown.</p>" in handout.iteration_html(batch, 1)


def test_the_diagram_draws_each_weight_between_its_neurons_coloured_by_sign() -> None:
    """Neurons centred per layer 90 px apart, 180 px between layers; an edge from its source to
    its target neuron, blue for w ≥ 0 (0 included), red below; its label 30 % along, 4 px up."""
    weights = [[[0.0, -0.2], [0.25, 0.3]], [[-0.4, 0.45], [0.5, 0.55]]]
    session = Session(presets.load("mazur").with_changes(weights=weights, layers=[2, 2, 2]))
    session.trainer.run(1)
    svg = handout.diagram_svg(session, 1)
    height = float(re.search(r'<svg [^>]*height="([\d.]+)"', svg).group(1))
    centres = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]
    layers = [centres[0:2], centres[2:4], centres[4:6]]
    for l, neurons in enumerate(layers):
        assert [x for x, _ in neurons] == [80 + 180 * l] * 2
        assert neurons[1][1] - neurons[0][1] == 90 and neurons[0][1] + neurons[1][1] == height
    lines = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="(#\w+)"', svg)
    labels = re.findall(r'<text x="(\d+)" y="(\d+)" font-size="11" fill="(#\w+)">(w\d+)=', svg)
    assert len(lines) == len(labels) == 8
    for k, (line, label) in enumerate(zip(lines, labels, strict=True)):
        (x1, y1, x2, y2, colour), (tx, ty, label_colour, name) = line, label
        l, to, source = k // 4, k % 4 // 2, k % 2
        w = weights[l][to][source]
        assert name == f"w{k + 1}"
        assert ((float(x1), float(y1)), (float(x2), float(y2))) == (layers[l][source], layers[l + 1][to])
        assert colour == label_colour == ("#1f5fbf" if w >= 0 else "#c0392b")
        assert (int(tx), int(ty)) == (round(float(x1) + 0.3 * (float(x2) - float(x1))),
                                      round(float(y1) + 0.3 * (float(y2) - float(y1)) - 4))
