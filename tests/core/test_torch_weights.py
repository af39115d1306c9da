"""`--weights FILE.pth`: a state_dict's Linear tensors become the network's weights, in order;
every mismatch is exit 2 and one line naming the tensor and both shapes."""

from __future__ import annotations

import csv

import pytest
import torch
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bpviewer.cli import main
from bpviewer.core import presets
from bpviewer.core.errors import SpecError
from bpviewer.core.session import Session
from bpviewer.core.torch_weights import with_weights


def _model(sizes=(2, 2, 2), seed=0) -> torch.nn.Sequential:
    torch.manual_seed(seed)
    mods = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        mods += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.Sigmoid()]
    return torch.nn.Sequential(*mods)


def test_weights_replace_the_presets_and_train_as_torch(tmp_path) -> None:
    model = _model()
    torch.save(model.state_dict(), tmp_path / "w.pth")
    spec = with_weights(presets.load("mazur"), tmp_path / "w.pth")
    session = Session(spec)
    expected = torch.cat([p.detach().flatten() for p in model.parameters()])
    assert session.history.params_at(0).tolist() == expected.tolist()
    session.trainer.run(1)
    x = torch.tensor([[0.05, 0.1]], dtype=torch.float64)
    t = torch.tensor([[0.01, 0.99]], dtype=torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    loss = 0.5 * ((t - model(x)) ** 2).sum()
    loss.backward()
    opt.step()
    after = torch.cat([p.detach().flatten() for p in model.parameters()]).numpy()
    assert session.history[1].loss == pytest.approx(loss.item(), rel=1e-12)
    assert session.history[1].after == pytest.approx(after, rel=1e-12)


def test_only_2d_weight_tensors_are_linear_weights(tmp_path) -> None:
    """A 2-D buffer that is not a weight, or a 1-D `…weight` (a norm layer's), is not a Linear layer."""
    model = _model()
    state = dict(model.state_dict())
    state["table"] = torch.zeros(3, 3, dtype=torch.float64)
    state["norm.weight"] = torch.ones(2, dtype=torch.float64)
    torch.save(state, tmp_path / "w.pth")
    spec = with_weights(presets.load("mazur"), tmp_path / "w.pth")
    expected = torch.cat([p.detach().flatten() for p in model.parameters()])
    assert Session(spec).history.params_at(0).tolist() == expected.tolist()


def test_export_takes_weights(tmp_path) -> None:
    model = _model()
    torch.save(model.state_dict(), tmp_path / "w.pth")
    assert main(["export", "--preset", "mazur", "--weights", str(tmp_path / "w.pth"),
                 "--iterations", "1", "--out", str(tmp_path / "o")]) == 0
    with open(tmp_path / "o" / "gradients.csv", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert float(first["value"]) == model[0].weight[0, 0].item()


def _fails(args: list[str], capsys) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


def test_shape_mismatch_names_the_tensor_and_both_shapes(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 2)).state_dict(), "bad.pth")
    err = _fails(["export", "--preset", "mazur", "--weights", "bad.pth", "--iterations", "1",
                  "--out", "o"], capsys)
    assert err == "bpviewer: bad.pth: 0.weight is 3×2, layer 1 needs 2×2"
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("state, message", [
    ({"0.weight": torch.zeros(2, 2), "1.weight": torch.zeros(2, 2), "1.bias": torch.zeros(2)},
     "0.bias is missing, layer 1 needs 2"),
    ({"0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(3), "1.weight": torch.zeros(2, 2),
      "1.bias": torch.zeros(2)}, "0.bias is 3, layer 1 needs 2"),
    ({"0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2)},
     "holds 1 Linear weight matrices (0.weight), the network has 2 weight layers"),
    ({"0.weight": torch.full((2, 2), float("nan")), "0.bias": torch.zeros(2),
      "1.weight": torch.zeros(2, 2), "1.bias": torch.zeros(2)},
     "0.weight must hold finite floating-point numbers"),
])
def test_bad_state_dicts(tmp_path, capsys, state, message) -> None:
    torch.save(state, tmp_path / "w.pth")
    err = _fails(["torch-script", "--preset", "mazur", "--weights", str(tmp_path / "w.pth"),
                  "--out", str(tmp_path / "x.py")], capsys)
    assert err == f"bpviewer: {tmp_path / 'w.pth'}: {message}"


class Payload:
    def __reduce__(self):
        return (print, ("pickled code ran",))


def test_pickled_code_is_never_run(tmp_path, capsys) -> None:
    torch.save({"model": Payload()}, tmp_path / "evil.pth")
    err = _fails(["export", "--preset", "mazur", "--weights", str(tmp_path / "evil.pth"),
                  "--iterations", "1", "--out", str(tmp_path / "o")], capsys)
    assert "not a PyTorch state_dict file" in err
    assert "pickled code ran" not in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"not a checkpoint", b""])
def test_not_a_torch_file(tmp_path, capsys, content) -> None:
    (tmp_path / "w.pth").write_bytes(content)
    err = _fails(["export", "--preset", "mazur", "--weights", str(tmp_path / "w.pth"),
                  "--iterations", "1", "--out", str(tmp_path / "o")], capsys)
    assert "not a PyTorch state_dict file" in err


