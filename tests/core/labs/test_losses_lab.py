import numpy as np
import pytest
import torch

from bpviewer.core.labs import losses_lab as losses
from bpviewer.core.labs.parse import parse_numbers

Y_TRUE, Y_PRED = "3.0, 5.0, 2.5", "4.5, 5.0, 2.0"
LOGITS = "[[0.5, 0.3, 0.2], [0.3, 0.6, 0.1]]"


@pytest.mark.parametrize(("name", "notes"), [("mae", 0.6667), ("mse", 0.8333),
                                             ("smooth_l1", 0.375)])
def test_notes_regression_values(name, notes):
    result = losses.breakdown_text(name, Y_TRUE, Y_PRED)
    assert round(result.total, 4) == notes
    np.testing.assert_allclose(result.terms.mean(), result.total, rtol=1e-12)


def test_notes_bce():
    result = losses.breakdown_text("bce", "1, 0, 1", "0.1, 0.2, 0.7")
    assert round(result.total, 4) == 0.9608
    expected = -np.array([np.log(0.1), np.log(0.8), np.log(0.7)])
    np.testing.assert_allclose(result.terms, expected, rtol=1e-12)


def test_notes_cross_entropy_is_0_8966_in_torch():
    result = losses.breakdown_text("cross_entropy", "0, 1", LOGITS)
    assert round(result.total, 4) == 0.8966
    assert result.picked == (0, 1)
    np.testing.assert_allclose(result.terms.mean(), result.total, rtol=1e-12)


def test_notes_1_2466_picks_the_wrong_probabilities():
    result = losses.breakdown_text("cross_entropy", "0, 1", LOGITS)
    assert losses.picks_matching(result.probs, 1.2466) == [(1, 2)]
    assert losses.picks_matching(result.probs, 0.8966) == [(0, 1)]
    text = losses.compare_with_notes(result, 1.2466)
    assert "p[0,1] = 0.3199" in text and "p[1,2] = 0.2584" in text
    assert "torch picks p[0,0] = 0.3907, p[1,1] = 0.4260" in text


def test_notes_values_that_agree_say_so():
    result = losses.breakdown_text("mae", Y_TRUE, Y_PRED)
    assert "agree to 4 decimals" in losses.compare_with_notes(result, 0.6667)


def test_probability_rows_give_the_same_loss_as_indices():
    a = losses.breakdown_text("cross_entropy", "0, 1", LOGITS)
    b = losses.breakdown_text("cross_entropy", "[[1, 0, 0], [0, 1, 0]]", LOGITS)
    assert b.picked is None
    np.testing.assert_allclose(b.total, a.total, rtol=1e-15)
    np.testing.assert_allclose(b.grads, a.grads, rtol=1e-15)


@pytest.mark.parametrize("name", ["mae", "mse", "smooth_l1", "bce"])
def test_autograd_derivatives_equal_the_formulas(name):
    t = np.array([0.0, 1.0, 0.3, 1.0])
    y = np.array([0.2, 0.4, 0.9, 0.95]) if name == "bce" else np.array([2.5, -0.5, 0.3, 1.7])
    result = losses.breakdown(name, t, y)
    d, n = y - t, len(y)
    expected = {"mae": np.sign(d) / n, "mse": 2 * d / n, "smooth_l1": np.clip(d, -1, 1) / n,
                "bce": d / (y * (1 - y)) / n}[name]
    np.testing.assert_allclose(result.grads, expected, rtol=1e-12)


def test_cross_entropy_gradient_is_p_minus_t_over_n():
    result = losses.breakdown_text("cross_entropy", "[[0.8, 0.1, 0.1], [0.1, 0.8, 0.1]]", LOGITS)
    z = torch.tensor(parse_numbers(LOGITS))
    p = torch.softmax(z, 1).numpy()
    np.testing.assert_allclose(result.probs, p, rtol=1e-12)
    np.testing.assert_allclose(result.grads, (p - result.targets) / 2, rtol=1e-12)


def test_tables():
    table = losses.breakdown_text("mse", Y_TRUE, Y_PRED).table()
    assert table.rows[0] == (1, 3.0, 4.5, 1.5, 2.25, 1.0)
    ce = losses.breakdown_text("cross_entropy", "0, 1", LOGITS).table()
    assert len(ce.rows) == 6 and ce.rows[0][:2] == (0, 0)


@pytest.mark.parametrize(("name", "y_true", "y_pred", "message"), [
    ("mse", "1, 2", "1, 2, 3", "2 numbers"),
    ("bce", "1, 0", "1.5, 0.2", "[0, 1]"),
    ("cross_entropy", "0, 3", LOGITS, "class indices"),
    ("cross_entropy", "0, 1, 0", LOGITS, "needs 2 class indices"),
    ("mae", "x", "1", "cannot read"),
])
def test_bad_input_is_a_readable_error(name, y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        losses.breakdown_text(name, y_true, y_pred)


@pytest.mark.parametrize(("text", "expected"), [
    ("3, 5, 2.5", [3, 5, 2.5]), ("1 0 1", [1, 0, 1]), ("−1e-3", [-0.001]),
    ("0.5 0.3; 0.3 0.6", [[0.5, 0.3], [0.3, 0.6]]), ("[ [1 2] ]", [[1, 2]]),
])
def test_parse_numbers(text, expected):
    assert parse_numbers(text).tolist() == expected


@pytest.mark.parametrize("text", ["", "a", "[[1, 2], [3]]", "nan", "1e400"])
def test_parse_rejects(text):
    with pytest.raises(ValueError):
        parse_numbers(text)
