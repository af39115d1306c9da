"""Every input mistake on the command line: exit 2, one line on stderr, nothing written.
`shot` refuses an output it cannot write before rendering, and a PNG it could not save."""

from __future__ import annotations

import json
import os

import pytest

from bpviewer.cli import COMMANDS, _parser, main
from bpviewer.core import presets


def refused(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bpviewer: "), captured.err
    return lines[0]


def mazur_text() -> str:
    return json.dumps(presets.load("mazur").to_dict())


HOSTILE = {
    "huge-float": mazur_text().replace('"lr": 0.5', '"lr": 1' + "0" * 400),
    "huge-int": mazur_text().replace('"lr": 0.5', '"lr": 1' + "0" * 5000),
    "deep": "[" * 100_000 + "]" * 100_000,
    "duplicate": mazur_text().replace('{"format"', '{"seed": 1, "seed": 2, "format"', 1),
    "bad-init": json.dumps({**{k: v for k, v in presets.load("mazur").to_dict().items()
                               if k not in ("weights", "biases")},
                            "init": {"scheme": "normal", "std": -1}}),
    "wide": mazur_text().replace('"layers": [2, 2, 2]', '"layers": [2, 100000000, 2]'),
    "surrogate": mazur_text().replace('"Mazur', '"\\udc80'),
    "dev-zero-csv": json.dumps({**presets.load("mazur").to_dict(),
                                "data": {"csv": "/dev/zero", "targets": ["t1", "t2"]}}),
    "three-classes-one-output": json.dumps({
        **{k: v for k, v in presets.load("spiral").to_dict().items() if k not in ("weights", "biases")},
        "layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "bce",
        "init": {"scheme": "xavier_uniform"}, "data": {"generator": "spiral", "classes": 3}}),
    "noise": json.dumps({**presets.load("spiral").to_dict(),
                         "data": {"generator": "spiral", "noise": 1e308}}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["export", "shot", "window", "verify"])
def test_hostile_files_are_one_line_and_write_nothing(tmp_path, capsys, monkeypatch, case,
                                                      command) -> None:
    import bpviewer.app

    monkeypatch.setattr(bpviewer.app, "main", lambda spec: pytest.fail("the window opened"))
    path = tmp_path / "net.json"
    path.write_text(HOSTILE[case], encoding="utf-8")
    out = tmp_path / "out"
    argv = {"export": ["export", "--network", str(path), "--iterations", "2", "--out", str(out)],
            "shot": ["shot", "--network", str(path), "--out", str(out)],
            "window": [str(path)],
            "verify": ["verify", "--network", str(path)]}[command]
    if command not in (*COMMANDS, "window"):
        pytest.skip("no verify command on this branch")
    line = refused(capsys, argv)
    assert str(path) in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json"]


def test_a_csv_of_dev_zero_exits_2(tmp_path, capsys) -> None:
    raw = presets.load("mazur").to_dict()
    raw["data"] = {"csv": "/dev/zero", "targets": ["t1", "t2"]}
    (tmp_path / "net.json").write_text(json.dumps(raw), encoding="utf-8")
    line = refused(capsys, ["export", "--network", str(tmp_path / "net.json"), "--iterations", "1",
                            "--out", str(tmp_path / "out")])
    assert line.endswith("data.csv: /dev/zero: is not a regular file")


@pytest.mark.parametrize(("args", "words"), [
    (["--out", ""], "argument --out: an empty file name"),
    (["--out", "x.png", "--text", " "], "argument --text: an empty file name"),
    (["--out", "{tmp}/missing/x.png"], "--out: cannot write: no folder"),
    (["--out", "{tmp}"], "--out: is a folder; refusing to replace it"),
    (["--out", "{tmp}/x.png", "--text", "{tmp}"], "--text: is a folder; refusing to replace it"),
    (["--out", "{tmp}/x.png", "--text", "/dev/null"], "--text: is not a regular file"),
])
def test_shot_refuses_an_output_it_cannot_write_before_rendering(tmp_path, capsys, monkeypatch,
                                                                 args, words) -> None:
    import bpviewer.qt.shot

    monkeypatch.setattr(bpviewer.qt.shot, "render", lambda *a: pytest.fail("rendered"))
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert words in refused(capsys, ["shot", "--preset", "mazur", *args])
    assert list(tmp_path.iterdir()) == []


def test_shot_exits_2_when_the_png_cannot_be_saved(tmp_path, capsys, monkeypatch, qapp) -> None:
    from PySide6.QtGui import QPixmap

    monkeypatch.setattr(QPixmap, "save", lambda self, *a: False)
    line = refused(capsys, ["shot", "--preset", "mazur", "--size", "400x300",
                            "--out", str(tmp_path / "x.png"), "--text", str(tmp_path / "x.txt")])
    assert line.startswith(f"bpviewer: {tmp_path / 'x.png'}: --out: cannot write: Qt could not "
                           "write a ") and line.endswith(" PNG")
    assert list(tmp_path.iterdir()) == []


def test_shot_replaces_an_old_png_whole_keeping_its_mode(tmp_path, capsys, qapp) -> None:
    png = tmp_path / "x.png"
    png.write_bytes(b"old")
    png.chmod(0o640)
    assert main(["shot", "--preset", "mazur", "--size", "400x300", "--out", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]


@pytest.mark.parametrize(("argv", "words"), [
    (["shot", "--preset", "mazur", "--out", "x.png", "--size", "1e3x200"], "expected WIDTHxHEIGHT"),
    (["shot", "--preset", "mazur", "--out", "x.png", "--steps", "9" * 5000],
     "a 5,000-digit number is too long"),
    (["shot", "--preset", "mazur", "--out", "x.png", "--steps", "1.5"], "expected a whole number, got '1.5'"),
    (["export", "--preset", "mazur", "--out", "o", "--iterations", "-1"], "must be ≥ 0"),
    (["--preset", "nope"], "unknown preset 'nope'"),
])
def test_bad_options_are_one_line(capsys, argv, words) -> None:
    assert words in refused(capsys, argv)


@pytest.mark.parametrize(("out", "words"), [
    ("", "argument --out: an empty file name"),
    ("a\x00b", "argument --out: 'a\\x00b' is not a usable file name"),
])
def test_export_refuses_an_unusable_out(tmp_path, capsys, monkeypatch, out, words) -> None:
    monkeypatch.chdir(tmp_path)
    assert words in refused(capsys, ["export", "--preset", "mazur", "--iterations", "1", "--out", out])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "words"), [
    (["shot", "--preset", "mazur", "--out", "x.png", "--iterations", "9" * 20],
     "argument --iterations: 99,999,999,999,999,999,999 is over the limit of 1,000,000"),
    (["shot", "--preset", "mazur", "--out", "x.png", "--steps", "1000001"],
     "argument --steps: 1,000,001 is over the limit of 1,000,000"),
    (["verify", "--preset", "mazur", "--iterations", "1" + "0" * 40],
     "argument --iterations: a 41-digit number is over the limit of 1,000,000"),
    (["exercises", "--preset", "mazur", "--out", "ex", "--variants", "1001"],
     "argument --variants: 1,001 is over the limit of 1,000"),
    (["export", "--preset", "mazur", "--out", "o", "--iterations", "1000001"],
     "argument --iterations: 1,000,001 is over the limit of 1,000,000"),
])
def test_counts_a_command_holds_in_memory_are_bounded(tmp_path, capsys, monkeypatch, argv, words) -> None:
    """shot's 10^20 iterations overflowed Qt's progress bar (a traceback); verify's and shot's
    --steps ran until memory ran out; exercises built 10^20 sheets before writing one; export
    trained 10^20 iterations into its history until memory ran out."""
    monkeypatch.chdir(tmp_path)
    assert refused(capsys, argv).endswith(words)
    assert list(tmp_path.iterdir()) == []
    limit = words.rsplit(" ", 1)[1].replace(",", "")
    parsed = _parser()[argv[0]].parse_args([*argv[1:-1], limit])  # the limit itself is a count
    assert getattr(parsed, argv[-2].lstrip("-")) == int(limit)


@pytest.mark.parametrize(("seed", "words"), [
    ("9" * 401, "argument --seed: a 401-digit number is too long"),
    ("-" + "9" * 401, "argument --seed: a 401-digit number is too long"),
    ("X" + "9" * 401, "argument --seed: expected a whole number, got 'X" + "9" * 39 + "'… (402 characters)"),
])
def test_a_count_is_read_up_to_400_digits(tmp_path, capsys, monkeypatch, seed, words) -> None:
    """An unbounded count (exercises' --seed) takes 400 digits, the most int() is asked to
    convert, and says of one more that it is too long; a sign is not a digit, a letter
    makes it no number at all."""
    monkeypatch.chdir(tmp_path)
    argv = ["exercises", "--preset", "mazur", "--variants", "1", "--out", "ex", "--seed"]
    assert _parser()["exercises"].parse_args([*argv[1:], "9" * 400]).seed == int("9" * 400)
    assert refused(capsys, [*argv, seed]).endswith(words)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "words"), [
    ("1.5", "argument --steps: expected a whole number, got '1.5'"),
    ("x" * 40, f"argument --steps: expected a whole number, got {'x' * 40!r}"),
    ("x" * 41, f"argument --steps: expected a whole number, got {'x' * 40!r}… (41 characters)"),
])
def test_a_count_that_is_no_number_is_quoted_whole_up_to_40_characters(capsys, text, words) -> None:
    assert refused(capsys, ["shot", "--preset", "mazur", "--out", "x.png", "--steps", text]).endswith(words)


