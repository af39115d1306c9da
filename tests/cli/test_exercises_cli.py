"""`bpviewer exercises`: files per variant, PDFs through Qt, bad options in one line."""

from __future__ import annotations

import pytest

from bpviewer.cli import main


def test_exercises_with_pdf(tmp_path) -> None:
    out = tmp_path / "sheets"
    assert main(["exercises", "--preset", "mazur", "--variants", "2", "--out", str(out), "--seed", "4",
                 "--pdf"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{kind}-{k}.{ext}" for k in (1, 2) for kind, ext in
                           [("sheet", "html"), ("key", "html"), ("sheet", "pdf"), ("key", "pdf"),
                            ("network", "json")])
    assert (out / "key-1.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "words"), [
    (["--preset", "mazur", "--variants", "0"], ["--variants", "≥ 1"]),
    (["--preset", "mazur", "--variants", "x"], ["--variants", "whole number"]),
    (["--preset", "nope", "--variants", "1"], ["nope"]),
    (["--preset", "phone-price", "--variants", "1"], ["phone-price", "at most 60"]),
    (["--variants", "1"], ["--preset"]),
])
def test_bad_options_exit_2_with_one_line(tmp_path, capsys, args, words) -> None:
    assert main(["exercises", *args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and all(w in err for w in words), err
    assert not (tmp_path / "o").exists()
