"""Every formula line the chain panel prints evaluates to the result it prints.

On random networks (every loss, activation, optimizer variant, scheduler, L1, dropout and
batch), at every granularity, each line's printed numbers are parsed back from the text —
operators and all, never through bpviewer's own helpers — evaluated, and compared with the
printed result within what the printed digits allow (each number's rounding carried through
the expression). The results themselves equal torch autograd's (1e-12 relative).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .torch_reference import TorchReference

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?")
_ARRAY = re.compile(r"\[([^\[\]]*)\]")
_SQRT = re.compile(r"√(x\d+|A\(\[\[[^\]]*(?:\], \[[^\]]*)*\]\]\))")
_ABS = re.compile(r"\|([^|]*)\|")


def _log(x):
    with np.errstate(divide="ignore"):
        return np.log(x)  # log(0) is −∞: torch's BCE floor at −100 must be in the line


NAMESPACE = {"exp": np.exp, "log": _log, "tanh": np.tanh, "sign": np.sign, "clamp": np.clip,
             "max": np.maximum, "sqrt": np.sqrt, "sum": np.sum, "abs": np.abs,
             "H": lambda x: (np.asarray(x) > 0).astype(float),
             "A": lambda rows: np.array(rows, dtype=float), "__builtins__": {}}


def parse(text: str, precision: int) -> tuple[str, dict[str, float], dict[str, float]]:
    """The printed text as a Python expression over variables x0, x1, … (one per printed
    number), their values and the half-unit of each one's last printed digit."""
    text = text.replace("−", "-")
    values, units = {}, {}

    def number(m: re.Match) -> str:
        token = m.group(0)
        name = f"x{len(values)}"
        values[name] = np.float64(token)
        mantissa, _, exponent = token.partition("e")
        decimals = len(mantissa.partition(".")[2])
        if exponent:
            units[name] = 0.5 * 10.0 ** (int(exponent) - decimals)
        else:
            # fewer decimals: an exact value written short; more: an update given the digits
            # that tell it from its old value (formula.telling_precision), rounded there
            units[name] = 0.5 * 10.0 ** -decimals if decimals >= precision else 0.0
        return name

    expr = _NUMBER.sub(number, text)
    expr = _ARRAY.sub(lambda m: "A([[" + "], [".join(
        ", ".join(row.split()) for row in m.group(1).split(";")) + "]])", expr)
    expr = _SQRT.sub(r"sqrt(\1)", expr.replace("√(", "sqrt("))
    expr = _ABS.sub(r"abs(\1)", expr)
    for symbol, python in (("×", "*"), ("⊙", "*"), ("·", "@"), ("ᵀ", ".T"), ("²", "**2"),
                           ("^", "**"), ("½", "0.5")):
        expr = expr.replace(symbol, python)
    return expr, values, units


def evaluate(expr: str, values: dict[str, float]):
    try:
        with np.errstate(all="ignore"):
            return np.asarray(eval(expr, dict(NAMESPACE), dict(values)), dtype=float)  # noqa: S307
    except SyntaxError as exc:
        raise AssertionError(f"cannot parse {expr!r}") from exc


def check_line(formula, precision: int) -> None:
    numbers = formula.numbers(precision) if formula.template else formula.symbols
    assert "…" not in numbers
    expr, values, units = parse(numbers, precision)
    got = evaluate(expr, values)
    slack = np.zeros_like(got)
    for name, unit in units.items():
        if unit:
            bumped = [evaluate(expr, {**values, name: values[name] + d * unit}) for d in (1, -1)]
            slack = slack + np.maximum(*(np.abs(b - got) for b in bumped))
    r_expr, r_values, r_units = parse(formula.result_text(precision), precision)
    printed = evaluate(r_expr, r_values)
    r_slack = max(r_units.values(), default=0.0)
    tolerance = 1.5 * slack + r_slack + 1e-12 * np.abs(printed) + 1e-300
    assert got.shape == printed.shape or got.size == printed.size, formula.text(precision)
    assert np.all(np.abs(got.reshape(printed.shape) - printed) <= tolerance), \
        (formula.text(precision), got, printed, tolerance)


