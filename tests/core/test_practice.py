"""Practice: what is asked, what counts as right, the hints, score and the summary."""

from __future__ import annotations

import pytest
import torch

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.practice import Practice, close, parse
from bpviewer.core.session import Session


def mazur_torch() -> dict[str, float]:
    """The Mazur iteration's first values, by torch (independent of the engine)."""
    x = torch.tensor([0.05, 0.10], dtype=torch.float64)
    w1 = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=torch.float64)
    net = w1 @ x + 0.35
    return {"net_h1": net[0].item(), "out_h1": torch.sigmoid(net)[0].item(), "net_h2": net[1].item()}


def test_right_wrong_hints_and_score() -> None:
    s = Session(presets.load("mazur"))
    p = Practice(s, 4)
    truth = mazur_torch()
    assert p.prompt() == "net_h1 = ?"
    assert p.answer(f"{truth['net_h1']:.4f}").right is True
    assert s.iteration == 0  # out_h1 of the same step still hidden
    assert p.prompt() == "out_h1 = ?"
    first = p.answer("0.5")
    assert first.right is None and first.text.endswith("out_h1 = σ(net_h1) = 1 / (1 + e^−net_h1)")
    second = p.answer("0.6")
    assert second.right is None and second.text.endswith("= 1 / (1 + exp(−0.3775))")
    third = p.answer("0.7")
    assert third.right is False and third.text.endswith(f"= {truth['out_h1']:.4f}")
    assert (s.iteration, s.step_index) == (1, 0)  # the answered step is revealed
    assert p.prompt() == "net_h2 = ?"
    assert p.status() == "score 1/2 · streak 0"
    assert p.answer(f"{truth['net_h2']:.4f}").right and p.streak == 1


def test_tolerance_is_half_a_unit_of_the_last_shown_decimal() -> None:
    assert close(0.59327, 0.593269992, 4) and close(0.5933, 0.593269992, 4)
    assert not close(0.5932, 0.593269992, 4) and not close(0.5934, 0.593269992, 4)
    assert close(0.59327, 0.593269992, 5) and not close(0.5933, 0.593269992, 5)
    half_a_unit = 0.5 * 10.0 ** -4
    assert close(half_a_unit, 0.0, 4) and close(-half_a_unit, 0.0, 4)
    assert not close(1.001 * half_a_unit, 0.0, 4)
    assert parse("−0,25") == [-0.25] and parse("abc") is None and parse("1 2") == [1.0, 2.0]


def test_junk_keeps_the_question_open_without_penalty() -> None:
    p = Practice(Session(presets.load("mazur")), 4)
    assert p.answer("twelve").right is None and p.wrong == 0 and p.asked == 0


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
def test_summary_by_kind_at_the_end_of_the_iteration(granularity: str) -> None:
    s = Session(presets.load("mazur"))
    s.set_granularity(granularity)
    p = Practice(s, 4)
    while s.iteration < 1 or not s.at_end_of_iteration:
        q = p.question
        wrong = "hidden" in q.kind and q.formula.lhs.startswith("δ")
        p.answer("1e9 " * q.formula.result.size if wrong else " ".join(
            repr(float(v)) for v in torch.tensor(q.formula.result).reshape(-1)))
        if wrong:
            assert p.reveal().text == f"the answer: {q.formula.text(4)}"
    assert "δ of hidden neurons 0/" in " ".join(p.summary)
    outputs = 2 if granularity == "neuron" else 1
    for kind in ("net", "out", "∂E/∂out", "δ"):
        assert f"{kind} of output neurons {outputs}/{outputs}" in p.summary
    assert "gradients of weights" in " ".join(p.summary)
    assert p.summary_lines(1) == p.summary


def test_reveal_counts_the_question_as_not_known() -> None:
    """The teacher's key on a fresh question: asked, not scored, the streak broken."""
    s = Session(presets.load("mazur"))
    p = Practice(s, 4)
    assert p.answer(f"{mazur_torch()['net_h1']:.4f}").right is True and p.streak == 1
    shown = p.reveal()
    assert shown.right is False and shown.text.startswith("the answer: out_h1 = σ(net_h1)")
    assert (p.score, p.asked, p.streak) == (1, 2, 0)
    assert p.summary_lines(1) == ["net of hidden neurons 1/1", "out of hidden neurons 0/1"]


def test_nothing_to_ask_when_the_first_iteration_diverges() -> None:
    """lr = 1e300 sends the weight to −inf: there is no iteration 1 to ask about."""
    raw = {"format": "bpviewer-network/1", "name": "t", "layers": [1, 1], "activations": ["identity"],
           "loss": "sse_half", "weights": [[[1.0]]], "biases": [[0.0]],
           "optimizer": {"name": "sgd", "lr": 1e300}, "data": {"inputs": [[1e10]], "targets": [[0.0]]}}
    p = Practice(Session(spec_mod.from_dict(raw)), 4)
    assert p.question is None and p.prompt() == ""
    for feedback in (p.reveal(), p.answer("1")):
        assert (feedback.right, feedback.text, feedback.question) == (None, "", None)
    assert (p.score, p.asked) == (0, 0)


@pytest.mark.parametrize(("precision", "text"), [
    (4, "right when it rounds to the shown value at 4 decimals (±0.00005)"),
    (2, "right when it rounds to the shown value at 2 decimals (±0.005)"),
])
def test_the_tolerance_as_the_student_reads_it(precision: int, text: str) -> None:
    assert Practice(Session(presets.load("mazur")), precision).tolerance_text() == text
