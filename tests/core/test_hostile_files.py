"""Hostile and awkward network files and CSVs: each is one SpecError line naming the field,
never a traceback, a MemoryError or silently wrong data; Notepad's and Excel's quirks work."""

from __future__ import annotations

import copy
import json
import os

import numpy as np
import pytest

from bpviewer.core import data, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.session import Session


def mazur() -> dict:
    return presets.load("mazur").to_dict()


def initialised(**init) -> dict:
    raw = mazur()
    del raw["weights"], raw["biases"]
    return {**raw, "init": init}


def sized(layers: list[int]) -> dict:
    raw = initialised(scheme="zeros")
    return {**raw, "layers": layers, "activations": ["sigmoid"] * (len(layers) - 1),
            "data": {"inputs": [[0.05] * layers[0]], "targets": [[0.5] * layers[-1]]}}


def spiral(**changes) -> dict:
    raw = presets.load("spiral").to_dict()
    return {**raw, **changes}


def refusal(path) -> SpecError:
    """The one line the file gets: through load and the data it names, as the CLI does."""
    with pytest.raises(SpecError) as err:
        data.resolve(spec_mod.load(path))
    assert "\n" not in err.value.line()
    return err.value


def write(tmp_path, raw_or_text, name: str = "net.json"):
    path = tmp_path / name
    if isinstance(raw_or_text, bytes):
        path.write_bytes(raw_or_text)
    else:
        text = raw_or_text if isinstance(raw_or_text, str) else json.dumps(raw_or_text)
        path.write_text(text, encoding="utf-8")
    return path


LR = '"lr": 0.5'


@pytest.mark.parametrize(("text", "field", "words"), [
    (json.dumps(mazur()).replace(LR, '"lr": 1' + "0" * 400), "optimizer.lr", "401-digit"),
    (json.dumps(mazur()).replace(LR, '"lr": 1' + "0" * 5000), "optimizer.lr", "5,001-digit"),
    (json.dumps(mazur()).replace(LR, '"lr": 1e999'), "optimizer.lr", "finite"),
    ("[" * 100_000 + "]" * 100_000, "", "nested deeper than 32"),
    ('{"data": ' * 500 + "1" + "}" * 500, "data.data", "nested deeper than 32"),
    (json.dumps(mazur()).replace('{"format"', '{"loss": "mse", "format"', 1), "loss", "twice"),
    (json.dumps({**mazur(), "name": "\ud800"}), "name", "surrogate"),
    (json.dumps({**mazur(), "seed": 2**64}), "seed", "over the limit of 18,446,744,073,709,551,615"),
    (json.dumps({**mazur(), "batch_size": True}), "batch_size", "expected an integer, got true"),
])
def test_bad_json_is_one_line(tmp_path, text, field, words) -> None:
    err = refusal(write(tmp_path, text))
    assert err.source == str(tmp_path / "net.json")
    assert err.field.startswith(field) and words in err.problem


def test_a_utf8_bom_is_accepted(tmp_path) -> None:
    """Notepad writes one."""
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(mazur()).encode())
    assert spec_mod.load(path) == presets.load("mazur")


@pytest.mark.parametrize(("content", "words"), [
    (json.dumps(mazur()).replace("Mazur", "Maz\u00e9r").encode("latin-1"), "not UTF-8 text (byte 0xe9"),
    (b"", "not valid JSON"),
])
def test_unreadable_bytes_are_named(tmp_path, content, words) -> None:
    assert words in refusal(write(tmp_path, content)).problem


def test_a_folder_and_a_device_are_refused_before_reading(tmp_path) -> None:
    assert refusal(tmp_path).problem == "is a folder"
    if os.path.exists("/dev/zero"):
        assert refusal("/dev/zero").problem == "is not a regular file"
    assert refusal(tmp_path / "missing.json").problem == "file not found"


@pytest.mark.parametrize(("init", "field", "words"), [
    ({"scheme": "normal", "std": -1.0}, "init.std", "≥ 0"),
    ({"scheme": "uniform", "a": 2.0, "b": 1.0}, "init.b", "a = 2.0 > b = 1.0"),
    ({"scheme": "xavier_uniform", "gain": -1.0}, "init.gain", "≥ 0"),
    ({"scheme": "normal", "seed": 2**70}, "init.seed", "over the limit of 18,446,744,073,709,551,615"),
    ({"scheme": "normal", "std": 1e300}, "init.std", "over the limit of 1e+06"),
    ({"scheme": "normal", "seed": -1}, "init.seed", "at least 0"),
])
def test_init_values_torch_would_reject_are_refused(init, field, words) -> None:
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(initialised(**init))
    assert err.value.field == field and words in err.value.problem


def test_a_64_bit_seed_still_draws(tmp_path) -> None:
    spec = spec_mod.from_dict(initialised(scheme="normal", seed=2**64 - 1))
    Session(spec)  # torch accepts the whole unsigned 64-bit range


