"""Render every preset at the steps a lesson shows, in both languages and both classroom
sizes, through `bpviewer shot --labels`, and check the graph's labels from the JSON:

- every label the step computes or reads is visible;
- in a network whose layers have at most 4 neurons, every label is visible (parameters,
  cards, loss terms: nothing hidden, nothing outside the view);
- no text drawn is cut by the view's edge (a scrolled column: a row's name, card or
  bias, a step's label), wholly in view or not drawn; nor is a neuron's circle;
- no two visible labels overlap; the chain panel does not scroll;
- no weight label of a small layer covers a crossing of its edge with another (it reads
  as the other edge's);
- no visible text is drawn under 11 px, on the graph or in the chain panel's formulas;
- no bias shows its value without a name ("b₁,₁ 0.01", or "b 0.01" beside its neuron).

Also listed, apart ("misread": the layout avoids them as it can, graph_layout.misread,
but may keep one where nothing better fits): a weight label of a small layer that another
edge of its fan (meeting its edge at a neuron) runs through nearer its middle than its own
edge, where a spot on its own edge off every other edge is free; and ("no marked bias
shown") a layer whose biases the step marks with none of them visible.

    python tools/label_sweep.py [--out DIR] [--preset NAME ...] [--lang en ...] [--size WxH ...]

writes DIR/<case>.png and .json and prints one line per problem, per misread label and
per layer with no marked bias shown, then the counts; exit 1 if any problem.
tests/qt/test_label_sweep.py runs the same checks on a representative subset.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MIN_PX = 11.0
SIZES = ((1280, 800), (1024, 768))
LANGUAGES = ("en", "zh_CN")
SMALL_LAYER = 4


@dataclass(frozen=True)
class Case:
    preset: str
    moment: str  # start | forward | gradient | delta | update | done
    iterations: int
    steps: int
    language: str
    size: tuple[int, int]
    granularity: str | None = None

    @property
    def name(self) -> str:
        g = f"-{self.granularity}" if self.granularity else ""
        return f"{self.preset}-{self.moment}{g}-{self.language}-{self.size[0]}x{self.size[1]}"


def _middle(items: list[int]) -> int | None:
    return items[len(items) // 2] if items else None


def moments(spec, granularity: str | None = None) -> dict[str, tuple[int, int]]:
    """(iterations, steps) for `shot` at: iteration 0; the forward step of the last hidden
    layer's middle neuron; a first-layer weight's gradient; the δ of a hidden neuron; an
    update; the completed iteration."""
    from bpviewer.core.session import Session

    s = Session(spec)
    if granularity is not None:
        s.set_granularity(granularity)
    s.next_step()
    steps = s.steps
    layers = spec.layers
    hidden = max(len(layers) - 2, 1)
    weights = {r.index for r in s.params.refs if r.kind == "weight" and r.layer == 1}

    def where(phase: str, keep=lambda key: True) -> list[int]:
        return [i for i, st in enumerate(steps) if st.phase == phase and any(map(keep, st.focus))]

    target = ("neuron", hidden, (layers[hidden] + 1) // 2)
    forward = where("forward", lambda k: k == target) or where("forward", lambda k: k[:2] == target[:2])
    gradient = (where("backward", lambda k: k[0] == "param" and k[1] in weights and len(layers) > 2)
                or where("backward", lambda k: k[0] == "param"))
    delta = where("backward", lambda k: k[0] == "neuron" and 0 < k[1] < len(layers) - 1) \
        or where("backward", lambda k: k[0] == "neuron")
    picks = {"start": (0, 0)}
    for moment, found in (("forward", forward or where("forward")), ("gradient", gradient),
                          ("delta", delta), ("update", where("update"))):
        i = _middle(found)
        if i is not None:
            picks[moment] = (0, i + 1)
    picks["done"] = (1, 0)
    return picks


def all_cases(presets: list[str], languages, sizes, granularities=(None,)) -> Iterator[Case]:
    from bpviewer.core import presets as shipped

    for name in presets:
        spec = shipped.load(name)
        for granularity in granularities:
            for moment, (it, k) in moments(spec, granularity).items():
                for language in languages:
                    for size in sizes:
                        yield Case(name, moment, it, k, language, size, granularity)


def _overlap(a: list[float], b: list[float]) -> bool:
    """More than a pixel of overlap each way (window rectangles are rounded to pixels)."""
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 1
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 1)


def _outside(rect: list[float], view: list[float]) -> bool:
    """Not wholly inside the view: scrolled away (a tall column) rather than hidden."""
    x, y, w, h = rect
    return x < view[0] - 1 or y < view[1] - 1 or x + w > view[0] + view[2] + 1 \
        or y + h > view[1] + view[3] + 1


def _crossing(a: list[float], b: list[float]) -> tuple[float, float] | None:
    """Where two edges cross, not where they meet at an end (a neuron's fan)."""
    (x1, y1, x2, y2), (x3, y3, x4, y4) = a, b
    d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if d == 0:
        return None
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d
    if not (0 <= t <= 1 and 0 <= u <= 1):
        return None
    p = (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
    if any(abs(p[0] - x) + abs(p[1] - y) < 1 for x, y in ((x1, y1), (x2, y2), (x3, y3), (x4, y4))):
        return None
    return p


def crossings_covered(report: dict) -> list[str]:
    """The visible weight labels that cover a crossing of their own edge with another
    (a label there reads as the other edge's), from the report's small layers' edges."""
    lines = {e["param"]: e["line"] for e in report.get("edges", [])}
    found = []
    for x in report["labels"]:
        if not (x["visible"] and x["kind"] == "weight" and x["param"] in lines):
            continue
        left, top, w, h = x["rect"]
        for other, line in lines.items():
            p = _crossing(lines[x["param"]], line) if other != x["param"] else None
            if p and left + 1 < p[0] < left + w - 1 and top + 1 < p[1] < top + h - 1:
                found.append(f"crossing {x['param']!r} covers {x['param']}/{other}")
    return found


def _through(line: list[float], rect: list[float]) -> bool:
    """Whether the line runs through the rectangle (x, y, w, h) more than a pixel inside
    its edges (Liang–Barsky clipping, written here again: the sweep checks the layout with
    its own geometry, not graph_layout.crosses, which it checks)."""
    x0, y0, x1, y1 = line
    dx, dy = x1 - x0, y1 - y0
    left, top, right, bottom = rect[0] + 1, rect[1] + 1, rect[0] + rect[2] - 1, rect[1] + rect[3] - 1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def _distance(line: list[float], x: float, y: float) -> float:
    """How far the point is from the segment."""
    x0, y0, x1, y1 = line
    dx, dy = x1 - x0, y1 - y0
    t = min(max(((x - x0) * dx + (y - y0) * dy) / ((dx * dx + dy * dy) or 1.0), 0.0), 1.0)
    return ((x0 + t * dx - x) ** 2 + (y0 + t * dy - y) ** 2) ** 0.5


def _shared(a: list[float], b: list[float]) -> bool:
    """Whether two edges meet at an end (a neuron's fan)."""
    return any(abs(p[0] - q[0]) + abs(p[1] - q[1]) < 1 for p in (a[:2], a[2:]) for q in (b[:2], b[2:]))


def misread(report: dict) -> list[str]:
    """The visible weight labels that another edge of their fan (meeting theirs at an end,
    where `crossings_covered` sees no crossing) runs through nearer their middle than
    their own edge (it reads as that edge's: softmax-3class in Chinese at 1280×800, w4's
    label by i1 on w1's thick edge), where a label of that size centred on its own edge,
    in the view and clear of every other text and circle, has no other edge through it."""
    lines = {e["param"]: e["line"] for e in report.get("edges", [])}
    shown = [x for x in report["labels"] if x["visible"] and x["text"]]
    fixed = [x["rect"] for x in shown if not (x["kind"] == "weight" and x["param"] in lines)] \
        + [c["rect"] for c in report.get("circles", []) if c["drawn"]]
    view = report["view"]
    found = []
    for x in shown:
        if x["kind"] != "weight" or x["param"] not in lines:
            continue
        mine, (_, _, w, h) = lines[x["param"]], x["rect"]
        middle = (x["rect"][0] + w / 2, x["rect"][1] + h / 2)
        near = _distance(mine, *middle)
        under = [p for p, line in lines.items()
                 if p != x["param"] and _shared(mine, line) and _through(line, x["rect"])
                 and _distance(line, *middle) < near]
        if not under:
            continue
        for k in range(1, 40):
            cx, cy = mine[0] + (mine[2] - mine[0]) * k / 40, mine[1] + (mine[3] - mine[1]) * k / 40
            spot = [cx - w / 2, cy - h / 2, w, h]
            if not _outside(spot, view) and not any(_overlap(spot, r) for r in fixed) \
                    and not any(_through(line, spot) for p, line in lines.items() if p != x["param"]):
                found.append(f"label {x['param']!r} lies on {'/'.join(under)}")
                break
    return found


def problems(report: dict, small: bool) -> list[str]:
    """What is wrong with one `shot --labels` report; small: every layer has ≤ 4 neurons."""
    found = []
    if report["chain_scroll"]:
        found.append(f"chain panel scrolls by {report['chain_scroll']}")
    if report.get("chain_px") is not None and report["chain_px"] < MIN_PX - 0.01:
        found.append(f"chain panel text {report['chain_px']} px")
    labels = [x for x in report["labels"] if x["text"]]
    for x in labels:
        what = f"{x['kind']} {x['param'] or x['text'].splitlines()[0]!r}"
        if x.get("drawn") and not x["visible"] and _overlap(x["rect"], report["view"]):
            found.append(f"cut {'focus ' if x['focus'] else ''}{what}")  # drawn across the view's edge
        elif not x["visible"] and (x["focus"] or (small and x["kind"] != "other")):
            where = "off-screen" if _outside(x["rect"], report["view"]) else "hidden"
            found.append(f"{where} {'focus ' if x['focus'] else ''}{what}")
        if x["visible"] and x["kind"] == "bias" and not x["text"].startswith("b"):
            found.append(f"unnamed bias {x['param']!r} reads {x['text']!r}")
        if x["visible"] and x.get("px", MIN_PX) < MIN_PX - 0.01:
            found.append(f"{x['px']} px text: {what}")
    for c in report.get("circles", []):
        if c["drawn"] and not c["visible"] and _overlap(c["rect"], report["view"]):
            found.append(f"cut circle {c['name']!r}")
    shown = [x for x in labels if x["visible"]]
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            if _overlap(a["rect"], b["rect"]):
                found.append(f"overlap {a['text'].splitlines()[0]!r} / {b['text'].splitlines()[0]!r}")
    return found + crossings_covered(report)


def unshown_biases(report: dict) -> list[str]:
    """The layers whose biases the step marks, none of them visible ("b1: 0 of 16"): a wide
    layer's step may show a few of its biases (DENSE_CAP, rows kept for its weights), but
    a layer's backward step showing no ∂E/∂b at all reads as if it computed none
    (overfitting's backward phase: b₁ 0 of 16 at both sizes)."""
    marked: dict[str, list[int]] = {}
    for x in report["labels"]:
        if x["kind"] == "bias" and x["focus"] and x["param"]:
            count = marked.setdefault(x["param"].split("_")[0], [0, 0])
            count[0] += bool(x["visible"] and x["text"])
            count[1] += 1
    return [f"{layer}: 0 of {n}" for layer, (shown, n) in marked.items() if not shown]


def run(case: Case, out: Path) -> tuple[list[str], list[str], list[str]]:
    """Render one case to out/<name>.png and .json; its problems, and its misread labels
    and layers whose marked biases show none (listed apart)."""
    from bpviewer.core import presets as shipped
    from bpviewer.qt.shot import render

    spec = shipped.load(case.preset)
    json_path = out / f"{case.name}.json"
    render(spec, case.iterations, case.steps, case.size, out / f"{case.name}.png", None,
           json_path, case.language, case.granularity)
    report = json.loads(json_path.read_text())
    return problems(report, max(spec.layers) <= SMALL_LAYER), misread(report), unshown_biases(report)


def main(argv: list[str] | None = None) -> int:
    from bpviewer.core import presets as shipped

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--preset", nargs="*", default=None)
    parser.add_argument("--lang", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--size", nargs="*", default=[f"{w}x{h}" for w, h in SIZES])
    parser.add_argument("--granularity", nargs="*", default=[None])
    parser.add_argument("--moment", nargs="*", default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="label-sweep-"))
    out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.size]
    names = args.preset or shipped.names()
    total = cases = misreads = unshown = 0
    for case in all_cases(names, args.lang, sizes, args.granularity):
        if args.moment and case.moment not in args.moment:
            continue
        cases += 1
        found, wrong, none = run(case, out)
        total += len(found)
        misreads += len(wrong)
        unshown += len(none)
        for p in found + [f"misread {w}" for w in wrong] + [f"no marked bias shown {b}" for b in none]:
            print(f"{case.name}: {p}", flush=True)
    print(f"{total} problems, {misreads} misread labels, {unshown} layers with no marked bias shown in "
          f"{cases} renders; PNGs and JSON in {out}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
