"""tools/label_sweep.py's checks on a representative subset of its renders: `bpviewer shot
--labels` of a preset at a lesson's moment, in a language, at a classroom size, shows every
label the step is about (every label, in a small network), none overlapping, none under
11 px, and a chain panel that does not scroll. The full sweep stays a script (minutes)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bpviewer.core import presets
from bpviewer.core.params import display_name
from bpviewer.core.session import Session
from bpviewer.qt.shot import render

_SPEC = importlib.util.spec_from_file_location(
    "label_sweep", Path(__file__).parents[2] / "tools" / "label_sweep.py")
sweep = sys.modules.setdefault("label_sweep", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(sweep)

CASES = [
    ("xor", "gradient", "en", (1024, 768)),
    ("xor", "done", "zh_CN", (1024, 768)),
    ("mazur", "update", "zh_CN", (1024, 768)),
    ("mazur", "delta", "en", (1280, 800)),
    ("softmax-3class", "start", "en", (1024, 768)),
    ("regression-losses", "done", "zh_CN", (1280, 800)),
    ("circles", "forward", "en", (1024, 768)),  # h2_4 reads eight weights: all labelled
    ("circles", "done", "zh_CN", (1024, 768)),
    ("circles", "gradient", "en", (1024, 768)),  # ∂E/∂w9 reads eight weights (w37 was hidden)
    ("circles", "delta", "zh_CN", (1024, 768)),  # δ of a hidden neuron (w33 was hidden)
    # 16 neurons a layer: the column fits the view (it scrolled the δ's reads away)
    ("spiral", "delta", "en", (1024, 768)),
    # net of h2,8 reads 16 weights: 5–11 found no room between the columns
    ("spiral", "forward", "en", (1024, 768)),
    ("overfitting", "forward", "zh_CN", (1280, 800)),
    # h₂,₈'s card took the place right of h₂,₇'s empty one: b₂,₇ was a value alone
    ("overfitting", "forward", "en", (1024, 768)),
    # ∂E/∂w17 reads the 16 weights out of h1,9 (the one into h2,8 met w17's own label)
    ("phone-price-mini", "gradient", "zh_CN", (1024, 768)),
    # a maximized window on a 1024×768 projector (its title bar, a desktop panel): xor's
    # graph scrolled both ways, i1 and i2 off the view (w11 found no room at the least text)
    ("xor", "update", "en", (1024, 700)),
    ("xor", "gradient", "zh_CN", (1024, 700)),
    # ... and phone-price-mini's four outputs stood 9–12 px taller than the view, which
    # scrolled: the top rows' read weights off the view, and the scroll bar's width taken
    # from the room for b₂'s names (11 values alone at the end of an iteration)
    ("phone-price-mini", "forward", "en", (1024, 700)),
    ("phone-price-mini", "done", "zh_CN", (1024, 700)),
]


@pytest.mark.parametrize(("preset", "moment", "language", "size"), CASES)
def test_a_lesson_moment_shows_its_labels(tmp_path, preset, moment, language, size):
    """xor at 1024×768 (both languages): w9's label covered the w9/w10 crossing at every
    step (the crossing check is the sweep's since stop 19); at 1024×700 w2's covered the
    w2/w5 crossing (a layout off it was found only after ~23,000 spots of the search)."""
    spec = presets.load(preset)
    iterations, steps = sweep.moments(spec)[moment]
    out = tmp_path / "labels.json"
    render(spec, iterations, steps, size, tmp_path / "shot.png", None, out, language)
    report = json.loads(out.read_text())
    found = sweep.problems(report, max(spec.layers) <= sweep.SMALL_LAYER)
    assert found == []


@pytest.mark.parametrize(("preset", "moment", "language", "size"), [
    ("softmax-3class", "start", "en", (1280, 800)), ("softmax-3class", "start", "zh_CN", (1280, 800)),
    ("softmax-3class", "delta", "zh_CN", (1280, 800)), ("xor", "gradient", "en", (1024, 768))])
def test_no_weight_label_reads_as_another_edge_of_its_fan(tmp_path, preset, moment, language, size):
    """softmax-3class at 1280×800: w6's label by i3 lay on w3's edge, w8's by o3 on w7's
    (English), w4's by i1 on w1's thick edge at every step (Chinese), each where another
    edge of its fan ran through it nearer its middle than its own; xor at 1024×768 (the
    least text): w9's by h₂,₁ on w8's thick edge, at every step."""
    spec = presets.load(preset)
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec)[moment], size, tmp_path / "shot.png", None, out, language)
    report = json.loads(out.read_text())
    assert sweep.misread(report) == []
    assert sweep.problems(report, small=True) == []


def test_a_wide_steps_read_weights_sit_one_a_row_beside_their_cards(tmp_path):
    """spiral at 1024×768, net and out of h2,8: each of the 16 weights read sits in its
    source's row, right of the source's card (out, then the weight it is multiplied
    by: the panel's sum term by term); no two in a row."""
    spec = presets.load("spiral")
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec)["forward"], (1024, 768), tmp_path / "shot.png", None, out)
    labels = json.loads(out.read_text())["labels"]
    session = Session(spec)
    reads = [x for x in labels if x["kind"] == "weight" and x["focus"]]
    assert len(reads) == 16
    refs = {r.name: r for r in session.params.refs}
    for x in reads:
        ref = refs[x["param"]]
        name = display_name(session.neuron_label(ref.layer - 1, ref.source))
        at = labels.index(next(lab for lab in labels if lab["text"] == name))
        card = labels[at + 1]["rect"]  # a neuron's name, then its card
        assert x["visible"] and abs(x["rect"][1] + x["rect"][3] / 2 - (card[1] + card[3] / 2)) <= 1, x
        assert card[0] + card[2] <= x["rect"][0] <= card[0] + card[2] + 30, (x, card)