def test_missing_file(tmp_path, capsys) -> None:
    err = _fails(["export", "--preset", "mazur", "--weights", str(tmp_path / "no.pth"),
                  "--iterations", "1", "--out", str(tmp_path / "o")], capsys)
    assert err.endswith("no.pth: file not found")


def test_a_whole_model_is_refused(tmp_path, capsys) -> None:
    torch.save(_model(), tmp_path / "model.pth")
    err = _fails(["export", "--preset", "mazur", "--weights", str(tmp_path / "model.pth"),
                  "--iterations", "1", "--out", str(tmp_path / "o")], capsys)
    assert "model.pth: not a PyTorch state_dict file" in err


def test_tensors_not_in_a_dict_are_refused(tmp_path, capsys) -> None:
    torch.save([torch.zeros(2, 2)], tmp_path / "list.pth")
    err = _fails(["export", "--preset", "mazur", "--weights", str(tmp_path / "list.pth"),
                  "--iterations", "1", "--out", str(tmp_path / "o")], capsys)
    assert err == (f"bpviewer: {tmp_path / 'list.pth'}: "
                   "expected a state_dict (torch.save(model.state_dict(), …)), got list")


def _write(path, content) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        torch.save(content, path)


@pytest.mark.parametrize("content, problem", [
    (b"PK\x03\x04 a broken zip",
     "not a PyTorch state_dict file (PytorchStreamReader failed reading zip archive: not a ZIP archive. "
     "This is an internal miniz error. If you are seeing this error, there is a high likelihood tha)"),
    (b"", "not a PyTorch state_dict file (EOFError)"),
    ([torch.zeros(2, 2)], "expected a state_dict (torch.save(model.state_dict(), …)), got list"),
    ({"0.weight": torch.zeros(2, 2, dtype=torch.int64), "0.bias": torch.zeros(2),
      "1.weight": torch.zeros(2, 2), "1.bias": torch.zeros(2)},
     "0.weight must hold finite floating-point numbers"),
])
def test_a_refused_file_is_named_without_a_field(tmp_path, content, problem) -> None:
    """The whole file is at fault: the line names the file (field "", a str like any field)
    and torch's reason, its first line cut to 160 characters."""
    _write(tmp_path / "w.pth", content)
    with pytest.raises(SpecError) as err:
        with_weights(presets.load("mazur"), tmp_path / "w.pth")
    assert (err.value.field, err.value.problem, err.value.source) == ("", problem, str(tmp_path / "w.pth"))


def _refusal(path) -> SpecError:
    with pytest.raises(SpecError) as err:
        with_weights(presets.load("mazur"), path)
    return err.value


@pytest.mark.parametrize(("kind", "problem"), [
    ("folder", "is a folder"), ("device", "is not a regular file"), ("pipe", "is not a regular file")])
def test_a_folder_a_device_or_a_pipe_is_refused_before_reading(tmp_path, kind, problem) -> None:
    """torch.load would wait on a pipe for a writer: the window and the CLI would hang."""
    import os

    path = {"folder": tmp_path, "device": "/dev/zero", "pipe": tmp_path / "w.pth"}[kind]
    if kind == "pipe":
        os.mkfifo(path)
    err = _refusal(path)
    assert (err.field, err.problem, err.source) == ("", problem, str(path))


def test_a_value_that_is_no_tensor_is_named(tmp_path) -> None:
    state = _model().state_dict()
    state["1.weight"] = "hello"
    torch.save(state, tmp_path / "w.pth")
    err = _refusal(tmp_path / "w.pth")
    assert err.problem == "1.weight is str, not a tensor (a state_dict holds only tensors)"


def _mazur_pth() -> bytes:
    import io

    state = {"0.weight": torch.tensor([[0.15, 0.2], [0.25, 0.3]], dtype=torch.float64),
             "0.bias": torch.tensor([0.35, 0.35], dtype=torch.float64),
             "2.weight": torch.tensor([[0.4, 0.45], [0.5, 0.55]], dtype=torch.float64),
             "2.bias": torch.tensor([0.6, 0.6], dtype=torch.float64)}
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


MAZUR_PTH = _mazur_pth()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(at=st.integers(0, len(MAZUR_PTH) - 1), junk=st.binary(min_size=1, max_size=6),
       how=st.sampled_from(["overwrite", "insert", "cut"]))
# damaged files whose unpickling raised KeyError, IndexError, TypeError, AttributeError: tracebacks
@example(at=0, junk=b"h\x9c", how="overwrite")
@example(at=0, junk=b"R\x19", how="overwrite")
@example(at=165, junk=b"R\x19", how="overwrite")
@example(at=257, junk=b"\x00", how="overwrite")
def test_a_damaged_state_dict_is_weights_or_one_line(tmp_path, at, junk, how) -> None:
    path = tmp_path / "w.pth"
    path.write_bytes({"overwrite": MAZUR_PTH[:at] + junk + MAZUR_PTH[at + len(junk):],
                      "insert": MAZUR_PTH[:at] + junk + MAZUR_PTH[at:], "cut": MAZUR_PTH[:at]}[how])
    try:
        spec = with_weights(presets.load("mazur"), path)
    except SpecError as err:
        assert (err.field, err.source) == ("", str(path)) and "\n" not in err.line(), err.line()
        return
    assert len(spec.weights) == 2 and len(spec.biases) == 2
