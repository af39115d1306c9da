"""Lesson files: validation and what each slide does to the Session."""

from __future__ import annotations

import pytest

from bpviewer.core import lesson, presets
from bpviewer.core.errors import SpecError
from bpviewer.core.session import Session


def test_shipped_lesson_walks_the_course() -> None:
    course = lesson.shipped()
    s = Session(presets.load("mazur"))
    slide = course.next(s)
    assert slide.title == "The network" and s.iteration == 0
    for _ in range(4):
        slide = course.next(s)
    assert slide.title == "Chain rule for w5" and s.step.title == "∂E/∂w5"
    slide = course.next(s)
    assert "w1" in s.step.title or "δ of h1" in s.step.title
    while course.index < 7:
        slide = course.next(s)
    assert s.iteration == 10000 and s.history[10000].loss == pytest.approx(2.4483376e-06, rel=1e-7)
    slide = course.next(s)
    assert s.spec.name == presets.load("xor").name and s.iteration == 3000
    course.previous(s)
    assert s.spec.name == presets.load("mazur").name


def test_a_slide_naming_a_plot_raises_the_plots_dock() -> None:
    raw = {"format": lesson.FORMAT, "slides": [{"preset": "mazur", "plot": "log loss"}]}
    slide = lesson.parse(raw).slides[0]
    assert (slide.dock, slide.plot) == ("plots", "log loss")


@pytest.mark.parametrize(("raw", "field"), [
    ({"format": "x"}, "format"),
    ({"format": lesson.FORMAT, "slides": []}, "slides"),
    ({"format": lesson.FORMAT, "slides": [{"notes": "no preset"}]}, "slides[0].preset"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "nope"}]}, "slides[0].preset"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "mazur", "goto": [1]}]}, "slides[0].goto"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "mazur", "speed": 1}]}, "slides[0].speed"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "mazur", "dock": "plot"}]}, "slides[0].dock"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "mazur", "plot": "losses"}]}, "slides[0].plot"),
    ({"format": lesson.FORMAT, "slides": [{"preset": "mazur", "plot": "loss", "dock": "tables"}]},
     "slides[0].plot"),
])
def test_bad_lessons_name_the_field(raw, field) -> None:
    with pytest.raises(SpecError) as err:
        lesson.parse(raw)
    assert err.value.field == field


NUMBER = r"\d+\.\d+(?:e[-−]?\d+)?"  # the notes' results


def test_the_shipped_lesson_speaks_chinese_with_the_same_numbers() -> None:
    import re

    from bpviewer.core import texts

    course = lesson.shipped()
    texts.set_language(texts.CHINESE)
    assert re.search(r"[\u4e00-\u9fff]", course.shown_title)
    for slide in course.slides:
        assert re.search(r"[\u4e00-\u9fff]", slide.shown_notes), slide.title
        assert re.search(r"[\u4e00-\u9fff]", slide.shown_title), slide.title
        assert set(re.findall(NUMBER, slide.shown_notes)) == set(re.findall(NUMBER, slide.notes)), slide.title
    texts.set_language(texts.ENGLISH)
    assert [s.shown_notes for s in course.slides] == [s.notes for s in course.slides]


def test_a_lesson_without_chinese_shows_its_english_and_bad_translations_are_refused() -> None:
    from bpviewer.core import texts

    raw = {"format": lesson.FORMAT, "title": "Mine", "slides": [{"preset": "mazur", "notes": "one"}]}
    texts.set_language(texts.CHINESE)
    parsed = lesson.parse(raw)
    assert (parsed.shown_title, parsed.slides[0].shown_notes) == ("Mine", "one")
    raw["slides"][0]["notes_zh_CN"] = ["x"]
    with pytest.raises(SpecError, match=r"slides\[0\]\.notes_zh_CN"):
        lesson.parse(raw)
    raw["slides"][0]["notes_fr"] = "un"
    with pytest.raises(SpecError, match=r"slides\[0\]\.notes_fr: 未知的键"):  # errors speak Chinese too
        lesson.parse(raw)


@pytest.mark.parametrize(("slide", "line"), [
    ({"preset": "mazur", "granularity": "neurons"},
     "slides[0].granularity: expected one of neuron, layer, phase"),
    ({"preset": "mazur", "dock": "plot"}, "slides[0].dock: expected one of tables, plots, decision map"),
])
def test_a_bad_choice_lists_the_choices(slide: dict, line: str) -> None:
    with pytest.raises(SpecError) as err:
        lesson.parse({"format": lesson.FORMAT, "slides": [slide]})
    assert str(err.value) == line


def test_the_course_names_values_as_the_graph_does() -> None:
    """"out_o1", "δ_o2" and "b1" in the notes beside the graph's "outₒ₁"-style subscripts and
    "b₁,₁" (the mazur preset trains one bias per neuron: "b1" was the article's shared bias)."""
    import re

    from bpviewer.core import texts

    course = lesson.shipped()
    for language in (texts.ENGLISH, texts.CHINESE):
        texts.set_language(language)
        for slide in course.slides:
            assert not re.search(r"\w_\w", slide.shown_notes), slide.title
            assert not re.search(r"\bb\d\b", slide.shown_notes), slide.title
    texts.set_language(texts.ENGLISH)