def test_the_checks_can_fail():
    """Each check finds what it is about in a made-up report."""
    label = {"text": "w1 0.5", "kind": "weight", "param": "w1", "focus": True,
             "rect": [10, 10, 50, 20], "visible": True, "px": 11.0}
    report = {"chain_scroll": 3, "chain_px": 9.0, "view": [0, 0, 400, 300], "labels": [
        label, {**label, "param": "w2", "rect": [30, 15, 50, 20]},
        {**label, "param": "w3", "visible": False}, {**label, "param": "w4", "px": 9.0,
                                                    "rect": [200, 10, 50, 20]},
        {**label, "text": "0.5", "kind": "bias", "param": "b1_1", "rect": [300, 10, 30, 20]}]}
    report["labels"].append({**label, "param": "w5", "rect": [380, 290, 50, 20], "visible": False,
                             "drawn": True})
    report["labels"].append({**label, "param": "w6", "rect": [100, 100, 40, 20]})
    report["edges"] = [{"param": "w6", "line": [90, 90, 150, 130]},
                       {"param": "w7", "line": [90, 130, 150, 90]}, {"param": "w1", "line": [0, 0, 10, 10]}]
    # a fan out of (200, 200): w8's label on w9's edge, its own below its middle
    report["labels"].append({**label, "param": "w8", "rect": [210, 190, 40, 20]})
    report["edges"] += [{"param": "w8", "line": [200, 200, 300, 250]},
                        {"param": "w9", "line": [200, 200, 300, 200]}]
    report["circles"] = [{"name": "o1", "rect": [385, 100, 30, 30], "drawn": True, "visible": False},
                         {"name": "o2", "rect": [385, 200, 30, 30], "drawn": False, "visible": False}]
    found = sweep.problems(report, small=True)
    assert any("cut circle 'o1'" in p for p in found)
    assert not any("circle 'o2'" in p for p in found)  # left undrawn
    assert any("crossing 'w6' covers w6/w7" in p for p in found)
    assert not any("crossing 'w1'" in p for p in found)
    assert not any("w8" in p for p in found)  # a fan's: listed apart
    assert sweep.misread(report) == ["label 'w8' lies on w9"]  # w7 crosses w6 off its middle
    assert any("cut focus weight 'w5'" in p for p in found)
    assert any("scrolls" in p for p in found)
    assert "chain panel text 9.0 px" in found
    assert any(p.startswith("overlap") for p in found)
    assert any("hidden focus weight 'w3'" in p for p in found)
    assert any("9.0 px" in p for p in found)
    assert any("unnamed bias 'b1_1'" in p for p in found)


