"""The handout carries exactly the record's numbers."""

from __future__ import annotations

import html
import re

import pytest

from bpviewer.core import presets
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