def test_zero_is_a_count() -> None:
    """0 is every count's lower end but --variants' (1): no steps, no iterations, seed 0."""
    parsed = _parser()["shot"].parse_args(["--preset", "mazur", "--out", "x.png", "--steps", "0",
                                           "--iterations", "-0"])
    assert (parsed.steps, parsed.iterations) == (0, 0)
    assert _parser()["exercises"].parse_args(["--preset", "mazur", "--variants", "1", "--out", "ex",
                                              "--seed", "+0"]).seed == 0
    export = _parser()["export"].parse_args(["--preset", "mazur", "--out", "o", "--iterations", "0"])
    assert export.iterations == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_torch_script_refuses_to_replace_what_is_not_a_regular_file(tmp_path, capsys) -> None:
    """It replaced a device or a pipe with the script (as root, /dev/full became a file)."""
    import stat

    pipe = tmp_path / "script.py"
    os.mkfifo(pipe)
    line = refused(capsys, ["torch-script", "--preset", "mazur", "--out", str(pipe)])
    assert line == f"bpviewer: {pipe}: --out: is not a regular file; refusing to replace it"
    assert stat.S_ISFIFO(pipe.stat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["script.py"]


def _no_training(monkeypatch) -> None:
    import bpviewer.core.export_run

    monkeypatch.setattr(bpviewer.core.export_run, "train_with_progress",
                        lambda *a: pytest.fail("trained before refusing --out"))


def test_export_refuses_a_file_as_its_folder_before_training(tmp_path, capsys, monkeypatch) -> None:
    _no_training(monkeypatch)
    out = tmp_path / "out"
    out.write_text("mine")
    line = refused(capsys, ["export", "--preset", "mazur", "--iterations", "1", "--out", str(out)])
    assert line == f"bpviewer: {out}: --out: is not a folder"
    assert out.read_text() == "mine" and [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_export_refuses_to_replace_a_pipe_in_its_folder_before_training(tmp_path, capsys,
                                                                      monkeypatch) -> None:
    """os.replace put the CSV in the pipe's place (as root, a device's too)."""
    import stat

    _no_training(monkeypatch)
    (tmp_path / "out").mkdir()
    pipe = tmp_path / "out" / "loss.csv"
    os.mkfifo(pipe)
    line = refused(capsys, ["export", "--preset", "mazur", "--iterations", "1",
                            "--out", str(tmp_path / "out")])
    assert line == f"bpviewer: {pipe}: --out: is not a regular file; refusing to replace it"
    assert stat.S_ISFIFO(pipe.stat().st_mode) and [p.name for p in pipe.parent.iterdir()] == ["loss.csv"]


def test_export_writes_through_a_symlink_in_its_folder(tmp_path, capsys) -> None:
    """As every output does (atomic.replace): the link stays, the file it names is replaced."""
    (tmp_path / "out").mkdir()
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    (tmp_path / "out" / "history.csv").symlink_to(kept)
    assert main(["export", "--preset", "mazur", "--iterations", "1", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "history.csv").is_symlink()
    assert kept.read_text().startswith("iteration,loss,lr,")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_exercises_neither_replace_a_pipe_nor_a_symlink_in_their_folder(tmp_path, capsys) -> None:
    import stat

    out = tmp_path / "ex"
    out.mkdir()
    os.mkfifo(out / "key-1.html")
    line = refused(capsys, ["exercises", "--preset", "mazur", "--variants", "1", "--out", str(out)])
    assert line == f"bpviewer: {out / 'key-1.html'}: --out: is not a regular file; refusing to replace it"
    assert stat.S_ISFIFO((out / "key-1.html").stat().st_mode) and len(list(out.iterdir())) == 1
    (out / "key-1.html").unlink()
    kept = tmp_path / "kept.html"
    kept.write_text("old")
    (out / "key-1.html").symlink_to(kept)
    assert main(["exercises", "--preset", "mazur", "--variants", "1", "--out", str(out)]) == 0
    assert (out / "key-1.html").is_symlink() and kept.read_text().startswith("<!DOCTYPE html>")


def test_export_refuses_a_folder_under_a_file_before_training(tmp_path, capsys, monkeypatch) -> None:
    """`--out notes.txt/run` trained, then failed making the folder ("File exists")."""
    _no_training(monkeypatch)
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "deeper" / "run"
    line = refused(capsys, ["export", "--preset", "mazur", "--iterations", "1", "--out", str(out)])
    assert line == f"bpviewer: {tmp_path / 'notes.txt'}: --out: is not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("under", [False, True])
def test_exercises_refuse_a_file_as_or_above_their_folder_before_building(tmp_path, capsys, monkeypatch,
                                                                         under) -> None:
    """It built every variant, then said "File exists" (or "Not a directory")."""
    import bpviewer.core.exercises

    monkeypatch.setattr(bpviewer.core.exercises, "build", lambda *a: pytest.fail("built before refusing"))
    (tmp_path / "ex").write_text("mine")
    out = tmp_path / "ex" / "sub" if under else tmp_path / "ex"
    line = refused(capsys, ["exercises", "--preset", "mazur", "--variants", "1", "--out", str(out)])
    assert line == f"bpviewer: {tmp_path / 'ex'}: --out: is not a folder"
    assert (tmp_path / "ex").read_text() == "mine"


@pytest.mark.parametrize(("out", "words"), [
    ("", "argument --out: an empty file name"),  # Path("") is ".": the sheets went into the current folder
    ("a\x00b", "argument --out: 'a\\x00b' is not a usable file name"),  # a ValueError traceback
])
def test_exercises_refuse_an_unusable_out(tmp_path, capsys, monkeypatch, out, words) -> None:
    monkeypatch.chdir(tmp_path)
    line = refused(capsys, ["exercises", "--preset", "mazur", "--variants", "1", "--out", out])
    assert line.endswith(words)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "words"), [
    ("9" * 5000, "argument --seed: a 5,000-digit number is too long"),
    ("-" + "9" * 500, "argument --seed: a 500-digit number is too long"),
    ("-" + "9" * 300, "argument --seed: must be ≥ 0, got a 300-digit number"),
    ("x" * 5000, "argument --seed: expected a whole number, got '" + "x" * 40 + "'… (5,000 characters)"),
])
def test_a_long_count_is_named_by_its_length(tmp_path, capsys, monkeypatch, text, words) -> None:
    """The refusal quoted all 5,000 characters (one line, a screenful), and called a 5,000-digit
    number not "a whole number" (int() stops at 4,300 digits)."""
    monkeypatch.chdir(tmp_path)
    argv = ["exercises", "--preset", "mazur", "--variants", "1", "--out", "ex", "--seed", text]
    assert refused(capsys, argv).endswith(words)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "shot", "window"])