def test_the_chain_panels_smallest_fit_keeps_its_text_at_11_px(tmp_path):
    """phone-price's phase step of backward at 1024×768 fits the panel only in its most
    compact layout at the least text (MIN_SCALE of the window's 12 pt: 11.2 px): the
    report says how small the formulas are drawn, and the sweep checks it (it checked the
    graph's text only)."""
    spec = presets.load("phone-price")
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec, "phase")["delta"], (1024, 768), tmp_path / "shot.png", None,
           out, "en", "phase")
    report = json.loads(out.read_text())
    assert report["chain_scroll"] == 0
    assert sweep.MIN_PX <= report["chain_px"] < 12
    assert not [p for p in sweep.problems(report, small=False) if p.startswith("chain")]


def test_the_sweep_lists_a_layer_whose_marked_biases_show_none():
    """A made-up report: the step marks b₁,₁, b₁,₂ (both hidden) and b₂,₁ (shown), and
    leaves b₃,₁ unmarked and hidden: layer 1 is listed apart, the others not."""
    bias = {"text": "b₁,₁ 0\n∂E/∂b₁,₁ 0.01", "kind": "bias", "focus": True, "visible": False,
            "rect": [0, 0, 10, 10]}
    report = {"labels": [{**bias, "param": "b1_1"}, {**bias, "param": "b1_2"},
                         {**bias, "param": "b2_1", "visible": True},
                         {**bias, "param": "b3_1", "focus": False},
                         {**bias, "kind": "weight", "param": "w1"}]}
    assert sweep.unshown_biases(report) == ["b1: 0 of 2"]


def test_a_scrolled_view_cuts_no_label_of_the_step_at_its_edge(tmp_path):
    """phone-price at 1024×768, the update of layer 2: the view scrolls to the step, and
    its top and bottom edges cut a b₂ label in half (its lower line, "→ −0.001000", read
    as the row's); a label of the step the edge would cut is not drawn (the card under it
    shows again). Its b₂ labels, placed first, two rows each, took the rows beside the
    column: 9 biases and 5 of W2's weights; each keeps a label's height free above and
    below it for the weights (6 of them, each between h₁'s and h₂'s columns: 3 more stood
    past h₂'s dots over its cards, in the next gap, until stop 22)."""
    out = tmp_path / "labels.json"
    spec = presets.load("phone-price")
    render(spec, *sweep.moments(spec)["update"], (1024, 768), tmp_path / "shot.png", None, out)
    report = json.loads(out.read_text())
    assert [p for p in sweep.problems(report, small=False) if p.startswith("cut")] == []
    layer = {r.name: r.layer for r in Session(spec).params.refs}
    shown = [x for x in report["labels"] if x["visible"] and x["focus"] and x["param"]]
    assert len([x for x in shown if x["kind"] == "bias" and layer[x["param"]] == 2]) >= 3
    assert len([x for x in shown if x["kind"] == "weight" and layer[x["param"]] == 2]) >= 6