def close(a, b) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(np.all(np.abs(a - b) <= 1e-12 * np.maximum(np.abs(a), np.abs(b)) + 1e-15))


OPTIMIZERS = st.one_of(
    st.fixed_dictionaries({"name": st.just("sgd"), "lr": st.sampled_from([0.1, 0.5]),
                           "momentum": st.sampled_from([0.0, 0.9]),
                           "weight_decay": st.sampled_from([0.0, 0.01])}),
    st.fixed_dictionaries({"name": st.just("sgd"), "lr": st.just(0.1), "momentum": st.just(0.9),
                           "nesterov": st.just(True)}),
    st.fixed_dictionaries({"name": st.just("sgd"), "lr": st.just(0.1), "momentum": st.just(0.5),
                           "dampening": st.just(0.3)}),
    st.fixed_dictionaries({"name": st.just("adagrad"), "lr": st.just(0.1),
                           "lr_decay": st.sampled_from([0.0, 0.1]),
                           "weight_decay": st.sampled_from([0.0, 0.01]),
                           "initial_accumulator_value": st.sampled_from([0.0, 0.1])}),
    st.fixed_dictionaries({"name": st.just("rmsprop"), "lr": st.just(0.01),
                           "momentum": st.sampled_from([0.0, 0.9]), "centered": st.booleans(),
                           "weight_decay": st.sampled_from([0.0, 0.01])}),
    st.fixed_dictionaries({"name": st.sampled_from(["adam", "adamw"]), "lr": st.just(0.01),
                           "amsgrad": st.booleans(), "weight_decay": st.sampled_from([0.0, 0.01])}),
)
SCHEDULERS = st.sampled_from([None, {"name": "step", "step_size": 1, "gamma": 0.5},
                              {"name": "multistep", "milestones": [1, 2], "gamma": 0.5},
                              {"name": "exponential", "gamma": 0.9}])
HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
ANY = HIDDEN + ["softmax"]
OUTPUT = {"sse_half": ANY, "mse": ANY, "mae": ANY, "smooth_l1": ANY,
          "bce": ["sigmoid", "softmax"], "cross_entropy": ["softmax", "identity"]}


@st.composite
def networks(draw) -> dict:
    loss = draw(st.sampled_from(sorted(OUTPUT)))
    layers = [draw(st.integers(1, 3))] + draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)) \
        + [draw(st.integers(2 if loss == "cross_entropy" else 1, 3))]
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in layers[2:]]
    rows = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    inputs = rng.uniform(-1, 1, (rows, layers[0]))
    if loss == "cross_entropy":
        targets = [[int(k)] for k in rng.integers(0, layers[-1], rows)]
    elif loss == "bce":
        targets = rng.integers(0, 2, (rows, layers[-1])).astype(float).tolist()
    else:
        targets = rng.uniform(-2, 2, (rows, layers[-1])).tolist()
    raw = {"format": "bpviewer-network/1", "name": "random", "layers": layers,
           "activations": hidden + [draw(st.sampled_from(OUTPUT[loss]))], "loss": loss,
           "init": {"scheme": "xavier_uniform", "seed": int(rng.integers(0, 1000))},
           "optimizer": draw(OPTIMIZERS), "scheduler": draw(SCHEDULERS),
           "l1": draw(st.sampled_from([0.0, 0.01])),
           "leaky_relu_slope": draw(st.sampled_from([0.01, 0.2])),
           "data": {"inputs": inputs.tolist(), "targets": targets},
           "batch_size": draw(st.sampled_from([None, 1, 2])),
           "dropout": draw(st.sampled_from([None, [0.3] * (len(layers) - 2)])), "seed": 1}
    return raw


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from([6, 10]))
def test_every_line_evaluates_to_its_printed_result_and_to_torch(raw, precision) -> None:
    check_session(raw, precision)