def test_a_csv_changed_after_the_check_is_named_with_the_network(tmp_path, capsys, monkeypatch,
                                                                 command) -> None:
    """The CSV is read by the check and again where the work builds its Session: damaged in
    between (by another program), the refusal named only "p.csv", not the network file."""
    import bpviewer.app
    import bpviewer.qt.shot
    from bpviewer.core import data
    from bpviewer.core.session import Session

    (tmp_path / "p.csv").write_text("a,b,y1,y2\n0.1,0.2,0,1\n")
    raw = {**presets.load("mazur").to_dict(), "data": {"csv": "p.csv", "targets": ["y1", "y2"]}}
    net = tmp_path / "n.json"
    net.write_text(json.dumps(raw))
    read = data._read_csv

    def read_then_damage(*args):
        done = read(*args)
        (tmp_path / "p.csv").write_text("a,b,y1,y2\n0.1,x,0,1\n")
        return done

    monkeypatch.setattr(data, "_read_csv", read_then_damage)
    monkeypatch.setattr(bpviewer.app, "main", lambda spec: Session(spec) and 0)  # as the window does
    monkeypatch.setattr(bpviewer.qt.shot, "render", lambda spec, *a: Session(spec))  # as shot does
    argv = {"export": ["export", "--network", str(net), "--iterations", "1", "--out", str(tmp_path / "o")],
            "shot": ["shot", "--network", str(net), "--out", str(tmp_path / "o.png")],
            "window": [str(net)]}[command]
    assert refused(capsys, argv) == (f"bpviewer: {net}: data.csv: p.csv line 2, column 'b': "
                                     '"x" is not a finite number')


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "utf-8"])
def test_what_stdouts_encoding_cannot_hold_is_escaped(tmp_path, monkeypatch, encoding) -> None:
    """`presets` raised UnicodeEncodeError on ▸ in an ASCII or cp1252 stdout (Windows, a file
    redirected from its console), `verify` on a network named 网络.json or a non-UTF-8 name."""
    import io
    import sys

    from bpviewer.core import verify

    monkeypatch.setattr(verify, "compare", lambda spec, n: (n, {"loss": 0.0}))
    network = tmp_path / "网络.json"
    network.write_text(json.dumps(presets.load("mazur").to_dict()), encoding="utf-8")
    odd = os.fsdecode(os.fsencode(str(tmp_path)) + b"/n\xffe.json")
    with open(os.fsencode(odd), "wb") as fh:
        fh.write(network.read_bytes())
    chinese = "网络.json" if encoding == "utf-8" else "\\u7f51\\u7edc.json"
    verify_argv = ["verify", "--iterations", "1", "--network"]
    for argv, words in [(["presets"], "mazur  "), ([*verify_argv, str(network)], f"{chinese}: 1 iterations"),
                        ([*verify_argv, odd], "n\\udcffe.json: 1 iterations")]:
        out = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding=encoding))
        assert main(argv) == 0, argv
        sys.stdout.flush()
        assert words in out.getvalue().decode(encoding), (argv, out.getvalue()[:300])