@pytest.mark.parametrize(("preset", "weight"), [("spiral", "w170"), ("phone-price-mini", "w179")])
def test_an_updates_label_leaves_the_cards_off_the_step_shown(tmp_path, preset, weight):
    """At 1024×768 an update's label in a 16-wide layer ("w170 0.007476 → 0.017476", 91
    px wide) took the place of 2–3 cards beside its edge's source, which hid under it
    (spiral: h₁,₉–h₁,₁₁'s; h₁'s cards and h₂'s dots are 87 px apart): it puts its name on
    a line of its own ("w170", "0.007476", "→ 0.017476") where that keeps it off them."""
    spec = presets.load(preset)
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec)["update"], (1024, 768), tmp_path / "shot.png", None, out)
    report = json.loads(out.read_text())
    assert [p for p in sweep.problems(report, small=False) if not p.startswith("unnamed")] == []
    cards = [x for x in report["labels"] if x["kind"] == "neuron" and x["text"].startswith("out")]
    assert len(cards) == sum(spec.layers[1:-1])  # the hidden layers' one-line cards
    assert [x["text"] for x in cards if not x["visible"]] == []
    label = next(x for x in report["labels"] if x["param"] == weight and x["visible"])
    assert label["text"].splitlines()[0] == display_name(weight)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_gradients_label_in_a_wide_layer_stays_on_its_edge_off_the_cards(tmp_path, language):
    """phone-price-mini at 1024×768, ∂E/∂w17 (i1 → h₁,₉): its two-line label found no room
    clear of the cards between i and h₁ (~45 px), and stood right of h₁,₆–₇ on a leader,
    over their cards (hidden under it, so it read as theirs); four lines ("w17",
    "0.153519", "∂E/∂w17", "−0.014469") fit on its own edge between the columns. In
    Chinese i₁'s value stands a little taller: the four lines a quarter of their height
    lower than on the edge came 1 scene unit into it, and the label went back over the
    cards (eighths now)."""
    spec = presets.load("phone-price-mini")
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec)["gradient"], (1024, 768), tmp_path / "shot.png", None, out, language)
    report = json.loads(out.read_text())
    assert sweep.problems(report, small=False) == []
    cards = [x for x in report["labels"] if x["kind"] == "neuron" and x["text"].startswith("out")]
    assert len(cards) == 15 and all(x["visible"] for x in cards)  # h₁'s but h₁,₉ (its δ)
    label = next(x for x in report["labels"] if x["param"] == "w17")
    assert label["visible"] and label["text"].splitlines()[0] == "w17"
    circles = {c["name"]: c["rect"] for c in report["circles"]}
    x, _, w, _ = label["rect"]
    assert circles["i1"][0] < x and x + w <= circles["h₁,₉"][0] + 1  # between its edge's ends


@pytest.mark.parametrize("preset", ["spiral", "phone-price-mini"])
def test_a_layers_backward_step_shows_some_of_its_bias_gradients(tmp_path, preset):
    """At 1024×768, layer granularity, the backward step of a 16-wide first layer computes
    ∂E/∂W⁽¹⁾ and ∂E/∂b⁽¹⁾: its biases' two-line labels ("b₁,₁ 0", "∂E/∂b₁,₁ 0.015588",
    ~115 px) found no room left of their circles, and none of the 16 showed (4 at
    1280×800); three lines each fit where two do not."""
    spec = presets.load(preset)
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec, "layer")["gradient"], (1024, 768), tmp_path / "shot.png", None,
           out, "en", "layer")
    report = json.loads(out.read_text())
    assert [p for p in sweep.problems(report, small=False) if "focus" not in p] == []
    shown = [x for x in report["labels"] if x["kind"] == "bias" and x["focus"] and x["visible"]]
    assert len(shown) >= 2 and all(x["param"].startswith("b1_") for x in shown)


@pytest.mark.parametrize(("preset", "size"), [("overfitting", (1280, 800)), ("overfitting", (1024, 768)),
                                           ("phone-price-mini", (1280, 800)), ("phone-price", (1024, 768))])
def test_a_backward_phase_shows_some_bias_gradients_of_every_layer(tmp_path, preset, size):
    """The backward phase step computes every ∂E/∂b: a dense band left (next to) without
    labels by the biases placed first had the step place every band's weight labels first,
    then the biases, and the weights took the strips left of h₁'s dots: 0 of 16 ∂E/∂b₁
    (overfitting at both sizes, phone-price-mini at 1280×800; phone-price's 0 of 128 at
    1024×768). The retry keeps a few biases a layer before the weights."""
    spec = presets.load(preset)
    out = tmp_path / "labels.json"
    render(spec, 0, 3, size, tmp_path / "shot.png", None, out, "en", "phase")
    report = json.loads(out.read_text())
    assert sweep.unshown_biases(report) == []
    assert [p for p in sweep.problems(report, small=False) if p.startswith(("cut", "overlap"))] == []
    weights = [x for x in report["labels"] if x["kind"] == "weight" and x["visible"] and x["focus"]]
    assert weights  # the retry still labels weights


