"""The network file: validation names the field, and save → load is exact."""

from __future__ import annotations

import json

import pytest

from bpviewer.core import data, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError


def mazur_raw() -> dict:
    return presets.load("mazur").to_dict()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"layers": [2]}, "layers", "at least two"),
    ({"activations": ["sigmoid", "swish"]}, "activations[1]", "unknown activation"),
    ({"loss": "hinge"}, "loss", "unknown loss"),
    ({"weights": [[[0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], [[0.4, 0.45], [0.5, 0.55]]]},
     "weights[0]", "expected 2×2"),
    ({"biases": [[0.35], [0.6, 0.6]]}, "biases[0]", "expected 2 numbers (one per neuron), got a list of 1"),
    ({"biases": [None, [0.6, 0.6]]}, "biases[0]", "expected 2 numbers (one per neuron), got null"),
    ({"biases": [[0.35, 0.35], [0.6, "x"]]}, "biases[1][1]", "expected a finite number, got \"x\""),
    ({"optimizer": {"name": "sgd", "lr": -0.5}}, "optimizer.lr", "positive"),
    ({"optimizer": {"name": "sgd", "lr": 0}}, "optimizer.lr", "positive"),
    ({"optimizer": {"name": "sgd", "lr": 0.1, "momentom": 0.9}}, "optimizer.momentom", "unknown key"),
    ({"optimizer": {"name": "lbfgs"}}, "optimizer.name", "unknown optimizer"),
    ({"optimizer": {"name": "sgd", "lr": "fast"}}, "optimizer.lr", "finite number"),
    ({"optimizer": {"name": "sgd", "lr": 0.1, "nesterov": True}}, "optimizer.nesterov", "momentum"),
    ({"scheduler": {"name": "step"}}, "scheduler.step_size", "missing"),
    ({"scheduler": {"name": "cosine"}}, "scheduler.name", "step, multistep"),
    ({"data": {"inputs": [], "targets": []}}, "data.inputs", "empty"),
    ({"data": {"inputs": [[0.05, "x"]], "targets": [[0.01, 0.99]]}}, "data.inputs[0][1]", "finite"),
    ({"data": {"inputs": [[0.05, 0.1]], "targets": [[0.01]]}}, "data.targets",
     "expected 1×2 (samples × targets), row 1 is a list of 1"),
    ({"data": {"inputs": [[0.05]], "targets": [[0.01, 0.99]]}}, "data.inputs",
     "expected 1×2 (samples × inputs), row 1 is a list of 1"),
    ({"data": {"generator": "swirl"}}, "data.generator", "unknown generator"),
    ({"leyers": [2, 2, 2]}, "leyers", "unknown key"),
    ({"frozen_layers": [3]}, "frozen_layers", "does not exist"),
    ({"dropout": [1.0]}, "dropout[0]", "[0, 1)"),
    ({"batch_size": 0}, "batch_size", "at least 1"),
    ({"train_biases": "yes"}, "train_biases", "true or false"),
    ({"init": {"scheme": "glorot"}, "weights": None, "biases": None}, "init.scheme", "unknown scheme"),
    ({"format": "bpviewer-network/2"}, "format", "expected"),
    ({"loss": "cross_entropy"}, "loss", "softmax or identity"),
])
def test_bad_fields_are_named(change: dict, field: str, words: str) -> None:
    raw = {**mazur_raw(), **change}
    raw = {k: v for k, v in raw.items() if v is not None or k == "scheduler"}
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(raw)
    assert err.value.field == field
    assert words in err.value.problem


def test_missing_weights_and_init() -> None:
    raw = mazur_raw()
    del raw["weights"], raw["biases"]
    with pytest.raises(SpecError, match="weights: missing"):
        spec_mod.from_dict(raw)