@pytest.mark.parametrize(("raw", "field", "words"), [
    (sized([2, 100_000_000, 2]), "layers[1]", "100,000,000 neurons is over the limit of 10,000"),
    (sized([2, 10_000, 10_000, 2]), "layers", "100,060,002 parameters; at most 1,000,000"),
    (sized([2] * 40), "layers", "40 layers; at most 32"),
    (spiral(data={"generator": "spiral", "n": 10**12}), "data.n",
     "1,000,000,000,000 points is over the limit of 100,000"),
    (spiral(batch_size=10**9), "batch_size", "over the limit of 100,000"),
])
def test_sizes_are_refused_with_the_size_and_the_limit(raw, field, words) -> None:
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(raw)
    assert err.value.field == field and words in err.value.problem


def test_a_big_data_set_on_a_wide_network_is_refused_before_training() -> None:
    raw = {**sized([2, 10_000, 1]), "loss": "bce",
           "data": {"generator": "xor", "n": 100_000}}
    with pytest.raises(SpecError) as err:
        data.resolve(spec_mod.from_dict(raw))
    assert err.value.field == "data"
    assert "100,000 samples × 10,000 neurons" in err.value.problem and "10,000,000" in err.value.problem


def test_a_2_10000_2_network_still_loads_and_trains() -> None:
    session = Session(spec_mod.from_dict(sized([2, 10_000, 2])))
    session.trainer.run(2)
    assert len(session.history) == 2


def test_three_classes_into_one_bce_output_are_refused() -> None:
    raw = spiral(layers=[2, 16, 16, 1], activations=["tanh", "tanh", "sigmoid"], loss="bce",
                 data={"generator": "spiral", "n": 30, "classes": 3})
    raw.pop("weights", None), raw.pop("biases", None)
    raw["init"] = {"scheme": "xavier_uniform"}
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(raw)
    assert err.value.field == "data.classes"
    assert err.value.problem == "3 classes need ≥ 3 outputs; the network has 1"


def test_two_classes_into_one_output_still_train() -> None:
    raw = spiral(layers=[2, 4, 1], activations=["tanh", "sigmoid"], loss="bce",
                 data={"generator": "spiral", "n": 30, "classes": 2},
                 init={"scheme": "xavier_uniform"})
    raw.pop("weights", None), raw.pop("biases", None)
    assert set(np.unique(data.resolve(spec_mod.from_dict(raw)).targets)) == {0.0, 1.0}


@pytest.mark.parametrize("generator", ["spiral", "plane"])
def test_noise_that_overflows_is_refused_as_a_csv_inf_is(generator) -> None:
    raw = spiral(data={"generator": generator, "n": 50, "noise": 1e308})
    if generator == "plane":
        raw.update(layers=[2, 4, 1], activations=["tanh", "identity"], loss="mse",
                   init={"scheme": "xavier_uniform"})
        raw.pop("weights", None), raw.pop("biases", None)
    with pytest.raises(SpecError) as err:
        data.resolve(spec_mod.from_dict(raw))
    assert err.value.line() == "data.noise: 1e+308 makes generated values infinite"


def test_features_that_overflow_are_refused() -> None:
    raw = spiral(layers=[1, 3, 3], activations=["tanh", "softmax"], features=["x1^2"],
                 data={"inputs": [[1e200, 0.0]], "targets": [[1.0, 0.0, 0.0]]},
                 init={"scheme": "xavier_uniform"})
    raw.pop("weights", None), raw.pop("biases", None)
    with pytest.raises(SpecError) as err:
        data.resolve(spec_mod.from_dict(raw))
    assert err.value.field == "features" and "x1^2" in err.value.problem


# -- CSV --------------------------------------------------------------------------------------

def csv_network(tmp_path, text: str | bytes, csv_name: str = "d.csv", **data_changes):
    target = tmp_path / csv_name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", newline="")
    raw = mazur()
    raw["data"] = {"csv": csv_name, "targets": ["t1", "t2"], **data_changes}
    return write(tmp_path, raw)


GOOD = "x1,x2,t1,t2\r\n0.05,0.10,0.01,0.99\r\n"


def test_a_bom_and_a_trailing_blank_line_just_work(tmp_path) -> None:
    """Excel's "CSV UTF-8" starts with a BOM; editors often end with an empty line."""
    path = csv_network(tmp_path, b"\xef\xbb\xbf" + (GOOD + "\r\n").encode())
    dataset = data.resolve(spec_mod.load(path))
    assert dataset.inputs.tolist() == [[0.05, 0.10]] and dataset.targets.tolist() == [[0.01, 0.99]]