def test_a_compact_bias_beside_an_input_keeps_its_value(tmp_path):
    """circles at 1024×768 after iteration 3: b1_4–b1_6 would cover i1's and i2's values with
    their names, so they show the value alone rather than vanish."""
    out = tmp_path / "labels.json"
    render(presets.load("circles"), 3, 0, (1024, 768), tmp_path / "shot.png", None, out)
    biases = [lab for lab in json.loads(out.read_text())["labels"] if lab["kind"] == "bias"]
    assert len(biases) == 17 and all(lab["visible"] for lab in biases)
    assert {lab["param"]: lab["text"] for lab in biases}["b1_1"].startswith("b₁,₁ ")


def test_a_one_edge_network_labels_its_edge_on_it(tmp_path):
    """regression-losses (1-1) at 1024×768: at the largest scale w1's three-line slot met
    i1's value, so the label hung far below the edge on a leader; a slightly smaller
    scale puts its slot on the edge."""
    out = tmp_path / "labels.json"
    render(presets.load("regression-losses"), 0, 0, (1024, 768), tmp_path / "shot.png", None, out)
    labels = json.loads(out.read_text())["labels"]
    i1 = next(lab["rect"] for lab in labels if lab["text"] == "i1")
    x, y, w, h = next(lab["rect"] for lab in labels if lab["param"] == "w1")
    assert abs(y + h / 2 - (i1[1] + i1[3] / 2)) < h  # beside the edge, not a leader away


@pytest.mark.parametrize(("preset", "count", "size", "language"), [
    ("circles", 17, (1280, 800), "en"), ("spiral", 35, (1280, 800), "en"),
    ("circles", 17, (1024, 768), "en"), ("spiral", 35, (1024, 768), "en"),
    ("spiral", 35, (1024, 768), "zh_CN")])
def test_every_bias_of_a_compact_column_shows_named_where_room_allows(tmp_path, preset, count, size,
                                                                      language):
    """At 1280×800, the completed iteration: circles hid b₁,₄'s and b₁,₇'s values (3 px
    over i1's and i2's values; a little lower they show), and b₁,₃ and b₁,₆, beside the
    input circles, had no room for their names; spiral hid b₁,₅–₇ and b₁,₁₁–₁₃ there. The
    gap before a compact column holds its biases named, from the other gaps' spare (the
    text no smaller) and then the text's size, down to the least text. At 1024×768 circles
    gave all that room up for 29 of its 82 px short (b₁,₃, b₁,₆ values alone): now only
    what it is short of, the gaps after a compact column first. spiral at 1024×768 still
    hid b₁,₅–₇ and b₁,₁₁–₁₃ beside i1 and i2 (its loss terms beside the outputs took the
    width): below them, with the total E beside the last, the input gap keeps "b 0.01"."""
    out = tmp_path / "labels.json"
    spec = presets.load(preset)
    render(spec, *sweep.moments(spec)["done"], size, tmp_path / "shot.png", None, out, language)
    biases = {lab["param"]: lab for lab in json.loads(out.read_text())["labels"] if lab["kind"] == "bias"}
    assert len(biases) == count and all(lab["visible"] for lab in biases.values())
    assert not {p for p, lab in biases.items() if not lab["text"].startswith("b")}