@pytest.mark.parametrize("name", presets.names())
def test_save_load_round_trips_bit_for_bit(name: str, tmp_path) -> None:
    spec = presets.load(name)
    path = tmp_path / "net.json"
    spec_mod.save(spec, path)
    again = spec_mod.load(path)
    assert again == spec
    assert spec_mod.dumps(again) == path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_trained_weights_round_trip(tmp_path) -> None:
    from bpviewer.core.session import Session

    s = Session(presets.load("mazur"))
    s.run(7)
    spec = s.current_spec()
    spec_mod.save(spec, tmp_path / "t.json")
    assert spec_mod.load(tmp_path / "t.json").weights == spec.weights
    assert spec.weights[1][0][0] == float(s.history.params_at(7)[s.params.ref("weight", 2, 1, 1).index])


def test_malformed_json_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"layers": [2, 2,', encoding="utf-8")
    with pytest.raises(SpecError) as err:
        spec_mod.load(path)
    assert str(path) in err.value.line() and "not valid JSON" in err.value.line()


def test_missing_file(tmp_path) -> None:
    with pytest.raises(SpecError, match="file not found"):
        spec_mod.load(tmp_path / "nope.json")


def test_csv_data(tmp_path) -> None:
    (tmp_path / "d.csv").write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    raw = presets.load("xor").to_dict()
    raw["data"] = {"csv": "d.csv", "targets": ["y"]}
    (tmp_path / "n.json").write_text(json.dumps(raw), encoding="utf-8")
    ds = data.resolve(spec_mod.load(tmp_path / "n.json"))
    assert ds.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert ds.targets[:, 0].tolist() == [0, 1, 1, 0]


def test_csv_with_non_numeric_cell(tmp_path) -> None:
    (tmp_path / "d.csv").write_text("x1,x2,y\n0,0,0\n0,abc,1\n", encoding="utf-8")
    raw = presets.load("xor").to_dict()
    raw["data"] = {"csv": "d.csv", "targets": ["y"]}
    spec = spec_mod.from_dict(raw, base_dir=str(tmp_path))
    with pytest.raises(SpecError) as err:
        data.resolve(spec)
    assert err.value.field == "data.csv"
    assert "line 3" in err.value.problem and "'x2'" in err.value.problem and "abc" in err.value.problem


def test_csv_with_the_wrong_number_of_inputs(tmp_path) -> None:
    (tmp_path / "d.csv").write_text("x1,x2,x3,y\n0,0,0,0\n0,1,1,1\n", encoding="utf-8")
    raw = presets.load("xor").to_dict()
    raw["data"] = {"csv": "d.csv", "targets": ["y"]}
    with pytest.raises(SpecError) as err:
        data.resolve(spec_mod.from_dict(raw, base_dir=str(tmp_path)))
    assert (err.value.field, err.value.problem) == (
        "data.csv", "d.csv gives 3 input columns, the network needs 2")


def test_an_error_stays_one_printable_line() -> None:
    assert SpecError("a\nb", "c\x07d", "f\tg").line() == "f\\tg: a\\nb: c\\x07d"


@pytest.mark.parametrize(("loss", "act", "targets", "words"), [
    ("bce", "sigmoid", [[2.0]], "[0, 1]"),
    ("cross_entropy", "softmax", [[5]], "class indices"),
])
def test_targets_that_do_not_fit_the_loss(loss, act, targets, words) -> None:
    raw = {"layers": [1, 3 if loss == "cross_entropy" else 1], "activations": [act], "loss": loss,
           "init": {"scheme": "zeros"}, "data": {"inputs": [[1.0]], "targets": targets}}
    with pytest.raises(SpecError, match=words.replace("[", r"\[").replace("]", r"\]")):
        data.resolve(spec_mod.from_dict(raw))


@pytest.mark.parametrize("generator", spec_mod.GENERATORS)
def test_generators_are_seeded(generator: str) -> None:
    a = data.generate(generator, 50, 0.1, 3, 3)
    b = data.generate(generator, 50, 0.1, 3, 3)
    c = data.generate(generator, 50, 0.1, 4, 3)
    assert (a[0] == b[0]).all() and (a[1] == b[1]).all()
    assert not (a[0] == c[0]).all()


def test_init_torch_default_matches_nn_linear() -> None:
    import torch

    raw = presets.load("xor").to_dict()
    raw["init"] = {"scheme": "torch_default", "seed": 5}
    spec = spec_mod.from_dict(raw)
    from bpviewer.core.init import initial_weights

    weights, biases = initial_weights(spec)
    torch.manual_seed(5)
    for l, (n_in, n_out) in enumerate(zip(spec.layers[:-1], spec.layers[1:], strict=True)):
        lin = torch.nn.Linear(n_in, n_out, dtype=torch.float64)
        assert weights[l] == lin.weight.tolist()
        assert biases[l] == lin.bias.tolist()


@pytest.mark.parametrize(("init", "draw"), [
    ({"scheme": "normal", "seed": 3, "mean": 2.0, "std": 0.5},
     lambda w, b, nn: (nn.normal_(w, 2.0, 0.5), nn.normal_(b, 2.0, 0.5))),
    ({"scheme": "normal", "seed": 3}, lambda w, b, nn: (nn.normal_(w), nn.normal_(b))),
    ({"scheme": "uniform", "seed": 4, "a": -0.5, "b": 1.5},
     lambda w, b, nn: (nn.uniform_(w, -0.5, 1.5), nn.uniform_(b, -0.5, 1.5))),
    ({"scheme": "xavier_normal", "seed": 5, "gain": 2.0}, lambda w, b, nn: nn.xavier_normal_(w, gain=2.0)),
    ({"scheme": "kaiming_uniform", "seed": 6, "a": 0.1, "mode": "fan_out", "nonlinearity": "relu"},
     lambda w, b, nn: nn.kaiming_uniform_(w, a=0.1, mode="fan_out", nonlinearity="relu")),
])
def test_init_schemes_are_torch_s_with_their_settings(init: dict, draw) -> None:
    """README: torch.manual_seed(seed), then layer by layer torch.nn.init.<scheme>_ on the
    weight; the bias stays zero except for uniform and normal, which draw it after the weight."""
    import torch

    from bpviewer.core.init import initial_weights

    raw = presets.load("circles").to_dict()
    raw["init"] = init
    spec = spec_mod.from_dict(raw)
    weights, biases = initial_weights(spec)
    torch.manual_seed(init["seed"])
    for l, (n_in, n_out) in enumerate(zip(spec.layers[:-1], spec.layers[1:], strict=True)):
        w = torch.empty(n_out, n_in, dtype=torch.float64)
        b = torch.zeros(n_out, dtype=torch.float64)
        draw(w, b, torch.nn.init)
        assert weights[l] == w.tolist() and biases[l] == b.tolist()


@pytest.mark.parametrize(("init", "line"), [
    ({"scheme": "xavier_uniform", "gain": -1.5}, "init.gain: must be ≥ 0, got -1.5"),
    ({"scheme": "normal", "std": -0.25}, "init.std: must be ≥ 0, got -0.25"),
])
def test_a_negative_init_scale_is_refused_with_its_value(init: dict, line: str) -> None:
    raw = {k: v for k, v in mazur_raw().items() if k not in ("weights", "biases")}
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict({**raw, "init": init})
    assert str(err.value) == line


@pytest.mark.parametrize(("targets", "row"), [([None, None], "row 1 is null"),
                                            ([[0.0, 1.0, 0.0], None], "row 2 is null")])
def test_cross_entropy_targets_that_are_not_rows_are_one_line(targets: list, row: str) -> None:
    """Found by test_fuzz_input: a first target that is not a list crashed the class-index check."""
    raw = presets.load("softmax-3class").to_dict()
    raw["data"] = {"inputs": [[0.5, 0.3, 0.2], [0.3, 0.6, 0.1]], "targets": targets}
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(raw)
    assert err.value.field == "data.targets" and err.value.problem.endswith(row)
