"""`bpviewer exercises`: files per variant, PDFs through Qt, bad options in one line."""

from __future__ import annotations

import html
import re

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


#: English words a Chinese sheet keeps: names of the network's parts, its settings' values
#: and the formulas' symbols
KEPT = {"Mazur", "Softmax", "net", "out", "exp", "log", "target", "softmax", "sigmoid", "sgd",
        "half", "sse", "cross", "entropy"}


def test_chinese_sheets_and_keys_carry_the_same_numbers(tmp_path) -> None:
    for lang in ("en", "zh_CN"):
        for preset in ("mazur", "softmax-3class"):
            assert main(["exercises", "--preset", preset, "--variants", "1", "--seed", "3",
                         "--out", str(tmp_path / lang / preset), "--lang", lang]) == 0
    for preset in ("mazur", "softmax-3class"):
        en, zh = ((tmp_path / lang / preset / "key-1.html").read_text(encoding="utf-8")
                  for lang in ("en", "zh_CN"))
        assert re.findall(r'data-value="([^"]+)"', en) == re.findall(r'data-value="([^"]+)"', zh)
        assert re.findall(r"<b>([^<]+)</b>", en) == re.findall(r"<b>([^<]+)</b>", zh)
        for kind in ("sheet", "key"):
            page = (tmp_path / "zh_CN" / preset / f"{kind}-1.html").read_text(encoding="utf-8")
            body = re.sub(r"<svg.*?</svg>|<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
            words = set(re.findall(r"[A-Za-z]{2,}", html.unescape(body))) - KEPT - {"DOCTYPE", "html"}
            assert words == set(), (preset, kind)
            assert "反向传播" in page and ("练习" if kind == "sheet" else "答案") in page