@pytest.mark.parametrize(("text", "words"), [
    ("x1,x1,t1,t2\n1,2,0,1\n", "column 'x1' appears twice (columns 1 and 2)"),
    ("x1,x2,t1,t2\n" + "1" * 131_073 + ",2,0,1\n", "d.csv line 2: a cell longer than 131,072 characters"),
    ("x1,x2,t1,t2\n1,2,0\n", "d.csv line 2: expected 4 cells, got 3"),
    ("x1,x2,t1,t2\n1,inf,0,1\n", "line 2, column 'x2': \"inf\" is not a finite number"),
    ("x1,x2,t1,t2\n1,abc,0,1\n", "line 2, column 'x2': \"abc\" is not a finite number"),
    ("x1,x2,t1,t2\n1,\x00,0,1\n", "line 2, column 'x2': \"\\u0000\" is not a finite number"),
    ("x1,x2,t1,t2\n1,0_5,0,1\n", "line 2, column 'x2': \"0_5\" is not a finite number"),  # was 5.0
    ("x1,x2,t1,t2\n1,０.５,0,1\n", "line 2, column 'x2': \"０.５\" is not a finite number"),  # was 0.5
    ("x1,x2,t1,t2\n", "has no data rows"),
    ("x1;x2;t1;t2\n1;2;0;1\n", "no column 't1' in d.csv (bpviewer reads commas; this file seems to use ';')"),
    (b"x1,x2,t1,t2\n1,2,0,1\n\xe9\n", "not UTF-8 text (byte 0xe9"),
])
def test_bad_csvs_are_one_line(tmp_path, text, words) -> None:
    err = refusal(csv_network(tmp_path, text))
    assert err.field.startswith("data.") and words in err.problem


def test_a_missing_column_in_a_comma_file_gets_no_semicolon_hint(tmp_path) -> None:
    err = refusal(csv_network(tmp_path, "x1,x2,t1,t3\n1,2,0,1\n"))
    assert (err.field, err.problem) == ("data.targets", "no column 't2' in d.csv")


def test_a_relative_csv_of_a_network_built_in_code_is_read_from_the_working_folder(tmp_path,
                                                                                    monkeypatch) -> None:
    (tmp_path / "d.csv").write_text(GOOD, encoding="utf-8")
    raw = mazur()
    raw["data"] = {"csv": "d.csv", "targets": ["t1", "t2"]}
    monkeypatch.chdir(tmp_path)
    dataset = data.resolve(spec_mod.from_dict(raw))
    assert dataset.inputs.tolist() == [[0.05, 0.10]] and dataset.targets.tolist() == [[0.01, 0.99]]


def test_a_csv_of_dev_zero_is_refused_without_reading_it(tmp_path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    raw = mazur()
    raw["data"] = {"csv": "/dev/zero", "targets": ["t1", "t2"]}
    err = refusal(write(tmp_path, raw))
    assert err.line().endswith("data.csv: /dev/zero: is not a regular file")


def test_too_many_csv_rows_are_refused_with_the_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(data, "MAX_ROWS", 2)
    err = refusal(csv_network(tmp_path, GOOD + "0,0,0,1\n0,1,1,0\n"))
    assert "d.csv has more than 2 data rows" in err.problem


def test_a_column_named_twice_in_the_file_is_refused(tmp_path) -> None:
    with pytest.raises(SpecError) as err:
        spec_mod.load(csv_network(tmp_path, GOOD, targets=["t1", "t1"]))
    assert err.value.field == "data.targets" and "'t1' is named twice" in err.value.problem


def test_from_dict_leaves_its_argument_alone() -> None:
    raw = mazur()
    kept = copy.deepcopy(raw)
    spec_mod.from_dict(raw)
    assert raw == kept


def test_the_editors_column_preview_reads_the_header_as_training_does(tmp_path) -> None:
    """data.csv_header (the network editor lists the columns as the teacher types the name):
    blank lines skipped and names stripped as _csv_values reads them; what training would
    refuse to read is refused, a header cell past csv's limit with its line."""
    (tmp_path / "ok.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n a ,b , y\r\n1,2,3\r\n")
    assert data.csv_header(tmp_path / "ok.csv") == ["a", "b", "y"]
    (tmp_path / "empty.csv").write_text("\n\n")
    assert data.csv_header(tmp_path / "empty.csv") == []
    long = tmp_path / "long.csv"
    long.write_text("\n" + "b" * 200_000 + "\n")
    with pytest.raises(SpecError) as info:
        data.csv_header(long)
    assert info.value.line() == f"{long}: data.csv: long.csv line 2: a cell longer than 131,072 characters"
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    for name, words in [("folder.csv", "is a folder"), ("pipe.csv", "is not a regular file")]:
        with pytest.raises(SpecError) as info:
            data.csv_header(tmp_path / name)
        assert info.value.line() == f"{tmp_path / name}: {words}"