@pytest.mark.parametrize(("argv", "target", "words"), [
    (["torch-script", "--network", "{net}", "--out", "{net}"], "net.json",
     "--out: the same file as --network"),
    (["torch-script", "--preset", "mazur", "--weights", "{dir}/w.pth", "--out", "{dir}/w.pth"], "w.pth",
     "--out: the same file as --weights"),
    (["shot", "--network", "{net}", "--out", "{dir}/x.png", "--labels", "{dir}/./link.json"], "link.json",
     "--labels: the same file as --network"),
    (["shot", "--preset", "mazur", "--out", "{dir}/x.png", "--text", "{dir}/x.png"], "x.png",
     "--text: the same file as --out"),
])
def test_an_output_that_is_an_input_or_another_output_is_refused_first(tmp_path, capsys, monkeypatch,
                                                                      argv, target, words) -> None:
    """`torch-script --network n.json --out n.json` replaced the network with the script;
    `shot --out x.png --text x.png` the picture with its text (a symlink is the file it names)."""
    import bpviewer.qt.shot

    monkeypatch.setattr(bpviewer.qt.shot, "render", lambda *a: pytest.fail("rendered before refusing"))
    net = tmp_path / "net.json"
    net.write_text(mazur_text())
    (tmp_path / "link.json").symlink_to(net)
    (tmp_path / "x.png").write_bytes(b"picture")
    if "{dir}/w.pth" in argv:
        torch = pytest.importorskip("torch")
        torch.save({f"{layer}.{kind}": torch.zeros(2, 2) if kind == "weight" else torch.zeros(2)
                    for layer in (0, 1) for kind in ("weight", "bias")}, tmp_path / "w.pth")
    def files() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.is_symlink()}

    before = files()
    argv = [a.replace("{net}", str(net)).replace("{dir}", str(tmp_path)) for a in argv]
    assert refused(capsys, argv) == f"bpviewer: {tmp_path / target}: {words}; refusing to replace it"
    assert files() == before