@pytest.mark.parametrize("moment", ["start", "done"])
def test_a_compact_bias_short_of_room_for_its_name_reads_b(tmp_path, moment):
    """spiral in Chinese at 1024×768: at iteration 0 b₁,₆, b₁,₇ and b₁,₁₃ (beside the
    inputs' circles) read "0", and at the end of the iteration every layer-2 bias was a
    value alone (its name had no room between the out cards and the dots): a value with
    no name is not readable. Where the name has no room, "b 0.01" (its row's neuron says
    which, as the card's "out 0.96" does); where neither has, right of the neuron's card."""
    out = tmp_path / "labels.json"
    spec = presets.load("spiral")
    render(spec, *sweep.moments(spec)[moment], (1024, 768), tmp_path / "shot.png", None, out, "zh_CN")
    report = json.loads(out.read_text())
    shown = [lab for lab in report["labels"] if lab["kind"] == "bias" and lab["visible"]]
    bare = [lab["param"] for lab in shown if not lab["text"].startswith("b")]
    short = [lab["param"] for lab in shown if lab["text"].startswith("b ")]
    assert not bare, bare
    if moment == "start":  # every name has room since the loss terms went below the outputs
        assert len(shown) == 35
    else:  # b₂,₁ follows the widest card ("out −0.960767"): 5 px short of "b", right of its card
        assert short
        # a whole-suite run under load named 12–15 (stop 16): the shot kept a layout from a
        # size within SLACK the view passed through first; it lays out at its own size now
        b2 = {lab["param"] for lab in shown} & {f"b2_{j}" for j in range(1, 17)}
        assert len(b2) == 16, (sorted(b2), report["view"], report["window"])


@pytest.mark.parametrize(("preset", "size"), [("overfitting", (1280, 800)), ("spiral", (1024, 768))])
def test_a_layer_steps_weight_labels_stay_within_their_layers_columns(tmp_path, preset, size):
    """The update of layer 2 at layer granularity: w121, w137 and w168 (overfitting at
    1280×800), w121, w153, w168 (spiral at 1024×768) stood right of h₂'s dots, over h₂'s
    cards in the next gap, where they read as labels of h₂'s edges to the outputs: a
    layer step's labels were bounded by the whole scene, a read one's by its gap."""
    spec = presets.load(preset)
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec, "layer")["update"], size, tmp_path / "shot.png", None, out,
           granularity="layer")
    report = json.loads(out.read_text())
    layer = {r.name: r.layer for r in Session(spec).params.refs if r.kind == "weight"}
    circles = {c["name"]: c["rect"] for c in report["circles"]}

    def column(l: int) -> list[list[float]]:
        return [rect for name, rect in circles.items() if name.startswith(f"h{'₁₂'[l - 1]},")]

    shown = [x for x in report["labels"] if x["visible"] and x["kind"] == "weight" and x["focus"]]
    assert len(shown) >= 8
    for x in shown:
        assert layer[x["param"]] == 2, x
        left, right = min(r[0] for r in column(1)), max(r[0] + r[2] for r in column(2))
        assert left <= x["rect"][0] + x["rect"][2] / 2 <= right, (x, left, right)


def test_a_compact_bias_keeps_a_gap_from_the_card_before_it(tmp_path):
    """spiral in Chinese at 1024×768, the completed iteration: layer 2's bias values sat
    flush (1 px) against layer 1's out cards in the same row and read as part of them."""
    out = tmp_path / "labels.json"
    spec = presets.load("spiral")
    render(spec, *sweep.moments(spec)["done"], (1024, 768), tmp_path / "shot.png", None, out, "zh_CN")
    labels = [lab for lab in json.loads(out.read_text())["labels"] if lab["visible"]]
    cards = [lab["rect"] for lab in labels if lab["kind"] == "neuron" and lab["text"].startswith("out")]
    gaps = []
    for bias in (lab for lab in labels if lab["kind"] == "bias"):
        x, y, _, h = bias["rect"]
        before = [c[0] + c[2] for c in cards if c[0] + c[2] <= x + 1 and abs(c[1] - y) < h / 2]
        gaps += [x - max(before)] if before else []
    assert len(gaps) >= 14 and min(gaps) >= 6, gaps


