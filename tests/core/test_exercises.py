"""Exercise keys carry torch's numbers; the same seed gives the same files; variants load."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bpviewer.core import exercises, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.session import Session
from tests.contracts.reference import TorchTraining

ANSWER = re.compile(r'data-key="([^"]+)" data-value="([^"]+)">\((\d+)\) [^<]* = <b>([^<]+)</b>')
TANH_ADAM = spec_mod.from_dict({
    "format": "bpviewer-network/1", "layers": [2, 3, 2], "activations": ["tanh", "identity"],
    "loss": "mse", "init": {"scheme": "xavier_uniform", "seed": 1},
    "optimizer": {"name": "adam", "lr": 0.1}, "data": {"inputs": [[0.1, 0.2]], "targets": [[0.3, 0.4]]}})
PRESETS = ("mazur", "mazur-frozen-bias", "xor", "softmax-3class", "regression-losses")
SPECS = {name: presets.load(name) for name in PRESETS} | {"tanh-adam": TANH_ADAM}


def _torch_value(torch_step, training: TorchTraining, key: list[str]) -> float:
    kind, *rest = key
    n = [int(v) for v in rest]
    if kind == "forward":
        return float((torch_step.z if n[2] == 0 else torch_step.a)[n[0] - 1][0, n[1] - 1])
    if kind == "loss":
        return float(torch_step.terms[0, n[0] - 1])
    if kind == "total":
        return torch_step.loss
    if kind == "delta":
        return float(torch_step.delta[n[0] - 1][0, n[1] - 1])
    param = training.params[n[0]].key
    return torch_step.grad[param] if kind == "grad" else torch_step.after[param]


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(SPECS)), seed=st.integers(0, 10**6), k=st.integers(1, 50))
@example(name="tanh-adam", seed=738337, k=11)  # a gradient of −2.6e-18 where torch's is 0
def test_every_key_answer_is_torchs(name: str, seed: int, k: int) -> None:
    v = exercises.build(SPECS[name], k, seed)
    net = json.loads(spec_mod.dumps(v.spec))
    training = TorchTraining(net)
    torch_step = training.step()
    answers = ANSWER.findall(html.unescape(v.key))
    assert len(answers) == v.sheet.count(exercises.BLANK) > 5
    kinds = {key.split()[0] for key, *_ in answers}
    assert kinds == {"forward", "loss", "total", "delta", "grad", "update"}
    grads = {key.split()[1]: float(value) for key, value, *_ in answers if key.startswith("grad ")}
    for number, (key, value, shown_number, shown) in enumerate(answers, start=1):
        expected = _torch_value(torch_step, training, key.split())
        assert int(shown_number) == number
        magnified = _magnified(net, key, grads, torch_step, training)
        assert float(value) == pytest.approx(expected, rel=1e-12, abs=1e-15 + magnified)
        assert float(shown.replace("−", "-")) == pytest.approx(expected, rel=5e-6, abs=1e-15)


def _magnified(net: dict, key: str, grads: dict[str, float], torch_step, training: TorchTraining) -> float:
    """How far an update may stray from torch's through its gradient's rounding alone: Adam's
    first step lr·g/(|g| + eps) moves by up to lr/eps per unit of g, so a gradient of −2.6e-18
    where torch's summation order gives exactly 0 (tanh-adam, seed 738337, variant 11) is an
    update 2.6e-11 from torch's. The gradient itself is held to 1e-15 above."""
    kind, *rest = key.split()
    optimizer = net["optimizer"]
    if kind != "update" or optimizer["name"] != "adam" or rest[0] not in grads:
        return 0.0
    torch_grad = _torch_value(torch_step, training, ["grad", *rest])
    return optimizer["lr"] / optimizer.get("eps", 1e-8) * abs(grads[rest[0]] - torch_grad)


def test_a_hidden_weights_gradient_is_asked() -> None:
    v = exercises.build(presets.load("mazur"), 1, 0)
    assert "∂E/∂w1 = " + exercises.BLANK in html.unescape(v.sheet)
    assert "∂E/∂w1 = ∂E/∂out_h1 · ∂out_h1/∂net_h1 · ∂net_h1/∂w1 = " in html.unescape(v.key)


def test_variants_are_short_decimals_and_differ() -> None:
    a, b = (exercises.variant(presets.load("mazur"), 7, k) for k in (1, 2))
    values = np.concatenate([np.ravel(a.weights[0]), np.ravel(a.biases[1]), np.ravel(a.data["inputs"])])
    assert np.allclose(values * 20, np.round(values * 20)) and np.all(values != 0)
    assert a.layers == b.layers and (a.weights, a.data) != (b.weights, b.data)


def test_the_sheets_diagram_shows_the_inputs_but_no_answers() -> None:
    v = exercises.build(presets.load("mazur"), 1, 0)
    value = r'<text x="[\d.]+" y="[\d.]+" font-size="11" text-anchor="middle">([^<]*)</text>'
    shown = re.findall(value, v.sheet)
    assert len(shown) == 6 and all(shown[:2]) and not any(shown[2:])


def test_weights_and_biases_take_both_signs() -> None:
    values = np.concatenate([np.concatenate([np.ravel(w) for w in v.weights + v.biases])
                             for v in (exercises.variant(presets.load("mazur"), 7, k) for k in range(1, 6))])
    assert (values < 0).any() and (values > 0).any()


def test_a_cross_entropy_variant_asks_a_class() -> None:
    outputs = presets.load("softmax-3class").layers[-1]
    for k in range(1, 6):
        (target,) = exercises.variant(presets.load("softmax-3class"), 7, k).data["targets"]
        assert len(target) == 1 and target[0] in range(outputs)


def test_same_seed_same_files_and_networks_load(tmp_path) -> None:
    first = exercises.write(presets.load("xor"), 2, tmp_path / "a", seed=5)
    second = exercises.write(presets.load("xor"), 2, tmp_path / "b", seed=5)
    other = exercises.write(presets.load("xor"), 2, tmp_path / "c", seed=6)
    assert sorted(p.name for p in first) == ["key-1.html", "key-2.html", "network-1.json", "network-2.json",
                                             "sheet-1.html", "sheet-2.html"]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)
    for p, q, r in zip(first, second, other, strict=True):
        assert p.read_bytes() == q.read_bytes() != r.read_bytes()
    loaded = spec_mod.load(tmp_path / "a" / "network-2.json")
    assert Session(loaded).spec.layers == presets.load("xor").layers


def test_a_large_network_is_refused_and_nothing_written(tmp_path) -> None:
    layers = presets.load("phone-price-mini").layers
    count = sum(n * (m + 1) for m, n in zip(layers[:-1], layers[1:], strict=True))
    with pytest.raises(SpecError, match=f"{count} parameters; .* at most 60"):
        exercises.write(presets.load("phone-price-mini"), 1, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_a_network_without_a_learning_rate_states_torchs_default(name) -> None:
    """A file may leave lr to torch's default; the sheet crashed reading it (KeyError 'lr')."""
    import torch

    raw = presets.load("mazur").to_dict()
    raw["optimizer"] = {"name": name}
    sheet = exercises.build(spec_mod.from_dict(raw), 1, 0).sheet
    default = getattr(torch.optim, {"sgd": "SGD", "adam": "Adam"}[name])(
        [torch.zeros(1, requires_grad=True)]).defaults["lr"]
    assert f"<td>{default}</td>" in sheet
