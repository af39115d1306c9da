"""Mutation testing on 2 shared cores: a seeded sample per module, and the score per module.

All of core is about 14,000 mutants, hours at ~1 s each, so `make mutants-sample` draws the same
N mutants of every core module (`random.Random(13).sample` of its sorted names, or all of a smaller
module), runs only those, and `python tools/mutants.py table` prints killed / survived per module.
Reads mutmut's own result files (mutants/**/*.meta), so run after `mutmut run` generated them.
`python tools/mutants.py targeted NAMES_FILE LOG TEST...` runs mutants against chosen test files
only (see `targeted`); run it under `nice -n 19`, as mutmut.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
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


def targeted(names: list[str], tests: list[str], log: Path) -> None:
    """Each named mutant against `tests` only, one pytest each stopping at the first failure,
    its result written to mutmut's .meta (1 killed, 0 survived) and a line to `log`. Uses the
    mutants mutmut generated (its `mutants/` tree, MUTANT_UNDER_TEST): where mutmut's own run
    gives every survivor every selected test that reaches its function (history and engine:
    the whole selection, minutes a mutant on a shared machine), this gives it the files that
    test it. A survivor here may still die by a test not given: judge it before writing one."""
    root = Path("mutants").resolve()
    for name in names:
        meta = root / (name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[0].replace(".", "/") + ".py.meta")
        env = dict(os.environ, MUTANT_UNDER_TEST=name, PYTHONPATH=str(root), OMP_NUM_THREADS="1")
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly",
                               "-p", "no:cacheprovider", *tests], cwd=root, env=env,
                              capture_output=True, text=True)
        code = 0 if done.returncode == 0 else 1
        data = json.loads(meta.read_text())
        data["exit_code_by_key"][name] = code
        meta.write_text(json.dumps(data))
        failed = next((line for line in done.stdout.splitlines() if line.startswith("FAILED")), "")
        with log.open("a") as fh:
            fh.write(f"{name}\t{'killed' if code else 'survived'}\t{failed}\n")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "table"
    if command == "sample":
        print("\n".join(sample(int(sys.argv[2]))))
    elif command == "survivors":
        print("\n".join(survivors()))
    elif command == "unrun":
        print("\n".join(unrun(sys.argv[2])))
    elif command == "targeted":  # targeted NAMES_FILE LOG TEST...
        targeted(Path(sys.argv[2]).read_text().split(), sys.argv[4:], Path(sys.argv[3]))
    else:
        print(table())