def test_a_layer_step_labels_its_weights_before_its_biases(tmp_path):
    """phone-price at 1024×768, the forward step of layer 2 (layer granularity): the 256
    biases it reads took the narrow h₁ → h₂ gap first and no W2 weight was labelled; a
    layer's step placed its weights' labels first (20 of W2's, each in its source's row,
    and no bias); now its biases keep a row free above and below them (10 and 10)."""
    out = tmp_path / "labels.json"
    render(presets.load("phone-price"), 0, 2, (1024, 768), tmp_path / "shot.png", None, out, "en", "layer")
    session = Session(presets.load("phone-price"))
    layer = {r.name: r.layer for r in session.params.refs}
    labels = json.loads(out.read_text())["labels"]
    w2 = [x for x in labels if x["kind"] == "weight" and x["visible"] and layer[x["param"]] == 2]
    assert len(w2) >= 10
    assert sweep.problems({"chain_scroll": 0, "view": [0, 0, 0, 0],
                           "labels": [x for x in labels if x["visible"]]}, small=False) == []


def test_a_layer_step_keeps_its_biases_where_its_weights_find_room_too(tmp_path):
    """circles at 1024×768, iteration 3, the forward step of layer 2: placed first, its
    eight biases leave room for 15 of W2's labels; the weights' labels first took every
    place beside the dots (27 weights, no bias)."""
    out = tmp_path / "labels.json"
    render(presets.load("circles"), 3, 2, (1024, 768), tmp_path / "shot.png", None, out, "en", "layer")
    labels = [x for x in json.loads(out.read_text())["labels"] if x["visible"]]
    assert len([x for x in labels if x["kind"] == "bias" and x["focus"]]) == 8
    assert len([x for x in labels if x["kind"] == "weight"]) >= 10


@pytest.mark.parametrize("moment", ["gradient", "update", "done"])
def test_a_layer_steps_biases_stay_in_the_graph_and_off_the_cards(tmp_path, moment):
    """phone-price-mini at layer granularity, 1024×768: the backward of layer 1 drew b₁,₂'s
    and b₁,₉'s two-line labels past the view's left edge (cut); the update of layer 2's
    b₂,₁₂ covered h₁,₁₂'s card by 3 px; at the update of layer 3, b₂,₁₂, crowded out of
    its row's strip, slid right past the step's labels and o3's card to sit beside o3's
    target, where it read as the output's."""
    spec = presets.load("phone-price-mini")
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec, "layer")[moment], (1024, 768), tmp_path / "shot.png", None, out,
           "en", "layer")
    report = json.loads(out.read_text())
    assert [p for p in sweep.problems(report, small=False) if p.startswith(("cut", "overlap"))] == []
    outputs = min(x["rect"][0] for x in report["labels"] if x["kind"] == "neuron"
                  and x["text"][:1] == "o" and x["text"][1:].isdigit())
    far = [x["param"] for x in report["labels"] if x["kind"] == "bias" and x["visible"]
           and x["param"].startswith("b2") and x["rect"][0] + x["rect"][2] > outputs]
    assert far == []


def test_a_short_bias_right_of_its_card_leaves_the_next_columns_bias_its_place(tmp_path):
    """phone-price-mini at 1024×768, the end of an iteration at layer granularity: b₁,₁₂,
    its place left of h₁,₁₂'s dot taken by i2, stood right of h₁,₁₂'s card as "b 0.010000"
    — in layer 2's bias column, where it read as b₂,₁₂'s (−0.01), which was hidden. Now
    b₁,₁₂ is not shown there; nor are b₂,₁₂ and b₂,₇, which have room for neither
    "b₂,₁₂ −0.01" nor "b −0.01" after the widest cards (h₁,₇'s "out −0.055116"): they
    showed "−0.010000" alone, which read as the card's."""
    spec = presets.load("phone-price-mini")
    out = tmp_path / "labels.json"
    render(spec, *sweep.moments(spec, "layer")["done"], (1024, 768), tmp_path / "shot.png", None, out,
           "en", "layer")
    labels = json.loads(out.read_text())["labels"]
    biases = {x["param"]: x for x in labels if x["kind"] == "bias"}
    dots = {x["text"]: x["rect"] for x in labels if x["kind"] == "neuron"}
    assert not [p for p, x in biases.items() if x["visible"] and not x["text"].startswith("b")]
    assert sum(x["visible"] for p, x in biases.items() if p.startswith("b2_")) == 14
    assert not (biases["b1_12"]["visible"] and biases["b1_12"]["rect"][0] > dots["h₁,₁₂"][0])