@pytest.mark.parametrize("optimizer", [
    {"name": "adagrad", "lr": 0.1, "lr_decay": 0.1},
    {"name": "adagrad", "lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.01, "initial_accumulator_value": 0.1},
])
def test_adagrads_decayed_rate_line_every_time(optimizer) -> None:
    """Adagrad's η′ = η / (1 + (t − 1)·lr_decay) line on a fixed network, not left to the
    draw above (one network in twelve; two of its mutants survived a sample run)."""
    raw = {"format": "bpviewer-network/1", "name": "adagrad", "layers": [2, 2, 1],
           "activations": ["tanh", "sigmoid"], "loss": "mse",
           "init": {"scheme": "xavier_uniform", "seed": 3}, "optimizer": optimizer,
           "data": {"inputs": [[0.5, -0.25], [0.1, 0.9]], "targets": [[1.0], [0.0]]}}
    check_session(raw, 6)


def check_session(raw: dict, precision: int) -> None:
    session = Session(spec_mod.from_dict(raw))
    reference = TorchReference(session)
    for k in (1, 2):
        session.goto(k)
        seen = reference.step(k)
        sample = session.record.batch_size - 1
        session.set_sample(sample)
        for granularity in ("neuron", "layer", "phase"):
            session.set_granularity(granularity)
            for step in session.steps:
                for formula in step.formulas:
                    check_line(formula, precision)
        session.set_granularity("neuron")
        noise = rounding_noise(session, seen)
        check_against_torch(session, seen, sample, noise)
        if noise:
            break


def rounding_noise(session: Session, seen: dict) -> set[int]:
    """Parameters whose update turns rounding noise into a real number: under L1 a value within
    rounding of 0 takes sign ±1 here where torch's sum order gives 0 (and sign 0); Adagrad,
    RMSprop and Adam divide a gradient by its own size, so one that agrees with torch's only
    to the absolute 1e-15 (−2.8e-17; or 1.1e-9 made of cancelling terms, equal to 5e-20)
    carries its relative noise into the step. The gradients agree at 1e-15; the steps built
    on their noise cannot, nor anything after them."""
    before, grad = session.record.before, seen["grad"]
    tiny = np.abs(grad) < 1e-15
    if session.spec.l1:
        tiny |= np.abs(before) < 1e-15
    if session.spec.optimizer["name"] != "sgd":
        tiny |= np.abs(session.record.grad - grad) > 1e-13 * np.abs(grad)
    elif not session.spec.l1:
        return set()
    return set(np.flatnonzero(tiny).tolist())


def check_against_torch(session: Session, seen: dict, s: int, noise: set[int]) -> None:
    """Each neuron step's result lines equal torch's z, a, δ, ∂E/∂a, gradients and the
    parameters after the update (but for the steps built on rounding noise)."""
    for step in session.steps:
        unit = step.units[0]
        lines = step.formulas
        if unit[0] in ("grad", "update") and unit[1] in noise:
            continue
        if unit[0] == "forward":
            l, j = unit[1], unit[2]
            assert close(lines[0].result, seen["z"][l - 1][s, j - 1])
            assert close(lines[1].result, seen["a"][l - 1][s, j - 1])
            if len(lines) > 2:  # out after the dropout mask
                assert close(lines[2].result, seen["kept"][l - 1][s, j - 1])
        elif unit[0] == "total":
            assert close(lines[-1].result, seen["loss"])
        elif unit[0] == "delta":
            l, j = unit[1], unit[2]
            assert close(lines[-1].result, seen["delta"][l - 1][s, j - 1])
            upstream = [f for f in lines if f.lhs.startswith("∂E/∂out") and "before" not in f.lhs]
            for f in upstream:
                assert close(f.result, seen["dLda"][l - 1][s, j - 1])
        elif unit[0] == "grad":
            assert close(lines[-1].result, seen["grad"][unit[1]])
        elif unit[0] == "update":
            assert close(lines[-1].result, seen["after"][unit[1]])


@pytest.mark.parametrize(("step", "expected"), [
    (8, "∂E/∂out_o1 = −(target − out) = −(0.01 − 0.751365) = 0.741365"),
    (8, "∂out_o1/∂net_o1 = out(1 − out) = 0.751365 × (1 − 0.751365) = 0.186816"),
    (5, "E_o1 = ½(target_o1 − out_o1)² = ½ × (0.01 − 0.751365)² = 0.274811"),
    (7, "E = E_o1 + E_o2 = 0.274811 + 0.023560 = 0.298371"),
])
def test_the_notes_lines_multiplied_out(step: int, expected: str) -> None:
    from bpviewer.core import presets
    session = Session(presets.load("mazur"))
    session.goto(1, step - 1)
    assert expected in [f.text(6) for f in session.step.formulas]


def test_the_notes_forward_lines_name_every_term() -> None:
    """Mazur's net_h1 and net_o1 as the notes write them: each weight beside the input or
    hidden output it multiplies."""
    from bpviewer.core import presets
    session = Session(presets.load("mazur"))
    session.goto(1, 0)
    texts = [f.text(6) for step in session.steps[:4] for f in step.formulas]
    assert "net_h1 = w1·i1 + w2·i2 + b1_1·1 = 0.15 × 0.05 + 0.2 × 0.1 + 0.35 × 1.0 = 0.3775" in texts
    assert ("net_o1 = w5·out_h1 + w6·out_h2 + b2_1·1 = 0.4 × 0.593270 + 0.45 × 0.596884 + 0.6 × 1.0"
            " = 1.105906") in texts


@pytest.mark.parametrize(("inputs", "symbols"), [
    (4, "w1·i1 + w2·i2 + w3·i3 + w4·i4 + b1_1·1"),
    (5, "Σᵢ w_o1,i·out_i + b1_1·1"),
])
def test_a_net_of_up_to_four_inputs_spells_every_term(inputs: int, symbols: str) -> None:
    raw = {"format": "bpviewer-network/1", "name": "wide", "layers": [inputs, 1],
           "activations": ["identity"], "loss": "mse", "init": {"scheme": "xavier_uniform", "seed": 1},
           "optimizer": {"name": "sgd", "lr": 0.1},
           "data": {"inputs": [[0.1 * k for k in range(inputs)]], "targets": [[1.0]]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1, 0)
    assert session.step.formulas[0].symbols == symbols


def test_dropouts_line_names_the_neuron_it_masks() -> None:
    raw = {"format": "bpviewer-network/1", "name": "dropout", "layers": [2, 3, 3, 1],
           "activations": ["tanh", "tanh", "identity"], "loss": "mse",
           "init": {"scheme": "xavier_uniform", "seed": 1}, "optimizer": {"name": "sgd", "lr": 0.1},
           "data": {"inputs": [[0.5, 0.2]], "targets": [[1.0]]}, "dropout": [0.5, 0.5], "seed": 3}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1, 4)
    assert session.step.units == (("forward", 2, 2),)
    line = session.step.formulas[2]
    assert (line.lhs, line.symbols) == ("out_h2_2 after dropout", "out_h2_2 × mask")


def test_a_softmax_outputs_line_names_its_net() -> None:
    from bpviewer.core import presets
    session = Session(presets.load("softmax-3class"))
    session.goto(1, 1)
    assert session.step.units == (("forward", 1, 2),)
    assert session.step.formulas[1].symbols == "e^net_o2 / Σₖ e^net_k"


def test_softmax_of_large_logits_stays_finite() -> None:
    """Cross-entropy on logits 360 and 300 (exp(720) overflows a float64): every line evaluates
    to its printed result and to torch's, as on any network."""
    raw = {"format": "bpviewer-network/1", "name": "confident", "layers": [1, 2],
           "activations": ["identity"], "loss": "cross_entropy",
           "weights": [[[360.0], [300.0]]], "biases": [[0.0, 0.0]],
           "optimizer": {"name": "sgd", "lr": 0.001},
           "data": {"inputs": [[1.0]], "targets": [[1]]}}
    check_session(raw, 6)


def _confident(logits: list[float], target: int, dtype: str = "float64") -> dict:
    """One sample whose logits are the given numbers (identity output, input 1)."""
    return {"format": "bpviewer-network/1", "name": "confident", "layers": [1, len(logits)],
            "activations": ["identity"], "loss": "cross_entropy", "dtype": dtype,
            "weights": [[[v] for v in logits]], "biases": [[0.0] * len(logits)],
            "optimizer": {"name": "sgd", "lr": 0.001},
            "data": {"inputs": [[1.0]], "targets": [[target]]}}


def test_cross_entropy_of_an_underflowed_class_is_written_in_log_softmax() -> None:
    """Logits 800 and 0: softmax of the second is 0 in float64, and its term read
    "−1.0 × log(0) / 1 = 800.0". torch's cross-entropy (log-softmax) gives 800; the line now
    reads it that way, every line evaluates to its printed result and equals torch's."""
    raw = _confident([800.0, 0.0], 1)
    session = Session(spec_mod.from_dict(raw))
    session.goto(1)
    [line] = [step.formulas[0] for step in session.steps if step.units == (("term", 2),)]
    assert line.text(6) == ("E_o2 = −target_o2·(net_o2 − m − log Σₖ e^(net_k − m)) / N  (m = maxₖ net_k)"
                            " = −1.0 × (0 − 800.0 − log(exp(800.0 − 800.0) + exp(0 − 800.0))) / 1 = 800.0")
    expected = torch.nn.functional.cross_entropy(torch.tensor([[800.0, 0.0]], dtype=torch.float64),
                                                 torch.tensor([1]))
    assert line.result == expected.item() == 800.0
    check_session(raw, 6)


def test_cross_entropy_of_a_representable_class_keeps_the_notes_form() -> None:
    """Logits 2 and 0: softmax of each class is an ordinary float, so its term keeps the
    notes' form, naming its own target and the softmax (the log-softmax form is only for
    a class that underflows), equal to torch's cross-entropy."""
    session = Session(spec_mod.from_dict(_confident([2.0, 0.0], 1)))
    session.goto(1)
    [line] = [step.formulas[0] for step in session.steps if step.units == (("term", 2),)]
    assert line.symbols == "−target_o2·log softmax(net) / N"
    assert line.text(6).startswith("E_o2 = −target_o2·log softmax(net) / N = −1.0 × log(0.119203) / 1 = ")
    expected = torch.nn.functional.cross_entropy(torch.tensor([[2.0, 0.0]], dtype=torch.float64),
                                                 torch.tensor([1]))
    assert line.result == pytest.approx(expected.item(), rel=1e-12)


@pytest.mark.parametrize(("loss", "logits", "target"), [
    ("mse", [800.0, 0.0], [0.0, 1.0]), ("cross_entropy", [800.0, 0.0], [1]),
    ("mse", [-800.0, -900.0], [1.0, 0.0])])
def test_a_softmax_output_of_overflowing_logits_is_written_shifted(loss, logits, target) -> None:
    """A softmax output layer's line read "exp(800.0) / (exp(800.0) + exp(0)) = 1.0", ∞/∞
    (and logits −800, −900 gave 0/0): where e^net overflows or the sum underflows it is
    shifted by the largest net; every line at every granularity evaluates to its printed
    result and equals torch's."""
    raw = {**_confident(logits, 0), "activations": ["softmax"], "loss": loss,
           "data": {"inputs": [[1.0]], "targets": [target]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1)
    [line] = [step.formulas[1] for step in session.steps if step.units == (("forward", 1, 1),)]
    assert line.symbols == "e^(net_o1 − m) / Σₖ e^(net_k − m)  (m = maxₖ net_k)"
    check_session(raw, 6)


def test_a_float32_softmax_below_its_normal_floats_is_written_in_log_softmax() -> None:
    """Logits 95 and 0 in float32: softmax of the second is 5.5e−42, a float32 subnormal
    whose few bits put its log ~0.01 off; the term is written in log-softmax, as torch."""
    session = Session(spec_mod.from_dict(_confident([95.0, 0.0], 1, "float32")))
    session.goto(1)
    [line] = [step.formulas[0] for step in session.steps if step.units == (("term", 2),)]
    assert "log Σₖ e^(net_k − m)" in line.symbols
    got = evaluate(*parse(line.numbers(6), 6)[:2])
    expected = torch.nn.functional.cross_entropy(torch.tensor([[95.0, 0.0]]), torch.tensor([1])).item()
    assert math.isclose(got, line.result, rel_tol=1e-6) and math.isclose(line.result, expected, rel_tol=1e-6)


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(st.lists(st.floats(-1000.0, 1000.0), min_size=2, max_size=4), st.data(),
       st.sampled_from(["float64", "float32"]))
def test_every_cross_entropy_term_evaluates_on_logits_of_any_spread(logits, data, dtype) -> None:
    """Logits up to 2000 apart, where a class's softmax underflows in float64 (past ~745) or
    float32 (past ~87): each class's term line evaluates to its printed result (in float32,
    to 1e−5), and the terms add up to torch's cross-entropy on the same logits in the same
    precision."""
    target = data.draw(st.integers(0, len(logits) - 1))
    session = Session(spec_mod.from_dict(_confident(logits, target, dtype)))
    session.goto(1)
    terms = [f for step in session.steps if step.units[0][0] == "term" for f in step.formulas]
    assert len(terms) == len(logits)
    for formula in terms:
        if dtype == "float64":
            check_line(formula, 6)
        else:  # float32 arithmetic and six printed digits: within 1e−5 of its result
            got = evaluate(*parse(formula.numbers(6), 6)[:2])
            assert math.isclose(got, formula.result, rel_tol=1e-5, abs_tol=1e-5), formula.text(6)
    z = torch.tensor([logits], dtype=getattr(torch, dtype))
    expected = torch.nn.functional.cross_entropy(z, torch.tensor([target])).item()
    rtol = 1e-12 if dtype == "float64" else 1e-6
    assert math.isclose(sum(float(f.result) for f in terms), expected, rel_tol=rtol, abs_tol=1e-30)


def test_smooth_l1_at_a_difference_of_exactly_one_is_linear_as_torchs() -> None:
    """torch's smooth L1 is quadratic only where |out − target| < 1: at exactly 1 (both
    forms give ½) the line shows the linear one."""
    raw = {"format": "bpviewer-network/1", "name": "one", "layers": [1, 1], "activations": ["identity"],
           "loss": "smooth_l1", "weights": [[[1.5]]], "biases": [[0.0]],
           "optimizer": {"name": "sgd", "lr": 0.1}, "data": {"inputs": [[1.0]], "targets": [[0.5]]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1, 1)
    assert session.step.units == (("term", 1),)
    assert "≥ 1" in session.step.formulas[0].symbols
    check_session(raw, 6)


def test_bce_of_a_saturated_output_shows_torchs_floor() -> None:
    """A sigmoid output of exactly 1.0 (net 40): ∂E/∂out divides by torch's ε, not by 0."""
    raw = {"format": "bpviewer-network/1", "name": "saturated", "layers": [1, 1],
           "activations": ["sigmoid"], "loss": "bce", "weights": [[[40.0]]], "biases": [[0.0]],
           "optimizer": {"name": "sgd", "lr": 1e-15}, "data": {"inputs": [[1.0]], "targets": [[0.0]]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1, 3)
    assert session.step.units == (("delta", 1, 1),)
    assert session.step.formulas[0].symbols == "(out − target) / max(out(1 − out), ε) / n"
    check_session(raw, 6)


@pytest.mark.parametrize(("net", "target"), [(40.0, 0.0), (40.0, 1.0), (-240.0, 1.0), (-240.0, 0.5)])
def test_bce_of_a_saturated_output_shows_torchs_log_floor(net: float, target: float) -> None:
    """sigmoid(40) is 1.0 and sigmoid(−240) is 4e−105: torch's BCE floors log(1 − 1.0) and
    log(4e−105) at −100, and the term read "log(1 − 1.0) = 100.0" with the floor unsaid. It
    now shows max(log …, −100) there, and equals torch's binary_cross_entropy."""
    raw = {"format": "bpviewer-network/1", "name": "saturated", "layers": [1, 1],
           "activations": ["sigmoid"], "loss": "bce", "weights": [[[net]]], "biases": [[0.0]],
           "optimizer": {"name": "sgd", "lr": 1e-15}, "data": {"inputs": [[1.0]], "targets": [[target]]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1)
    [line] = [step.formulas[0] for step in session.steps if step.units == (("term", 1),)]
    assert line.symbols == ("−[target_o1·max(log out_o1, −100) + (1 − target_o1)·max(log(1 − out_o1), −100)]"
                            " / n")
    out = torch.sigmoid(torch.tensor([net], dtype=torch.float64))
    expected = torch.nn.functional.binary_cross_entropy(out, torch.tensor([target], dtype=torch.float64))
    assert line.result == expected.item()
    check_session(raw, 6)


def test_bce_of_an_output_above_torchs_log_floor_shows_plain_logs() -> None:
    """sigmoid(−99.5) is e^−99.5 (its log above torch's floor of −100): the plain form."""
    raw = {"format": "bpviewer-network/1", "name": "nearly", "layers": [1, 1],
           "activations": ["sigmoid"], "loss": "bce", "weights": [[[-99.5]]], "biases": [[0.0]],
           "optimizer": {"name": "sgd", "lr": 1e-15}, "data": {"inputs": [[1.0]], "targets": [[1.0]]}}
    session = Session(spec_mod.from_dict(raw))
    session.goto(1)
    [line] = [step.formulas[0] for step in session.steps if step.units == (("term", 1),)]
    assert line.symbols == "−[target_o1·log out_o1 + (1 − target_o1)·log(1 − out_o1)] / n"
    check_session(raw, 6)


def test_an_l1_data_part_adds_up_its_terms() -> None:
    """Under L1 the data part of a gradient too small for λ's digits (MAE through a softmax:
    noise-sized δ) is the sum of its samples' terms: recovered as grad − λ·sign(p), it read
    "(−1.084e−17) + 0 + 7.683e−19 = −1.041e−17" (hypothesis found it)."""
    raw = {"format": "bpviewer-network/1", "name": "noise", "layers": [1, 1, 1, 2],
           "activations": ["identity", "identity", "softmax"], "loss": "mae",
           "init": {"scheme": "xavier_uniform", "seed": 924},
           "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True}, "l1": 0.01,
           "data": {"inputs": [[0.4763094331782862], [-0.22360832947164644], [-0.03812174933796797]],
                    "targets": [[1.2533434941474728, 1.4821828225583626],
                                [-0.5250416129673496, -0.9935492305672873],
                                [-0.23920275748205944, -0.8840732985683246]]}, "seed": 1}
    check_session(raw, 6)


def test_rmsprop_on_a_gradient_made_of_cancelling_terms() -> None:
    """RMSprop divides b1_1's gradient (1.1e−9, equal to torch's to 5e−20) by its own size:
    the step carries the gradient's relative noise (4.8e−11), which is not a wrong number
    (hypothesis found it)."""
    raw = {"format": "bpviewer-network/1", "name": "cancelling", "layers": [1, 2, 1, 2],
           "activations": ["identity", "leaky_relu", "sigmoid"], "loss": "mae",
           "init": {"scheme": "xavier_uniform", "seed": 818},
           "optimizer": {"name": "rmsprop", "lr": 0.01},
           "data": {"inputs": [[-0.6909232318655161], [-0.9436894221469736]],
                    "targets": [[-1.4074498439451442, -1.331987462433776],
                                [1.3848653403901818, 1.1457230506486291]]}, "seed": 1}
    check_session(raw, 6)


def test_the_parser_is_strict() -> None:
    """The checker fails a line whose numbers do not give its result."""
    from bpviewer.core.formula import Formula
    check_line(Formula("x", "a·b", "{0} × {1}", (0.5, 0.25), 0.125), 6)
    with pytest.raises(AssertionError):
        check_line(Formula("x", "a·b", "{0} × {1}", (0.5, 0.25), 0.126), 6)
    with pytest.raises(AssertionError):
        check_line(Formula("x", "√a", "√{0} + {1}", (0.04, 1e-8), 0.21), 6)
    assert math.isclose(evaluate(*parse("[0.1 0.2; 0.3 0.4]ᵀ · [1; 2]", 6)[:2])[1, 0], 1.0)
