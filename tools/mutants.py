"""Mutation testing on 2 shared cores: a seeded sample per module, and the score per module.

All of core is about 14,000 mutants, hours at ~1 s each, so `make mutants-sample` draws the same
N mutants of every core module (`random.Random(13).sample` of its sorted names, or all of a smaller
module), runs only those, and `python tools/mutants.py table` prints killed / survived per module.
Reads mutmut's own result files (mutants/**/*.meta), so run after `mutmut run` generated them.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

META = Path("mutants/bpviewer/core")
KILLED = {1, 3, 36, -24, 24, 152, 255}  # mutmut's exit codes: a test failed, or the mutant timed out
NO_TESTS = {5, 33}


def _modules() -> dict[str, list[str]]:
    """module → its mutant names, from mutmut's generated files (core/labs is not mutated)."""
    found = {}
    for meta in sorted(META.rglob("*.meta")):
        names = sorted(json.loads(meta.read_text())["exit_code_by_key"])
        if names:
            found[str(meta.relative_to(META)).removesuffix(".py.meta")] = names
    return found


def sample(per_module: int, seed: int = 13) -> list[str]:
    """The same per_module mutants of every module for the same seed and the same code."""
    picked = []
    for names in _modules().values():
        picked += names if len(names) <= per_module else random.Random(seed).sample(names, per_module)
    return picked


def table(names: set[str] | None = None) -> str:
    """A markdown table of killed / survived / untested per module, over `names` if given."""
    rows = ["| module | mutants | killed | survived | no test reaches it | killed % |",
            "|---|---|---|---|---|---|"]
    total = Counter()
    for meta in sorted(META.rglob("*.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        count = Counter()
        for name, code in codes.items():
            if code is None or (names is not None and name not in names):
                continue
            count["killed" if code in KILLED else "untested" if code in NO_TESTS else "survived"] += 1
        if not count:
            continue
        total.update(count)
        rows.append(_row(str(meta.relative_to(META)).removesuffix(".py.meta"), count))
    rows.append(_row("**all**", total))
    return "\n".join(rows)


def _row(module: str, count: Counter) -> str:
    measured = sum(count.values())
    return (f"| {module} | {measured} | {count['killed']} | {count['survived']} | {count['untested']} | "
            f"{100 * count['killed'] / max(1, measured):.0f} |")


def survivors() -> list[str]:
    """Names of the measured mutants no test killed (survived or reached by no test)."""
    out = []
    for meta in sorted(META.rglob("*.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        out += [name for name, code in sorted(codes.items()) if code is not None and code not in KILLED]
    return out


def unrun(module: str) -> list[str]:
    """A module's mutants without a result yet: `mutmut run $(python tools/mutants.py unrun
    history)` resumes an interrupted run (a pattern such as 'bpviewer.core.history*' runs
    every mutant it names again, those with a result too)."""
    codes = json.loads((META / f"{module}.py.meta").read_text())["exit_code_by_key"]
    return [name for name, code in sorted(codes.items()) if code is None]


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "table"
    if command == "sample":
        print("\n".join(sample(int(sys.argv[2]))))
    elif command == "survivors":
        print("\n".join(survivors()))
    elif command == "unrun":
        print("\n".join(unrun(sys.argv[2])))
    else:
        print(table())
