"""Core's texts: every template core translates has a Chinese entry with the same fields,
the fields stay out of the translation, and the language switch reaches step titles,
the status line, lessons, practice and exercise keys."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bpviewer.core import presets, texts
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError

CORE = Path(texts.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
#: entries whose Chinese has no Chinese word (names, symbols, punctuation only)
SAME = {"f′(net)", "{path}: {problem}", "{field}: {problem}"}


def calls() -> list[tuple[str, ast.expr]]:
    """(where, first argument) of every tr()/N_() call in core."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "N_") and node.args:
                found.append((f"{path.name}:{node.lineno}", node.args[0]))
    return found


def templates() -> dict[str, str]:
    """Every literal template core translates -> where it is."""
    return {arg.value: where for where, arg in reversed(calls())
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}


def shipped_texts() -> set[str]:
    """The shipped presets' names and descriptions, shown translated."""
    return {t for name in presets.names() for t in (presets.load(name).name, presets.load(name).description)}


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def test_every_template_has_a_chinese_entry_with_the_same_fields() -> None:
    zh = texts.catalogue(texts.CHINESE)
    wanted = set(templates()) | shipped_texts()
    missing = sorted(t for t in wanted if t not in zh)
    assert missing == [], "\n".join(missing)
    differ = [t for t in wanted if fields(t) != fields(zh[t])]
    assert differ == []
    untranslated = [t for t in wanted if not CJK.search(zh[t]) and t not in SAME]
    assert untranslated == []
    assert sorted(set(zh) - wanted) == [], "entries nothing uses"


def test_fields_stay_out_of_the_text() -> None:
    """tr() gets a literal template, never an f-string or a sum (the numbers would be
    looked up in the catalogue)."""
    assert [where for where, arg in calls() if isinstance(arg, (ast.JoinedStr, ast.BinOp))] == []


@pytest.fixture
def chinese():
    texts.set_language(texts.CHINESE)
    yield
    texts.set_language(texts.ENGLISH)


def test_tr_fills_fields_after_translating(chinese) -> None:
    assert texts.tr("δ of {name}", name="h₁") == "h₁ 的 δ"
    assert texts.tr("iteration {k}", k=12) == "迭代 12"
    assert texts.tr("not in the catalogue {x}", x=1) == "not in the catalogue 1"
    assert texts.tr("") == ""  # the catalogue holds no empty template
    texts.set_language("fr")
    assert texts.language() == texts.ENGLISH and texts.tr("δ of {name}", name="h1") == "δ of h1"


def test_every_error_a_user_reads_is_translated() -> None:
    """SpecError's problem is a tr() call everywhere in core but from_torch (a Python API
    whose messages go to the programmer's traceback)."""
    bad = []
    for path in sorted(CORE.rglob("*.py")):
        if path.name == "from_torch.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("SpecError", "fail")
                    and len(node.args) >= 2 and isinstance(node.args[1], (ast.Constant, ast.JoinedStr))):
                bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


def test_a_bad_file_is_explained_in_chinese(tmp_path, chinese) -> None:
    from bpviewer.core import spec
    from bpviewer.core.errors import SpecError

    path = tmp_path / "net.json"
    path.write_text('{"format": "bpviewer-network/1", "layers": [2, 1], "activations": ["sigmoid"], '
                    '"loss": "mse", "init": {"scheme": "xavier_uniform"}}', encoding="utf-8")
    with pytest.raises(SpecError, match="data: 缺失$"):
        spec.load(path)
    texts.set_language(texts.ENGLISH)
    with pytest.raises(SpecError, match="data: missing$"):
        spec.load(path)


def test_a_text_without_fields_keeps_its_braces() -> None:
    """A network's own name goes through tr (exercises' titles): braces in it are text, not
    fields; a template's doubled braces show single."""
    assert texts.tr("net {a} } {") == "net {a} } {" and texts.tr("") == ""
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict({"format": "bpviewer-network/1", "layers": [1, 1], "activations": ["identity"],
                            "loss": "mse", "init": 5, "data": {"inputs": [[1.0]], "targets": [[1.0]]}})
    assert str(err.value) == 'init: expected an object like {"scheme": "xavier_uniform", "seed": 0}'
